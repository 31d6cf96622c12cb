import { describe, expect, it } from 'vitest';
import {
  judgeReply,
  needsQualityReview,
  replyFingerprint,
  REPLY_QUALITY_DEFAULTS,
  type ReplyFindingCode,
} from '../../domain/reply-quality';
import {
  HELD_OUT_REPLIES,
  LABELLED_REPLIES,
  RECENT_REPLIES,
  type CopingKind,
  type LabelledReply,
} from '../fixtures/reply-quality';

const recentFingerprints = RECENT_REPLIES.map(replyFingerprint);
const judge = (c: (typeof LABELLED_REPLIES)[number]) =>
  judgeReply({ ...c, recentFingerprints }, REPLY_QUALITY_DEFAULTS);

/** The finding each labelled kind of coping reply should bring. */
const CODE_OF: Record<CopingKind, ReplyFindingCode> = {
  too_short: 'too_short',
  template_only: 'template_only',
  off_topic: 'off_topic',
  identical: 'identical',
  promise_only: 'promise_only',
};

describe('judgeReply', () => {
  it('finds nothing in a reply that says what was found, done and with what result', () => {
    const findings = judgeReply(
      {
        orderType: 'complaint',
        request: '小区路灯坏了一个星期了',
        reply: '经排查，小区路灯不亮系控制箱空气开关损坏，已于3月5日更换，当晚恢复照明。',
        recentFingerprints: [],
      },
      REPLY_QUALITY_DEFAULTS,
    );
    expect(findings).toEqual([]);
  });

  it('names its figures, never the request’s words', () => {
    const findings = judgeReply(
      { orderType: 'complaint', request: '王女士家门口井盖丢了', reply: '已处理。', recentFingerprints: [] },
      REPLY_QUALITY_DEFAULTS,
    );
    expect(findings).toContainEqual({ code: 'too_short', action: 'warn', figures: { length: 3, minimum: 20 } });
    expect(JSON.stringify(findings)).not.toMatch(/[\u4e00-\u9fff]/);
  });

  it('compares replies without their punctuation and numbers', () => {
    expect(replyFingerprint('已于3月5日更换阀门，供水恢复。')).toBe(replyFingerprint('已于4月12日更换阀门！供水恢复'));
    expect(replyFingerprint('已更换阀门')).not.toBe(replyFingerprint('已更换水表'));
  });

  it('sends an order to review only for a finding the policy says so', () => {
    expect(needsQualityReview([{ code: 'too_short', action: 'warn' }])).toBe(false);
    expect(
      needsQualityReview([
        { code: 'too_short', action: 'warn' },
        { code: 'identical', action: 'review' },
      ]),
    ).toBe(true);
  });

  /** Precision and recall of any finding against the labels, with what each kind came to and the misses. */
  function scored(replies: readonly LabelledReply[]) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    const byKind = new Map<string, { cases: number; caught: number }>();
    const misses: string[] = [];
    for (const c of replies) {
      const codes = judge(c).map((f) => f.code);
      const flagged = codes.length > 0;
      if (flagged && c.coping) tp++;
      if (flagged && !c.coping) {
        fp++;
        misses.push(`false finding ${codes.join(',')}: ${c.reply}`);
      }
      if (!flagged && c.coping) {
        fn++;
        misses.push(`missed ${c.coping}: ${c.reply}`);
      }
      const kind = c.coping ?? 'good';
      const k = byKind.get(kind) ?? { cases: 0, caught: 0 };
      k.cases++;
      if (c.coping ? codes.includes(CODE_OF[c.coping]) : !flagged) k.caught++;
      byKind.set(kind, k);
    }
    return { precision: tp / (tp + fp), recall: tp / (tp + fn), byKind, misses };
  }

  it('keeps the issue’s targets — precision ≥ 0.9, recall ≥ 0.8 — on the labelled and the held-out replies', () => {
    expect(LABELLED_REPLIES.length).toBeGreaterThanOrEqual(100);
    for (const [name, replies] of [
      ['labelled', LABELLED_REPLIES],
      ['held-out', HELD_OUT_REPLIES],
    ] as const) {
      const { precision, recall, byKind, misses } = scored(replies);
      console.log(
        `reply quality on ${replies.length} ${name} replies: precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}`,
      );
      for (const [kind, k] of byKind) console.log(`  ${kind}: ${k.caught}/${k.cases} judged as labelled`);
      for (const m of misses) console.log(`  ${m}`);
      expect(precision).toBeGreaterThanOrEqual(0.9);
      expect(recall).toBeGreaterThanOrEqual(0.8);
    }
  });
});
