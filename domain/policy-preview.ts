/**
 * 政策预演: what a candidate policy would have done to orders already handled. An order's trail is
 * re-clocked — its response (响应) and handling (办理) clocks started, paused, moved and stopped where the
 * trail says, with the candidate's limits, on the same working-day calendar (./clock, the workflow's own
 * clock arithmetic) — and its breaches put where the candidate would have put them. The one reducer
 * (./order-facts → ./kpi) then reads the re-clocked trail exactly as it reads a real one, so "now" and
 * "under the candidate" are counted by the same rules. Nothing here writes anything.
 *
 * What it cannot know: how people would have acted under other limits (a unit pressed by a shorter limit may
 * have signed sooner). The preview says what the same actions would have counted for.
 */
import { clockDueAt, pauseClock, resumeClock, setClockDeadline, startClock, stopClock, type Clock } from './clock';
import type { AuditRow } from './events';
import { KpiTally, kpiOutcomes, type KpiFigures, type KpiOutcome, type KpiWeights, type TallyPart } from './kpi';
import { competitionRanks } from './kpi-rank';
import { orderFacts } from './order-facts';
import { handlingLimitFor } from './policy';
import type { CatalogueEntry, SlaPolicy, Urgency, WorkCalendar } from './types';

export interface PreviewContext {
  policy: Pick<SlaPolicy, 'responseLimit' | 'emergencyLimit' | 'handlingLimits'>;
  calendar: WorkCalendar;
  /** The catalogue entry of a category (its handling class and own limit), as it stands. */
  entryOf(category: string | null): Pick<CatalogueEntry, 'handlingClass' | 'handlingLimit'> | undefined;
  /** Clocks still running at this instant are judged here (the end of the period, or now). */
  asOf: number;
}

type Kind = 'response' | 'handling';
const RECLOCKED: ReadonlySet<string> = new Set(['response', 'handling']);
/** A category the catalogue no longer has is handled as a general matter. */
const GENERAL = { handlingClass: 'general', handlingLimit: null } as const;

class Reclock {
  private readonly out: AuditRow[] = [];
  private readonly clocks = new Map<Kind, Clock>();
  private urgency: Urgency = 'normal';
  private category: string | null = null;
  private signed = false;
  private lastSeq = 0;
  private inserted = 0;

  constructor(private readonly ctx: PreviewContext) {}

  private limitOf(kind: Kind) {
    if (kind === 'response') return this.ctx.policy.responseLimit;
    return handlingLimitFor(this.ctx.policy, this.ctx.entryOf(this.category) ?? GENERAL, this.urgency);
  }

  private due(kind: Kind): number | null {
    const c = this.clocks.get(kind);
    return c && c.stoppedAt === null && c.breachedAt === null ? clockDueAt(c, this.ctx.calendar) : null;
  }

  private start(kind: Kind, at: number): number | null {
    this.clocks.set(kind, startClock(kind, null, at, this.limitOf(kind), []));
    return this.due(kind);
  }

  private stop(kind: Kind, at: number): void {
    const c = this.clocks.get(kind);
    if (c && c.stoppedAt === null) this.clocks.set(kind, stopClock(c, at, this.ctx.calendar));
  }

  private change(kind: Kind, at: number, how: (c: Clock) => Clock): void {
    const c = this.clocks.get(kind);
    if (c && c.stoppedAt === null) this.clocks.set(kind, how(c));
  }

  /** The breaches the candidate's clocks reach before `at`, each as the workflow would have recorded it. */
  private breachBefore(at: number): void {
    const due = (['response', 'handling'] as const)
      .map((kind) => ({ kind, dueAt: this.due(kind) }))
      .filter((d): d is { kind: Kind; dueAt: number } => d.dueAt !== null && d.dueAt < at)
      .sort((a, b) => a.dueAt - b.dueAt);
    for (const { kind, dueAt } of due) {
      this.clocks.set(kind, { ...this.clocks.get(kind)!, breachedAt: dueAt });
      // Between the event before and the next one: the reducer orders by seq.
      this.inserted += 1;
      this.out.push({
        seq: this.lastSeq + this.inserted / 1000,
        type: 'clock_breached',
        at: dueAt,
        actorUnit: null,
        data: { clock: kind, subject: null, dueAt, latenessMs: 0 },
      });
    }
  }

