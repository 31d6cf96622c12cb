/**
 * The work order's vocabulary: states, closure codes, actors and what intake resolves (audit events: ./events).
 * Shared by workflow, activities and API; plain types and constants only.
 */
import type { SuggestionShown } from './dispatch-suggest';
import type {
  CallerConduct,
  Channel,
  HandlingClass,
  Limit,
  OrderType,
  SlaPolicy,
  TranscriptUse,
  Urgency,
  WorkCalendar,
} from './types';

export const ORDER_STATES = [
  'received', // 已受理
  'answered', // 直接答复
  'dispatched', // 已派单
  'acknowledged', // 已签收
  'returned', // 退单待裁定
  'extension_requested', // 延期申请
  'escalated', // 提级办理
  'completed', // 已办结(待回访)
  'return_visit', // 回访中
  'reopened', // 重办
  'closed', // 结案
] as const;
export type OrderStatus = (typeof ORDER_STATES)[number];

export const CLOSURE_CODES = [
  'resolved',
  // Rated at the return visit but not reopened: the citizen said the problem was only partly, or not, resolved.
  'partly_resolved',
  'unresolved',
  'answered',
  'unreachable',
  'merged',
  'referred',
  'withdrawn',
  'force_closed',
] as const;
export type ClosureCode = (typeof CLOSURE_CODES)[number];

export const SLA_STATES = ['on_track', 'at_risk', 'breached', 'paused'] as const;
export type SlaState = (typeof SLA_STATES)[number];

/**
 * `reviewer`: the third party (e.g. volunteer panel) that reviews disputed ratings of flagged requesters.
 * `manager` (中心主任 / 值班长): reads every figure and every order's trail, takes no action on an order.
 * `inspector` (质检抽查员): scores the week's random sample of closed orders and intakes (抽查, 暗访).
 */
export const ROLES = [
  'operator',
  'department',
  'coordinator',
  'visitor',
  'admin',
  'auditor',
  'reviewer',
  'manager',
  'inspector',
] as const;
export type Role = (typeof ROLES)[number];

/** Who did something: a signed-in user (role and unit from their token) or the workflow itself. */
export interface Actor {
  role: Role | 'system';
  id: string;
  unit: string | null;
}

export const SYSTEM_ACTOR: Actor = { role: 'system', id: 'workflow', unit: null };

/** Citizen contact details: needed by departments and return-visit agents, never logged or indexed. */
export interface CitizenContact {
  name?: string;
  phone?: string;
  address?: string;
  /** 电子邮箱: given by a partner system (Open311's `email`) or at intake; protected as the phone is. */
  email?: string;
  /** 同意短信通知: the citizen agreed at intake to SMS (the order number and code, the reply, the return visit). */
  smsConsent?: boolean;
}

/** Everything the API resolves at intake; the workflow never reads reference data itself. */
export interface Intake {
  orderId: string;
  receivedAt: number;
  channel: Channel;
  orderType: OrderType;
  category: string | null;
  categoryName: string | null;
  urgency: Urgency;
  description: string;
  citizen: CitizenContact;
  /** 举报人保护: the reporter asked to stay unknown to every unit (only the centre's roles see the contact). */
  confidential?: boolean;
  /** Keyed hash of the phone number, for repeat detection without storing the number in a searchable column. */
  requesterHash: string | null;
  /** Where the matter is (WGS-84), when the channel knows it: used to find repeat contacts nearby. */
  location?: { lat: number; lng: number };
  /**
   * The address of the matter (事发地址) as the caller said it, apart from the citizen's own address: where
   * the unit goes, and how repeat detection finds another caller about the same place (domain/address.ts).
   */
  incidentAddress?: string;
  /** The dispatch suggestion the operator was shown (智能派单), if any: recorded beside the category chosen. */
  suggestion?: SuggestionShown;
  /** 智能填单: the fields proposed from the call's transcript and those the operator changed. */
  transcript?: TranscriptUse;
  /** 来电情况 (domain/types CALLER_CONDUCTS): for the operators' load only. */
  callerConduct?: CallerConduct[];
  leadUnit: string | null;
  assistingUnits: string[];
  /** The category's handling class and own limit, so the workflow can re-derive the limit if urgency changes. */
  handlingClass: HandlingClass;
  categoryLimit: Limit | null;
  /** The district government that takes unowned cases (兜底). */
  backstopUnit: string;
  policy: SlaPolicy;
  calendar: WorkCalendar;
  /** The versions of the reference data the order was started under, for its audit trail. */
  referenceVersions: { policy: number; units: number; catalogue: number; calendar: number };
  createdBy: Actor;
}
