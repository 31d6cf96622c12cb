/** Replaying an audit trail into the read model's summary. */
import { describe, expect, it } from 'vitest';
import { summarizeTrail } from '../../domain/trail';

const e = (seq: number, type: string, data: Record<string, unknown> = {}) => ({
  seq,
  type,
  at: 0,
  actorUnit: null,
  data,
});

describe('summarizeTrail', () => {
  it('follows dispatch, signature, extension, ruling and closure', () => {
    const trail = [
      e(1, 'received'),
      e(2, 'dispatched', { leadUnit: 'CGJ' }),
      e(3, 'acknowledged'),
      e(4, 'extension_requested'),
      e(5, 'extension_granted'),
    ];
    expect(summarizeTrail(trail)).toMatchObject({ state: 'acknowledged', leadUnit: 'CGJ', lastSeq: 5, missing: [] });
    const returned = [...trail, e(6, 'returned'), e(7, 'ruled', { decision: 'keep' })];
    expect(summarizeTrail(returned).state).toBe('acknowledged');
    const reassigned = [
      ...trail,
      e(6, 'returned'),
      e(7, 'ruled', { decision: 'reassign' }),
      e(8, 'redispatched', { leadUnit: 'ZJJ' }),
    ];
    expect(summarizeTrail(reassigned)).toMatchObject({ state: 'dispatched', leadUnit: 'ZJJ' });
    const closed = [...trail, e(6, 'completed'), e(7, 'visit_recorded'), e(8, 'closed', { closureCode: 'resolved' })];
    expect(summarizeTrail(closed)).toMatchObject({ state: 'closed', closureCode: 'resolved' });
  });

  it('shows L3 as escalated while open, and names holes in the sequence', () => {
    const trail = [e(1, 'received'), e(2, 'dispatched', { leadUnit: 'CGJ' }), e(4, 'escalated', { from: 0, to: 3 })];
    expect(summarizeTrail(trail)).toMatchObject({ state: 'escalated', escalationLevel: 3, missing: [3] });
    // Out of sequence order (the L3 escalation, seq 4, read before the de-escalation, seq 3): still L3.
    const [received, dispatched, escalated] = trail;
    const outOfOrder = [escalated!, e(3, 'deescalated', { to: 1 }), dispatched!, received!];
    expect(summarizeTrail(outOfOrder)).toMatchObject({ state: 'escalated', escalationLevel: 3, missing: [] });
  });
});