  apply(row: AuditRow): void {
    this.breachBefore(row.at);
    this.lastSeq = row.seq;
    this.inserted = 0;
    const d = row.data as Record<string, unknown>;
    const at = row.at;
    const keep = (data: Record<string, unknown> = d): void => {
      this.out.push({ ...row, data });
    };
    switch (row.type) {
      case 'clock_breached':
      case 'clock_warning':
        // The candidate's own breaches replace the recorded ones; warnings count for nothing.
        if (!RECLOCKED.has(String(d.clock))) keep();
        return;
      case 'received':
        this.urgency = (d.urgency as Urgency) ?? 'normal';
        this.category = (d.category as string | null) ?? null;
        return keep({ ...d, responseDueAt: this.start('response', at) });
      case 'classified':
        this.urgency = (d.urgency as Urgency) ?? this.urgency;
        if ('category' in d) this.category = (d.category as string | null) ?? null;
        return keep();
      case 'dispatched':
      case 'redispatched':
        // A re-dispatch (reassignment, ruling, backstop) gives fresh clocks; the first keeps receipt's response clock.
        if (row.type === 'redispatched') {
          this.start('response', at);
          this.signed = false;
        }
        return keep({ ...d, responseDueAt: this.due('response'), handlingDueAt: this.start('handling', at) });
      case 'ruled':
        if (d.decision === 'keep' && !this.signed) this.start('response', at);
        return keep();
      case 'acknowledged': {
        const due = this.due('response');
        const running = this.clocks.get('response')?.stoppedAt === null;
        this.stop('response', at);
        this.signed = true;
        return keep(running ? { ...d, responseMet: due !== null && at <= due } : d);
      }
      case 'answered':
      case 'returned':
        this.stop('response', at);
        return keep();
      case 'completed':
        this.stop('handling', at);
        return keep();
      case 'reopened':
      case 'quality_returned':
        return keep({ ...d, handlingDueAt: this.start('handling', at) });
      case 'urgency_raised': {
        this.urgency = (d.to as Urgency) ?? this.urgency;
        const current = this.due('handling');
        const fresh = startClock('handling', null, at, this.limitOf('handling'), []);
        const freshDue = clockDueAt(fresh, this.ctx.calendar);
        // The shorter limit restarts handling only if it ends sooner, as the workflow does.
        if (current !== null && freshDue !== null && freshDue < current) this.clocks.set('handling', fresh);
        return keep({ ...d, handlingDueAt: this.due('handling') });
      }
      case 'extension_granted':
        this.change('handling', at, (c) => setClockDeadline(c, Number(d.to), at, this.ctx.calendar));
        return keep();
      case 'deadline_set':
      case 'clock_paused':
      case 'clock_resumed': {
        const kind = d.clock as Kind;
        if (RECLOCKED.has(kind) && d.subject == null) this.hold(row.type, kind, at, Number(d.to));
        return keep();
      }
      case 'closed':
        this.stop('response', at);
        this.stop('handling', at);
        return keep();
      default:
        return keep();
    }
  }

  private hold(type: 'deadline_set' | 'clock_paused' | 'clock_resumed', kind: Kind, at: number, to: number): void {
    const cal = this.ctx.calendar;
    if (type === 'deadline_set') this.change(kind, at, (c) => setClockDeadline(c, to, at, cal));
    else if (type === 'clock_paused') {
      this.change(kind, at, (c) => (c.runningSince === null ? c : pauseClock(c, at, 'preview', cal)));
    } else this.change(kind, at, (c) => (c.runningSince === null ? resumeClock(c, at) : c));
  }

  finish(): AuditRow[] {
    this.breachBefore(this.ctx.asOf + 1);
    return this.out;
  }
}

/** An order's trail as the candidate policy's clocks would have written it. */
export function reclockTrail(rows: readonly AuditRow[], ctx: PreviewContext): AuditRow[] {
  const r = new Reclock(ctx);
  for (const row of [...rows].sort((a, b) => a.seq - b.seq)) r.apply(row);
  return r.finish();
}

/** How a clock of an order was judged: met, signed late (response only, no breach recorded) or breached. */
export type ClockJudgement = 'on_time' | 'late' | 'breached';

/** A clock of an order judged one way now and another under the candidate. */
export interface ClockChange {
  clock: Kind;
  now: ClockJudgement;
  candidate: ClockJudgement;
}

const JUDGED: Record<Kind, { judged: KpiOutcome['name']; onTime: KpiOutcome['name']; breached: KpiOutcome['name'] }> = {
  response: { judged: 'responseJudged', onTime: 'responseOnTime', breached: 'responseBreached' },
  handling: { judged: 'handlingJudged', onTime: 'handlingOnTime', breached: 'handlingBreached' },
};

