import { describe, it, expect } from 'vitest';
import { DEMO_CATALOGUE, DEMO_KB } from '../../db/seed-data';
import {
  buildKbIndex,
  kbReadingOf,
  searchKb,
  suggestKb,
  type KbCallReading,
  type KbDocument,
} from '../../domain/kb-search';
import type { DispatchSuggestion } from '../../domain/dispatch-suggest';
import { kbComplaintFigures, kbHits, kbSuggest, kbSuggestionFigures, type KbSuggestionFigures } from '../../support';
import { FRESH_COMPLAINTS, FRESH_CONSULTATIONS, FRESH_NO_ARTICLE } from '../fixtures/kb-calls-fresh';
import { SECOND_COMPLAINTS, SECOND_CONSULTATIONS, SECOND_NO_ARTICLE } from '../fixtures/kb-calls-second';
import { KB_QUESTIONS, KB_QUESTIONS_TODAY, type KbQuestion } from '../fixtures/kb-questions';

const index = buildKbIndex(DEMO_KB);

function hitRates(questions: KbQuestion[]): { top1: number; top3: number; misses: string[] } {
  const { top1, top3, n, misses } = kbHits(index, questions);
  return { top1: top1 / n, top3: top3 / n, misses };
}

const pct = (r: number): string => `${(100 * r).toFixed(1)}%`;

describe('knowledge-base search on citizen questions', () => {
  it('the question set is realistic: 30+ questions, known codes, not copies of article titles', () => {
    expect(KB_QUESTIONS.length).toBeGreaterThanOrEqual(30);
    const byCode = new Map(DEMO_KB.map((d) => [d.code, d]));
    for (const q of KB_QUESTIONS) {
      const article = byCode.get(q.expected);
      expect(article, q.expected).toBeDefined();
      expect(q.question.includes(article!.title), q.question).toBe(false);
      expect(/\p{Script=Han}/u.test(q.question), q.question).toBe(true);
    }
    expect(new Set(KB_QUESTIONS.map((q) => q.question)).size).toBe(KB_QUESTIONS.length);
  });

  it('finds the right article in the top 3 for at least 90% of the questions', () => {
    const all = hitRates(KB_QUESTIONS);
    const dev = hitRates(KB_QUESTIONS.filter((q) => q.set === 'dev'));
    const holdout = hitRates(KB_QUESTIONS.filter((q) => q.set === 'holdout'));
    console.log(
      `KB search hit rate on ${KB_QUESTIONS.length} citizen questions: top-1 ${pct(all.top1)}, top-3 ${pct(all.top3)} ` +
        `(dev top-1 ${pct(dev.top1)} / top-3 ${pct(dev.top3)}; holdout top-1 ${pct(holdout.top1)} / top-3 ${pct(holdout.top3)})`,
    );
    for (const m of all.misses) console.log(`  miss: ${m}`);
    expect(all.top3).toBeGreaterThanOrEqual(0.9);
    // The holdout questions were not tuned against: they must clear the bar on their own.
    expect(holdout.top3).toBeGreaterThanOrEqual(0.9);
  });

  it('ranks results best first with positive scores, and honours the limit', () => {
    for (const q of KB_QUESTIONS) {
      const hits = searchKb(index, q.question, { today: KB_QUESTIONS_TODAY });
      expect(hits.length).toBeGreaterThan(0);
      expect(hits.length).toBeLessThanOrEqual(10);
      for (let i = 1; i < hits.length; i++) expect(hits[i]!.score).toBeLessThanOrEqual(hits[i - 1]!.score);
      for (const h of hits) expect(h.score).toBeGreaterThan(0);
      expect(new Set(hits.map((h) => h.code)).size).toBe(hits.length);
    }
    expect(searchKb(index, '社保卡丢了', { limit: 2 })).toHaveLength(2);
    expect(searchKb(index, '社保卡丢了', { limit: 0 })).toEqual([]);
  });

  it('returns [] for an empty or garbage query', () => {
    for (const q of ['', '   ', '？！。，……', 'qwertyuiop zxcv', '啊啊啊', '喂喂喂？', '嗯嗯']) {
      expect(searchKb(index, q), JSON.stringify(q)).toEqual([]);
    }
  });

  it('returns titles and codes of the seeded articles', () => {
    const [top] = searchKb(index, '我社保卡丢了咋办');
    expect(top).toMatchObject({ code: 'KB0001', title: '社保卡丢失如何挂失和补办' });
  });
});

