/**
 * 热点分析: the chosen weeks' complaints by category and district against the weeks before (significant
 * ones by the rule shown above the table) and on a map of the districts, the places complained about month after month (每月一题 candidates) with
 * the orders behind them, a coordinator taking one on as 专项治理, and the topics being tracked.
 */
import { Alert, Card, DatePicker, Empty, List, Select, Space, Table, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { lazy, Suspense, useState } from 'react';
import { Link } from 'react-router';
import { useLookups } from '../../hooks';
import { formatTime } from '../../labels';
import { useSession } from '../../session';
import { ONE_LINE } from '../../tables';
import TopicForm from './components/TopicForm';
import {
  useCandidates,
  useDistrictMap,
  useHotspots,
  useTopics,
  type Candidate,
  type HotspotRow,
  type Topic,
} from './hooks/hotspots';

const HotspotChart = lazy(() => import('./components/HotspotChart'));
const DistrictMap = lazy(() => import('./components/DistrictMap'));

const signed = (n: number) => `${n > 0 ? '+' : ''}${n}`;
/** The Monday of a day's week (weeks run Monday to Sunday, as the centre counts them). */
const monday = (d: Dayjs) => d.subtract((d.day() + 6) % 7, 'day').startOf('day');
const WEEKS = [1, 2, 4, 8, 13].map((n) => ({ value: n, label: n === 1 ? '1 周' : `${n} 周` }));
const orderLinks = (ids: string[]) => (
  <Space wrap size={4}>
    {ids.map((id) => (
      <Link key={id} to={`/orders/${id}`}>
        {id}
      </Link>
    ))}
  </Space>
);

export default function Hotspots() {
  const thisWeek = monday(dayjs());
  const [week, setWeek] = useState(thisWeek);
  const [weeks, setWeeks] = useState(1);
  const hotspots = useHotspots(week.format('YYYY-MM-DD'), weeks);
  const districtMap = useDistrictMap();
  const candidates = useCandidates();
  const topics = useTopics();
  const { unitName, categoryName } = useLookups();
  const session = useSession();
  const [promoting, setPromoting] = useState<Candidate | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const rows = hotspots.data?.rows ?? [];
  const period = hotspots.data ? `${hotspots.data.from} 至 ${hotspots.data.to}` : '';

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <h1 style={{ fontSize: 20, margin: 0 }}>热点分析{period && ` · ${period}`}</h1>
      <Space wrap>
        <label htmlFor="hotspot-week">起始周</label>
        <DatePicker
          id="hotspot-week"
          picker="week"
          allowClear={false}
          value={week}
          format={(d) => `${monday(d).format('YYYY-MM-DD')} 起`}
          disabledDate={(d) => monday(d).isAfter(thisWeek)}
          onChange={(d) => d && setWeek(monday(d))}
        />
        <label htmlFor="hotspot-weeks">周数</label>
        <Select
          id="hotspot-weeks"
          aria-label="周数"
          style={{ width: 100 }}
          value={weeks}
          onChange={setWeeks}
          options={WEEKS}
        />
        <span>与此前同样长的一段（上期）比较</span>
      </Space>
      {hotspots.data && <Alert type="info" showIcon title={`判定规则：${hotspots.data.rule}。`} />}
      <Table<HotspotRow>
        aria-label="本期热点"
        rowKey={(r) => `${r.category}-${r.district}`}
        size="small"
        pagination={false}
        loading={hotspots.loading}
        dataSource={rows}
        locale={{ emptyText: <Empty description="本期暂无投诉" image={Empty.PRESENTED_IMAGE_SIMPLE} /> }}
        columns={[
          { title: '分类', render: (_, r) => r.categoryName },
          { title: '区', dataIndex: 'district' },
          { title: '本期', dataIndex: 'count', align: 'right' },
          { title: '上期', dataIndex: 'previousCount', align: 'right' },
          { title: '较上期', render: (_, r) => signed(r.change), align: 'right' },
          { title: '基线预期', render: (_, r) => r.baselineMean.toFixed(1), align: 'right' },
          {
            title: '是否显著',
            render: (_, r) => (r.significant ? <Tag color="red">显著热点</Tag> : <Tag>否</Tag>),
          },
        ]}
      />
      <Suspense fallback={null}>
        {rows.length > 0 && <HotspotChart rows={rows} />}
        {districtMap.data && hotspots.data && (
          <Card size="small" title="各区本期件数">
            <DistrictMap geo={districtMap.data} districts={hotspots.data.districts} />
          </Card>
        )}
      </Suspense>

      <h2 style={{ fontSize: 16, margin: '12px 0 0' }}>结构性问题候选（每月一题）</h2>
      {candidates.data && (
        <div>
          同一地点、同一分类在近 {candidates.data.lookbackMonths} 个月中至少 {candidates.data.minMonths}{' '}
          个不同月份被反复投诉，可能是“投诉—答复—未解决—再投诉”的循环。
        </div>
      )}
      {notice && <Alert type="success" showIcon title={notice} data-testid="notice" />}
      <List<Candidate>
        aria-label="结构性问题候选"
        loading={candidates.loading}
        dataSource={candidates.data?.items ?? []}
        locale={{ emptyText: <Empty description="暂无结构性问题候选" image={Empty.PRESENTED_IMAGE_SIMPLE} /> }}
        renderItem={(c) => (
          <List.Item>
            <Card size="small" style={{ width: '100%' }} data-testid="candidate">
              <Space direction="vertical" style={{ width: '100%' }}>
                <div>
                  <strong>{c.address}</strong>（{c.district}）· {c.categoryName} · 投诉月份：{c.months.join('、')} ·{' '}
                  {c.orders.length} 件{' '}
                  {c.topicId !== null ? (
                    <Tag>已立为专项治理</Tag>
                  ) : (
                    session?.role === 'coordinator' && (
                      <a onClick={() => setPromoting(promoting === c ? null : c)}>立为专项治理…</a>
                    )
                  )}
                </div>
                <div>相关工单：{orderLinks(c.orders.map((o) => o.orderId))}</div>
                {promoting === c && (
                  <TopicForm
                    candidate={c}
                    onDone={() => {
                      setPromoting(null);
                      setNotice(`已将“${c.address}”立为专项治理。`);
                      candidates.reload();
                      topics.reload();
                    }}
                  />
                )}
              </Space>
            </Card>
          </List.Item>
        )}
      />

      <h2 style={{ fontSize: 16, margin: '12px 0 0' }}>专项治理跟踪</h2>
      <Table<Topic>
        aria-label="专项治理"
        rowKey="id"
        size="small"
        pagination={false}
        loading={topics.loading}
        dataSource={topics.data?.items ?? []}
        locale={{ emptyText: <Empty description="暂无专项治理" image={Empty.PRESENTED_IMAGE_SIMPLE} /> }}
        columns={[
          { title: '地点', dataIndex: 'address', width: 150 },
          { title: '分类', render: (_, t) => categoryName(t.category), width: 150 },
          { title: '责任单位', render: (_, t) => unitName(t.ownerUnit), width: 200 },
          { title: '目标完成日期', dataIndex: 'targetDate', ...ONE_LINE },
          { title: '立项理由', dataIndex: 'reason', width: 200 },
          { title: '立项时间', render: (_, t) => formatTime(t.openedAt), ...ONE_LINE },
          { title: '相关工单', render: (_, t) => orderLinks(t.orderIds) },
        ]}
      />
    </Space>
  );
}