function judgement(outcomes: readonly KpiOutcome[], clock: Kind, period: { from: number; to: number }) {
  const has = (name: KpiOutcome['name']) =>
    outcomes.some((o) => o.name === name && o.at >= period.from && o.at < period.to);
  const { judged, onTime, breached } = JUDGED[clock];
  if (has(breached)) return 'breached';
  if (has(onTime)) return 'on_time';
  return has(judged) ? 'late' : null;
}

/** The clocks judged in the period whose judgement differs between two sets of one order's outcomes. */
export function clockChanges(
  now: readonly KpiOutcome[],
  candidate: readonly KpiOutcome[],
  period: { from: number; to: number },
): ClockChange[] {
  return (['response', 'handling'] as const).flatMap((clock) => {
    const before = judgement(now, clock, period);
    const after = judgement(candidate, clock, period);
    return before && after && before !== after ? [{ clock, now: before, candidate: after }] : [];
  });
}

/** One order now and under the candidate: its outcomes both ways (for the tallies) and what changed. */
export function previewOrder(trail: readonly AuditRow[], ctx: PreviewContext, period: { from: number; to: number }) {
  const now = kpiOutcomes(orderFacts(trail));
  const candidate = kpiOutcomes(orderFacts(reclockTrail(trail, ctx)));
  return { now, candidate, changes: clockChanges(now, candidate, period) };
}

// ---- a preview in parts: planned, counted range by range, finished (workflows/policy-preview.ts) ----------

/** What the manager asks: a candidate's limits and weights, over a period (epoch ms, [from, to)). */
export interface PreviewInput {
  candidate: PreviewContext['policy'] & { kpiWeights: KpiWeights };
  period: { from: number; to: number };
  /** When it was asked: clocks still running then are judged then. */
  requestedAt: number;
}

/** The orders with an outcome in the period, in ranges of order ids, and the policy in force. */
export interface PreviewPlan {
  ranges: { after: string | null; upTo: string; orders: number }[];
  orders: number;
  policyVersion: number;
  weightsNow: KpiWeights;
}

/** An order whose clock the candidate judges otherwise (its unit and category at that clock). */
export interface ChangedOrder {
  orderId: string;
  unit: string | null;
  category: string | null;
  clocks: ClockChange[];
}

/** One range counted both ways. */
export interface PreviewPart {
  orders: number;
  now: TallyPart[];
  candidate: TallyPart[];
  changedOrders: number;
  changes: ChangedOrder[];
}

/** The changed orders listed, at most (their count is always whole). */
export const LISTED_CHANGES = 500;

export interface UnitPreview {
  unit: string;
  now: KpiFigures;
  candidate: KpiFigures;
  rankNow: number | null;
  rankCandidate: number | null;
}

export interface PreviewResult {
  orders: number;
  policyVersion: number;
  units: UnitPreview[];
  changedOrders: number;
  changes: ChangedOrder[];
}

/** Each unit's adjusted figures and rank now and under the candidate, from the parts counted. */
export function finishPreview(input: PreviewInput, plan: PreviewPlan, parts: readonly PreviewPart[]): PreviewResult {
  const now = new KpiTally('unit', input.period);
  const candidate = new KpiTally('unit', input.period);
  for (const p of parts) {
    now.merge(p.now);
    candidate.merge(p.candidate);
  }
  const nowRows = now.rows(plan.weightsNow);
  const candidateRows = candidate.rows(input.candidate.kpiWeights);
  const byUnit = new Map(candidateRows.map((r) => [r.group, r]));
  const rankNow = competitionRanks(nowRows);
  const rankCandidate = competitionRanks(candidateRows);
  return {
    orders: plan.orders,
    policyVersion: plan.policyVersion,
    units: nowRows.flatMap((r) => {
      const c = byUnit.get(r.group);
      return c
        ? [
            {
              unit: r.group,
              now: r.adjusted,
              candidate: c.adjusted,
              rankNow: rankNow.get(r.group) ?? null,
              rankCandidate: rankCandidate.get(r.group) ?? null,
            },
          ]
        : [];
    }),
    changedOrders: parts.reduce((n, p) => n + p.changedOrders, 0),
    changes: parts.flatMap((p) => p.changes).slice(0, LISTED_CHANGES),
  };
}
