/** The knowledge base as intake uses it: an article is in force on the China calendar day (validity dates are China days). */
import { and, eq, gte, isNull, lte, or } from 'drizzle-orm';
import type { Db } from '../db/client';
import { kbArticles } from '../db/schema';
import { chinaDay } from '../domain/calendar';

/** The article, if it is in force at `now`; undefined if it does not exist or is not in force that day. */
export async function articleInForce(
  db: Db,
  code: string,
  now = Date.now(),
): Promise<typeof kbArticles.$inferSelect | undefined> {
  const today = chinaDay(now);
  const [article] = await db
    .select()
    .from(kbArticles)
    .where(
      and(
        eq(kbArticles.code, code),
        lte(kbArticles.validFrom, today),
        or(isNull(kbArticles.validTo), gte(kbArticles.validTo, today)),
      ),
    );
  return article;
}
