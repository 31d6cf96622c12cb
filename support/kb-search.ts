/** How well the knowledge-base search answers the citizen question set (test/fixtures/kb-questions.ts). */
import { DEMO_KB } from '../db/seed-data';
import { DISPATCH_HELD_OUT } from '../db/seed-data/dispatch-heldout';
import { searchKb, suggestKb, type KbHit, type KbIndex } from '../domain/kb-search';
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

/** The intake desk's knowledge-base suggestions (`suggestKb`, with its abstention) on one set of the questions. */
export function kbSuggestionFigures(index: KbIndex, set: KbQuestion['set']): KbSuggestionFigures {
  const suggest = (q: string): KbHit[] => suggestKb(index, q, { today: KB_QUESTIONS_TODAY });
  const consultations = KB_QUESTIONS.filter((q) => q.set === set).map((q) => ({ q, hits: suggest(q.question) }));
  const noArticle = KB_UNANSWERABLE.filter((q) => q.set === set).map((q) => ({ q, hits: suggest(q.question) }));
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
 * The held-out complaints of the dispatch suggestion (db/seed-data/dispatch-heldout.ts), each filed under a
 * category: how many are shown an article of another category (an article of their own — 停电报修 for a
 * power cut — is relevant to them).
 */
export function kbComplaintFigures(index: KbIndex): { offTopic: number; complaints: number } {
  const categoryOf = new Map(DEMO_KB.map((d) => [d.code, d.category]));
  const complaints = DISPATCH_HELD_OUT.filter((c) => c.expected !== null);
  const offTopic = complaints.filter((c) =>
    suggestKb(index, c.description, { today: KB_QUESTIONS_TODAY }).some((h) => categoryOf.get(h.code) !== c.expected),
  );
  return { offTopic: offTopic.length, complaints: complaints.length };
}