describe('validity dates', () => {
  const heating = '暖气费一平米多少钱';
  const codes = (today?: string): string[] =>
    searchKb(index, heating, today === undefined ? {} : { today }).map((h) => h.code);

  it('does not return an article whose validTo is before today', () => {
    // KB0011 (2025–2026 season) ran until 2026-04-15; KB0012 starts 2026-10-15.
    expect(codes('2026-12-01')).toContain('KB0012');
    expect(codes('2026-12-01')).not.toContain('KB0011');
    expect(codes('2026-05-01')).not.toContain('KB0011');
    expect(codes('2026-05-01')).not.toContain('KB0012');
  });

  it('does not return an article before its validFrom, and both bounds are inclusive', () => {
    expect(codes('2026-02-01')).toContain('KB0011');
    expect(codes('2026-02-01')).not.toContain('KB0012');
    expect(codes('2026-04-15')).toContain('KB0011');
    expect(codes('2026-04-16')).not.toContain('KB0011');
    expect(codes('2026-10-14')).not.toContain('KB0012');
    expect(codes('2026-10-15')).toContain('KB0012');
  });

  it('without today, validity is not checked', () => {
    expect(codes()).toEqual(expect.arrayContaining(['KB0011', 'KB0012']));
  });
});

describe('ranking on a hand-made collection', () => {
  const doc = (code: string, title: string, body: string, keywords: string[] = []): KbDocument => ({
    code,
    title,
    body,
    category: 'test',
    keywords,
    validFrom: '2026-01-01',
    validTo: null,
  });
  const small = buildKbIndex([
    doc('T1', '路灯维修', '夜间照明设施不亮可以报修。'),
    doc('T2', '井盖丢失', '道路井盖缺失请及时报告。路灯、路灯杆倾斜的，路灯管理所另行处理。'),
    doc('T3', '噪音扰民', '夜间施工噪音可以投诉。', ['装修扰民']),
    doc('T4', '树木修剪', '行道树遮挡路灯时由园林部门修剪。'),
  ]);

  it('a title match outranks a body mention', () => {
    const hits = searchKb(small, '路灯坏了');
    expect(hits[0]?.code).toBe('T1');
    expect(hits.map((h) => h.code)).toEqual(expect.arrayContaining(['T2', 'T4']));
  });

  it('a keyword match counts', () => {
    expect(searchKb(small, '楼上装修太吵了')[0]?.code).toBe('T3');
  });

  it('ties are broken by code so results are deterministic', () => {
    const twins = buildKbIndex([doc('B', '同名', '内容'), doc('A', '同名', '内容')]);
    expect(searchKb(twins, '同名').map((h) => h.code)).toEqual(['A', 'B']);
  });

  it('an empty collection returns []', () => {
    expect(searchKb(buildKbIndex([]), '社保卡')).toEqual([]);
  });
});

describe('suggestions at the intake desk abstain when nothing is relevant', () => {
  const suggest = (q: string) => kbSuggest(index, q);
  const line = (name: string, f: KbSuggestionFigures) =>
    `${name}: consultations with their article shown ${f.answered}/${f.consultations} (${pct(f.answered / f.consultations)}; first ${f.answeredFirst}), no-article calls shown one ${f.noArticleShown}/${f.noArticleCalls} (${pct(f.noArticleShown / f.noArticleCalls)})`;

  // #24's targets — ≥ 90% of consultations shown their article, ≤ 10% of complaints shown an irrelevant one — on
  // every set, the `second` calls above all (written apart, measured once after the rule was frozen). The
  // no-article floors are the figures measured then, so that a change making them worse fails.
  it('shows the right article to consultations and none of another category to complaints, held out too', () => {
    const sets = (['dev', 'holdout', 'relevance-holdout', 'fresh', 'second'] as const).map((set) => ({
      set,
      f: kbSuggestionFigures(index, set),
    }));
    const complaints = (['dispatch-heldout', 'fresh', 'second'] as const).map((set) => ({
      set,
      c: kbComplaintFigures(index, set),
    }));
    console.log(
      [
        'KB suggestions:',
        ...sets.map(({ set, f }) => line(set, f)),
        ...complaints.map(
          ({ set, c }) =>
            `${set} complaints shown an article of another category: ${c.offTopic}/${c.complaints} (${pct(c.offTopic / c.complaints)})`,
        ),
        ...sets.flatMap(({ f }) => f.wrong).map((w) => `shown wrongly: ${w}`),
      ].join('\n  '),
    );
    for (const { set, f } of sets) expect(f.answered / f.consultations, set).toBeGreaterThanOrEqual(0.9);
    for (const { set, c } of complaints) expect(c.offTopic / c.complaints, set).toBeLessThanOrEqual(0.1);
    const noArticle = Object.fromEntries(sets.map(({ set, f }) => [set, f.noArticleShown / f.noArticleCalls]));
    expect(noArticle['dev']).toBeLessThanOrEqual(0.1);
    expect(noArticle['holdout']).toBeLessThanOrEqual(0.11);
    expect(noArticle['fresh']).toBeLessThanOrEqual(0.36);
    expect(noArticle['second']).toBeLessThanOrEqual(0.42);
  });

  it('the calls written apart name articles and categories that exist, each once', () => {
    const inForce = DEMO_KB.filter(
      (d) => d.validFrom <= KB_QUESTIONS_TODAY && (d.validTo === null || KB_QUESTIONS_TODAY <= d.validTo),
    );
    const articles = new Set(inForce.map((d) => d.code));
    const categories = new Set(DEMO_CATALOGUE.map((e) => e.code));
    for (const [name, set] of Object.entries({
      fresh: [FRESH_CONSULTATIONS, FRESH_NO_ARTICLE, FRESH_COMPLAINTS],
      second: [SECOND_CONSULTATIONS, SECOND_NO_ARTICLE, SECOND_COMPLAINTS],
    } as const)) {
      const [consultations, noArticle, complaints] = set;
      for (const c of consultations) expect(articles.has(c.expected), `${name}: ${c.question}`).toBe(true);
      for (const c of complaints) expect(categories.has(c.category), `${name}: ${c.description}`).toBe(true);
      const texts = [
        ...consultations.map((c) => c.question),
        ...noArticle.map((u) => u.question),
        ...complaints.map((c) => c.description),
      ];
      expect(new Set(texts).size, name).toBe(texts.length);
      expect(consultations.length, name).toBeGreaterThanOrEqual(120);
    }
  });

  it('a noise complaint gets no suggestion; a lost social-security card gets its article first', () => {
    expect(suggest('夜间施工噪音扰民，晚上十一点后仍在打桩')).toEqual([]);
    expect(suggest('社保卡丢了怎么补办？')[0]?.code).toBe('KB0001');
  });
});

