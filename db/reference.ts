/** Queries for the reference data an order is started under. */
import { desc } from 'drizzle-orm';
import type { CatalogueEntry, SlaPolicy, Unit, WorkCalendar } from '../domain/types';
import type { Db } from './client';
import { calendarYears, catalogueEntries, slaPolicies, units } from './schema';

export interface ReferenceData {
  policy: SlaPolicy;
  /** All known years merged: the workflow needs every year a deadline may reach. */
  calendar: WorkCalendar;
  catalogue: Map<string, CatalogueEntry>;
  units: Map<string, Unit>;
}

export async function loadReferenceData(db: Db): Promise<ReferenceData> {
  const [policyRow] = await db.select().from(slaPolicies).orderBy(desc(slaPolicies.version)).limit(1);
  if (!policyRow) throw new Error('No SLA policy in the database: run the migrations and the seed first');
  const years = await db.select().from(calendarYears).orderBy(calendarYears.year);
  const catalogue = await db.select().from(catalogueEntries);
  const unitRows = await db.select().from(units);
  return {
    policy: { ...policyRow.policy, version: policyRow.version },
    calendar: {
      holidays: years.flatMap((y) => y.calendar.holidays),
      makeupWorkdays: years.flatMap((y) => y.calendar.makeupWorkdays),
    },
    catalogue: new Map(catalogue.map((c) => [c.code, c])),
    units: new Map(unitRows.map((u) => [u.code, u])),
  };
}
