/**
 * The order sleeps on one timer for its next reminder or breach (workflows/clock-timer): an action that
 * moves no deadline keeps it, one that moves the next clock event sets it anew, and the clock fires on
 * time. A new order takes its patched changes from its start (workflows/patches): no patch marker.
 */
import { temporal } from '@temporalio/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { department, gasLeak } from '../helpers/orders';
import { act, clockOf, coordinator, MINUTE, sleepUntil, startHarness, type Harness } from '../helpers/workflows';

const { EventType } = temporal.api.enums.v1;

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

async function timerEvents(handle: Parameters<typeof act>[0]) {
  const events = (await handle.fetchHistory()).events ?? [];
  const count = (type: temporal.api.enums.v1.EventType) => events.filter((e) => e.eventType === type).length;
  const markers = events.map((e) => e.markerRecordedEventAttributes?.markerName).filter((m) => m != null);
  return {
    started: count(EventType.EVENT_TYPE_TIMER_STARTED),
    cancelled: count(EventType.EVENT_TYPE_TIMER_CANCELED),
    patchMarkers: markers.filter((m) => m === 'core_patch').length,
  };
}

describe('the clock timer', () => {
  it('is kept across actions that move no deadline and set anew when the next clock event moves', async () => {
    const gas = department('GAS');
    const { handle } = await h.startOrder(gasLeak);
    // Signing for it stops the response clock: the next event is now the handling clock's.
    await act(handle, 'acknowledge', { actor: gas });
    const signed = await timerEvents(handle);
    expect(signed).toEqual({ started: 2, cancelled: 1, patchMarkers: 0 });

    await act(handle, 'addNote', { actor: gas, note: '已到场' });
    await act(handle, 'addNote', { actor: gas, note: '正在关阀处置' });
    expect(await timerEvents(handle)).toEqual(signed);

    const due = (await h.now()) + 20 * MINUTE;
    await act(handle, 'setDeadline', { actor: coordinator, clock: 'handling', dueAt: due, reason: '限20分钟内处置' });
    expect(await timerEvents(handle)).toEqual({ started: 3, cancelled: 2, patchMarkers: 0 });

    await sleepUntil(h.env, due + MINUTE);
    const breached = await act(handle, 'addNote', { actor: gas, note: '仍在处置' });
    expect(clockOf(breached, 'handling').breachedAt).toBe(due);
    await act(handle, 'forceClose', { actor: coordinator, reason: 'test finished with the order' });
  });
});
