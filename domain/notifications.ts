/**
 * Notifications (通知): who an audit event tells — the units of the order (in the console and by webhook),
 * the coordinators, the citizen who agreed at intake (by SMS) — what the message says, and when a citizen's
 * SMS may go. The templates are versioned: a policy names the version its orders' messages use.
 */
import type { ClockKind } from './clock';
import type { SlaPolicy } from './types';

/** The centre's own unit (the coordinators'), told of what only coordinators act on. */
export const CENTRE_UNIT = 'CENTRE';

/** What a unit is told of: the console notice's kind and the webhook's event. */
export const UNIT_NOTICE_KINDS = [
  'dispatched', // 派单 (lead unit)
  'assisting', // 协办
  'reminder', // 催办
  'breach', // 督办 (a clock ran out)
  'ruled', // 退单裁定
  'extension_granted', // 延期批准
  'extension_denied', // 延期驳回
  'escalated', // 提级至三级 (coordinators)
] as const;
export type UnitNoticeKind = (typeof UNIT_NOTICE_KINDS)[number];

export interface UnitTold {
  unit: string;
  kind: UnitNoticeKind;
}

/** An audit event as a reactor sees it. */
export interface NotifiedEvent {
  type: string;
  data: Record<string, unknown>;
}

/** Whose clock it is: the lead unit's (response, handling), an assisting unit's, the coordinators' (ruling). */
function clockOwner(clock: ClockKind, subject: string | null, leadUnit: string | null): string | null {
  switch (clock) {
    case 'response':
    case 'handling':
      return leadUnit;
    case 'assist':
      return subject;
    case 'ruling':
      return CENTRE_UNIT;
    case 'visit':
      return null;
  }
}

/** The units an event tells, and of what; `leadUnit` is the order's lead unit after the event. */
export function unitsTold(e: NotifiedEvent, leadUnit: string | null): UnitTold[] {
  const d = e.data;
  const to = (unit: unknown, kind: UnitNoticeKind): UnitTold[] =>
    typeof unit === 'string' && unit ? [{ unit, kind }] : [];
  switch (e.type) {
    case 'dispatched':
    case 'redispatched':
      return [
        ...to(d.leadUnit, 'dispatched'),
        ...((d.assistingUnits as string[] | undefined) ?? []).flatMap((u) => to(u, 'assisting')),
      ];
    case 'backstop_assigned':
      return to(d.to, 'dispatched');
    case 'assisting_added':
      return to(d.unit, 'assisting');
    case 'clock_warning':
      return to(clockOwner(d.clock as ClockKind, (d.subject as string | null) ?? null, leadUnit), 'reminder');
    case 'clock_breached':
      return to(clockOwner(d.clock as ClockKind, (d.subject as string | null) ?? null, leadUnit), 'breach');
    case 'ruled':
      return to(d.leadUnit ?? leadUnit, 'ruled');
    case 'extension_granted':
      return to(leadUnit, 'extension_granted');
    case 'extension_denied':
      return to(leadUnit, 'extension_denied');
    case 'escalated':
      return d.to === 3 ? to(CENTRE_UNIT, 'escalated') : [];
    default:
      return [];
  }
}

/** The events any unit may be told of (what the reactors follow). */
export const UNIT_EVENTS = [
  'dispatched',
  'redispatched',
  'backstop_assigned',
  'assisting_added',
  'clock_warning',
  'clock_breached',
  'ruled',
  'extension_granted',
  'extension_denied',
  'escalated',
] as const;

/**
 * The citizen's messages: the order number and code at intake, the reply on completion, and the notice of the
 * return visit (回访预告) when the order enters it.
 */
export const CITIZEN_MESSAGES = ['received', 'completed', 'visit_notice'] as const;
export type CitizenMessage = (typeof CITIZEN_MESSAGES)[number];

/** The events a citizen's message follows: `quality_cleared` lets a return visit held for 质检复核 go ahead. */
export const CITIZEN_EVENTS = ['received', 'completed', 'quality_cleared'] as const;

