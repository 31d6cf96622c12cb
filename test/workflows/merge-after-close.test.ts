/**
 * 并单 racing closure: the duplicate's merge signal reaches the primary after it closed but while it still
 * writes its last events. The contact is recorded on the primary, never silently dropped.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderActivities } from '../../activities';
import { mergeSignal } from '../../workflows/messages';
import { auditTrail } from '../../support';
import { devServerEnv } from '../helpers/temporal';
import { act, coordinator, startHarness, type Harness } from '../helpers/workflows';
import { operator } from '../helpers/orders';

describe('a contact merged into an order that has just closed', () => {
  let h: Harness;
  let release: () => void = () => {};
  const writesHeld = new Promise<void>((resolve) => (release = resolve));
  beforeAll(async () => {
    h = await startHarness({
      env: () => devServerEnv(),
      // The write of the closure waits, so the workflow stays closed-and-flushing for as long as the test needs.
      activities: (real): OrderActivities => ({
        ...real,
        recordOrderEvents: async (input) => {
          if (input.events.some((e) => e.type === 'closed')) await writesHeld;
          return real.recordOrderEvents(input);
        },
      }),
    });
  });
  afterAll(async () => {
    release();
    await h?.close();
  });

  it('is recorded after the closure', async () => {
    const primary = await h.startOrder();
    await act(primary.handle, 'forceClose', { actor: coordinator, reason: '已另案处理' });
    await primary.handle.signal(mergeSignal, {
      orderId: 'WO20261201DUPLIC',
      channel: 'web',
      at: Date.now(),
      requesterHash: null,
      actor: operator,
    });
    release();
    const result = await h.result(primary.handle);
    const trail = await auditTrail(h.db, primary.intake.orderId);
    expect(trail.map((e) => e.type).slice(-2)).toEqual(['closed', 'contact_merged']);
    expect(trail.at(-1)?.data).toMatchObject({ contactOrderId: 'WO20261201DUPLIC' });
    expect(result.lastSeq).toBe(trail.length);
  });
});
