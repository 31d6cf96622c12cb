/**
 * The dispatch catalogue (派单目录) as CSV, for the spreadsheets departments maintain it in:
 * code,name,lead_unit,assisting_units,default_urgency,handling_class,handling_limit
 * `assisting_units` separated by `;`; `handling_limit` like `7 working_days` or empty for the policy default.
 */
import { parse } from 'csv-parse/sync';
import { storable, UNSTORABLE_TEXT_MESSAGE } from '../domain/text';
import { HANDLING_CLASSES, LIMIT_UNITS, URGENCIES, type CatalogueEntry, type Limit } from '../domain/types';
import { importedCell, toCsv } from './http/csv';
import type { FieldError } from './http/problem';

export const CATALOGUE_COLUMNS = [
  'code',
  'name',
  'lead_unit',
  'assisting_units',
  'default_urgency',
  'handling_class',
  'handling_limit',
] as const;

export function catalogueToCsv(entries: CatalogueEntry[]): string {
  return toCsv(
    entries.map((e) => [
      e.code,
      e.name,
      e.leadUnit,
      e.assistingUnits.join(';'),
      e.defaultUrgency,
      e.handlingClass,
      e.handlingLimit ? `${e.handlingLimit.amount} ${e.handlingLimit.unit}` : '',
    ]),
    CATALOGUE_COLUMNS,
  );
}

/** Parses and checks every row; returns the entries, or every problem found (row and column named). */
export function catalogueFromCsv(
  text: string,
  knownUnits: Set<string>,
): { entries: CatalogueEntry[]; errors: FieldError[] } {
  const errors: FieldError[] = [];
  let rows: Record<string, string>[];
  try {
    rows = parse(text, { columns: true, skip_empty_lines: true, trim: true, bom: true, cast: importedCell });
  } catch (err) {
    return { entries: [], errors: [{ field: 'body', message: `not valid CSV: ${(err as Error).message}` }] };
  }
  const missing = CATALOGUE_COLUMNS.filter((c) => rows.length && !(c in rows[0]!));
  if (!rows.length || missing.length) {
    return {
      entries: [],
      errors: [{ field: 'body', message: rows.length ? `missing columns: ${missing.join(', ')}` : 'no rows' }],
    };
  }
  const seen = new Set<string>();
  const entries = rows.map((r, i) => {
    const bad = (column: string, message: string) => errors.push({ field: `body.row[${i + 2}].${column}`, message });
    if (!/^[a-z0-9_]{2,64}$/.test(r.code ?? '')) bad('code', 'must be lower_snake ASCII');
    if (seen.has(r.code!)) bad('code', 'duplicate code');
    seen.add(r.code!);
    if (!r.name) bad('name', 'required');
    else if (!storable(r.name)) bad('name', UNSTORABLE_TEXT_MESSAGE);
    if (!knownUnits.has(r.lead_unit!)) bad('lead_unit', `unknown unit ${r.lead_unit}`);
    const assisting = (r.assisting_units ?? '')
      .split(';')
      .map((u) => u.trim())
      .filter(Boolean);
    for (const u of assisting)
      if (!knownUnits.has(u) || u === r.lead_unit) bad('assisting_units', `bad assisting unit ${u}`);
    if (!(URGENCIES as readonly string[]).includes(r.default_urgency!))
      bad('default_urgency', `one of ${URGENCIES.join(', ')}`);
    if (!(HANDLING_CLASSES as readonly string[]).includes(r.handling_class!))
      bad('handling_class', `one of ${HANDLING_CLASSES.join(', ')}`);
    let handlingLimit: Limit | null = null;
    if (r.handling_limit) {
      const m = /^(\d+(?:\.\d+)?) (\w+)$/.exec(r.handling_limit);
      if (!m || !(LIMIT_UNITS as readonly string[]).includes(m[2]!) || Number(m[1]) <= 0) {
        bad('handling_limit', `like "7 working_days" (units: ${LIMIT_UNITS.join(', ')})`);
      } else handlingLimit = { amount: Number(m[1]), unit: m[2] as Limit['unit'] };
    }
    return {
      code: r.code!,
      name: r.name!,
      leadUnit: r.lead_unit!,
      assistingUnits: assisting,
      defaultUrgency: r.default_urgency as CatalogueEntry['defaultUrgency'],
      handlingClass: r.handling_class as CatalogueEntry['handlingClass'],
      handlingLimit,
    };
  });
  return { entries: errors.length ? [] : entries, errors };
}

/** The fields of a category an import may change, in the CSV's column order. */
export const CATALOGUE_FIELDS = [
  'name',
  'leadUnit',
  'assistingUnits',
  'defaultUrgency',
  'handlingClass',
  'handlingLimit',
] as const satisfies readonly (keyof CatalogueEntry)[];
export type CatalogueField = (typeof CATALOGUE_FIELDS)[number];

export interface CatalogueChanges {
  added: CatalogueEntry[];
  /** Each changed category before and after, with the fields that differ. */
  changed: { before: CatalogueEntry; after: CatalogueEntry; fields: CatalogueField[] }[];
  removed: CatalogueEntry[];
  unchanged: number;
}

/** A field's value as comparable text: objects with their keys in order (jsonb stores `unit` before `amount`). */
const canonical = (value: unknown) =>
  JSON.stringify(value ?? null, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort()) : v,
  );

/** What replacing the catalogue `current` with `next` (an import is the whole list) would change, by code. */
export function catalogueChanges(current: CatalogueEntry[], next: CatalogueEntry[]): CatalogueChanges {
  const before = new Map(current.map((e) => [e.code, e]));
  const codes = new Set(next.map((e) => e.code));
  const changes: CatalogueChanges = { added: [], changed: [], removed: [], unchanged: 0 };
  for (const after of next) {
    const was = before.get(after.code);
    if (!was) {
      changes.added.push(after);
      continue;
    }
    const fields = CATALOGUE_FIELDS.filter((f) => canonical(was[f]) !== canonical(after[f]));
    if (fields.length) changes.changed.push({ before: was, after, fields });
    else changes.unchanged++;
  }
  changes.removed = current.filter((e) => !codes.has(e.code));
  return changes;
}
