/**
 * 质检 at completion on the time-skipping server with the real worker and database: the findings in the
 * completion's answer and in the trail (codes and figures, no citizen text), the return visit held for a
 * finding the policy sends to review, and the reviewer's two decisions.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { qualityReviews, replyFingerprints } from '../../db/schema';
import { replyFingerprint } from '../../domain/reply-quality';
import { REJECTION } from '../../workflows/messages';
import { department, noiseComplaint } from '../helpers/orders';
import { act, clockOf, expectRejected, settledAudit, startHarness, visitor, type Harness } from '../helpers/workflows';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

const cgj = department('CGJ');
const reviewer = { role: 'reviewer', id: 'reviewer-test', unit: null } as const;
const GOOD =
  '经核查，该工地未办理夜间施工许可。执法人员已于当晚到场责令停止夜间打桩，并依法立案处罚，此后三晚夜查未再发现夜间施工。';
const TEMPLATED = '您好，您反映的问题已收悉，我单位高度重视，已转相关部门处理。感谢您对我们工作的理解和支持！';

async function acknowledged() {
  const order = await h.startOrder(noiseComplaint);
  await act(order.handle, 'acknowledge', { actor: cgj });
  return order;
}

describe('reply quality at completion (质检)', () => {
  it('lets a reply that reports a result stand, and keeps its fingerprint for the unit’s next replies', async () => {
    const { handle, intake } = await acknowledged();
    const done = await act(handle, 'complete', { actor: cgj, reply: GOOD, recentReplies: [] });
    expect(done).toMatchObject({ state: 'completed', quality: { findings: [], review: null } });
    expect(clockOf(done, 'visit').paused).toBe(false);
    await settledAudit(h.db, handle);
    const [row] = await h.db.select().from(replyFingerprints).where(eq(replyFingerprints.orderId, intake.orderId));
    expect(row).toMatchObject({ unit: 'CGJ', fingerprint: replyFingerprint(GOOD) });
  });

  it('warns the unit and lets the completion stand for a finding the policy only warns about', async () => {
    const { handle } = await acknowledged();
    const done = await act(handle, 'complete', { actor: cgj, reply: '已责令工地停工。', recentReplies: [] });
    expect(done.state).toBe('completed');
    expect(done.quality).toEqual({
      findings: [{ code: 'too_short', action: 'warn', figures: { length: 7, minimum: 20 } }],
      review: null,
    });
    await act(handle, 'recordVisit', { actor: visitor, satisfaction: 'satisfied', resolution: 'resolved' });
    const rows = await settledAudit(h.db, handle);
    const finding = rows.find((r) => r.type === 'quality_finding')!;
    expect(finding).toMatchObject({ actorRole: 'system', data: { unit: 'CGJ', code: 'too_short', action: 'warn' } });
    // The trail keeps codes and figures: neither the request's words nor the reply's are copied into it.
    expect(JSON.stringify(finding.data)).not.toMatch(/[\u4e00-\u9fff]/);
  });

  it('holds the return visit for review, and the reviewer clears a false finding with a reason', async () => {
    const { handle, intake } = await acknowledged();
    const done = await act(handle, 'complete', { actor: cgj, reply: TEMPLATED, recentReplies: [] });
    expect(done.quality).toMatchObject({ review: 'pending' });
    expect(done.quality!.findings.map((f) => f.code)).toContain('template_only');
    expect(clockOf(done, 'visit')).toMatchObject({ paused: true, pausedReason: '质检复核' });
    await expectRejected(
      act(handle, 'recordVisit', { actor: visitor, satisfaction: 'satisfied', resolution: 'resolved' }),
      REJECTION.wrongState,
    );
    await expectRejected(act(handle, 'clearQuality', { actor: cgj, reason: '不成立' }), REJECTION.forbidden);
    await settledAudit(h.db, handle);
    const [queued] = await h.db.select().from(qualityReviews).where(eq(qualityReviews.orderId, intake.orderId));
    expect(queued).toMatchObject({ unit: 'CGJ', status: 'pending' });
    expect(queued!.codes).toContain('template_only');

    const cleared = await act(handle, 'clearQuality', { actor: reviewer, reason: '答复已说明转办去向，属实' });
    expect(cleared).toMatchObject({ state: 'completed', quality: { review: 'cleared' } });
    expect(clockOf(cleared, 'visit').paused).toBe(false);
    await expectRejected(act(handle, 'clearQuality', { actor: reviewer, reason: '再次' }), REJECTION.wrongState);
    const closed = await act(handle, 'recordVisit', {
      actor: visitor,
      satisfaction: 'satisfied',
      resolution: 'resolved',
    });
    expect(closed.state).toBe('closed');
    const rows = await settledAudit(h.db, handle);
    expect(rows.find((r) => r.type === 'quality_cleared')).toMatchObject({
      actorRole: 'reviewer',
      reason: '答复已说明转办去向，属实',
    });
    const [decided] = await h.db.select().from(qualityReviews).where(eq(qualityReviews.orderId, intake.orderId));
    expect(decided).toMatchObject({
      status: 'cleared',
      reason: '答复已说明转办去向，属实',
      reviewerId: 'reviewer-test',
    });
  });

  it('sends a copied reply back to its unit, which replies anew', async () => {
    const { handle } = await acknowledged();
    const done = await act(handle, 'complete', { actor: cgj, reply: GOOD, recentReplies: [replyFingerprint(GOOD)] });
    expect(done.quality).toEqual({ findings: [{ code: 'identical', action: 'review' }], review: 'pending' });
    const returned = await act(handle, 'returnForQuality', {
      actor: reviewer,
      reason: '与其他工单答复雷同，请据实答复',
    });
    expect(returned).toMatchObject({
      state: 'reopened',
      completedAt: null,
      reopens: 0,
      quality: { review: 'returned' },
    });
    expect(clockOf(returned, 'handling').stoppedAt).toBeNull();
    expect(clockOf(returned, 'visit').stoppedAt).not.toBeNull();
    const again = await act(handle, 'complete', { actor: cgj, reply: GOOD, recentReplies: [] });
    expect(again).toMatchObject({ state: 'completed', quality: { findings: [], review: null } });
    const types = (await settledAudit(h.db, handle)).map((r) => r.type);
    expect(types).toEqual(expect.arrayContaining(['quality_finding', 'quality_returned']));
    expect(types.filter((t) => t === 'completed')).toHaveLength(2);
  });

  it('checks nothing on a completion that brings no recent replies (one from before the checks)', async () => {
    const { handle } = await acknowledged();
    const done = await act(handle, 'complete', { actor: cgj, reply: '已处理。' });
    expect(done.quality).toBeNull();
  });
});
