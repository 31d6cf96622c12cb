/**
 * Replays an order's audit trail into the summary the read model keeps (state, closure, lead unit,
 * escalation level), so the read model can be checked against — or rebuilt from — the trail alone.
 */
import { shownState, type Phase } from './lifecycle';
import type { OrderStatus } from './order';

export interface TrailEvent {
  seq: number;
  type: string;
  data: Record<string, unknown>;
}

export interface TrailSummary {
  state: OrderStatus;
  closureCode: string | null;
  leadUnit: string | null;
  escalationLevel: number;
  lastSeq: number;
  /** Sequence numbers missing from 1..lastSeq: a hole in the trail. */
  missing: number[];
}

const PHASE_OF: Record<string, Phase> = {
  received: 'received',
  dispatched: 'dispatched',
  redispatched: 'dispatched',
  acknowledged: 'acknowledged',
  returned: 'returned',
  extension_requested: 'extension_requested',
  completed: 'completed',
  visit_attempt_failed: 'return_visit',
  reopened: 'reopened',
  closed: 'closed',
};

export function summarizeTrail(events: TrailEvent[]): TrailSummary {
  const sorted = [...events].sort((a, b) => a.seq - b.seq);
  let phase: Phase = 'received';
  let beforeExtension: Phase = 'acknowledged';
  let signed = false;
  let leadUnit: string | null = null;
  let level = 0;
  let closureCode: string | null = null;
  for (const e of sorted) {
    const next = PHASE_OF[e.type];
    if (e.type === 'extension_requested') beforeExtension = phase;
    if (next) phase = next;
    switch (e.type) {
      case 'dispatched':
      case 'redispatched':
        leadUnit = (e.data.leadUnit as string | undefined) ?? leadUnit;
        signed = false;
        break;
      case 'acknowledged':
        signed = true;
        break;
      case 'extension_granted':
      case 'extension_denied':
        phase = beforeExtension;
        break;
      case 'ruled':
        // A reassignment is followed by its own `redispatched`; keeping returns the order to its unit.
        if (e.data.decision === 'keep') phase = signed ? 'acknowledged' : 'dispatched';
        break;
      case 'escalated':
      case 'deescalated':
        level = Number(e.data.to);
        break;
      case 'closed':
        closureCode = (e.data.closureCode as string | undefined) ?? null;
        break;
    }
  }
  const lastSeq = sorted.at(-1)?.seq ?? 0;
  const present = new Set(sorted.map((e) => e.seq));
  const missing = Array.from({ length: lastSeq }, (_, i) => i + 1).filter((s) => !present.has(s));
  return { state: shownState(phase, level), closureCode, leadUnit, escalationLevel: level, lastSeq, missing };
}
