/**
 * Every action on an order: what it checks beyond the role/state table of domain/lifecycle, and which
 * change of the state class (./order-state) it makes. Validators are synchronous and never touch state,
 * so a rejected action changes nothing and writes nothing to the audit trail.
 */
import { deadlineFor } from '../domain/calendar';
import { refusal, type ActionName } from '../domain/lifecycle';
import { visitOutcome } from '../domain/return-visit';
import { urgencyAfterContact } from '../domain/repeat';
import { unstorableField } from '../domain/text';
import { judgeReply } from '../domain/reply-quality';
import { refusalOf, type RefusalReason } from '../domain/refusals';
import type { Actor } from '../domain/order';
import { REJECTION, type InputOf, type MergeContact } from './messages';
import { manualLevelRefusal, MAX_ESCALATION_LEVEL } from '../domain/escalation';
import { OrderState, reject, type OrderSnapshot } from './order-state';

interface Action<I> {
  /** Checks beyond the lifecycle table; throws a rejection. */
  validate?(o: OrderState, input: I, now: number): void;
  apply(o: OrderState, input: I, now: number): void;
}

/** `field`: the input field at fault, which the API names in its 422 (`body.<field>`). */
const ruleViolation = (refusal: RefusalReason, field?: string): never =>
  reject(REJECTION.ruleViolation, refusal, field);
const wrongState = (refusal: RefusalReason): never => reject(REJECTION.wrongState, refusal);

function requireLead(o: OrderState, actor: Actor): void {
  const role = o.unitRole(actor);
  if (role === null) reject(REJECTION.notOnOrder, refusalOf('unit_not_on_order'));
  if (role !== 'lead') reject(REJECTION.forbidden, refusalOf('lead_only'));
}

function requireOnOrder(o: OrderState, actor: Actor): 'lead' | 'assisting' {
  const role = o.unitRole(actor);
  if (role === null) return reject(REJECTION.notOnOrder, refusalOf('unit_not_on_order'));
  return role;
}

function requireFuture(at: number, now: number, field: string): void {
  if (!Number.isFinite(at) || at <= now) ruleViolation(refusalOf('not_in_future'), field);
}

/** A new deadline may reach at most the policy's maximum extension beyond the deadline it replaces. */
function requireWithinMaxExtension(o: OrderState, to: number, current: number | null, now: number, field: string) {
  const max = o.policy.maxExtension;
  if (to > deadlineFor(current ?? now, max, o.calendar)) {
    ruleViolation(refusalOf('beyond_max_extension', max), field);
  }
}

/** 质检复核 decides an order only while it waits for one. */
function requireQualityReview(o: OrderState): void {
  if (o.snapshot.quality?.review !== 'pending') wrongState(refusalOf('no_quality_review'));
}

/** The return visit waits for the quality review (质检复核) the policy sent the order to. */
function requireNoQualityReview(o: OrderState): void {
  if (o.snapshot.quality?.review === 'pending') wrongState(refusalOf('quality_review_pending'));
}

/** The clocks an action on "a clock" targets: the named kind, or every clock when none is named. */
function clockTargets(o: OrderState, kind: string | undefined, running: boolean) {
  return o.liveClocks().filter((c) => (kind === undefined || c.kind === kind) && (c.runningSince !== null) === running);
}

