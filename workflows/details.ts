/**
 * The Markdown a supervisor sees as "current details" in the Temporal UI. No citizen data. Details are
 * rendered only when the order changes, so they show instants (China time), never a countdown that
 * would be stale by the time anyone reads it; one paragraph or list item per fact, so that each is on a
 * line of its own however the UI renders Markdown.
 */
import { CHINA_OFFSET_MS } from '../domain/calendar';
import type { RecordFailureNote } from '../domain/record-failure';
import type { ClockView, OrderView } from './messages';

/** 2026-10-08 14:30 (China time). */
export function chinaTime(ms: number): string {
  return new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

/** Where a clock stands, by its instants: met, breached, due or held. */
function clockLine(c: ClockView): string {
  const name = c.subject ? `${c.kind} (${c.subject})` : c.kind;
  const breached = c.breachedAt == null ? '' : `breached ${chinaTime(c.breachedAt)}`;
  let state: string;
  if (c.stoppedAt != null)
    state = breached ? `${breached}, stopped ${chinaTime(c.stoppedAt)}` : `met ${chinaTime(c.stoppedAt)}`;
  else if (c.paused)
    state = `paused${c.pausedReason ? ` (${c.pausedReason})` : ''}${breached ? ` after being ${breached}` : ''}`;
  else state = breached || `due ${chinaTime(c.dueAt!)}${c.slaState === 'at_risk' ? ' (reminded)' : ''}`;
  return `- **${name}**: ${state}`;
}

/** `nextEventAt`: the next reminder or breach the order will fire (the NextDueAt search attribute). */
export function renderDetails(
  view: OrderView,
  now: number,
  nextEventAt: number | null,
  recordFailure?: RecordFailureNote,
): string {
  const assisting = view.assistingUnits.map((a) => a.unit).join(', ');
  const lines = [
    `**${view.state}**${view.closureCode ? ` (${view.closureCode})` : ''} · SLA **${view.slaState}** · escalation **L${view.escalationLevel}**`,
    '',
    `Lead unit: ${view.leadUnit ?? '—'}${assisting ? ` · assisting: ${assisting}` : ''}`,
    '',
    'Clocks (China time):',
    '',
    ...(view.clocks.length ? view.clocks.map(clockLine) : ['- none']),
    '',
    `Next reminder or breach: ${nextEventAt == null ? '—' : chinaTime(nextEventAt)}`,
  ];
  const last = view.escalations.at(-1);
  if (last) lines.push('', `Escalated to L${last.level} at ${chinaTime(last.at)}: ${last.cause}`);
  if (recordFailure) {
    const f = recordFailure;
    lines.push(
      '',
      `**Record failed** ×${f.count}: the database refused events ${f.fromSeq}–${f.toSeq} (SQLSTATE ${f.sqlState}) at ${chinaTime(f.at)}; see \`record_failed\` in the audit trail`,
    );
  }
  lines.push('', `_as of ${chinaTime(now)}_`);
  return lines.join('\n');
}
