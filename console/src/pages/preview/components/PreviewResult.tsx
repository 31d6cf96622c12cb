/**
 * What the candidate would have done: each unit's composite, rank and clock rates now and under the
 * candidate (a change in colour), and the orders whose clocks it judges otherwise, each opening its trail.
 */
import { Alert, Card, Space, Table, Tag } from 'antd';
import { Link } from 'react-router';
import { useLookups } from '../../../hooks';
import type { Preview } from '../hooks/usePreview';

type Result = NonNullable<Preview['result']>;
type Unit = Result['units'][number];
type Figures = Unit['now'];

const percent = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`);
const score = (r: number | null) => (r === null ? '—' : (r * 100).toFixed(1));
const CLOCK = { response: '签收', handling: '办结' } as const;
const JUDGED = { on_time: '按时', late: '逾时签收', breached: '超时' } as const;

function Change({
  now,
  candidate,
  show,
}: {
  now: number | null;
  candidate: number | null;
  show: (r: number | null) => string;
}) {
  const moved = now !== candidate;
  return (
    <span>
      {show(now)} → <strong style={{ color: moved ? '#cf1322' : undefined }}>{show(candidate)}</strong>
    </span>
  );
}

const rateColumn = (title: string, rate: keyof Figures) => ({
  title,
  render: (_: unknown, u: Unit) => (
    <Change now={u.now[rate] as number | null} candidate={u.candidate[rate] as number | null} show={percent} />
  ),
});

export function PreviewResult({ result }: { result: Result }) {
  const { unitName, categoryName } = useLookups();
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Alert
        type="info"
        showIcon
        message={`重算 ${result.orders} 件工单：${result.changedOrders} 件的签收或办结判定会改变。与现行第 ${result.policyVersion} 版比较；预演不改变任何已存的考核数据。`}
      />
      <Card size="small" title="各单位：现行 → 候选政策">
        <Table<Unit>
          rowKey="unit"
          size="small"
          pagination={false}
          data-testid="preview-units"
          dataSource={[...result.units].sort((a, b) => (a.rankCandidate ?? 99) - (b.rankCandidate ?? 99))}
          columns={[
            { title: '单位', render: (_, u) => unitName(u.unit) },
            {
              title: '排名',
              render: (_, u) => (
                <span data-testid={`rank-${u.unit}`}>
                  {u.rankNow ?? '—'} → <strong>{u.rankCandidate ?? '—'}</strong>
                  {u.rankNow !== null && u.rankCandidate !== null && u.rankCandidate !== u.rankNow && (
                    <Tag color={u.rankCandidate < u.rankNow ? 'green' : 'red'} style={{ marginLeft: 8 }}>
                      {u.rankCandidate < u.rankNow
                        ? `升 ${u.rankNow - u.rankCandidate}`
                        : `降 ${u.rankCandidate - u.rankNow}`}
                    </Tag>
                  )}
                </span>
              ),
            },
            {
              title: '综合得分',
              render: (_, u) => <Change now={u.now.composite} candidate={u.candidate.composite} show={score} />,
            },
            rateColumn('按时签收率', 'onTimeResponseRate'),
            rateColumn('按时办结率', 'onTimeHandlingRate'),
            rateColumn('满意率', 'satisfactionRate'),
          ]}
        />
      </Card>
      <Card size="small" title={`判定改变的工单（列出前 ${result.changes.length} 件）`}>
        <Table
          rowKey="orderId"
          size="small"
          data-testid="preview-changes"
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          dataSource={result.changes}
          locale={{ emptyText: '没有工单的判定会改变' }}
          columns={[
            { title: '工单编号', render: (_, c) => <Link to={`/orders/${c.orderId}`}>{c.orderId}</Link> },
            { title: '承办单位', render: (_, c) => unitName(c.unit) },
            { title: '分类', render: (_, c) => categoryName(c.category) },
            {
              title: '变化',
              render: (_, c) =>
                c.clocks.map((k) => `${CLOCK[k.clock]}：${JUDGED[k.now]} → ${JUDGED[k.candidate]}`).join('；'),
            },
          ]}
        />
      </Card>
    </Space>
  );
}
