/**
 * The one source of truth for the database: tables, row types and the migrations drizzle-kit generates.
 * Reference data (units, catalogue, calendar, policy, knowledge base), the order read model and the
 * append-only audit trail.
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  customType,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import type { DispatchMetrics, DispatchModel } from '../domain/dispatch-suggest';
import type { OutcomeName } from '../domain/kpi';
import type { InspectionAction, InspectionKind, Population } from '../domain/inspection';
import type { ReplyFindingCode } from '../domain/reply-quality';
import type { UnitNoticeKind } from '../domain/notifications';
import type { PhotoKind, PhotoType } from '../domain/photos';
import type { CatalogueEntry, Limit, SlaPolicy, UnitContact, UnitKind, WorkCalendar } from '../domain/types';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const units = pgTable('units', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  kind: text('kind').$type<UnitKind>().notNull(),
  parentCode: text('parent_code'),
  isBackstop: boolean('is_backstop').notNull().default(false),
  contact: jsonb('contact').$type<UnitContact>().notNull().default({}),
});

/** 派单目录: category → lead unit, assisting units, default urgency and handling class. */
export const catalogueEntries = pgTable('catalogue_entries', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  leadUnit: text('lead_unit')
    .notNull()
    .references(() => units.code),
  assistingUnits: jsonb('assisting_units').$type<string[]>().notNull().default([]),
  defaultUrgency: text('default_urgency').$type<CatalogueEntry['defaultUrgency']>().notNull(),
  handlingClass: text('handling_class').$type<CatalogueEntry['handlingClass']>().notNull(),
  handlingLimit: jsonb('handling_limit').$type<Limit | null>(),
});

/** The official working-day calendar, one row per year (statutory holidays and 调休 make-up days). */
export const calendarYears = pgTable('calendar_years', {
  year: integer('year').primaryKey(),
  calendar: jsonb('calendar').$type<WorkCalendar>().notNull(),
  source: text('source').notNull(),
  provisional: boolean('provisional').notNull().default(false),
});

/** SLA policy versions; the highest version is the one new orders start under. */
export const slaPolicies = pgTable('sla_policies', {
  version: serial('version').primaryKey(),
  policy: jsonb('policy').$type<Omit<SlaPolicy, 'version'>>().notNull(),
  publishedAt: ts('published_at').notNull().defaultNow(),
  publishedBy: text('published_by').notNull(),
  /** Why the administrator published it, as they wrote it (null: published by a script or before it was asked). */
  reason: text('reason'),
});

/**
 * Every published state of a reference data set (units, catalogue, calendar, referral channels), numbered per
 * kind, so an order's audit trail can name the version it started under and a disputed figure can be re-derived.
 * SLA policies are versioned in their own table.
 */
export const referenceVersions = pgTable(
  'reference_versions',
  {
    id: serial('id').primaryKey(),
    kind: text('kind').$type<'units' | 'catalogue' | 'calendar' | 'referrals' | 'kb'>().notNull(),
    version: integer('version').notNull(),
    snapshot: jsonb('snapshot').$type<unknown>().notNull(),
    publishedAt: ts('published_at').notNull().defaultNow(),
    publishedBy: text('published_by').notNull(),
    /** What changed, as the system describes it (`unit CGJ`). */
    note: text('note'),
    /** Why, as the administrator wrote it (null: a seed, a script, or a change made before it was asked). */
    reason: text('reason'),
  },
  (t) => [uniqueIndex('reference_versions_kind_version_idx').on(t.kind, t.version)],
);

export const kbArticles = pgTable('kb_articles', {
  code: text('code').primaryKey(),
  title: text('title').notNull(),
  body: text('body').notNull(),
  category: text('category').notNull(),
  keywords: jsonb('keywords').$type<string[]>().notNull(),
  validFrom: date('valid_from').notNull(),
  validTo: date('valid_to'),
});

/**
 * 转办渠道: where a request outside the hotline's remit is referred, with the standard reply the citizen is
 * given. A channel orders were referred through is retired, never deleted, so their status pages still name it.
 */
