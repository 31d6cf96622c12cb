/**
 * How well the knowledge-base search answers the citizen questions (test/fixtures/kb-questions.ts), and how the
 * intake desk's suggestions do on them and on the calls written apart (test/fixtures/kb-calls-*.ts).
 */
import { DEFAULT_POLICY, DEMO_CATALOGUE, DEMO_KB } from '../db/seed-data';
import { DISPATCH_HELD_OUT } from '../db/seed-data/dispatch-heldout';
import { seedDispatchModel } from '../db/dispatch-models';
import { suggestDispatch } from '../domain/dispatch-suggest';
import { kbReadingOf, searchKb, suggestKb, type KbHit, type KbIndex } from '../domain/kb-search';
import { FRESH_COMPLAINTS, FRESH_CONSULTATIONS, FRESH_NO_ARTICLE } from '../test/fixtures/kb-calls-fresh';
import { SECOND_COMPLAINTS, SECOND_CONSULTATIONS, SECOND_NO_ARTICLE } from '../test/fixtures/kb-calls-second';
import { KB_QUESTIONS, KB_QUESTIONS_TODAY, KB_UNANSWERABLE, type KbQuestion } from '../test/fixtures/kb-questions';

export interface KbHits {
  /** Questions whose expected article came first, among the first three; out of `n`. */
  top1: number;
  top3: number;
  n: number;
  /** The questions whose article was not among the first three, with what came instead. */
  misses: string[];
}

export function kbHits(index: KbIndex, questions: readonly KbQuestion[]): KbHits {
  let top1 = 0;
  let top3 = 0;
  const misses: string[] = [];
  for (const q of questions) {
    const hits = searchKb(index, q.question, { limit: 3, today: KB_QUESTIONS_TODAY });
    if (hits[0]?.code === q.expected) top1++;
    if (hits.some((h) => h.code === q.expected)) top3++;
    else misses.push(`${q.question} → expected ${q.expected}, got [${hits.map((h) => h.code).join(', ')}]`);
  }
  return { top1, top3, n: questions.length, misses };
}

export interface KbSuggestionFigures {
  /** Consultations whose article is among the suggestions shown (the intake desk shows up to three). */
  answered: number;
  consultations: number;
  /** Of the answered, those whose article was shown first. */
  answeredFirst: number;
  /** Calls no article answers that were shown one anyway, out of `noArticleCalls`. */
  noArticleShown: number;
  noArticleCalls: number;
  /** What was shown wrongly: `question → article`. */
  wrong: string[];
}

/**
 * Calls written apart by someone who saw only the articles and the catalogue: `fresh` before the relevance rule
 * was tried on them (then tuned on), `second` after the rule was frozen (test/fixtures/kb-calls-*.ts).
 */
const WRITTEN_APART = {
  fresh: { consultations: FRESH_CONSULTATIONS, noArticle: FRESH_NO_ARTICLE, complaints: FRESH_COMPLAINTS },
  second: { consultations: SECOND_CONSULTATIONS, noArticle: SECOND_NO_ARTICLE, complaints: SECOND_COMPLAINTS },
};
type WrittenApart = keyof typeof WRITTEN_APART;

/** The question sets of test/fixtures/kb-questions.ts, and the calls written apart. */
export type KbCallSet = KbQuestion['set'] | WrittenApart;

/** The intake desk's suggestions: the call read by the seed dispatch model, as `POST /kb/suggestions` reads it. */
export function kbSuggest(index: KbIndex, text: string): KbHit[] {
  const seed = { model: seedDispatchModel(), catalogue: DEMO_CATALOGUE, policy: DEFAULT_POLICY };
  return suggestKb(index, text, kbReadingOf(suggestDispatch(seed, text)), { today: KB_QUESTIONS_TODAY });
}

function callsOf(set: KbCallSet): { consultations: { question: string; expected: string }[]; noArticle: string[] } {
  if (set === 'fresh' || set === 'second') {
    const { consultations, noArticle } = WRITTEN_APART[set];
    return { consultations, noArticle: noArticle.map((u) => u.question) };
  }
  return {
    consultations: KB_QUESTIONS.filter((q) => q.set === set),
    noArticle: KB_UNANSWERABLE.filter((q) => q.set === set).map((u) => u.question),
  };
}

/** The intake desk's knowledge-base suggestions (`suggestKb`, with its abstention) on one set of calls. */
export function kbSuggestionFigures(index: KbIndex, set: KbCallSet): KbSuggestionFigures {
  const calls = callsOf(set);
  const consultations = calls.consultations.map((q) => ({ q, hits: kbSuggest(index, q.question) }));
  const noArticle = calls.noArticle.map((question) => ({ q: { question }, hits: kbSuggest(index, question) }));
  const answered = consultations.filter((c) => c.hits.some((h) => h.code === c.q.expected));
  const shown = noArticle.filter((u) => u.hits.length > 0);
  return {
    answered: answered.length,
    consultations: consultations.length,
    answeredFirst: answered.filter((c) => c.hits[0]!.code === c.q.expected).length,
    noArticleShown: shown.length,
    noArticleCalls: noArticle.length,
    wrong: [...consultations.filter((c) => c.hits.length > 0 && c.hits[0]!.code !== c.q.expected), ...shown].map(
      (w) => `${w.q.question} → ${w.hits[0]!.code}`,
    ),
  };
}

/**
 * Complaints filed under a category — the dispatch suggestion's held-out set (db/seed-data/dispatch-heldout.ts)
 * or the calls written apart — and how many are shown an article of another category (an article of their own,
 * 停电报修 for a power cut, is relevant to them).
 */
export function kbComplaintFigures(
  index: KbIndex,
  set: 'dispatch-heldout' | WrittenApart,
): { offTopic: number; complaints: number; wrong: string[] } {
  const categoryOf = new Map(DEMO_KB.map((d) => [d.code, d.category]));
  const complaints =
    set === 'dispatch-heldout'
      ? DISPATCH_HELD_OUT.flatMap((c) =>
          c.expected === null ? [] : [{ description: c.description, category: c.expected }],
        )
      : WRITTEN_APART[set].complaints;
  const offTopic = complaints.flatMap((c) => {
    const other = kbSuggest(index, c.description).find((h) => categoryOf.get(h.code) !== c.category);
    return other ? [`${c.description} → ${other.code}`] : [];
  });
  return { offTopic: offTopic.length, complaints: complaints.length, wrong: offTopic };
}
