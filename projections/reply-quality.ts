/**
 * 质检's tables from the trail: the fingerprint of each completion's reply (compared with the unit's next
 * replies, db/reply-quality) and the quality review queue (质检复核) of completions the policy sent there,
 * decided by the reviewer's `quality_cleared` / `quality_returned`. Kept as they happened (no `check`): a
 * reply's text may be anonymised later, its fingerprint stays.
 */
import { qualityReviewDecided, recordReplyFingerprint, queueQualityReview } from '../db/reply-quality';
import { replyFingerprint, type ReplyFindingCode } from '../domain/reply-quality';
import type { Projection } from './projection';

export const replyQuality: Projection = {
  name: 'reply-quality',
  follows: ['completed', 'quality_finding', 'quality_cleared', 'quality_returned'],
  async apply(tx, change) {
    const { orderId } = change.order;
    let completion: { seq: number; at: number; unit: string | null } | null = null;
    let toReview: ReplyFindingCode[] = [];
    const queue = async () => {
      if (completion && toReview.length) await queueQualityReview(tx, { orderId, ...completion, codes: toReview });
      toReview = [];
    };
    for (const e of change.written) {
      const data = e.data as { unit?: string | null; reply?: string; code?: ReplyFindingCode; action?: string };
      if (e.type === 'completed') {
        await queue();
        completion = { seq: e.seq, at: e.at, unit: data.unit ?? null };
        if (data.unit && typeof data.reply === 'string')
          await recordReplyFingerprint(tx, {
            orderId,
            seq: e.seq,
            unit: data.unit,
            fingerprint: replyFingerprint(data.reply),
            at: e.at,
          });
      } else if (e.type === 'quality_finding' && data.action === 'review' && data.code) {
        toReview.push(data.code);
      } else if (e.type === 'quality_cleared' || e.type === 'quality_returned') {
        await queue();
        await qualityReviewDecided(tx, orderId, e.seq, e.type === 'quality_cleared' ? 'cleared' : 'returned');
      }
    }
    await queue();
  },
};
