/**
 * Response body schemas of the routes that answer with something other than an order (./views has the
 * order's): reference data, knowledge base, fairness reviews, KPIs, lists, health. Instants are RFC 3339
 * strings, as everywhere in the API (./views). Nested figures and settings whose shape is another
 * module's (the SLA policy, KPI counts) are open objects here: their own schemas validate them on input.
 */
import { z } from 'zod';
import { CLOSURE_CODES, ORDER_STATES, ROLES, SLA_STATES } from '../domain/order';
import { CLOCK_KINDS } from '../domain/clock';
import { CHANNELS, HANDLING_CLASSES, LIMIT_UNITS, ORDER_TYPES, UNIT_KINDS, URGENCIES } from '../domain/types';
import { CONTACT_VISIBILITY } from '../domain/citizen-visibility';
import { REPLY_FINDING_CODES } from '../domain/reply-quality';
import { INSPECTION_ACTIONS, INSPECTION_KINDS } from '../domain/inspection';
import { PHOTO_TYPES } from '../domain/photos';
import { CATALOGUE_FIELDS } from './catalogue-csv';
import { clockSchema, instant, orderSchema } from './views';

const version = z.int().min(0);
const limit = z.object({ unit: z.enum(LIMIT_UNITS), amount: z.number() });
const unit = z.object({
  code: z.string(),
  name: z.string(),
  kind: z.enum(UNIT_KINDS),
  parentCode: z.string().nullable(),
  isBackstop: z.boolean(),
  contact: z.looseObject({}).optional(),
});
const catalogueEntry = z.object({
  code: z.string(),
  name: z.string(),
  leadUnit: z.string(),
  assistingUnits: z.array(z.string()),
  defaultUrgency: z.enum(URGENCIES),
  handlingClass: z.enum(HANDLING_CLASSES),
  handlingLimit: limit.nullable(),
});
const calendar = z.object({ holidays: z.array(z.iso.date()), makeupWorkdays: z.array(z.iso.date()) });
const referralChannel = z.object({
  code: z.string(),
  name: z.string(),
  reply: z.string(),
  retiredAt: instant.nullable(),
});

export const unitsBody = z.object({ version, units: z.array(unit) });
export const unitSaved = z.object({ version, unit });
export const catalogueBody = z.object({ version, entries: z.array(catalogueEntry) });
export const catalogueSaved = z.object({ version, entry: catalogueEntry });
export const catalogueImported = z.object({ version, imported: z.int() });
export const csvBody = z.string().meta({ description: 'CSV with a header line' });
export const policyBody = z
  .looseObject({ version })
  .meta({ description: 'The SLA policy (its settings as published)' });
export const published = z.object({ version });
export const calendarBody = z.object({ version, calendar });
export const calendarSaved = z.object({ version, year: z.int() });
export const referralChannelsBody = z.object({ version, channels: z.array(referralChannel) });
export const referralChannelSaved = z.object({
  version,
  channel: z.object({ code: z.string(), name: z.string(), reply: z.string() }),
});
export const referralChannelRetired = z.object({ version, channel: z.string(), retired: z.literal(true) });
export const versionsBody = z.object({
  kind: z.string(),
  versions: z.array(
    z.object({
      version,
      publishedAt: instant,
      publishedBy: z.string(),
      note: z.string().nullable(),
      reason: z.string().nullable().meta({ description: 'Why, as the administrator wrote it' }),
    }),
  ),
});
export const catalogueChangesBody = z.object({
  version: version.meta({ description: 'The catalogue version the file was compared with' }),
  added: z.array(catalogueEntry),
  changed: z.array(
    z.object({
      before: catalogueEntry,
      after: catalogueEntry,
      fields: z.array(z.enum(CATALOGUE_FIELDS)),
    }),
  ),
  removed: z.array(catalogueEntry),
  unchanged: z.int(),
});
export const policyVersionsBody = z.object({
  inForce: version,
  versions: z.array(
    z.object({
      version,
      publishedAt: instant,
      publishedBy: z.string(),
      reason: z.string().nullable(),
      policy: z.looseObject({}).meta({ description: 'Its settings, with the defaults of settings added since' }),
    }),
  ),
});
export const calendarYearsBody = z.object({
  version,
  years: z.array(calendar.extend({ year: z.int(), source: z.string(), provisional: z.boolean() })),
});

