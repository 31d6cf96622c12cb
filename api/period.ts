/** The period a report or an export covers: two instants, `to` after `from`, at most 400 days apart. */
import { z } from 'zod';
import { instant } from './http/fields';
import { HttpProblem } from './http/problem';

const MAX_PERIOD_DAYS = 400;

export const periodQuery = z.strictObject({ from: instant, to: instant });

/** The period of a query (or a body), or 422 naming its `to` when it is empty, reversed or too long. */
export function periodOf(q: { from: string; to: string }, field = 'query.to'): { from: Date; to: Date } {
  const from = new Date(q.from);
  const to = new Date(q.to);
  if (to <= from || to.getTime() - from.getTime() > MAX_PERIOD_DAYS * 86_400_000) {
    throw new HttpProblem(422, 'rule_violated', `The period must be positive and at most ${MAX_PERIOD_DAYS} days`, {
      errors: [{ field, message: 'after from, within the maximum period' }],
    });
  }
  return { from, to };
}
