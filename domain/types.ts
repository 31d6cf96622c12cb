/**
 * Domain vocabulary shared by the API, the workflows and the activities.
 * Plain types only: this file is imported by workflow code, so it must stay free of I/O and heavy libraries.
 */
import type { Resolution, Satisfaction } from './order-view';
import type { HotspotPolicy, StructuralPolicy } from './hotspots';
import type { ReplyQualityPolicy } from './reply-quality';

/** 诉求类型: a consultation (咨询) is answered at intake; the others become dispatched work orders. */
export const ORDER_TYPES = ['consultation', 'help', 'complaint', 'report', 'suggestion'] as const;
export type OrderType = (typeof ORDER_TYPES)[number];

/** 紧急程度 */
export const URGENCIES = ['emergency', 'urgent', 'normal'] as const;
export type Urgency = (typeof URGENCIES)[number];

/** How hard a category usually is to handle; picks the default handling limit. 水电气热 = utilities. */
export const HANDLING_CLASSES = ['utilities', 'general', 'complex'] as const;
export type HandlingClass = (typeof HANDLING_CLASSES)[number];

export const CHANNELS = ['phone', 'web', 'app', 'mini_program', 'open311'] as const;
export type Channel = (typeof CHANNELS)[number];

/**
 * 来电情况: how the caller treated the operator (辱骂 / 威胁 / 情绪激烈), marked at intake for the operators'
 * load on the duty wall. Never shown to units; never touches the order's priority or the citizen's standing.
 */
export const CALLER_CONDUCTS = ['abusive', 'threatening', 'agitated'] as const;
export type CallerConduct = (typeof CALLER_CONDUCTS)[number];

/** The intake fields 智能填单 can propose from a call's transcript (the form's own names). */
export const TRANSCRIPT_FIELDS = ['description', 'name', 'phone', 'incidentAddress', 'category', 'urgency'] as const;
export type TranscriptField = (typeof TRANSCRIPT_FIELDS)[number];
export interface TranscriptUse {
  proposed: TranscriptField[];
  changed: TranscriptField[];
}

/** A time limit as a policy states it. Working days follow the official calendar (holidays, 调休). */
/** The units a limit is counted in; working days follow the official calendar (domain/calendar). */
export const LIMIT_UNITS = ['minutes', 'hours', 'calendar_days', 'working_days'] as const;

export interface Limit {
  unit: (typeof LIMIT_UNITS)[number];
  amount: number;
}

/** The official working-day calendar: weekdays are working days except holidays; make-up days (调休) are working days. */
export interface WorkCalendar {
  /** Days off that would otherwise be working days, and all statutory holiday days, as YYYY-MM-DD (China Standard Time). */
  holidays: string[];
  /** Weekend days that are working days (调休上班), as YYYY-MM-DD. */
  makeupWorkdays: string[];
}

/** The kinds of unit (单位): a department, a district government (backstop, 兜底), a utility company, the centre. */
export const UNIT_KINDS = ['department', 'district', 'utility', 'centre'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

/** One unit (单位). */
export interface Unit {
  code: string;
  name: string;
  kind: UnitKind;
  /** The unit that supervises it, for the escalation chain. */
  parentCode: string | null;
  isBackstop: boolean;
  /** The unit's own duty contact for coordinators and the centre (not citizen data). */
  contact?: UnitContact;
}

export interface UnitContact {
  dutyPhone?: string;
  email?: string;
  liaison?: string;
}

/** 派单目录 entry: which unit leads a category and how urgent and hard it usually is. */
export interface CatalogueEntry {
  code: string;
  name: string;
  leadUnit: string;
  assistingUnits: string[];
  defaultUrgency: Urgency;
  handlingClass: HandlingClass;
  /** Overrides the policy's handling limit for this category, if set. */
  handlingLimit: Limit | null;
}

/** The SLA policy an order runs under, snapshotted into the workflow at start so that later versions never change it. */
export interface SlaPolicy {
  version: number;
  responseLimit: Limit;
  /** Emergency orders use this whatever their class (Beijing default: 2 hours). */
  emergencyLimit: Limit;
  handlingLimits: Record<HandlingClass, Record<Exclude<Urgency, 'emergency'>, Limit>>;
  /** Fractions of a clock at which the unit is reminded (催办), ascending, each in (0, 1). */
  warningThresholds: number[];
  disputeRulingLimit: Limit;
  returnVisitLimit: Limit;
  assistingLimitFraction: number;
  maxReturnsBeforeL3: number;
  maxReopensBeforeL3: number;
  maxVisitAttempts: number;
  /** 重办: a return-visit rating whose satisfaction and resolution are both listed sends the order back to its unit. */
  reopenOnRating: { satisfaction: Satisfaction[]; resolution: Resolution[] };
  /** The furthest an extension (延期) or a new deadline may reach, counted from the deadline it replaces. */
  maxExtension: Limit;
  /** A repeat contact (并单) that brings an order's contacts to this many raises its urgency one step; 0 = never. */
  contactsToRaiseUrgency: number;
  /** 并单: how close in time and place a new contact must be to an open order to be proposed as a repeat. */
  repeat: {
    windowHours: number;
    distanceMeters: number;
    /** A candidate this likely is merged by the system itself (1 = never: the operator confirms every merge). */
    autoMergeConfidence: number;
    /** A candidate this likely holds the new order back from dispatch until the operator merges or dispatches it. */
    holdConfidence: number;
  };
  /** 会哭的孩子有奶吃: a requester above either count in the window is flagged; their ratings may be reviewed. */
  fairness: { windowDays: number; maxContacts: number; maxDissatisfied: number };
  /** 个人信息保存期限: a closed order's citizen contact and request text are anonymised this many days after closure. */
  retention: { anonymiseAfterDays: number };
  /** 通知: the citizen messages' template version (domain/notifications) and the hours no citizen SMS goes (China time, HH:MM), emergencies aside. */
  notifications: { templates: number; quietHours: { from: string; to: string } };
  /** 质检: how a unit's reply at completion is judged (domain/reply-quality), and what each finding leads to. */
  replyQuality: ReplyQualityPolicy;
  /** 抽查: how many closed orders of each unit, and how many intakes of each operator, a week's draw takes. */
  inspection: { ordersPerUnit: number; intakesPerOperator: number };
  /** 热点: when a category's complaints in a district are a significant hotspot (domain/hotspots). */
  hotspots: HotspotPolicy;
  /** 每月一题: how often, over how many months, a place and category make a structural problem candidate. */
  structural: StructuralPolicy;
  /** 照片: the largest photo accepted (bytes) and how many one order may hold (intake and 办结 together). */
  photos: { maxBytes: number; maxPerOrder: number };
  /** Weights of the composite KPI score. */
  /** 话务员减压: after this many abusive calls within the window the duty manager is prompted to give a break. */
  operatorLoad: { windowHours: number; abusiveCallsBeforeBreak: number };
  kpiWeights: {
    onTimeResponse: number;
    onTimeHandling: number;
    directAnswer: number;
    satisfaction: number;
    resolution: number;
    reopen: number;
    return: number;
  };
}
