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
import { calendarYearRows, policyVersions, versionHistory } from '../db/reference';
import { isWorkingDay } from '../domain/calendar';
import {
  HANDLING_CLASSES,
  LIMIT_UNITS,
  ORDER_TYPES,
  UNIT_KINDS,
  URGENCIES,
  type OrderType,
  type WorkCalendar,
} from '../domain/types';
import { RESOLUTION, SATISFACTION } from '../domain/order-view';
import { GOVERNANCE_DEFAULTS } from '../domain/policy';
import { CITIZEN_TEMPLATES } from '../domain/notifications';
import { FINDING_ACTIONS, REPLY_FINDING_CODES, type ReplyFindingCode } from '../domain/reply-quality';
import { policyOutOfRange } from '../domain/policy-bounds';
import { POLICY_SETTINGS } from '../domain/policy-settings';
import type { ReferenceCache } from '../db/reference-cache';
import { catalogueChanges, catalogueFromCsv, catalogueToCsv } from './catalogue-csv';
import type { FieldNames } from './http/field-names';
import { categoryCode, changeReason, day, referralChannelCode, text, unitCode } from './http/fields';
import { HttpProblem, notFound, type FieldError } from './http/problem';
import { route, type Route } from './http/route';
import {
  calendarBody,
  calendarSaved,
  calendarYearsBody,
  catalogueBody,
  catalogueChangesBody,
  catalogueImported,
  catalogueSaved,
  csvBody,
  policyBody,
  policyVersionsBody,
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
const replyLength = z.number().int().min(0).max(500);
const weight = z.number().min(0).max(1);
/** A time of day, China time. */
const hhmm = z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, 'must be HH:MM');

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
  notifications: z
    .strictObject({
      // Template versions are numbered 1, 2, … (domain/notifications): the range is the schema's own, so a
      // client reads it from the OpenAPI document.
      templates: z
        .number()
        .int()
        .min(1)
        .max(Math.max(...Object.keys(CITIZEN_TEMPLATES).map(Number))),
      quietHours: z.strictObject({ from: hhmm, to: hhmm }),
    })
    .default(GOVERNANCE_DEFAULTS.notifications),
  operatorLoad: z
    .strictObject({
      windowHours: z.number().int().min(1).max(24),
      abusiveCallsBeforeBreak: z.number().int().min(1).max(100),
    })
    .default(GOVERNANCE_DEFAULTS.operatorLoad),
  replyQuality: z
    .strictObject({
      minLength: z.strictObject(
        Object.fromEntries(ORDER_TYPES.map((t) => [t, replyLength])) as Record<OrderType, typeof replyLength>,
      ),
      templatePhrases: z.array(text(50)).max(500),
      promisePhrases: z.array(text(50)).max(200),
      recentReplies: z.number().int().min(0).max(2000),
      actions: z.strictObject(
        Object.fromEntries(REPLY_FINDING_CODES.map((c) => [c, z.enum(FINDING_ACTIONS)])) as Record<
          ReplyFindingCode,
          z.ZodEnum<{ warn: 'warn'; review: 'review' }>
        >,
      ),
    })
    .default(GOVERNANCE_DEFAULTS.replyQuality),
  inspection: z
    .strictObject({ ordersPerUnit: count, intakesPerOperator: count })
    .default(GOVERNANCE_DEFAULTS.inspection),
  photos: z
    .strictObject({
      maxBytes: z
        .number()
        .int()
        .min(1)
        .max(50 * 1024 * 1024),
      maxPerOrder: count.min(1),
    })
    .default(GOVERNANCE_DEFAULTS.photos),
  hotspots: z
    .strictObject({
      minCount: count.min(1),
      alpha: z.number().gt(0).lt(1),
      baselineWeeks: count.min(1).max(52),
    })
    .default(GOVERNANCE_DEFAULTS.hotspots),
  structural: z
    .strictObject({ minMonths: count.min(1).max(24), lookbackMonths: count.min(1).max(24) })
    .default(GOVERNANCE_DEFAULTS.structural),
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
function calendarProblems(year: number, cal: WorkCalendar): FieldError[] {
  const problems: FieldError[] = [];
  for (const field of ['holidays', 'makeupWorkdays'] as const) {
    for (const d of cal[field])
      if (!d.startsWith(`${year}-`)) problems.push({ field: `body.${field}`, message: `${d} is not in ${year}` });
  }
  const makeup = (message: string) => problems.push({ field: 'body.makeupWorkdays', message });
  for (const d of cal.makeupWorkdays) {
    if (isWorkingDay(d, { holidays: [], makeupWorkdays: [] })) makeup(`${d} is a weekday: not a make-up working day`);
    if (cal.holidays.includes(d)) makeup(`${d} is both a holiday and a make-up working day`);
  }
  return problems;
}

