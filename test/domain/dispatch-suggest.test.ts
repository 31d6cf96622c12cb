import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, DEMO_CATALOGUE } from '../../db/seed-data';
import { SEED_DISPATCH_CORPUS } from '../../db/seed-data/dispatch-corpus';
import { DISPATCH_HELD_OUT } from '../../db/seed-data/dispatch-heldout';
import {
  evaluateDispatch,
  suggestDispatch,
  trainDispatchModel,
  type HeldOutCase,
  type SuggestContext,
} from '../../domain/dispatch-suggest';
import { emergencySignals } from '../../domain/emergency-signals';
import { handlingLimitFor } from '../../domain/policy';

const model = trainDispatchModel(SEED_DISPATCH_CORPUS);
const context: SuggestContext = { model, catalogue: DEMO_CATALOGUE, policy: DEFAULT_POLICY };

/** A small fixed subset of the held-out set: the first two cases of every category and the first ten no-match. */
function fixedSubset(): HeldOutCase[] {
  const seen = new Map<string | null, number>();
  return DISPATCH_HELD_OUT.filter((c) => {
    const n = seen.get(c.expected) ?? 0;
    seen.set(c.expected, n + 1);
    return n < (c.expected === null ? 10 : 2);
  });
}

describe('dispatch suggestion data', () => {
  it('trains on 30+ examples per category and holds out 300+ cases covering every category and 20+ no-match', () => {
    for (const entry of DEMO_CATALOGUE) {
      expect(SEED_DISPATCH_CORPUS.filter((e) => e.label === entry.code).length, entry.code).toBeGreaterThanOrEqual(30);
      expect(
        DISPATCH_HELD_OUT.some((c) => c.expected === entry.code),
        entry.code,
      ).toBe(true);
    }
    expect(DISPATCH_HELD_OUT.length).toBeGreaterThanOrEqual(300);
    expect(DISPATCH_HELD_OUT.filter((c) => c.expected === null).length).toBeGreaterThanOrEqual(20);
    const codes = new Set(DEMO_CATALOGUE.map((c) => c.code));
    for (const c of DISPATCH_HELD_OUT) if (c.expected !== null) expect(codes.has(c.expected), c.expected).toBe(true);
  });

  it('the held-out set shares no sentence or hand-written situation with the training corpus', () => {
    const trained = new Set(SEED_DISPATCH_CORPUS.map((e) => e.description));
    const situations = [...new Set(SEED_DISPATCH_CORPUS.map((e) => e.situation))];
    for (const c of DISPATCH_HELD_OUT) {
      expect(trained.has(c.description), c.description).toBe(false);
      expect(
        situations.filter((s) => c.description.includes(s)),
        c.description,
      ).toEqual([]);
    }
    expect(new Set(DISPATCH_HELD_OUT.map((c) => c.description)).size).toBe(DISPATCH_HELD_OUT.length);
  });
});

describe('suggestDispatch', () => {
  it('keeps a floor on a fixed held-out subset, so a regression fails the build', () => {
    const m = evaluateDispatch(context, fixedSubset());
    expect(m.categoryCases).toBe(2 * DEMO_CATALOGUE.length);
    expect(m.top1).toBeGreaterThanOrEqual(0.85);
    expect(m.top3).toBeGreaterThanOrEqual(0.95);
    expect(m.noMatchAbstained).toBeGreaterThanOrEqual(0.8);
  });

  it('is deterministic: the same examples in another order give the same model and the same answer', () => {
    const again = trainDispatchModel([...SEED_DISPATCH_CORPUS].reverse());
    expect(again.version).toBe(model.version);
    expect(JSON.stringify(again)).toBe(JSON.stringify(model));
    const text = '楼下工地半夜还在打桩';
    expect(suggestDispatch({ ...context, model: again }, text)).toEqual(suggestDispatch(context, text));
  });

  it('proposes the catalogue units, default urgency and handling limit, with the words that drove it', () => {
    const s = suggestDispatch(context, '隔壁工地夜里两点还在打桩，吵得孩子没法睡觉');
    expect(s.abstain).toBe(false);
    expect(s.modelVersion).toBe(model.version);
    expect(s.candidates.length).toBeLessThanOrEqual(3);
    const [top] = s.candidates;
    const entry = DEMO_CATALOGUE.find((c) => c.code === 'noise_construction')!;
    expect(top).toMatchObject({
      category: 'noise_construction',
      categoryName: entry.name,
      leadUnit: 'CGJ',
      assistingUnits: ['ZJJ', 'STHJ'],
      defaultUrgency: 'urgent',
      urgency: 'urgent',
      handlingLimit: handlingLimitFor(DEFAULT_POLICY, entry, 'urgent'),
    });
    expect(top!.drivers.some((w) => ['工地', '打桩', '打', '桩'].some((k) => w.includes(k)))).toBe(true);
    for (let i = 1; i < s.candidates.length; i++) {
      expect(s.candidates[i]!.score).toBeLessThanOrEqual(s.candidates[i - 1]!.score);
    }
  });

  it('abstains on a lawsuit and a consultation, proposing a referral or the knowledge base, the ranked list kept', () => {
    const lawsuit = suggestDispatch(context, '我想起诉我的房东，法院那边怎么立案');
    expect(lawsuit).toMatchObject({ abstain: true, proposal: { kind: 'referral', channel: 'litigation' } });
    expect(lawsuit.candidates.length).toBeGreaterThan(0);
    const consult = suggestDispatch(context, '请问身份证过期了怎么换新的');
    expect(consult).toMatchObject({ abstain: true, proposal: { kind: 'knowledge_base' } });
    expect(suggestDispatch(context, '')).toMatchObject({ abstain: true, candidates: expect.any(Array) });
  });

  it('raises urgency to emergency on an emergency signal whatever the category default, with the reason', () => {
    const lift = suggestDispatch(context, '我妈被困在电梯里出不来了，电梯停在五楼和六楼中间');
    expect(lift.candidates[0]).toMatchObject({
      category: 'elevator_fault',
      defaultUrgency: 'urgent',
      urgency: 'emergency',
    });
    expect(lift.candidates[0]!.handlingLimit).toEqual(DEFAULT_POLICY.emergencyLimit);
    expect(lift.emergency[0]!.reason).toContain('电梯困人');
    const quiet = suggestDispatch(context, '楼下烧烤店夜里太吵了');
    expect(quiet.emergency).toEqual([]);
    expect(quiet.candidates.every((c) => c.urgency === c.defaultUrgency)).toBe(true);
  });
});

describe('emergencySignals', () => {
  it.each([
    ['楼道里闻到很浓的煤气味', '燃气'],
    ['路口水管爆了，水柱一米多高', '供水管道爆裂'],
    ['有人卡在电梯里了', '电梯困人'],
    ['马路上的井盖被偷了，车差点掉进去', '井盖'],
    ['路边电线断了垂在地上', '电线'],
  ])('%s → %s', (text, reason) => {
    expect(emergencySignals(text)[0]?.reason).toContain(reason);
  });

  it('hears none in ordinary complaints', () => {
    for (const text of ['燃气费多扣了两百块', '电梯经常坏，维保不来', '井盖踩上去有点响', '小区停水一天了']) {
      expect(emergencySignals(text), text).toEqual([]);
    }
  });
});