export const kbHits = z.object({
  hits: z.array(z.object({ code: z.string(), title: z.string(), score: z.number() })),
});
export const kbArticle = z.object({
  code: z.string(),
  title: z.string(),
  body: z.string(),
  category: z.string(),
  keywords: z.array(z.string()),
  validFrom: z.iso.date(),
  validTo: z.iso.date().nullable(),
});
export const kbArticleWithValidity = kbArticle.extend({ inForce: z.boolean() });
export const kbArticlesBody = z.object({
  articles: z.array(kbArticleWithValidity.omit({ body: true })),
  topics: z
    .array(z.object({ code: z.string(), name: z.string() }))
    .meta({ description: 'Consultation topics an article may belong to besides the catalogue’s categories' }),
});
const knowledgeGap = z.object({
  id: z.int(),
  orderId: z.string().nullable(),
  question: z.string(),
  category: z.string().nullable(),
  unit: z.string(),
  status: z.enum(['open', 'answered']),
  articleCode: z.string().nullable(),
  createdBy: z.string(),
  createdAt: instant,
});
export const knowledgeGapBody = knowledgeGap;
export const knowledgeGaps = z.object({ items: z.array(knowledgeGap) });
export const repeatCandidate = z.object({
  orderId: z.string(),
  state: z.enum(ORDER_STATES),
  leadUnit: z.string().nullable(),
  confidence: z.number(),
  reasons: z.array(z.string()),
  distanceMeters: z.number().nullable(),
});
export const repeatCandidates = z.object({ orderId: z.string(), candidates: z.array(repeatCandidate) });
const review = z.object({
  id: z.int(),
  orderId: z.string(),
  visitSeq: z.int(),
  requesterHash: z.string(),
  unit: z.string().nullable(),
  status: z.enum(['pending', 'upheld', 'not_attributable']),
  reason: z.string().nullable(),
  reviewerId: z.string().nullable(),
  createdAt: instant,
  decidedAt: instant.nullable(),
});
export const reviewBody = review;
export const reviews = z.object({ items: z.array(review) });
/** 质检: a finding on a reply, with what the unit is told. */
export const qualityFinding = z.object({
  code: z.enum(REPLY_FINDING_CODES),
  message: z.string(),
});
export const qualityReviews = z.object({
  items: z.array(
    z.object({
      id: z.int(),
      orderId: z.string(),
      seq: z.int().meta({ description: 'The completion’s audit event' }),
      unit: z.string().nullable(),
      codes: z.array(z.enum(REPLY_FINDING_CODES)),
      findings: z.array(qualityFinding),
      request: z.string().nullable().meta({ description: 'The request as the order holds it (no contact)' }),
      reply: z.string().nullable().meta({ description: 'The unit’s reply under review' }),
      categoryName: z.string().nullable(),
      status: z.enum(['pending', 'cleared', 'returned']),
      reason: z.string().nullable(),
      reviewerId: z.string().nullable(),
      createdAt: instant,
      decidedAt: instant.nullable(),
    }),
  ),
});

/** 抽查: an item of the week's sample, with what the inspector judges (no citizen contact). */
const inspectionItem = z.object({
  id: z.int(),
  kind: z.enum(INSPECTION_KINDS),
  orderId: z.string(),
  subject: z.string().meta({ description: 'The unit (order) or operator (intake) judged' }),
  status: z.enum(['pending', 'scored']),
  scores: z.record(z.string(), z.number()).nullable(),
  mean: z.number().nullable(),
  comment: z.string().nullable(),
  action: z.enum(INSPECTION_ACTIONS).nullable(),
  followUpOrderId: z.string().nullable().meta({ description: '重办: the new order on the same request' }),
});
export const inspectionItemBody = inspectionItem.extend({
  inspectorId: z.string().nullable(),
  scoredAt: instant.nullable(),
});
export const inspectionItems = z.object({
  items: z.array(
    inspectionItem.extend({
      week: z.string().meta({ description: 'The China-time Monday of the week drawn' }),
      orderType: z.enum(ORDER_TYPES).nullable(),
      categoryName: z.string().nullable(),
      request: z.string().nullable(),
      reply: z.string().nullable(),
      leadUnit: z.string().nullable(),
      closureCode: z.string().nullable(),
      slaState: z.string().nullable(),
      receivedAt: instant.nullable(),
      closedAt: instant.nullable(),
    }),
  ),
});
export const supervisionCases = z.object({
  items: z.array(
    z.object({
      id: z.int(),
      unit: z.string(),
      orderId: z.string(),
      inspectionItemId: z.int(),
      reason: z.string(),
      openedBy: z.string(),
      openedAt: instant,
    }),
  ),
});

