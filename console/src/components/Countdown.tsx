/**
 * Time left on a clock, ticking live, coloured by its SLA state: 剩余 while it runs, 临期 past its first
 * warning, 已超时 once due (at once, before the workflow's breach arrives), 暂停计时 while paused.
 */
import { Tag } from 'antd';
import type { SlaState } from '../../../domain/order';
import { useNow } from '../hooks';
import { duration, SLA_COLOR } from '../labels';

/** What a countdown reads of a clock: the order view's and the list rows' clocks both have it. */
export interface ClockLike {
  dueAt: number | string | null;
  slaState: SlaState;
  paused?: boolean;
  /** Measured time left when the clock was last written: what a paused clock still has. */
  remainingMs?: number;
}

export function Countdown({ clock }: { clock: ClockLike | null }) {
  const now = useNow();
  if (clock === null) return <span>—</span>;
  if (clock.paused || clock.slaState === 'paused') {
    const left = clock.remainingMs;
    return (
      <Tag color={SLA_COLOR.paused} data-sla="paused">
        暂停计时
        {left === undefined ? '' : left < 0 ? ` · 已超时 ${duration(left)}` : ` · 剩余 ${duration(left)}`}
      </Tag>
    );
  }
  if (clock.dueAt === null) return <span>—</span>;
  const left = new Date(clock.dueAt).getTime() - now;
  const state: SlaState = left < 0 ? 'breached' : clock.slaState;
  const text = left < 0 ? `已超时 ${duration(left)}` : `${state === 'at_risk' ? '临期 · ' : ''}剩余 ${duration(left)}`;
  return (
    <Tag color={SLA_COLOR[state]} data-sla={state}>
      {text}
    </Tag>
  );
}