const REASON: FieldNames = { 'body.reason': '变更原因', 'query.reason': '变更原因' };
const UNIT_FIELDS: FieldNames = {
  ...REASON,
  'path.code': '单位代码',
  body: '单位',
  'body.name': '单位名称',
  'body.kind': '单位类型',
  'body.parentCode': '上级单位',
  'body.isBackstop': '兜底单位',
  'body.contact.dutyPhone': '值班电话',
  'body.contact.email': '电子邮箱',
  'body.contact.liaison': '值班联系人',
};
/** A category's fields, also by their CSV columns (`body.row[3].lead_unit` is row 3's lead unit). */
const CATEGORY_FIELDS: FieldNames = {
  ...REASON,
  'path.code': '分类代码',
  body: '派单目录文件',
  'body.code': '分类代码',
  'body.name': '分类名称',
  'body.leadUnit': '牵头单位',
  'body.lead_unit': '牵头单位',
  'body.assistingUnits': '协办单位',
  'body.assisting_units': '协办单位',
  'body.defaultUrgency': '默认紧急程度',
  'body.default_urgency': '默认紧急程度',
  'body.handlingClass': '办理类别',
  'body.handling_class': '办理类别',
  'body.handlingLimit': '办理时限',
  'body.handling_limit': '办理时限',
  'query.basedOn': '预览时的目录版本',
};
export const POLICY_FIELDS: FieldNames = {
  ...REASON,
  ...Object.fromEntries(POLICY_SETTINGS.map((s) => [`body.${s.path}`, s.name])),
  body: '政策',
  'body.handlingLimits': '办理时限',
  'body.kpiWeights': '考核权重',
};
const CALENDAR_FIELDS: FieldNames = {
  ...REASON,
  'path.year': '年份',
  'body.holidays': '放假日',
  'body.makeupWorkdays': '调休上班日',
  'body.source': '依据',
  'body.provisional': '暂定',
};
const CHANNEL_FIELDS: FieldNames = {
  ...REASON,
  'path.code': '渠道代码',
  'body.name': '渠道名称',
  'body.reply': '标准答复',
};

/** A catalogue file as the import takes it: the whole list. */
const csvText = z.string().min(1).max(1_000_000);