const rate = z.number().nullable();
export const kpiFigures = z.looseObject({
  orders: z.int(),
  onTimeResponseRate: rate,
  onTimeHandlingRate: rate,
  directAnswerRate: rate,
  satisfactionRate: rate,
  resolutionRate: rate,
  reopenRate: rate,
  returnRate: rate,
  qualityFlagRate: rate,
  dispatchAccuracyRate: rate,
  averageHandlingHours: rate,
  composite: rate,
  counts: z.record(z.string(), z.number()),
});
export const kpisBody = z.object({
  groupBy: z.enum(['unit', 'category', 'centre']),
  from: z.string(),
  to: z.string(),
  rows: z.array(z.object({ group: z.string(), raw: kpiFigures, adjusted: kpiFigures })),
  inspection: z
    .array(z.object({ unit: z.string(), inspected: z.int(), meanScore: z.number() }))
    .meta({ description: '抽查得分 per unit in the period (grouped by unit only): orders scored and their mean, 1–5' }),
  weights: z
    .record(z.string(), z.number())
    .meta({ description: 'The composite’s weights (the SLA policy’s kpiWeights), by rate without “Rate”' }),
});
/** The outcome rows behind a unit's rate: one per counted outcome, `total` of them in the period. */
export const kpiOutcomesPage = z.object({
  total: z.int().meta({ description: 'How many outcomes the numerator or denominator counts in the period' }),
  items: z.array(
    z.object({
      orderId: z.string(),
      seq: z.int().meta({ description: 'The audit event the outcome is dated at' }),
      outcome: z.string().meta({ description: 'The count it adds to (responseOnTime, ratedVisits, …)' }),
      at: instant,
      category: z.string().nullable(),
    }),
  ),
  nextCursor: z.string().nullable(),
});

/**
 * What lists show of an order: enough to triage — the request's first words, the live clocks, why it was
 * escalated or returned — and no contact of the citizen.
 */
export const orderListItem = z.object({
  orderId: z.string(),
  orderType: z.enum(ORDER_TYPES),
  channel: z.enum(CHANNELS),
  category: z.string().nullable(),
  urgency: z.enum(URGENCIES),
  state: z.enum(ORDER_STATES),
  closureCode: z.enum(CLOSURE_CODES).nullable(),
  slaState: z.enum(SLA_STATES),
  escalationLevel: z.int(),
  leadUnit: z.string().nullable(),
  assistingUnits: z.array(z.string()),
  receivedAt: instant,
  responseDueAt: instant.nullable(),
  handlingDueAt: instant.nullable(),
  closedAt: instant.nullable(),
  updatedAt: instant,
  summary: z.string().nullable().meta({ description: 'The first 60 characters of the request' }),
  categoryName: z.string().nullable(),
  place: z.string().nullable().meta({ description: 'The address of the matter (事发地址)' }),
  clocks: z.array(
    clockSchema.pick({ kind: true, subject: true, dueAt: true, remainingMs: true, paused: true, slaState: true }),
  ),
  escalationCause: z.string().nullable().meta({ description: 'Why the order last went up the ladder' }),
  returnReason: z
    .string()
    .nullable()
    .meta({ description: 'The lead unit’s reason, while a return waits for a ruling' }),
  pendingExtension: z.object({ newDueAt: instant, reason: z.string() }).nullable(),
  visitAttempts: z.int(),
});
export const orderPage = z.object({ items: z.array(orderListItem), nextCursor: z.string().nullable() });
/** A held order (no unit yet) with the open order it most likely repeats, for 并单 in one click. */
export const heldPage = z.object({
  items: z.array(
    orderListItem.extend({
      repeatOf: z.object({ orderId: z.string(), confidence: z.number() }).nullable(),
    }),
  ),
  nextCursor: z.string().nullable(),
});
/** How many orders each queue holds; a list's states when it counts by state. */
export const queueCounts = z.object({ counts: z.record(z.string(), z.int()) });
export const inboxCounts = z.object({ lead: z.record(z.string(), z.int()), assisting: z.record(z.string(), z.int()) });
/** Who did something: role, user and unit, as tokens carry them. */
const actor = z.object({ role: z.string(), id: z.string(), unit: z.string().nullable() });

