/**
 * 值班大屏: the duty manager's wall — open orders by SLA state and escalation level, breaches of the last
 * hour, held orders, disputes waiting, calls per hour, and each operator's calls and abusive calls (a
 * prompt to give a break past the policy's threshold; not part of any unit's figures). Read again on every live change (a short pause
 * gathers a burst into one read), so it follows the floor within a second or two without a reload, and
 * large enough to read across the room.
 */
import { Alert, Card, Col, Row, Statistic, Table, Tag } from 'antd';
import { useRef } from 'react';
import { api, ok } from '../../api/client';
import type { Answer } from '../../api/types';
import { ProblemAlert } from '../../components/Problem';
import { useLoad } from '../../hooks';
import { ESCALATION_LEVEL, formatTime, SLA, SLA_COLOR } from '../../labels';
import { useLive } from '../../live';
import { SLA_STATES, type SlaState } from '../../../../domain/order';

const LEVELS = [0, 1, 2, 3];
/** The hour in China (UTC+8, no summer time), whatever the wall computer's time zone. */
const chinaHour = (at: string) => (new Date(at).getUTCHours() + 8) % 24;
const BIG = { fontSize: 48, fontWeight: 600 };

export default function Wall() {
  const wall = useLoad(['wall'], () => ok(api.GET('/wall')));
  const pending = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useLive(() => {
    clearTimeout(pending.current);
    pending.current = setTimeout(() => wall.reload(), 300);
  });
  const w = wall.data;
  const cell = (sla: SlaState, level: number) =>
    w?.open.find((o) => o.slaState === sla && o.escalationLevel === level)?.count ?? 0;
  const open = w?.open.reduce((n, o) => n + o.count, 0) ?? 0;
  const maxCalls = Math.max(1, ...(w?.callsPerHour.map((c) => c.count) ?? []));
  const stat = (title: string, value: number, id: string, color?: string) => (
    <Col xs={12} lg={6}>
      <Card>
        <Statistic title={title} value={value} valueStyle={{ ...BIG, color }} data-testid={`wall-${id}`} />
      </Card>
    </Col>
  );
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 16 }}>
      <h1 style={{ fontSize: 28, margin: 0 }}>值班大屏{w ? ` · 更新于 ${formatTime(w.at)}` : ''}</h1>
      <ProblemAlert error={wall.error} />
      <Row gutter={[16, 16]}>
        {stat('在办工单', open, 'open')}
        {stat('近一小时超时', w?.breachesLastHour ?? 0, 'breaches', SLA_COLOR.breached)}
        {stat('待派单', w?.held ?? 0, 'held', SLA_COLOR.at_risk)}
        {stat('退单待裁定', w?.disputes ?? 0, 'disputes', SLA_COLOR.at_risk)}
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card title="在办工单 · 按时限状态与督办级别">
            <Table
              rowKey="sla"
              pagination={false}
              size="middle"
              data-testid="wall-open-table"
              dataSource={SLA_STATES.map((sla) => ({ sla }))}
              columns={[
                {
                  title: '时限状态',
                  render: (_, r) => <span style={{ color: SLA_COLOR[r.sla], fontSize: 20 }}>{SLA[r.sla]}</span>,
                },
                ...LEVELS.map((level) => ({
                  title: ESCALATION_LEVEL[level],
                  align: 'center' as const,
                  render: (_: unknown, r: { sla: SlaState }) => (
                    <span style={{ fontSize: 24 }}>{cell(r.sla, level)}</span>
                  ),
                })),
                {
                  title: '合计',
                  align: 'center' as const,
                  render: (_, r) => (
                    <strong style={{ fontSize: 24 }}>{LEVELS.reduce((n, l) => n + cell(r.sla, l), 0)}</strong>
                  ),
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card title="每小时受理量（近十二小时）">
            {w?.callsPerHour.map((c) => (
              <div key={c.hour} style={{ display: 'flex', alignItems: 'center', gap: 8, fontSize: 16 }}>
                <span style={{ width: 48, textAlign: 'right' }}>{chinaHour(c.hour)}时</span>
                <span
                  aria-hidden
                  style={{ height: 14, width: `${(c.count / maxCalls) * 70}%`, background: '#0b3d91', borderRadius: 2 }}
                />
                <span>{c.count}</span>
              </div>
            ))}
          </Card>
        </Col>
      </Row>
      {w && <OperatorLoad load={w.operatorLoad} />}
    </div>
  );
}

/** 话务员负荷: calls and abusive calls per operator in the policy's window, busiest with abuse first. */
function OperatorLoad({ load }: { load: Answer<'/wall', 'get'>['operatorLoad'] }) {
  const tired = load.operators.filter((o) => o.needsBreak);
  return (
    <Card title={`话务员负荷（近${load.windowHours}小时）`} data-testid="wall-operators">
      {tired.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12, fontSize: 18 }}
          message={`请安排休息：${tired.map((o) => `工号 ${o.operator}（${o.abusiveCalls} 次辱骂、威胁或情绪激烈来电）`).join('；')}`}
        />
      )}
      <Table
        rowKey="operator"
        pagination={false}
        size="middle"
        locale={{ emptyText: '这段时间没有话务员受理来电' }}
        dataSource={load.operators}
        columns={[
          { title: '话务员工号', dataIndex: 'operator' },
          { title: '受理来电', dataIndex: 'calls', align: 'center' },
          { title: '辱骂、威胁或情绪激烈来电', dataIndex: 'abusiveCalls', align: 'center' },
          {
            title: `提示（${load.abusiveCallsBeforeBreak} 次起）`,
            render: (_, o) => (o.needsBreak ? <Tag color="red">建议安排休息</Tag> : '正常'),
          },
        ]}
      />
    </Card>
  );
}
