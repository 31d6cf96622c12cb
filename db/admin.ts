/**
 * Changes to reference data by administrators: each change is one transaction that also publishes a version,
 * recording who made it (`by`) and why (`reason`, as the administrator wrote it; absent from scripts and seeds).
 */
import { eq, notInArray, sql } from 'drizzle-orm';
import { unitTreeProblems } from '../domain/units';
import type { CatalogueEntry, SlaPolicy, Unit, WorkCalendar } from '../domain/types';
import type { Db } from './client';
import { publishVersion } from './reference';
import { calendarYears, catalogueEntries, kbArticles, referralChannels, slaPolicies, units } from './schema';

/** A change the data's own rules forbid; the API answers 422 with these problems. */
export class ReferenceRuleError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
  }
}

export async function upsertUnit(db: Db, unit: Unit, by: string, reason?: string): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.insert(units).values(unit).onConflictDoUpdate({ target: units.code, set: unit });
    const problems = unitTreeProblems(await tx.select().from(units));
    if (problems.length) throw new ReferenceRuleError(problems);
    return publishVersion(tx, 'units', by, `unit ${unit.code}`, reason);
  });
}

export async function upsertCatalogueEntry(
  db: Db,
  entry: CatalogueEntry,
  by: string,
  reason?: string,
): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.insert(catalogueEntries).values(entry).onConflictDoUpdate({ target: catalogueEntries.code, set: entry });
    return publishVersion(tx, 'catalogue', by, `category ${entry.code}`, reason);
  });
}

/** Replaces the whole catalogue (a CSV import is the full list). Running orders keep what they started with. */
export async function replaceCatalogue(
  db: Db,
  entries: CatalogueEntry[],
  by: string,
  reason?: string,
): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.delete(catalogueEntries).where(
      notInArray(
        catalogueEntries.code,
        entries.map((e) => e.code),
      ),
    );
    for (const entry of entries) {
      await tx.insert(catalogueEntries).values(entry).onConflictDoUpdate({ target: catalogueEntries.code, set: entry });
    }
    return publishVersion(tx, 'catalogue', by, `CSV import of ${entries.length} categories`, reason);
  });
}

export async function publishPolicy(
  db: Db,
  policy: Omit<SlaPolicy, 'version'>,
  by: string,
  reason?: string,
): Promise<number> {
  const [row] = await db
    .insert(slaPolicies)
    .values({ policy, publishedBy: by, reason })
    .returning({ version: slaPolicies.version });
  return row!.version;
}

export async function upsertCalendarYear(
  db: Db,
  year: number,
  calendar: WorkCalendar,
  meta: { source: string; provisional: boolean },
  by: string,
  reason?: string,
): Promise<number> {
  return db.transaction(async (tx) => {
    const row = { year, calendar, ...meta };
    await tx.insert(calendarYears).values(row).onConflictDoUpdate({ target: calendarYears.year, set: row });
    return publishVersion(tx, 'calendar', by, `calendar ${year}`, reason);
  });
}

/** Creates or changes a referral channel (转办渠道); saving a retired one puts it back in use. */
export async function upsertReferralChannel(
  db: Db,
  channel: { code: string; name: string; reply: string },
  by: string,
  reason?: string,
): Promise<number> {
  return db.transaction(async (tx) => {
    const row = { ...channel, retiredAt: null };
    await tx.insert(referralChannels).values(row).onConflictDoUpdate({ target: referralChannels.code, set: row });
    return publishVersion(tx, 'referrals', by, `referral channel ${channel.code}`, reason);
  });
}

/** Retires a channel: no new referral may use it; orders referred through it keep its name. Null: no such channel. */
export async function retireReferralChannel(db: Db, code: string, by: string, reason?: string): Promise<number | null> {
  return db.transaction(async (tx) => {
    const [retired] = await tx
      .update(referralChannels)
      .set({ retiredAt: sql`coalesce(${referralChannels.retiredAt}, now())` })
      .where(eq(referralChannels.code, code))
      .returning({ code: referralChannels.code });
    return retired ? publishVersion(tx, 'referrals', by, `referral channel ${code} retired`, reason) : null;
  });
}

/** Creates or changes a knowledge-base article; the base is versioned like the other reference sets. */
export async function upsertKbArticle(
  db: Db,
  article: typeof kbArticles.$inferInsert,
  by: string,
  reason?: string,
): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.insert(kbArticles).values(article).onConflictDoUpdate({ target: kbArticles.code, set: article });
    return publishVersion(tx, 'kb', by, `article ${article.code}`, reason);
  });
}