describe("how the dispatch suggestion's reading of the call sets the bar", () => {
  const today = { today: KB_QUESTIONS_TODAY };
  const consultation: KbCallReading = { kind: 'consultation' };
  const other: KbCallReading = { kind: 'other' };
  const powerCut = '我们这一片突然黑了，全停电了';

  it("a complaint of the article's own category gets it; read as another matter, the same words do not", () => {
    expect(suggestKb(index, powerCut, { kind: 'category', category: 'power_outage' }, today)[0]?.code).toBe('KB0025');
    expect(suggestKb(index, powerCut, { kind: 'category', category: 'noise_construction' }, today)).toEqual([]);
    expect(suggestKb(index, powerCut, other, today)).toEqual([]);
  });

  it("a consultation needs less than a question read as another category's complaint", () => {
    const question = '家里停电了找谁修';
    expect(suggestKb(index, question, consultation, today)[0]?.code).toBe('KB0025');
    const [hit] = searchKb(index, question, today);
    expect(hit!.score).toBeGreaterThanOrEqual(8);
  });

  it('a short question all of whose words the article uses is answered though it scores little', () => {
    const [hit] = searchKb(index, '低保怎么申请', today);
    expect(hit?.code).toBe('KB0027');
    expect(hit!.score).toBeLessThan(8);
    expect(suggestKb(index, '低保怎么申请', other, today)[0]?.code).toBe('KB0027');
    // Stated, not asked: the same words are not enough.
    expect(suggestKb(index, '低保申请', other, today)).toEqual([]);
  });

  it('reads a dispatch suggestion: the knowledge-base proposal, a confident category, or neither', () => {
    const suggestion = (over: Partial<DispatchSuggestion>): DispatchSuggestion => ({
      modelVersion: 'm',
      abstain: false,
      candidates: [],
      proposal: null,
      emergency: [],
      ...over,
    });
    const candidate = { category: 'power_outage' } as DispatchSuggestion['candidates'][number];
    expect(
      kbReadingOf(suggestion({ abstain: true, proposal: { kind: 'knowledge_base', score: 0.6, drivers: [] } })),
    ).toEqual(consultation);
    expect(kbReadingOf(suggestion({ candidates: [candidate] }))).toEqual({
      kind: 'category',
      category: 'power_outage',
    });
    expect(kbReadingOf(suggestion({ abstain: true, candidates: [candidate] }))).toEqual(other);
    expect(
      kbReadingOf(
        suggestion({ abstain: true, proposal: { kind: 'referral', channel: 'police_110', score: 0.7, drivers: [] } }),
      ),
    ).toEqual(other);
  });

  it('a colloquial phrase adds the official term only where it names the thing asked about', () => {
    const score = (q: string, code: string) => searchKb(index, q, today).find((h) => h.code === code)?.score ?? 0;
    // 开饭馆 asks for a business licence; 饭馆油烟 does not (it once scored 43 on the licence article).
    expect(score('我想开个小饭馆，要办什么', 'KB0008')).toBeGreaterThan(20);
    expect(score('楼下饭馆油烟太大', 'KB0008')).toBeLessThan(4);
    // 八十岁 is an age for the old-age allowance; 八十块 is not.
    expect(score('我爸今年八十多岁了，有什么补贴', 'KB0033')).toBeGreaterThan(20);
    expect(score('打车花了八十块', 'KB0033')).toBeLessThan(4);
  });
});
