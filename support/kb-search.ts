/** How well the knowledge-base search answers the citizen question set (test/fixtures/kb-questions.ts). */
import { searchKb, type KbIndex } from '../domain/kb-search';
import { KB_QUESTIONS_TODAY, type KbQuestion } from '../test/fixtures/kb-questions';

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