export const referralChannels = pgTable('referral_channels', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  reply: text('reply').notNull(),
  /** Set: no longer offered for new referrals. */
  retiredAt: ts('retired_at'),
});
export type ReferralChannelRow = typeof referralChannels.$inferSelect;

/**
 * Read model of every order, written only by the order workflow's activities. `lastSeq` is the audit
 * sequence the row reflects, so a late retry of an older write never overwrites a newer state.
 * Citizen contact details live in `citizen` (never in a searchable column); `requesterHash` is a keyed
 * hash of the phone number used to find repeat contacts.
 */
export const orders = pgTable(
  'orders',
  {
    orderId: text('order_id').primaryKey(),
    orderType: text('order_type').notNull(),
    channel: text('channel').notNull(),
    category: text('category'),
    urgency: text('urgency').notNull(),
    state: text('state').notNull(),
    closureCode: text('closure_code'),
    slaState: text('sla_state').notNull(),
    escalationLevel: integer('escalation_level').notNull().default(0),
    leadUnit: text('lead_unit'),
    assistingUnits: jsonb('assisting_units').$type<string[]>().notNull().default([]),
    policyVersion: integer('policy_version').notNull(),
    requesterHash: text('requester_hash'),
    /** Where the matter is (a pothole, a noisy site) — for repeat detection, not the citizen's address. */
    lat: doublePrecision('lat'),
    lng: doublePrecision('lng'),
    /** 地点: the community or road the address of the matter names (domain/hotspots placeAnchor), for 每月一题. */
    place: text('place'),
    /** NULL once retention anonymised the order (db/privacy). */
    citizen: jsonb('citizen').$type<Record<string, unknown>>(),
    snapshot: jsonb('snapshot').$type<Record<string, unknown>>().notNull(),
    receivedAt: ts('received_at').notNull(),
    responseDueAt: ts('response_due_at'),
    handlingDueAt: ts('handling_due_at'),
    closedAt: ts('closed_at'),
    updatedAt: ts('updated_at').notNull(),
    lastSeq: integer('last_seq').notNull(),
  },
  (t) => [
    index('orders_lead_unit_state_idx').on(t.leadUnit, t.state),
    index('orders_state_idx').on(t.state, t.receivedAt),
    index('orders_requester_idx').on(t.requesterHash, t.receivedAt),
    index('orders_received_idx').on(t.receivedAt, t.orderId),
    // /orders?leadUnit= and ?category=, newest first: a unit's or a category's share of a city's year is
    // a few percent, too thin to find by walking orders_received_idx (7–11 ms at 1,000,000 orders).
    index('orders_lead_unit_received_idx').on(t.leadUnit, t.receivedAt, t.orderId),
    index('orders_category_received_idx').on(t.category, t.receivedAt, t.orderId),
    // 每月一题 counts months per category and place over half a year without reading the orders themselves.
    index('orders_category_place_idx')
      .on(t.category, t.place, t.receivedAt)
      .where(sql`${t.place} is not null`),
    // Open orders nearest due first (inboxes, coordinators' queues) and the repeat lookup's pool: the
    // few thousand open orders, not the city's year of closed ones. Same expression as db/queries dueKey.
    index('orders_open_due_idx')
      .on(sql`coalesce(least(${t.responseDueAt}, ${t.handlingDueAt}), 'infinity'::timestamptz)`, t.orderId)
      .where(sql`${t.state} <> 'closed'`),
    // Closed orders whose contact retention has still to anonymise (db/privacy): NULL citizen = done.
    index('orders_retention_idx')
      .on(t.closedAt)
      .where(sql`${t.citizen} is not null and ${t.closedAt} is not null`),
  ],
);

