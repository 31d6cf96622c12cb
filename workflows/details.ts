/** The Markdown a supervisor sees as "current details" in the Temporal UI. No citizen data. */
import type { OrderView } from './messages';

const CHINA_OFFSET_MS = 8 * 3_600_000;

/** 2026-10-08 14:30 (China time). */
export function chinaTime(ms: number): string {
  return new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

function duration(ms: number): string {
  const sign = ms < 0 ? '-' : '';
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  return sign + (d ? `${d}d ${h}h` : h ? `${h}h ${m}m` : `${m}m`);
}

export function renderDetails(view: OrderView, now: number): string {
  const lines = [
    `**${view.state}**${view.closureCode ? ` (${view.closureCode})` : ''} · SLA **${view.slaState}** · escalation **L${view.escalationLevel}**`,
    `Lead unit: ${view.leadUnit ?? '—'}${view.assistingUnits.length ? ` · assisting: ${view.assistingUnits.map((a) => a.unit).join(', ')}` : ''}`,
    '',
    '| clock | due (China time) | remaining | state |',
    '|---|---|---|---|',
    ...view.clocks.map((c) => {
      const name = c.subject ? `${c.kind} (${c.subject})` : c.kind;
      const due = c.dueAt == null ? '—' : chinaTime(c.dueAt);
      const state =
        c.stoppedAt != null
          ? `${c.breachedAt != null ? 'stopped after breach' : 'met'} ${chinaTime(c.stoppedAt)}`
          : c.paused
            ? `paused: ${c.pausedReason ?? ''}`
            : c.slaState;
      return `| ${name} | ${due} | ${c.stoppedAt != null ? '—' : duration(c.remainingMs)} | ${state} |`;
    }),
  ];
  const last = view.escalations.at(-1);
  if (last) lines.push('', `Escalated to L${last.level} at ${chinaTime(last.at)}: ${last.cause}`);
  lines.push('', `_updated ${chinaTime(now)}_`);
  return lines.join('\n');
}