export const ACTION_HANDLERS: { [K in ActionName]: Action<InputOf<K>> } = {
  // ---- intake ------------------------------------------------------------------------------
  classify: {
    validate: (_o, i) => {
      if (i.orderType !== 'consultation' && !i.category) ruleViolation(refusalOf('category_required'), 'category');
    },
    apply: (o, i, now) => o.classify(i, now),
  },
  dispatch: {
    validate: (o, i) => {
      if (o.snapshot.orderType === 'consultation') ruleViolation(refusalOf('consultation_not_dispatchable'));
      if (i.assistingUnits.includes(i.leadUnit)) ruleViolation(refusalOf('lead_also_assisting'), 'assistingUnits');
    },
    apply: (o, i, now) => o.dispatch(i.leadUnit, i.assistingUnits, now, i.actor, null),
  },
  answer: {
    validate: (o) => {
      if (o.snapshot.orderType !== 'consultation') ruleViolation(refusalOf('not_a_consultation'));
    },
    apply: (o, i, now) => {
      o.clocksOn('answer', now);
      o.setReply(i.reply);
      o.record('answered', now, i.actor, null, { articleId: i.articleId });
      o.close('answered', now, i.actor, null, { articleId: i.articleId });
    },
  },
  refer: {
    apply: (o, i, now) => {
      o.setReply(i.reply);
      o.record('referred', now, i.actor, null, { channel: i.channel });
      o.close('referred', now, i.actor, null, { referredTo: i.channel });
    },
  },
  withdraw: { apply: (o, i, now) => o.close('withdrawn', now, i.actor, i.reason) },
  mergeInto: {
    validate: (o, i) => {
      if (i.primaryOrderId === o.snapshot.intake.orderId)
        ruleViolation(refusalOf('merge_into_itself'), 'primaryOrderId');
    },
    apply: (o, i, now) => o.close('merged', now, i.actor, null, { mergedInto: i.primaryOrderId }),
  },

  // ---- departments -------------------------------------------------------------------------
  acknowledge: {
    validate: (o, i) => {
      const role = requireOnOrder(o, i.actor);
      if (role === 'lead' && o.phase !== 'dispatched') {
        wrongState(refusalOf('sign_for_not_dispatched'));
      }
      if (role === 'assisting' && o.snapshot.assisting.find((a) => a.unit === i.actor.unit)?.acknowledgedAt != null) {
        wrongState(refusalOf('assist_already_signed'));
      }
    },
    apply: (o, i, now) => o.acknowledge(i.actor, i.note ?? null, now),
  },
  returnOrder: {
    validate: (o, i) => requireLead(o, i.actor),
    apply: (o, i, now) => o.returnOrder(i.actor, i.reason, now),
  },
  requestExtension: {
    validate: (o, i, now) => {
      requireLead(o, i.actor);
      requireFuture(i.newDueAt, now, 'newDueAt');
      const due = o.dueAt('handling');
      if (due !== null && i.newDueAt <= due) ruleViolation(refusalOf('extension_not_later'), 'newDueAt');
      requireWithinMaxExtension(o, i.newDueAt, due, now, 'newDueAt');
    },
    apply: (o, i, now) => o.requestExtension(i.actor, i.newDueAt, i.reason, now),
  },
  addNote: {
    validate: (o, i) => void requireOnOrder(o, i.actor),
    apply: (o, i, now) => o.addNote(i.actor, i.note, now),
  },
  contribute: {
    validate: (o, i) => {
      if (requireOnOrder(o, i.actor) !== 'assisting') reject(REJECTION.forbidden, refusalOf('assisting_only'));
      if (o.snapshot.assisting.find((a) => a.unit === i.actor.unit)?.contributedAt != null) {
        wrongState(refusalOf('assist_already_contributed'));
      }
    },
    apply: (o, i, now) => o.contribute(i.actor, i.note, now),
  },
  complete: {
    validate: (o, i) => requireLead(o, i.actor),
    apply: (o, i, now) => {
      const findings = i.recentReplies
        ? judgeReply(
            {
              orderType: o.snapshot.orderType,
              request: o.snapshot.intake.description,
              reply: i.reply,
              recentFingerprints: i.recentReplies,
            },
            o.policy.replyQuality,
          )
        : null;
      o.complete(i.actor, i.reply, now, findings);
    },
  },

  // ---- 质检复核 ----------------------------------------------------------------------------------
  clearQuality: {
    validate: (o) => requireQualityReview(o),
    apply: (o, i, now) => o.decideQuality(i.actor, 'cleared', i.reason, now),
  },
  returnForQuality: {
    validate: (o) => requireQualityReview(o),
    apply: (o, i, now) => o.decideQuality(i.actor, 'returned', i.reason, now),
  },

  // ---- coordinators ------------------------------------------------------------------------
  rule: {
    validate: (o, i) => {
      if (i.decision === 'reassign' && (!i.leadUnit || i.leadUnit === o.snapshot.leadUnit)) {
        ruleViolation(refusalOf('reassign_needs_other_unit'), 'leadUnit');
      }
    },
    apply: (o, i, now) => o.rule(i.actor, i.decision, i.leadUnit, i.reason, now),
  },
  reassign: {
    validate: (o, i) => {
      if (i.leadUnit === o.snapshot.leadUnit) ruleViolation(refusalOf('already_lead_unit'), 'leadUnit');
    },
    apply: (o, i, now) => o.reassign(i.actor, i.leadUnit, i.reason, now),
  },
  addAssisting: {
    validate: (o, i) => {
      if (i.unit === o.snapshot.leadUnit || o.snapshot.assisting.some((a) => a.unit === i.unit)) {
        ruleViolation(refusalOf('unit_already_on_order'), 'unit');
      }
    },
    apply: (o, i, now) => {
      o.addAssistingUnit(i.unit, now);
      o.record('assisting_added', now, i.actor, i.reason, { unit: i.unit, dueAt: o.dueAt('assist', i.unit) });
    },
  },
  removeAssisting: {
    validate: (o, i) => {
      if (!o.snapshot.assisting.some((a) => a.unit === i.unit))
        ruleViolation(refusalOf('not_an_assisting_unit'), 'unit');
    },
    apply: (o, i, now) => {
      o.removeAssistingUnit(i.unit, now);
      o.record('assisting_removed', now, i.actor, i.reason, { unit: i.unit });
    },
  },
  decideExtension: {
    validate: (o, i, now) => {
      if (!i.grant) return;
      const to = i.newDueAt ?? o.snapshot.pendingExtension?.newDueAt ?? NaN;
      requireFuture(to, now, 'newDueAt');
      requireWithinMaxExtension(o, to, o.dueAt('handling'), now, 'newDueAt');
    },
    apply: (o, i, now) =>
      o.decideExtension(i.actor, i.reason, now, i.grant ? (i.newDueAt ?? o.snapshot.pendingExtension!.newDueAt) : null),
  },
  setDeadline: {
    validate: (o, i, now) => {
      requireFuture(i.dueAt, now, 'dueAt');
      const c = o.clock(i.clock, i.subject ?? null);
      if (!c || c.stoppedAt !== null) wrongState(refusalOf('clock_not_running'));
      requireWithinMaxExtension(o, i.dueAt, o.dueAt(i.clock, i.subject ?? null), now, 'dueAt');
    },
    apply: (o, i, now) => o.setDeadline(i.actor, i.clock, i.subject ?? null, i.dueAt, i.reason, now),
  },
  pauseClock: {
    validate: (o, i) => {
      if (!clockTargets(o, i.clock, true).length) wrongState(refusalOf('no_running_clock'));
    },
    apply: (o, i, now) => {
      for (const c of clockTargets(o, i.clock, true)) {
        o.holdClock('pauseClock', c, i.reason, now);
        o.record('clock_paused', now, i.actor, i.reason, { clock: c.kind, subject: c.subject });
      }
    },
  },
  resumeClock: {
    validate: (o, i) => {
      if (!clockTargets(o, i.clock, false).length) wrongState(refusalOf('no_paused_clock'));
    },
    apply: (o, i, now) => {
      for (const c of clockTargets(o, i.clock, false)) {
        o.holdClock('resumeClock', c, i.reason, now);
        o.record('clock_resumed', now, i.actor, i.reason, {
          clock: c.kind,
          subject: c.subject,
          dueAt: o.dueAt(c.kind, c.subject),
        });
      }
    },
  },
  escalate: {
    validate: (o, i) => {
      if (manualLevelRefusal('up', i.level, o.snapshot.escalationLevel)) {
        ruleViolation(
          refusalOf('escalation_out_of_range', { level: o.snapshot.escalationLevel, max: MAX_ESCALATION_LEVEL }),
          'level',
        );
      }
    },
    apply: (o, i, now) => o.escalate(i.level, now, i.reason, i.actor),
  },
  deescalate: {
    validate: (o, i) => {
      if (manualLevelRefusal('down', i.level, o.snapshot.escalationLevel)) {
        ruleViolation(refusalOf('deescalation_out_of_range', { level: o.snapshot.escalationLevel }), 'level');
      }
    },
    apply: (o, i, now) => o.deescalate(i.level, now, i.reason, i.actor),
  },
  forceClose: { apply: (o, i, now) => o.close('force_closed', now, i.actor, i.reason) },

  // ---- return visits -----------------------------------------------------------------------
  recordVisit: {
    validate: (o, i) => {
      if (!i.contactOrderId) requireNoQualityReview(o);
      const contact = i.contactOrderId && o.snapshot.contacts.find((c) => c.orderId === i.contactOrderId);
      if (i.contactOrderId && !contact) ruleViolation(refusalOf('contact_not_linked'), 'contactOrderId');
      if (contact && contact.visit) wrongState(refusalOf('contact_visit_recorded'));
    },
    apply: (o, i, now) => {
      const visit = { satisfaction: i.satisfaction, resolution: i.resolution, comment: i.comment ?? null };
      if (i.contactOrderId) return o.recordContactVisit(i.actor, i.contactOrderId, visit, now);
      o.recordVisit(i.actor, visit, now, visitOutcome(i, o.policy));
    },
  },
  recordFailedAttempt: {
    validate: (o) => requireNoQualityReview(o),
    apply: (o, i, now) => o.recordFailedVisit(i.actor, i.note ?? null, now),
  },

  // ---- the citizen's lookup ----------------------------------------------------------------
  reissueCode: {
    validate: (o, i) => {
      if (o.snapshot.intake.requesterHash === null) ruleViolation(refusalOf('no_phone_on_order'), 'phone');
      if (i.callerHash !== o.snapshot.intake.requesterHash) ruleViolation(refusalOf('caller_not_requester'), 'phone');
    },
    // The next version derives another code (api/public verificationCode): the old one stops working.
    apply: (o, i, now) => o.reissueCode(i.actor, now),
  },

  // ---- photos (照片) ---------------------------------------------------------------------------
  addPhoto: {
    // The operator's are the citizen's (市民照片); a unit's are the lead's after-photos (办结照片).
    validate: (o, i) => void (i.actor.role === 'department' && requireLead(o, i.actor)),
    apply: (o, i, now) => o.addPhoto(i.actor, i.actor.role === 'department' ? 'completion' : 'intake', i.size, now),
  },
};