/**
 * Append-only audit trail: every transition, clock event, escalation, action and override of an order,
 * numbered by the workflow (order id + seq) so a retried activity can never write an event twice.
 * A trigger in the migrations rejects UPDATE and DELETE.
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orderId: text('order_id').notNull(),
    seq: integer('seq').notNull(),
    type: text('type').notNull(),
    at: ts('at').notNull(),
    actorRole: text('actor_role').notNull(),
    actorId: text('actor_id').notNull(),
    actorUnit: text('actor_unit'),
    reason: text('reason'),
    data: jsonb('data')
      .$type<Record<string, unknown>>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    recordedAt: ts('recorded_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('audit_events_order_seq_idx').on(t.orderId, t.seq),
    index('audit_events_type_at_idx').on(t.type, t.at),
  ],
);

/**
 * The KPIs' outcome rows (domain/kpi `kpiOutcomes`): one per counted outcome of an order, keyed by the
 * seq of the event it is dated at and its count name, for the unit and category of that moment. Derived
 * from the audit trail by the one reducer and replaced in the transaction that appends the order's
 * events, so a KPI is a GROUP BY over a period; `npm run recompute` re-derives and compares every row.
 */
export const orderOutcomes = pgTable(
  'order_outcomes',
  {
    orderId: text('order_id').notNull(),
    seq: integer('seq').notNull(),
    name: text('name').$type<OutcomeName>().notNull(),
    at: ts('at').notNull(),
    unit: text('unit'),
    category: text('category'),
    /** A count, or milliseconds for `handlingMs`. */
    value: bigint('value', { mode: 'number' }).notNull(),
    /** The dissatisfied rating (its `visit_recorded` seq) whose review decides whether this outcome is adjusted away. */
    ratingSeq: integer('rating_seq'),
  },
  (t) => [primaryKey({ columns: [t.orderId, t.seq, t.name] }), index('order_outcomes_at_idx').on(t.at)],
);

export type OrderRow = typeof orders.$inferSelect;
export type AuditEventRow = typeof auditEvents.$inferSelect;

/**
 * Third-party review (Wuhan's volunteer-review model) of a dissatisfied rating from a flagged requester
 * on an order its unit completed on time: `not_attributable` takes the rating out of the adjusted KPIs.
 */
export const ratingReviews = pgTable(
  'rating_reviews',
  {
    id: serial('id').primaryKey(),
    orderId: text('order_id').notNull(),
    visitSeq: integer('visit_seq').notNull(),
    requesterHash: text('requester_hash').notNull(),
    unit: text('unit'),
    status: text('status').$type<'pending' | 'upheld' | 'not_attributable'>().notNull().default('pending'),
    reason: text('reason'),
    reviewerId: text('reviewer_id'),
    createdAt: ts('created_at').notNull().defaultNow(),
    decidedAt: ts('decided_at'),
  },
  (t) => [
    uniqueIndex('rating_reviews_order_visit_idx').on(t.orderId, t.visitSeq),
    index('rating_reviews_status_idx').on(t.status, t.id),
  ],
);
export type RatingReviewRow = typeof ratingReviews.$inferSelect;

/**
 * The outbox: what a reactor (projections/) sends out of the system for one audit event, written in the
 * transaction that appends the event and delivered by a Temporal workflow per subscriber
 * (workflows/outbox-delivery.ts), in id order, once: (subscriber, order, seq) is unique, and a row is
 * marked delivered in the receiver's own write when the receiver is this database.
 */
export const outbox = pgTable(
  'outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    subscriber: text('subscriber').notNull(),
    orderId: text('order_id').notNull(),
    seq: integer('seq').notNull(),
    /** What the receiver needs, never citizen data. */
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    deliveredAt: ts('delivered_at'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    /** Held until then (quiet hours for a citizen's SMS); the order's later entries wait behind it. */
    notBefore: ts('not_before'),
    /** Delivered without sending, and why (no phone left, no webhook configured); null when sent. */
    skipped: text('skipped'),
  },
  (t) => [
    uniqueIndex('outbox_subscriber_event_idx').on(t.subscriber, t.orderId, t.seq),
    index('outbox_pending_idx')
      .on(t.subscriber, t.id)
      .where(sql`${t.deliveredAt} is null`),
  ],
);
export type OutboxRow = typeof outbox.$inferSelect;

/**
 * A unit's own system told of its orders by signed webhook (docs/integration.md): the address and the
 * HMAC-SHA256 secret, set by the admin; the secret is shown once, when it is made.
 */
