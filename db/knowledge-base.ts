/** The knowledge base as intake uses it: an article is in force on the China calendar day (validity dates are China days). */
import { and, eq, getTableColumns, sql } from 'drizzle-orm';
import type { Db } from './client';
import { kbArticles } from './schema';
import { chinaDay } from '../domain/calendar';

type Article = typeof kbArticles.$inferSelect;

/** In force on a China day: from its first day to its last, both included; no last day means open-ended. */
const inForceOn = (today: string) =>
  sql<boolean>`(${kbArticles.validFrom} <= ${today} and (${kbArticles.validTo} is null or ${kbArticles.validTo} >= ${today}))`;

/** The article, if it is in force at `now`; undefined if it does not exist or is not in force that day. */
export async function articleInForce(db: Db, code: string, now = Date.now()): Promise<Article | undefined> {
  const [article] = await db
    .select()
    .from(kbArticles)
    .where(and(eq(kbArticles.code, code), inForceOn(chinaDay(now))));
  return article;
}

/** Any article, in force or not, with whether it is in force at `now`: what an operator reads before answering. */
export async function articleWithValidity(
  db: Db,
  code: string,
  now = Date.now(),
): Promise<(Article & { inForce: boolean }) | undefined> {
  const [row] = await db
    .select({ article: kbArticles, inForce: inForceOn(chinaDay(now)) })
    .from(kbArticles)
    .where(eq(kbArticles.code, code));
  return row && { ...row.article, inForce: row.inForce === true };
}

/** Every article by code, without its text, with whether it is in force at `now`: the administrator's list. */
export async function listArticles(db: Db, now = Date.now()) {
  const { body: _text, ...listed } = getTableColumns(kbArticles);
  const rows = await db
    .select({ ...listed, inForce: inForceOn(chinaDay(now)) })
    .from(kbArticles)
    .orderBy(kbArticles.code);
  return rows.map((r) => ({ ...r, inForce: r.inForce === true }));
}
