/**
 * What the API answers, as the console's pages read it. Requests are typed from the generated OpenAPI
 * paths (openapi.d.ts); these answer types were written before the document declared response bodies
 * and still come from the server's own types (the workflow's OrderView, whose instants are epoch ms
 * where the API sends RFC 3339 strings — readers such as Countdown take both) or mirror api/. The
 * generated paths now declare every body: deriving these from them is the next step.
 */
import type { RequesterFlag } from '../../../domain/fairness';
import type { KbHit } from '../../../domain/kb-search';
import type { ClosureCode, OrderStatus, Role, SlaState } from '../../../domain/order';
import type { RepeatCandidate } from '../../../domain/repeat';
import type { Channel, Limit, OrderType, Urgency } from '../../../domain/types';
import type { ClockView, OrderView } from '../../../workflows/messages';

export type { ClockView, KbHit, OrderView, RequesterFlag };

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** api/orders.ts listItem. */
export interface OrderListItem {
  orderId: string;
  orderType: OrderType;
  channel: Channel;
  category: string | null;
  urgency: Urgency;
  state: OrderStatus;
  closureCode: ClosureCode | null;
  slaState: SlaState;
  escalationLevel: number;
  leadUnit: string | null;
  assistingUnits: string[];
  receivedAt: string;
  responseDueAt: string | null;
  handlingDueAt: string | null;
  closedAt: string | null;
  updatedAt: string;
}

export type RepeatCandidateView = RepeatCandidate & { orderId: string; state: OrderStatus; leadUnit: string | null };

export type CreatedOrder = OrderView & { verificationCode: string; repeatCandidates?: RepeatCandidateView[] | null };

export type CoordinatorOrderView = OrderView & { requesterFlag?: RequesterFlag | null };

export interface IntakePreview {
  urgency: Urgency;
  leadUnit: string | null;
  assistingUnits: string[];
  limits: { response: Limit; handling: Limit | null };
  clocks: { kind: ClockView['kind']; subject: string | null; dueAt: number | null }[];
  repeatCandidates: RepeatCandidateView[];
}

export interface Lookups {
  units: { code: string; name: string; kind: string }[];
  categories: { code: string; name: string; leadUnit: string; assistingUnits: string[]; defaultUrgency: Urgency }[];
  referralChannels: { code: string; name: string; reply: string }[];
}

export interface DemoUser {
  sub: string;
  role: Role;
  unit: string | null;
  unitName: string | null;
}

export interface AuditEntry {
  seq: number;
  type: string;
  at: string;
  actor: { role: string; id: string; unit: string | null };
  reason: string | null;
  data: Record<string, unknown>;
}

export interface Review {
  id: number;
  orderId: string;
  visitSeq: number;
  unit: string | null;
  status: 'pending' | 'upheld' | 'not_attributable';
  reason: string | null;
  createdAt: string;
}

export interface PublicProgress {
  orderId: string;
  state: string;
  label: string;
  receivedAt: string;
  handlingUnit: string | null;
  nextStepDueAt: string | null;
  replies: { text: string; at: string }[];
  closedAt: string | null;
}