export function adminRoutes(deps: { db: Db; reference: ReferenceCache }): Route[] {
  const { db, reference } = deps;
  /** The file's categories, or 422 naming every row and column at fault (nothing is imported). */
  const importedCatalogue = (csv: string) => {
    const { entries, errors } = catalogueFromCsv(csv, new Set(reference.get().units.keys()));
    if (errors.length)
      throw new HttpProblem(422, 'rule_violated', 'The CSV has problems; nothing was imported', { errors });
    return entries;
  };
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
        reason: changeReason,
      }),
      responses: {
        200: { description: 'Saved; the new units version', body: unitSaved },
        400: 'Invalid body',
        422: 'Breaks the unit tree',
      },
      fieldNames: UNIT_FIELDS,
      handle: async ({ actor, params, body: { reason, ...fields } }) => {
        const unit = { code: params.code, ...fields };
        const version = await upsertUnit(db, unit, actor.id, reason).catch(ruleProblem);
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
        reason: changeReason,
      }),
      responses: {
        200: { description: 'Saved; the new catalogue version', body: catalogueSaved },
        400: 'Invalid body',
        422: 'Unknown unit',
      },
      fieldNames: CATEGORY_FIELDS,
      handle: async ({ actor, params, body: { reason, ...fields } }) => {
        const units = reference.get().units;
        const unknown = (field: string, codes: string[]) =>
          codes.filter((u) => !units.has(u)).map((u) => ({ field: `body.${field}`, message: `unknown unit ${u}` }));
        const errors = [...unknown('leadUnit', [fields.leadUnit]), ...unknown('assistingUnits', fields.assistingUnits)];
        if (errors.length) throw new HttpProblem(422, 'rule_violated', 'Unknown unit', { errors });
        const entry = { code: params.code, ...fields };
        return changed(await upsertCatalogueEntry(db, entry, actor.id, reason), { entry });
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
      query: z.strictObject({
        reason: changeReason,
        basedOn: z.coerce
          .number()
          .int()
          .min(0)
          .optional()
          .meta({ description: 'The catalogue version previewed: refused (409) if the catalogue has changed since' }),
      }),
      body: csvText,
      responses: {
        200: { description: 'Imported; the new catalogue version', body: catalogueImported },
        400: 'Not CSV',
        409: 'The catalogue changed since the version previewed',
        422: 'Rows with problems, each named',
      },
      fieldNames: CATEGORY_FIELDS,
      handle: async ({ actor, query, body }) => {
        const entries = importedCatalogue(body);
        if (query.basedOn !== undefined && query.basedOn !== reference.get().versions.catalogue) {
          throw new HttpProblem(409, 'wrong_state', '派单目录在预览之后已被修改，请重新预览后再导入', {
            errors: [{ field: 'query.basedOn', message: '派单目录在预览之后已被修改，请重新预览' }],
          });
        }
        return changed(await replaceCatalogue(db, entries, actor.id, query.reason), { imported: entries.length });
      },
    }),
    route({
      method: 'post',
      path: '/admin/catalogue.csv/preview',
      tag: 'admin',
      summary: 'Preview a catalogue CSV import: every category it would add, change or remove; changes nothing',
      roles: ['admin'],
      bodyType: 'text/csv',
      body: csvText,
      responses: {
        200: { description: 'The changes the import would make', body: catalogueChangesBody },
        400: 'Not CSV',
        422: 'Rows with problems, each named',
      },
      fieldNames: CATEGORY_FIELDS,
      handle: async ({ body }) => {
        const { catalogue, versions } = reference.get();
        const changes = catalogueChanges([...catalogue.values()], importedCatalogue(body));
        return { status: 200, body: { version: versions.catalogue, ...changes } };
      },
    }),
    route({
      method: 'get',
      path: '/admin/policy',
      tag: 'admin',
      summary: 'The SLA policy new orders start under, and its history',
      // The manager drafts candidates from it for the policy preview (政策预演).
      roles: [...READERS, 'manager'],
      responses: { 200: { description: 'Current policy', body: policyBody } },
      handle: async () => ({ status: 200, body: reference.get().policy }),
    }),
    route({
      method: 'post',
      path: '/admin/policy',
      tag: 'admin',
      summary: 'Publish a new SLA policy version',
      roles: ['admin'],
      body: policySchema.extend({ reason: changeReason }),
      responses: {
        200: { description: 'Published; its version', body: published },
        400: 'Invalid policy',
        422: 'Settings out of their sane range, each named',
      },
      fieldNames: POLICY_FIELDS,
      handle: async ({ actor, body: { reason, ...policy } }) => {
        const outOfRange = policyOutOfRange(policy);
        if (outOfRange.length) {
          throw new HttpProblem(422, 'rule_violated', 'Policy settings out of range; nothing was published', {
            errors: outOfRange.map((p) => ({ field: `body.${p.field}`, message: p.message })),
          });
        }
        return changed(await publishPolicy(db, policy, actor.id, reason), {});
      },
    }),
    route({
      method: 'get',
      path: '/admin/policy/versions',
      tag: 'admin',
      summary: 'Every SLA policy version, newest first, with who published it and why',
      roles: READERS,
      responses: { 200: { description: 'Versions and the one in force', body: policyVersionsBody } },
      handle: async () => ({
        status: 200,
        body: { inForce: reference.get().policy.version, versions: await policyVersions(db) },
      }),
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
      method: 'get',
      path: '/admin/calendar-years',
      tag: 'admin',
      summary: 'The calendar year by year: holidays, 调休 make-up days, the source and whether it is provisional',
      roles: READERS,
      responses: { 200: { description: 'Every year the calendar holds', body: calendarYearsBody } },
      handle: async () => ({
        status: 200,
        body: {
          version: reference.get().versions.calendar,
          years: (await calendarYearRows(db)).map(({ year, calendar, source, provisional }) => ({
            year,
            ...calendar,
            source,
            provisional,
          })),
        },
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
        reason: changeReason,
      }),
      responses: {
        200: { description: 'Saved; the new calendar version', body: calendarSaved },
        400: 'Invalid body',
        422: 'Days outside the year or not weekends',
      },
      fieldNames: CALENDAR_FIELDS,
      handle: async ({ actor, params, body }) => {
        const calendar = {
          holidays: [...new Set(body.holidays)].sort(),
          makeupWorkdays: [...new Set(body.makeupWorkdays)].sort(),
        };
        const problems = calendarProblems(params.year, calendar);
        if (problems.length) {
          throw new HttpProblem(422, 'rule_violated', 'Days outside the year or not weekends', { errors: problems });
        }
        const version = await upsertCalendarYear(db, params.year, calendar, body, actor.id, body.reason);
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
      body: z.strictObject({ name: text(50), reply: text(2000), reason: changeReason }),
      responses: {
        200: { description: 'Saved; the new referral channels version', body: referralChannelSaved },
        400: 'Invalid body',
      },
      fieldNames: CHANNEL_FIELDS,
      handle: async ({ actor, params, body: { reason, ...fields } }) => {
        const channel = { code: params.code, ...fields };
        return changed(await upsertReferralChannel(db, channel, actor.id, reason), { channel });
      },
    }),
    route({
      method: 'post',
      path: '/admin/referral-channels/:code/retire',
      tag: 'admin',
      summary: 'Retire a referral channel: no new referral may use it; orders referred through it keep its name',
      roles: ['admin'],
      params: z.strictObject({ code: referralChannelCode }),
      body: z.strictObject({ reason: changeReason }),
      responses: {
        200: { description: 'Retired; the new referral channels version', body: referralChannelRetired },
        404: 'No such channel',
      },
      fieldNames: CHANNEL_FIELDS,
      handle: async ({ actor, params, body }) => {
        const version = await retireReferralChannel(db, params.code, actor.id, body.reason);
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
      params: z.strictObject({ kind: z.enum(['units', 'catalogue', 'calendar', 'referrals', 'kb']) }),
      responses: { 200: { description: 'Versions, newest first', body: versionsBody } },
      handle: async ({ params }) => ({
        status: 200,
        body: { kind: params.kind, versions: await versionHistory(db, params.kind) },
      }),
    }),
  ];
  return routes;
}
