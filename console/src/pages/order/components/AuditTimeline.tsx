/**
 * The order's audit timeline: what happened, when, who acted (the unit's name, or the role; never a code)
 * and why. One action on several clocks (a pause of every running clock) is one line naming the clocks.
 */
import { Timeline } from 'antd';
import { api, ok } from '../../../api/client';
import type { AuditEntry } from '../../../api/types';
import { ProblemAlert } from '../../../components/Problem';
import { useLoad, useLookups } from '../../../hooks';
import { AUDIT_EVENT, CLOCK, formatTime, reasonText, ROLE } from '../../../labels';

/** Events of one action: same type, instant, actor and reason. */
function grouped(events: AuditEntry[]): AuditEntry[][] {
  const groups: AuditEntry[][] = [];
  for (const e of events) {
    const last = groups.at(-1)?.[0];
    const same =
      last &&
      last.type === e.type &&
      last.at === e.at &&
      last.actor.id === e.actor.id &&
      last.actor.role === e.actor.role &&
      last.reason === e.reason;
    if (same) groups.at(-1)!.push(e);
    else groups.push([e]);
  }
  return groups;
}

const isClockKind = (k: unknown): k is keyof typeof CLOCK => typeof k === 'string' && k in CLOCK;

export function AuditTimeline({ orderId, version }: { orderId: string; version: number }) {
  const audit = useLoad(['audit', orderId, version], () =>
    ok(api.GET('/orders/{orderId}/audit', { params: { path: { orderId } } })),
  );
  const { unitName } = useLookups();
  if (!audit.data) return <ProblemAlert error={audit.error} />;
  const who = (actor: AuditEntry['actor']) => {
    if (actor.role === 'system') return '系统';
    const role = ROLE[actor.role as keyof typeof ROLE] ?? '工作人员';
    return actor.role === 'department' && actor.unit ? unitName(actor.unit) : role;
  };
  const clocksOf = (group: AuditEntry[]) =>
    group.flatMap(({ data: { clock, subject } }) =>
      isClockKind(clock) ? [`${CLOCK[clock]}${typeof subject === 'string' ? `（${unitName(subject)}）` : ''}`] : [],
    );
  return (
    <Timeline
      items={grouped(audit.data.events).map((group) => {
        const e = group[0]!;
        const clocks = clocksOf(group);
        return {
          key: e.seq,
          children: (
            <div data-audit-type={e.type}>
              <strong>{AUDIT_EVENT[e.type] ?? '其他记录'}</strong>
              {clocks.length ? `（${clocks.join('、')}）` : ''} · {formatTime(e.at)} · {who(e.actor)}
              {e.reason && <div>理由：{reasonText(e.reason)}</div>}
            </div>
          ),
        };
      })}
    />
  );
}
