/**
 * The orders behind one figure: every outcome its numerator and its denominator count for the unit in
 * the period (GET /kpis/outcomes), a page at a time, each opening its order and trail.
 */
import { useInfiniteQuery } from '@tanstack/react-query';
import { Button, Drawer, Space, Table, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, ok } from '../../../api/client';
import type { Answer } from '../../../api/types';
import { ProblemAlert } from '../../../components/Problem';
import { useLookups } from '../../../hooks';
import { formatTime } from '../../../labels';
import { instants, type Period } from '../hooks/period';
import { BASIS_LABEL, RATE_LABEL, type Basis } from './sheet';
import type { KpiRate } from '../../../../../domain/kpi';

type Outcome = Answer<'/kpis/outcomes', 'get'>['items'][number];
export interface Drill {
  unit: string;
  rate: KpiRate;
  basis: Basis;
  /** The figure as the table shows it, and the counts it divides. */
  text: string;
  numerator: number;
  denominator: number;
}
type Part = 'numerator' | 'denominator';

/** What each counted outcome is, in the words of the figure. */
const OUTCOME_LABEL: Record<string, string> = {
  responseOnTime: '按时签收',
  responseJudged: '签收时限已判定',
  handlingOnTime: '按时办结',
  handlingJudged: '办理时限已判定',
  directAnswers: '直接答复',
  consultations: '咨询',
  satisfied: '满意',
  basicallySatisfied: '基本满意',
  ratedVisits: '回访已评价',
  resolved: '已解决',
  reopenedCompletions: '办结后重办',
  completions: '办结',
  returnedAssignments: '退单',
  assignments: '交办',
};

function Outcomes({ drill, part, period }: { drill: Drill; part: Part; period: Period }) {
  const { categoryName } = useLookups();
  const { unit, rate, basis } = drill;
  const q = useInfiniteQuery({
    queryKey: ['kpi-outcomes', unit, rate, basis, part, period],
    queryFn: ({ pageParam }) =>
      ok(
        api.GET('/kpis/outcomes', {
          params: { query: { unit, rate, basis, part, ...instants(period), limit: 50, cursor: pageParam } },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  const total = q.data?.pages[0]?.total;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <ProblemAlert error={q.error} />
      <Table<Outcome>
        rowKey={(o) => `${o.orderId}.${o.seq}.${o.outcome}`}
        size="small"
        loading={q.isFetching}
        pagination={false}
        dataSource={items}
        data-testid={`drill-${part}`}
        columns={[
          { title: '工单编号', render: (_, o) => <Link to={`/orders/${o.orderId}`}>{o.orderId}</Link> },
          { title: '计入事项', render: (_, o) => OUTCOME_LABEL[o.outcome] ?? '其他' },
          { title: '发生时间', render: (_, o) => formatTime(o.at) },
          { title: '诉求分类', render: (_, o) => categoryName(o.category) },
        ]}
      />
      <Space>
        <Typography.Text type="secondary">
          已列出 {items.length} 条，共 {total ?? '…'} 条
        </Typography.Text>
        {q.hasNextPage && <Button onClick={() => void q.fetchNextPage()}>加载更多</Button>}
      </Space>
    </Space>
  );
}

export function DrillDown({ drill, period, onClose }: { drill: Drill | null; period: Period; onClose: () => void }) {
  const { unitName } = useLookups();
  const [part, setPart] = useState<Part>('numerator');
  return (
    <Drawer
      open={drill !== null}
      onClose={onClose}
      width={760}
      title={drill && `${unitName(drill.unit)} · ${RATE_LABEL[drill.rate]}（${BASIS_LABEL[drill.basis]}）的工单`}
      destroyOnHidden
    >
      {drill && (
        <Typography.Paragraph>
          {RATE_LABEL[drill.rate]}（{BASIS_LABEL[drill.basis]}）{drill.text} = 分子 {drill.numerator} 条 ÷ 分母{' '}
          {drill.denominator} 条。每条是计入该率的一次结果（同一工单可计入多次），点击工单编号查看其办理轨迹。
        </Typography.Paragraph>
      )}
      {drill && (
        <Tabs
          activeKey={part}
          onChange={(k) => setPart(k as Part)}
          items={[
            {
              key: 'numerator',
              label: `计入分子（${drill.numerator}）`,
              children: <Outcomes drill={drill} part="numerator" period={period} />,
            },
            {
              key: 'denominator',
              label: `计入分母（${drill.denominator}）`,
              children: <Outcomes drill={drill} part="denominator" period={period} />,
            },
          ]}
        />
      )}
    </Drawer>
  );
}
