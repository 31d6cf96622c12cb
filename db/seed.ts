/**
 * Seeds the demo city on an empty database: units, dispatch catalogue, calendar, default policy, knowledge
 * base and referral channels. Idempotent: rows that exist are left as they are (an admin may have edited them).
 */
import { eq, sql } from 'drizzle-orm';
import type { Db } from './client';
import { publishVersion } from './reference';
import {
  calendarYears,
  catalogueEntries,
  kbArticles,
  referenceVersions,
  referralChannels,
  slaPolicies,
  units,
} from './schema';
import {
  DEFAULT_POLICY,
  DEMO_CATALOGUE,
  DEMO_KB,
  DEMO_REFERRAL_CHANNELS,
  DEMO_UNITS,
  demoCalendars,
} from './seed-data';

export async function seedDemoCity(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.insert(units).values(DEMO_UNITS).onConflictDoNothing();
    await tx.insert(catalogueEntries).values(DEMO_CATALOGUE).onConflictDoNothing();
    await tx
      .insert(calendarYears)
      .values(
        demoCalendars().map(({ year, calendar, source, provisional }) => ({ year, calendar, source, provisional })),
      )
      .onConflictDoNothing();
    await tx.insert(kbArticles).values(DEMO_KB).onConflictDoNothing();
    await tx.insert(referralChannels).values(DEMO_REFERRAL_CHANNELS).onConflictDoNothing();
    const [{ count }] = (await tx.select({ count: sql<number>`count(*)::int` }).from(slaPolicies)) as [
      { count: number },
    ];
    if (count === 0) await tx.insert(slaPolicies).values({ policy: DEFAULT_POLICY, publishedBy: 'seed' });
    for (const kind of ['units', 'catalogue', 'calendar', 'referrals', 'kb'] as const) {
      const [{ versions }] = (await tx
        .select({ versions: sql<number>`count(*)::int` })
        .from(referenceVersions)
        .where(eq(referenceVersions.kind, kind))) as [{ versions: number }];
      if (versions === 0) await publishVersion(tx, kind, 'seed', 'demo city');
    }
  });
}
