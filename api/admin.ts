/**
 * Reference data managed by administrators: units, dispatch catalogue (also as CSV), SLA policy, the
 * working-day calendar and the referral channels (转办渠道). Every change publishes a new version; new orders
 * use it at once (this process) or within the cache's refresh (other API processes); running orders keep the
 * version they started with.
 */
import { z } from 'zod';
import {
  publishPolicy,
  ReferenceRuleError,
  replaceCatalogue,
  retireReferralChannel,
  upsertCalendarYear,
  upsertCatalogueEntry,
  upsertReferralChannel,
  upsertUnit,
} from '../db/admin';
import type { Db } from '../db/client';
import { versionHistory } from '../db/reference';
import { isWorkingDay } from '../domain/calendar';
import { HANDLING_CLASSES, LIMIT_UNITS, UNIT_KINDS, URGENCIES, type WorkCalendar } from '../domain/types';
import { RESOLUTION, SATISFACTION } from '../domain/order-view';
import { GOVERNANCE_DEFAULTS } from '../domain/policy';
import { policyOutOfRange } from '../domain/policy-bounds';
import type { ReferenceCache } from '../db/reference-cache';
import { catalogueFromCsv, catalogueToCsv } from './catalogue-csv';
import { categoryCode, day, referralChannelCode, text, unitCode } from './http/fields';
import { HttpProblem, notFound } from './http/problem';
import { route, type Route } from './http/route';
import {
  calendarBody,
  calendarSaved,
  catalogueBody,
  catalogueImported,
  catalogueSaved,
  csvBody,
  policyBody,
  published,
  referralChannelRetired,
  referralChannelSaved,
  referralChannelsBody,
  unitSaved,
  unitsBody,
  versionsBody,
} from './schemas';

const READERS = ['admin', 'auditor'] as const;
const limit = z.strictObject({
  unit: z.enum(LIMIT_UNITS),
  amount: z.number().positive().max(3650),
});
const fraction = z.number().gt(0).lt(1);
const count = z.number().int().min(0).max(100);
const weight = z.number().min(0).max(1);

export const policySchema = z.strictObject({
  responseLimit: limit,
  emergencyLimit: limit,
  handlingLimits: z.strictObject(
    Object.fromEntries(HANDLING_CLASSES.map((c) => [c, z.strictObject({ urgent: limit, normal: limit })])) as Record<
      (typeof HANDLING_CLASSES)[number],
      z.ZodObject<{ urgent: typeof limit; normal: typeof limit }>
    >,
  ),
  warningThresholds: z.array(fraction).max(5),
  disputeRulingLimit: limit,
  returnVisitLimit: limit,
  assistingLimitFraction: fraction,
  maxReturnsBeforeL3: count,
  maxReopensBeforeL3: count,
  maxVisitAttempts: count.min(1),
  contactsToRaiseUrgency: count,
  reopenOnRating: z
    .strictObject({
      satisfaction: z.array(z.enum(SATISFACTION)).max(SATISFACTION.length),
      resolution: z.array(z.enum(RESOLUTION)).max(RESOLUTION.length),
    })
    .default(GOVERNANCE_DEFAULTS.reopenOnRating),
  maxExtension: limit.default(GOVERNANCE_DEFAULTS.maxExtension),
  repeat: z.strictObject({
    windowHours: z
      .number()
      .positive()
      .max(24 * 365),
    distanceMeters: z.number().positive().max(100_000),
    autoMergeConfidence: z.number().gt(0).max(1),
    holdConfidence: z.number().gt(0).max(1).default(GOVERNANCE_DEFAULTS.repeat.holdConfidence),
  }),
  fairness: z.strictObject({
    windowDays: z.number().int().min(1).max(3650),
    maxContacts: count.min(1),
    maxDissatisfied: count.min(1),
  }),
  retention: z
    .strictObject({ anonymiseAfterDays: z.number().int().min(1).max(3650) })
    .default(GOVERNANCE_DEFAULTS.retention),
  operatorLoad: z
    .strictObject({
      windowHours: z.number().int().min(1).max(24),
      abusiveCallsBeforeBreak: z.number().int().min(1).max(100),
    })
    .default(GOVERNANCE_DEFAULTS.operatorLoad),
  kpiWeights: z.strictObject({
    onTimeResponse: weight,
    onTimeHandling: weight,
    directAnswer: weight,
    satisfaction: weight,
    resolution: weight,
    reopen: weight,
    return: weight,
  }),
});

function ruleProblem(err: unknown): never {
  if (err instanceof ReferenceRuleError) {
    throw new HttpProblem(422, 'rule_violated', err.message, {
      errors: err.problems.map((message) => ({ field: 'body', message })),
    });
  }
  throw err;
}