/** The order as a validator must see it: with the clock events already due fired (on a copy). */
function withDueClocksFired(order: OrderState, now: number): OrderState {
  const next = order.nextClockEventAt();
  if (next === null || next > now) return order;
  const copy = new OrderState(JSON.parse(JSON.stringify(order.snapshot)) as OrderSnapshot);
  copy.fireDueClocks(now);
  return copy;
}

/**
 * Whether the action may be taken now: the caller's unit must be on the order, the lifecycle table must
 * allow the role in this phase, then the action's own checks. Judged on the order as it stands once the
 * clocks already due have fired. Throws the rejection; changes nothing.
 */
export function validateAction<K extends ActionName>(order: OrderState, name: K, input: InputOf<K>, now: number): void {
  const current = withDueClocksFired(order, now);
  const { actor } = input;
  // A unit not on the order learns nothing about it, not even its state.
  if (actor.role === 'department' && current.unitRole(actor) === null) {
    reject(REJECTION.notOnOrder, refusalOf('unit_not_on_order'));
  }
  const refused = refusal(name, actor.role, current.phase);
  if (refused) reject(refused.type, refused);
  // The API refuses such text already; an order must never hold what the database cannot store.
  const unstorable = unstorableField(input);
  if (unstorable !== null) ruleViolation(refusalOf('unstorable_text'), unstorable);
  ACTION_HANDLERS[name].validate?.(current, input, now);
}

/** Applies an action its validator accepted. The clocks due by `now` must have fired first. */
export function applyAction<K extends ActionName>(order: OrderState, name: K, input: InputOf<K>, now: number): void {
  ACTION_HANDLERS[name].apply(order, input, now);
}

/** 并单: a repeat contact joins the order (OrderState.addContact), its urgency raised as domain/repeat says. */
export function addContact(order: OrderState, contact: MergeContact, now: number): void {
  order.addContact(contact, now, (urgency, contacts) => urgencyAfterContact(urgency, contacts, order.policy));
}
