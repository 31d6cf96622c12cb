/** Time left on a clock, ticking live, coloured by its SLA state (past due reads as breached at once). */
import { Tag } from 'antd';
import type { SlaState } from '../../../domain/order';
import { useNow } from '../hooks';
import { duration, SLA, SLA_COLOR } from '../labels';

export function Countdown({ dueAt, slaState }: { dueAt: number | string | null; slaState: SlaState }) {
  const now = useNow();
  if (dueAt === null) return <span>—</span>;
  const left = new Date(dueAt).getTime() - now;
  const state: SlaState = slaState === 'paused' ? 'paused' : left < 0 ? 'breached' : slaState;
  return (
    <Tag color={SLA_COLOR[state]} data-sla={state}>
      {SLA[state]} · {left < 0 ? `超时 ${duration(left)}` : `剩余 ${duration(left)}`}
    </Tag>
  );
}