/** A calendar year must only name days of that year; make-up working days are weekends. */
function calendarProblems(year: number, cal: WorkCalendar): string[] {
  const problems: string[] = [];
  for (const d of [...cal.holidays, ...cal.makeupWorkdays]) {
    if (!d.startsWith(`${year}-`)) problems.push(`${d} is not in ${year}`);
  }
  for (const d of cal.makeupWorkdays) {
    if (isWorkingDay(d, { holidays: [], makeupWorkdays: [] }))
      problems.push(`${d} is a weekday: not a make-up working day`);
    if (cal.holidays.includes(d)) problems.push(`${d} is both a holiday and a make-up working day`);
  }
  return problems;
}

export function adminRoutes(deps: { db: Db; reference: ReferenceCache }): Route[] {
  const { db, reference } = deps;
  const changed = async (version: number, what: object) => {
    await reference.refresh();
    return { status: 200, body: { ...what, version } };
  };
  const routes = [
    route({
      method: 'get',
      path: '/admin/units',
      tag: 'admin',
      summary: 'Units and their escalation chain',
      roles: READERS,
      responses: { 200: { description: 'All units', body: unitsBody } },
      handle: async () => ({
        status: 200,
        body: { version: reference.get().versions.units, units: [...reference.get().units.values()] },
      }),
    }),
    route({
      method: 'put',
      path: '/admin/units/:code',
      tag: 'admin',
      summary: 'Create or change a unit',
      roles: ['admin'],
      params: z.strictObject({ code: unitCode }),
      body: z.strictObject({
        name: text(100),
        kind: z.enum(UNIT_KINDS),
        parentCode: unitCode.nullable(),
        isBackstop: z.boolean(),
        contact: z
          .strictObject({
            dutyPhone: z
              .string()
              .regex(/^[0-9+\- ]{3,20}$/, 'must be a phone number')
              .optional(),
            email: z.email().max(200).optional(),
            liaison: text(100).optional(),
          })
          .default({}),
      }),
      responses: {
        200: { description: 'Saved; the new units version', body: unitSaved },
        400: 'Invalid body',
        422: 'Breaks the unit tree',
      },
      handle: async ({ actor, params, body }) => {
        const unit = { code: params.code, ...body };
        const version = await upsertUnit(db, unit, actor.id).catch(ruleProblem);
        return changed(version, { unit });
      },
    }),
    route({
      method: 'get',
      path: '/admin/catalogue',
      tag: 'admin',
      summary: 'The dispatch catalogue (派单目录)',
      roles: READERS,
      responses: { 200: { description: 'All categories', body: catalogueBody } },
      handle: async () => ({
        status: 200,
        body: { version: reference.get().versions.catalogue, entries: [...reference.get().catalogue.values()] },
      }),
    }),
    route({
      method: 'put',
      path: '/admin/catalogue/:code',
      tag: 'admin',
      summary: 'Create or change a category',
      roles: ['admin'],
      params: z.strictObject({ code: categoryCode }),
      body: z.strictObject({
        name: text(100),
        leadUnit: unitCode,
        assistingUnits: z.array(unitCode).max(10),
        defaultUrgency: z.enum(URGENCIES),
        handlingClass: z.enum(HANDLING_CLASSES),
        handlingLimit: limit.nullable(),
      }),
      responses: {
        200: { description: 'Saved; the new catalogue version', body: catalogueSaved },
        400: 'Invalid body',
        422: 'Unknown unit',
      },
      handle: async ({ actor, params, body }) => {
        const units = reference.get().units;
        const unknown = [body.leadUnit, ...body.assistingUnits].filter((u) => !units.has(u));
        if (unknown.length) ruleProblem(new ReferenceRuleError(unknown.map((u) => `unknown unit ${u}`)));
        const entry = { code: params.code, ...body };
        return changed(await upsertCatalogueEntry(db, entry, actor.id), { entry });
      },
    }),
    route({
      method: 'get',
      path: '/admin/catalogue.csv',
      tag: 'admin',
      summary: 'Export the catalogue as CSV',
      roles: READERS,
      produces: 'text/csv',
      responses: { 200: { description: 'CSV, one row per category', body: csvBody } },
      handle: async () => ({
        status: 200,
        contentType: 'text/csv; charset=utf-8',
        body: catalogueToCsv([...reference.get().catalogue.values()].sort((a, b) => a.code.localeCompare(b.code))),
      }),
    }),
    route({
      method: 'post',
      path: '/admin/catalogue.csv',
      tag: 'admin',
      summary: 'Import the whole catalogue from CSV (replaces it)',
      roles: ['admin'],
      bodyType: 'text/csv',
      body: z.string().min(1).max(1_000_000),
      responses: {
        200: { description: 'Imported; the new catalogue version', body: catalogueImported },
        400: 'Not CSV',
        422: 'Rows with problems, each named',
      },
      handle: async ({ actor, body }) => {
        const { entries, errors } = catalogueFromCsv(body, new Set(reference.get().units.keys()));
        if (errors.length)
          throw new HttpProblem(422, 'rule_violated', 'The CSV has problems; nothing was imported', { errors });
        return changed(await replaceCatalogue(db, entries, actor.id), { imported: entries.length });
      },
    }),
    route({
      method: 'get',
      path: '/admin/policy',
      tag: 'admin',
      summary: 'The SLA policy new orders start under, and its history',
      roles: READERS,
      responses: { 200: { description: 'Current policy', body: policyBody } },
      handle: async () => ({ status: 200, body: reference.get().policy }),
    }),
    route({
      method: 'post',
      path: '/admin/policy',
      tag: 'admin',
      summary: 'Publish a new SLA policy version',
      roles: ['admin'],
      body: policySchema,
      responses: {
        200: { description: 'Published; its version', body: published },
        400: 'Invalid policy',
        422: 'Settings out of their sane range, each named',
      },
      handle: async ({ actor, body }) => {
        const outOfRange = policyOutOfRange(body);
        if (outOfRange.length) {
          throw new HttpProblem(422, 'rule_violated', 'Policy settings out of range; nothing was published', {
            errors: outOfRange.map((p) => ({ field: `body.${p.field}`, message: p.message })),
          });
        }
        return changed(await publishPolicy(db, body, actor.id), {});
      },
    }),
    route({
      method: 'get',
      path: '/admin/calendar',
      tag: 'admin',
      summary: 'The working-day calendar in force (holidays and 调休 make-up days)',
      roles: READERS,
      responses: { 200: { description: 'The merged calendar and its version', body: calendarBody } },
      handle: async () => ({
        status: 200,
        body: { version: reference.get().versions.calendar, calendar: reference.get().calendar },
      }),
    }),
    route({
      method: 'put',
      path: '/admin/calendar/:year',
      tag: 'admin',
      summary: 'Set one year of the calendar (e.g. once the State Council publishes it)',
      roles: ['admin'],
      params: z.strictObject({ year: z.coerce.number().int().min(2000).max(2100) }),
      body: z.strictObject({
        holidays: z.array(day).max(60),
        makeupWorkdays: z.array(day).max(20),
        source: text(300),
        provisional: z.boolean(),
      }),
      responses: {
        200: { description: 'Saved; the new calendar version', body: calendarSaved },
        400: 'Invalid body',
        422: 'Days outside the year or not weekends',
      },
      handle: async ({ actor, params, body }) => {
        const calendar = {
          holidays: [...new Set(body.holidays)].sort(),
          makeupWorkdays: [...new Set(body.makeupWorkdays)].sort(),
        };
        const problems = calendarProblems(params.year, calendar);
        if (problems.length) ruleProblem(new ReferenceRuleError(problems));
        const version = await upsertCalendarYear(db, params.year, calendar, body, actor.id);
        return changed(version, { year: params.year });
      },
    }),
    route({
      method: 'get',
      path: '/admin/referral-channels',
      tag: 'admin',
      summary: 'Referral channels (转办渠道) and their standard replies; operators read it to refer',
      roles: [...READERS, 'operator'],
      responses: { 200: { description: 'All channels, retired ones with retiredAt', body: referralChannelsBody } },
      handle: async () => {
        const { version, channels } = reference.get().referrals;
        const sorted = [...channels.values()].sort((a, b) => a.code.localeCompare(b.code));
        return { status: 200, body: { version, channels: sorted } };
      },
    }),
    route({
      method: 'put',
      path: '/admin/referral-channels/:code',
      tag: 'admin',
      summary: 'Create or change a referral channel (a retired one is back in use)',
      roles: ['admin'],
      params: z.strictObject({ code: referralChannelCode }),
      // The reply is bounded as a referral's own reply is, so the standard one always fits.
      body: z.strictObject({ name: text(50), reply: text(2000) }),
      responses: {
        200: { description: 'Saved; the new referral channels version', body: referralChannelSaved },
        400: 'Invalid body',
      },
      handle: async ({ actor, params, body }) => {
        const channel = { code: params.code, ...body };
        return changed(await upsertReferralChannel(db, channel, actor.id), { channel });
      },
    }),
    route({
      method: 'post',
      path: '/admin/referral-channels/:code/retire',
      tag: 'admin',
      summary: 'Retire a referral channel: no new referral may use it; orders referred through it keep its name',
      roles: ['admin'],
      params: z.strictObject({ code: referralChannelCode }),
      responses: {
        200: { description: 'Retired; the new referral channels version', body: referralChannelRetired },
        404: 'No such channel',
      },
      handle: async ({ actor, params }) => {
        const version = await retireReferralChannel(db, params.code, actor.id);
        if (version === null) throw notFound('referral channel');
        return changed(version, { channel: params.code, retired: true });
      },
    }),
    route({
      method: 'get',
      path: '/admin/versions/:kind',
      tag: 'admin',
      summary: 'Version history of a reference data set',
      roles: READERS,
      params: z.strictObject({ kind: z.enum(['units', 'catalogue', 'calendar', 'referrals']) }),
      responses: { 200: { description: 'Versions, newest first', body: versionsBody } },
      handle: async ({ params }) => ({
        status: 200,
        body: { kind: params.kind, versions: await versionHistory(db, params.kind) },
      }),
    }),
  ];
  return routes;
}