/**
 * The citizen's messages a batch of events sends, each with the event it follows. The order enters the
 * return visit on completion — unless 质检 holds it for review in the same batch (a finding of action
 * `review`), then when the reviewer clears it.
 */
export function citizenMessagesOf(batch: readonly (NotifiedEvent & { seq: number })[]) {
  const heldForReview = batch.some((e) => e.type === 'quality_finding' && e.data.action === 'review');
  return batch.flatMap((e): { seq: number; message: CitizenMessage }[] => {
    switch (e.type) {
      case 'received':
        return [{ seq: e.seq, message: 'received' }];
      case 'completed':
        return [
          { seq: e.seq, message: 'completed' },
          ...(heldForReview ? [] : [{ seq: e.seq, message: 'visit_notice' as const }]),
        ];
      case 'quality_cleared':
        return [{ seq: e.seq, message: 'visit_notice' }];
      default:
        return [];
    }
  });
}

/** What a citizen's message is filled with; nothing of the citizen's own beyond the order's number. */
export interface CitizenMessageFields {
  orderId: string;
  /** 查询码: received. */
  code?: string;
  /** The unit's reply (办理结果): completed. */
  reply?: string;
  /** The return visit's deadline, China time, e.g. 12月9日: visit_notice (and completed, in version 1). */
  visitBy?: string;
}

const RECEIVED_V1 = '【12345热线】您反映的事项已受理，工单号{orderId}，查询码{code}，可凭二者查询办理进度。';

/**
 * The message texts by template version. A new wording is a new version (the old one stays, for the
 * orders whose policy names it); a policy's `notifications.templates` picks it. Version 1 announced the
 * return visit in the completion message and has no visit notice of its own.
 */
export const CITIZEN_TEMPLATES: Readonly<Record<number, Partial<Record<CitizenMessage, string>>>> = {
  1: {
    received: RECEIVED_V1,
    completed: '【12345热线】您的工单{orderId}已办结，承办单位答复：{reply}。我们将于{visitBy}前回访，请留意来电。',
  },
  2: {
    received: RECEIVED_V1,
    completed: '【12345热线】您的工单{orderId}已办结，承办单位答复：{reply}。',
    visit_notice: '【12345热线】我们将于{visitBy}前就工单{orderId}的办理情况回访您，请留意12345来电。',
  },
};

/** The longest reply an SMS quotes: the rest is on the lookup page. */
export const REPLY_CHARS = 200;

/** The message's text, or null when the policy's template version has no such message (it is not sent). */
export function renderCitizenMessage(version: number, message: CitizenMessage, f: CitizenMessageFields): string | null {
  const templates = CITIZEN_TEMPLATES[version];
  if (!templates) throw new Error(`No citizen message templates of version ${version}`);
  const template = templates[message];
  if (template === undefined) return null;
  const reply = f.reply && f.reply.length > REPLY_CHARS ? `${f.reply.slice(0, REPLY_CHARS)}…` : f.reply;
  const values: Record<string, string | undefined> = { ...f, reply };
  return template.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? '');
}

const CHINA_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/** `HH:MM` as minutes after midnight. */
const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * When a citizen's SMS may go if it is `now` (epoch ms): null now, or the end of the quiet hours (China time)
 * `now` falls in. The quiet hours may run past midnight (22:00–08:00).
 */
export function quietUntil(now: number, quiet: SlaPolicy['notifications']['quietHours']): number | null {
  const local = now + CHINA_OFFSET_MS;
  const dayStart = local - (((local % DAY_MS) + DAY_MS) % DAY_MS);
  const minute = Math.floor((local - dayStart) / 60_000);
  const from = minutesOf(quiet.from);
  const to = minutesOf(quiet.to);
  if (from === to) return null;
  const inQuiet = from < to ? minute >= from && minute < to : minute >= from || minute < to;
  if (!inQuiet) return null;
  const endDay = from > to && minute >= from ? dayStart + DAY_MS : dayStart;
  return endDay + to * 60_000 - CHINA_OFFSET_MS;
}

/** A date as the citizen reads it, China time: 12月9日. */
export function chinaDate(at: number): string {
  const d = new Date(at + CHINA_OFFSET_MS);
  return `${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
}