export const auditBody = z.object({
  orderId: z.string(),
  events: z.array(
    z.object({
      seq: z.int(),
      type: z.string(),
      at: instant,
      actor,
      reason: z.string().nullable(),
      data: z.looseObject({}).meta({ description: "The event's data; its instants RFC 3339" }),
    }),
  ),
});
export const privacyLogPage = z.object({
  items: z.array(
    z.looseObject({
      id: z.int(),
      orderId: z.string(),
      at: instant,
      actor,
    }),
  ),
  nextCursor: z.string().nullable(),
});

export const publicStatus = z.object({
  orderId: z.string(),
  state: z.string(),
  label: z.string(),
  referral: z.object({ channel: z.string().nullable(), advice: z.string().nullable() }).optional(),
  receivedAt: instant,
  handlingUnit: z.string().nullable(),
  nextStepDueAt: instant.nullable(),
  replies: z.array(z.object({ text: z.string(), at: instant })),
  closedAt: instant.nullable(),
  /** The unit's after-photos (办结照片), served by /public/orders/{orderId}/photos/{id} with the same code. */
  photos: z.array(z.object({ id: z.int(), contentType: z.enum(PHOTO_TYPES) })),
});

export const liveness = z.object({ status: z.literal('ok') });
export const readiness = z.object({
  status: z.enum(['ready', 'unavailable']),
  checks: z.object({ temporal: z.boolean(), database: z.boolean() }),
});
export const openApiDocument = z.looseObject({ openapi: z.string() });

/** An order as the order routes answer with it: the contact as the caller may see it, and for coordinators the fairness flag. */
export const orderAnswer = orderSchema.extend({
  citizenVisibility: z.enum(CONTACT_VISIBILITY).optional(),
  deadlineWindow: z
    .object({
      current: instant.nullable(),
      latest: instant,
      maxExtension: limit,
      daysOff: z.array(z.iso.date()),
    })
    .optional()
    .meta({
      description:
        'For the lead unit and coordinators: how far the handling deadline may move (the longest extension on the working calendar) and the China-time days off until then',
    }),
  requesterFlag: z.looseObject({ flagged: z.boolean() }).nullable().optional(),
});
/** Intake's answer: the order, the citizen's verification code, and what intake found of repeats. */
export const createdOrder = orderAnswer.extend({
  verificationCode: z.string().regex(/^\d{6}$/),
  repeatCandidates: z.array(repeatCandidate).nullable().optional(),
  dispatchHeld: z.object({ leadUnit: z.string().nullable(), assistingUnits: z.array(z.string()) }).optional(),
});
export const reissuedCode = orderAnswer.extend({ verificationCode: z.string().regex(/^\d{6}$/) });

/** What intake would do with a request now: dispatch, limits, the clocks' due instants and repeat candidates. */
export const intakePreview = z.object({
  urgency: z.enum(URGENCIES),
  leadUnit: z.string().nullable(),
  assistingUnits: z.array(z.string()),
  limits: z.object({ response: limit, handling: limit.nullable() }),
  clocks: z.array(z.object({ kind: z.enum(CLOCK_KINDS), subject: z.string().nullable(), dueAt: instant.nullable() })),
  repeatCandidates: z.array(repeatCandidate),
});

/** The reference data a console shows names from. */
export const lookupsBody = z.object({
  units: z.array(z.object({ code: z.string(), name: z.string(), kind: z.string() })),
  categories: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      leadUnit: z.string(),
      assistingUnits: z.array(z.string()),
      defaultUrgency: z.enum(URGENCIES),
    }),
  ),
  referralChannels: z.array(z.object({ code: z.string(), name: z.string(), reply: z.string() })),
});
/**
 * One server-sent event of GET /live, as a client parses it (the schema applies to each event of the stream,
 * which never ends): `ready` once with data `{}`, then `order` with data `{"orderId","state"}` as JSON text.
 */
export const eventStream = z.object({
  event: z.enum(['ready', 'order']),
  data: z.string(),
  retry: z.number().int().optional(),
});

const demoUser = z.object({ sub: z.string(), role: z.enum(ROLES), unit: z.string().nullable() });
export const demoUsers = z.object({ users: z.array(demoUser.extend({ unitName: z.string().nullable() })) });
export const demoSignIn = z.object({ token: z.string(), user: demoUser });