export const unitWebhooks = pgTable('unit_webhooks', {
  unit: text('unit')
    .primaryKey()
    .references(() => units.code),
  url: text('url').notNull(),
  secret: text('secret').notNull(),
  updatedBy: text('updated_by').notNull(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});
export type UnitWebhookRow = typeof unitWebhooks.$inferSelect;

/**
 * Open311 partners (api/open311/): systems that file requests for citizens (a city app, a mini-program),
 * each with its own api_key — only its SHA-256 is kept; the key is shown once, when it is made. A revoked
 * partner's key is refused from then on; its orders stay.
 */
export const open311Partners = pgTable('open311_partners', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  keyHash: text('key_hash').notNull().unique(),
  createdBy: text('created_by').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
  revokedAt: ts('revoked_at'),
});
export type Open311PartnerRow = typeof open311Partners.$inferSelect;

/** 站内通知: what a unit is told in the console (domain/notifications UNIT_NOTICE_KINDS), one per (order, event, unit). */
export const unitNotices = pgTable(
  'unit_notices',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    unit: text('unit').notNull(),
    orderId: text('order_id').notNull(),
    seq: integer('seq').notNull(),
    kind: text('kind').$type<UnitNoticeKind>().notNull(),
    at: ts('at').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('unit_notices_event_unit_idx').on(t.orderId, t.seq, t.unit),
    index('unit_notices_unit_idx').on(t.unit, t.id),
  ],
);

/** A consultation the knowledge base could not answer, handed to the responsible unit to write the answer. */
export const knowledgeGaps = pgTable(
  'knowledge_gaps',
  {
    id: serial('id').primaryKey(),
    orderId: text('order_id'),
    question: text('question').notNull(),
    category: text('category'),
    unit: text('unit')
      .notNull()
      .references(() => units.code),
    status: text('status').$type<'open' | 'answered'>().notNull().default('open'),
    articleCode: text('article_code'),
    createdBy: text('created_by').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('knowledge_gaps_unit_idx').on(t.unit, t.status, t.id)],
);

/** Kinds of the privacy log: a full view of a citizen's contact; an anonymisation by retention. */
export type PrivacyLogKind = 'contact_viewed' | 'anonymised';

/**
 * The privacy log (个人信息处理记录): who saw a citizen's contact in full (when, which order, as which role)
 * and which orders retention anonymised (the run, the setting applied). Never the contact itself.
 * A trigger in the migrations rejects UPDATE and DELETE.
 */
export const privacyLog = pgTable(
  'privacy_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    kind: text('kind').$type<PrivacyLogKind>().notNull(),
    orderId: text('order_id').notNull(),
    actorRole: text('actor_role').notNull(),
    actorId: text('actor_id').notNull(),
    actorUnit: text('actor_unit'),
    at: ts('at').notNull().defaultNow(),
    data: jsonb('data')
      .$type<Record<string, unknown>>()
      .notNull()
      .default(sql`'{}'::jsonb`),
  },
  (t) => [
    index('privacy_log_kind_idx').on(t.kind, t.id),
    index('privacy_log_order_idx').on(t.orderId, t.id),
    index('privacy_log_actor_idx').on(t.actorId, t.id),
  ],
);
export type PrivacyLogRow = typeof privacyLog.$inferSelect;

/**
 * Wrong verification codes at the citizen's lookup (api/public.ts), kept for its window only. The function
 * `lookup_attempt` (migration 0013) counts and checks them in one statement: a client address is limited
 * on each order and across orders, an order across addresses. `client` is a keyed hash of the address,
 * never the address itself.
 */
export const lookupFailures = pgTable(
  'lookup_failures',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orderId: text('order_id').notNull(),
    client: text('client').notNull(),
    at: ts('at').notNull().defaultNow(),
  },
  (t) => [
    index('lookup_failures_order_idx').on(t.orderId, t.at),
    index('lookup_failures_client_idx').on(t.client, t.at),
    index('lookup_failures_at_idx').on(t.at),
  ],
);

/**
 * Verification codes re-issued after the order closed (api/verification-code.ts): the closed workflow takes
 * no Update, so the re-issue is kept here, one row per re-issue — who, when, which version (never the code).
 * The lookup takes the highest version of the order, here or in the workflow's memo. `requestId` makes a
 * retried re-issue (same Idempotency-Key) answer the version it gave, rather than another.
 */
