/** Reference data: what an order is started under, and the versions of each set. */
import { desc, eq, sql } from 'drizzle-orm';
import { buildKbIndex, type KbIndex } from '../domain/kb-search';
import { withGovernanceDefaults } from '../domain/policy';
import type { CatalogueEntry, SlaPolicy, Unit, WorkCalendar } from '../domain/types';
import type { Db } from './client';
import {
  calendarYears,
  catalogueEntries,
  kbArticles,
  referenceVersions,
  referralChannels,
  slaPolicies,
  units,
  type ReferralChannelRow,
} from './schema';

export type VersionedKind = 'units' | 'catalogue' | 'calendar' | 'referrals' | 'kb';

export interface ReferenceVersions {
  policy: number;
  units: number;
  catalogue: number;
  calendar: number;
}

export interface ReferenceData {
  policy: SlaPolicy;
  /** All known years merged: the workflow needs every year a deadline may reach. */
  calendar: WorkCalendar;
  catalogue: Map<string, CatalogueEntry>;
  units: Map<string, Unit>;
  versions: ReferenceVersions;
  /** The knowledge base, indexed for search (all articles; validity is checked per search). */
  kb: KbIndex;
  /** 转办渠道, retired ones included (old orders name them). Not in `versions`: no order starts under them. */
  referrals: { version: number; channels: Map<string, ReferralChannelRow> };
}

async function latestVersion(db: Db, kind: VersionedKind): Promise<number> {
  const [row] = await db
    .select({ version: sql<number>`coalesce(max(${referenceVersions.version}), 0)::int` })
    .from(referenceVersions)
    .where(eq(referenceVersions.kind, kind));
  return row?.version ?? 0;
}

/** The policy new orders start under (the highest version), with the defaults of settings added since. */
export async function currentPolicy(db: Db): Promise<SlaPolicy> {
  const [row] = await db.select().from(slaPolicies).orderBy(desc(slaPolicies.version)).limit(1);
  if (!row) throw new Error('No SLA policy in the database: run the migrations and the seed first');
  return { ...withGovernanceDefaults(row.policy), version: row.version };
}

/** What a clock needs of the reference data: the working-day calendar and the catalogue's handling classes. */
export async function clockReference(db: Db): Promise<Pick<ReferenceData, 'calendar' | 'catalogue'>> {
  const years = await calendarYearRows(db);
  const catalogue = await db.select().from(catalogueEntries);
  return {
    calendar: {
      holidays: years.flatMap((y) => y.calendar.holidays),
      makeupWorkdays: years.flatMap((y) => y.calendar.makeupWorkdays),
    },
    catalogue: new Map(catalogue.map((c) => [c.code, c])),
  };
}

export async function loadReferenceData(db: Db): Promise<ReferenceData> {
  const policy = await currentPolicy(db);
  const { calendar, catalogue } = await clockReference(db);
  const unitRows = await db.select().from(units);
  const articles = await db.select().from(kbArticles);
  return {
    policy,
    calendar,
    catalogue,
    units: new Map(unitRows.map((u) => [u.code, u])),
    versions: {
      policy: policy.version,
      units: await latestVersion(db, 'units'),
      catalogue: await latestVersion(db, 'catalogue'),
      calendar: await latestVersion(db, 'calendar'),
    },
    kb: buildKbIndex(articles),
    referrals: {
      version: await latestVersion(db, 'referrals'),
      channels: new Map((await db.select().from(referralChannels)).map((c) => [c.code, c])),
    },
  };
}

/** The current contents of a reference set, as it is snapshotted into a version. */
async function currentSnapshot(db: Db, kind: VersionedKind): Promise<unknown> {
  if (kind === 'units') return db.select().from(units).orderBy(units.code);
  if (kind === 'catalogue') return db.select().from(catalogueEntries).orderBy(catalogueEntries.code);
  if (kind === 'referrals') return db.select().from(referralChannels).orderBy(referralChannels.code);
  if (kind === 'kb') return db.select().from(kbArticles).orderBy(kbArticles.code);
  return db.select().from(calendarYears).orderBy(calendarYears.year);
}

/**
 * Records the current state of a set as its next version, who changed it and why. Call inside the
 * transaction that changed it; the advisory lock makes concurrent publishes of one kind take turns.
 */
export async function publishVersion(
  tx: Db,
  kind: VersionedKind,
  by: string,
  note: string | null,
  reason: string | null = null,
): Promise<number> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`reference:${kind}`}))`);
  const version = (await latestVersion(tx, kind)) + 1;
  await tx
    .insert(referenceVersions)
    .values({ kind, version, snapshot: await currentSnapshot(tx, kind), publishedBy: by, note, reason });
  return version;
}

export async function versionHistory(db: Db, kind: VersionedKind) {
  return db
    .select({
      version: referenceVersions.version,
      publishedAt: referenceVersions.publishedAt,
      publishedBy: referenceVersions.publishedBy,
      note: referenceVersions.note,
      reason: referenceVersions.reason,
    })
    .from(referenceVersions)
    .where(eq(referenceVersions.kind, kind))
    .orderBy(desc(referenceVersions.version));
}

/** Every SLA policy version, newest first, each with the defaults of settings added since (as it is applied). */
export async function policyVersions(db: Db) {
  const rows = await db.select().from(slaPolicies).orderBy(desc(slaPolicies.version));
  return rows.map((r) => ({
    version: r.version,
    publishedAt: r.publishedAt,
    publishedBy: r.publishedBy,
    reason: r.reason,
    policy: withGovernanceDefaults(r.policy),
  }));
}

/** The calendar year by year, with where each came from and whether it is provisional. */
export const calendarYearRows = (db: Db) => db.select().from(calendarYears).orderBy(calendarYears.year);