export const verificationCodeReissues = pgTable(
  'verification_code_reissues',
  {
    orderId: text('order_id').notNull(),
    version: integer('version').notNull(),
    requestId: text('request_id').notNull(),
    actorRole: text('actor_role').notNull(),
    actorId: text('actor_id').notNull(),
    at: ts('at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orderId, t.version] }),
    uniqueIndex('verification_code_reissues_request_idx').on(t.orderId, t.requestId),
  ],
);

/**
 * The dispatch suggestion's models (domain/dispatch-suggest.ts), one row per model kept: training
 * (jobs/train-dispatch.ts) adds one only when it scores at least as well on the held-out set as the one in
 * use, so the newest row is the model in use (none: the model trained on the seed corpus). `version` is the
 * model's own hash, which each suggestion names; `metrics` are its held-out figures.
 */
export const dispatchModels = pgTable(
  'dispatch_models',
  {
    version: text('version').primaryKey(),
    trainedAt: ts('trained_at').notNull(),
    examples: integer('examples').notNull(),
    metrics: jsonb('metrics').$type<DispatchMetrics>().notNull(),
    model: jsonb('model').$type<DispatchModel>().notNull(),
  },
  (t) => [index('dispatch_models_trained_idx').on(t.trainedAt)],
);

/**
 * 质检: a fingerprint of every reply a lead unit gave at completion (domain/reply-quality replyFingerprint),
 * so a new reply can be compared with the unit's recent ones without keeping or reading their text.
 */
export const replyFingerprints = pgTable(
  'reply_fingerprints',
  {
    orderId: text('order_id').notNull(),
    seq: integer('seq').notNull(),
    unit: text('unit').notNull(),
    fingerprint: text('fingerprint').notNull(),
    at: ts('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.orderId, t.seq] }), index('reply_fingerprints_unit_idx').on(t.unit, t.at)],
);

/**
 * 质检复核: a completion the policy sent to quality review (a `quality_finding` of action `review`), from the
 * trail (projections/quality-reviews.ts); decided by a reviewer through the order's workflow, which records
 * `quality_cleared` or `quality_returned`. `seq`: the completion's event.
 */
export const qualityReviews = pgTable(
  'quality_reviews',
  {
    id: serial('id').primaryKey(),
    orderId: text('order_id').notNull(),
    seq: integer('seq').notNull(),
    unit: text('unit'),
    codes: jsonb('codes').$type<ReplyFindingCode[]>().notNull(),
    status: text('status').$type<'pending' | 'cleared' | 'returned'>().notNull().default('pending'),
    reason: text('reason'),
    reviewerId: text('reviewer_id'),
    createdAt: ts('created_at').notNull(),
    decidedAt: ts('decided_at'),
  },
  (t) => [
    uniqueIndex('quality_reviews_order_seq_idx').on(t.orderId, t.seq),
    index('quality_reviews_status_idx').on(t.status, t.id),
  ],
);
export type QualityReviewRow = typeof qualityReviews.$inferSelect;

/**
 * 抽查: each week's draw (domain/inspection drawSample), with the seed and the population it drew from, so
 * anyone can draw again and get the same sample. `week`: the China-time Monday of the week sampled.
 */
export const inspectionDraws = pgTable('inspection_draws', {
  id: serial('id').primaryKey(),
  week: text('week').notNull().unique(),
  seed: text('seed').notNull(),
  /** kind → group (unit or operator) → the order ids drawn from. */
  population: jsonb('population').$type<Record<InspectionKind, Population>>().notNull(),
  /** kind → how many each group was to give (the policy's sizes at the draw). */
  sizes: jsonb('sizes').$type<Record<InspectionKind, number>>().notNull(),
  policyVersion: integer('policy_version').notNull(),
  drawnAt: ts('drawn_at').notNull(),
});

/**
 * 抽查: one order drawn for inspection — its handling by the unit (`order`) or its intake by the operator
 * (`intake`) — and once scored, the inspector's scores on the kind's rubric, comment and action.
 */
export const inspectionItems = pgTable(
  'inspection_items',
  {
    id: serial('id').primaryKey(),
    drawId: integer('draw_id').notNull(),
    kind: text('kind').$type<InspectionKind>().notNull(),
    orderId: text('order_id').notNull(),
    /** The unit (order) or the operator (intake) the item judges. */
    subject: text('subject').notNull(),
    status: text('status').$type<'pending' | 'scored'>().notNull().default('pending'),
    scores: jsonb('scores').$type<Record<string, number>>(),
    mean: doublePrecision('mean'),
    comment: text('comment'),
    action: text('action').$type<InspectionAction>(),
    /** 重办: the new order made on the same request. */
    followUpOrderId: text('follow_up_order_id'),
    inspectorId: text('inspector_id'),
    scoredAt: ts('scored_at'),
  },
  (t) => [
    uniqueIndex('inspection_items_draw_kind_order_idx').on(t.drawId, t.kind, t.orderId),
    index('inspection_items_status_idx').on(t.status, t.id),
  ],
);
export type InspectionItemRow = typeof inspectionItems.$inferSelect;

/** 问责线索: a supervision case opened against a unit from an inspection, with the inspector's reason. */
export const supervisionCases = pgTable('supervision_cases', {
  id: serial('id').primaryKey(),
  unit: text('unit').notNull(),
  orderId: text('order_id').notNull(),
  inspectionItemId: integer('inspection_item_id').notNull(),
  reason: text('reason').notNull(),
  openedBy: text('opened_by').notNull(),
  openedAt: ts('opened_at').notNull(),
});

/**
 * 专项治理: a structural problem (每月一题) a coordinator took on as a tracked topic — the place and category
 * complained about month after month, the unit that owns its solution, by when, and why it was taken on.
 */
export const topics = pgTable('topics', {
  id: serial('id').primaryKey(),
  category: text('category').notNull(),
  district: text('district').notNull(),
  /** The place as first complained of (事发地址), the matter's place, not a citizen's. */
  address: text('address').notNull(),
  ownerUnit: text('owner_unit')
    .notNull()
    .references(() => units.code),
  targetDate: date('target_date', { mode: 'string' }).notNull(),
  reason: text('reason').notNull(),
  openedBy: text('opened_by').notNull(),
  openedAt: ts('opened_at').notNull(),
});
export type TopicRow = typeof topics.$inferSelect;

/** The orders behind a topic; an order belongs to one topic at most. */
export const topicOrders = pgTable(
  'topic_orders',
  {
    topicId: integer('topic_id')
      .notNull()
      .references(() => topics.id),
    orderId: text('order_id').notNull(),
  },
  (t) => [uniqueIndex('topic_orders_order_idx').on(t.orderId), index('topic_orders_topic_idx').on(t.topicId)],
);

/** PostgreSQL bytea as the bytes themselves (drizzle has no built-in bytea column). */
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  // node-postgres sends a Buffer as binary; a bare Uint8Array it would send as text.
  toDriver: (v) => Buffer.from(v.buffer, v.byteOffset, v.byteLength),
});

/**
 * 工单照片: the embedded photo store (adapters/photo-store.ts), the bytes already stripped of metadata
 * (domain/photos), with who uploaded each. An S3-compatible store keeps the same rows with `bytes` empty.
 */
export const photos = pgTable(
  'photos',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orderId: text('order_id').notNull(),
    /** The store's key (`<orderId>/<sha256>`). */
    key: text('key').notNull().unique(),
    kind: text('kind').$type<PhotoKind>().notNull(),
    contentType: text('content_type').$type<PhotoType>().notNull(),
    bytes: bytea('bytes').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    uploadedByRole: text('uploaded_by_role').notNull(),
    uploadedByUnit: text('uploaded_by_unit'),
    uploadedBy: text('uploaded_by').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('photos_order_idx').on(t.orderId, t.id)],
);
export type PhotoRow = typeof photos.$inferSelect;

/**
 * One-off data migrations (db/data-migrations.ts): fills of rows written before a column was kept, run at a
 * start and recorded here once complete, so later starts skip them instead of reading the table again.
 */
export const dataMigrations = pgTable('data_migrations', {
  name: text('name').primaryKey(),
  completedAt: ts('completed_at').notNull().defaultNow(),
});
