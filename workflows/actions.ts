/**
 * Every action on an order: what it checks beyond the role/state table of domain/lifecycle, and what it
 * changes. Validators are synchronous and never touch state, so a rejected action changes nothing and
 * writes nothing to the audit trail.
 */
import { deadlineFor } from '../domain/calendar';
import { refusal, type ActionName } from '../domain/lifecycle';
import type { ClockKind } from '../domain/clock';
import { visitOutcome } from '../domain/return-visit';
import { urgencyAfterContact } from '../domain/repeat';
import { unstorableField } from '../domain/text';
import { refusalOf, type RefusalReason } from '../domain/refusals';
import { SYSTEM_ACTOR, type Actor } from '../domain/order';
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

/** The clocks an action on "a clock" targets: the named kind, or every clock when none is named. */
function clockTargets(o: OrderState, kind: string | undefined, running: boolean) {
  return o.liveClocks().filter((c) => (kind === undefined || c.kind === kind) && (c.runningSince !== null) === running);
}

/**
 * The deadline a clock got, and the instant asked for when they differ: a working-day clock spends only
 * working time, so a deadline asked for on a day off falls at 24:00 of the last working day before it —
 * the same working time as asked for (README "How it works").
 */
function deadlineMoved(o: OrderState, kind: ClockKind, subject: string | null, requested: number) {
  const to = o.dueAt(kind, subject) ?? requested;
  return to === requested ? { to } : { to, requested };
}

function reopen(o: OrderState, now: number, actor: Actor, reason: string): void {
  o.s.reopens += 1;
  o.s.completedAt = null;
  o.setPhase('reopened');
  o.clocksOn('reopen', now);
  o.record('reopened', now, actor, reason, {
    reopens: o.s.reopens,
    handlingDueAt: o.dueAt('handling'),
  });
  o.escalateOn({ kind: 'reopened', reopens: o.s.reopens }, now);
}

export const ACTION_HANDLERS: { [K in ActionName]: Action<InputOf<K>> } = {
  // ---- intake ------------------------------------------------------------------------------
  classify: {
    validate: (_o, i) => {
      if (i.orderType !== 'consultation' && !i.category) ruleViolation(refusalOf('category_required'), 'category');
    },
    apply: (o, i, now) => {
      Object.assign(o.s, {
        orderType: i.orderType,
        category: i.category,
        categoryName: i.categoryName,
        urgency: i.urgency,
        handlingClass: i.handlingClass,
        categoryLimit: i.categoryLimit,
      });
      o.record('classified', now, i.actor, null, { orderType: i.orderType, category: i.category, urgency: i.urgency });
    },
  },
  dispatch: {
    validate: (o, i) => {
      if (o.s.orderType === 'consultation') ruleViolation(refusalOf('consultation_not_dispatchable'));
      if (i.assistingUnits.includes(i.leadUnit)) ruleViolation(refusalOf('lead_also_assisting'), 'assistingUnits');
    },
    apply: (o, i, now) => o.dispatch(i.leadUnit, i.assistingUnits, now, i.actor, null),
  },
  answer: {
    validate: (o) => {
      if (o.s.orderType !== 'consultation') ruleViolation(refusalOf('not_a_consultation'));
    },
    apply: (o, i, now) => {
      o.clocksOn('answer', now);
      o.s.reply = i.reply;
      o.record('answered', now, i.actor, null, { articleId: i.articleId });
      o.close('answered', now, i.actor, null, { articleId: i.articleId });
    },
  },
  refer: {
    apply: (o, i, now) => {
      o.s.reply = i.reply;
      o.record('referred', now, i.actor, null, { channel: i.channel });
      o.close('referred', now, i.actor, null, { referredTo: i.channel });
    },
  },
  withdraw: { apply: (o, i, now) => o.close('withdrawn', now, i.actor, i.reason) },
  mergeInto: {
    validate: (o, i) => {
      if (i.primaryOrderId === o.s.intake.orderId) ruleViolation(refusalOf('merge_into_itself'), 'primaryOrderId');
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
      if (role === 'assisting' && o.s.assisting.find((a) => a.unit === i.actor.unit)?.acknowledgedAt != null) {
        wrongState(refusalOf('assist_already_signed'));
      }
    },
    apply: (o, i, now) => {
      const note = i.note ?? null;
      if (o.unitRole(i.actor) === 'lead') {
        o.setPhase('acknowledged');
        o.s.acknowledgedAt = now;
        o.clocksOn('acknowledge', now);
        o.record('acknowledged', now, i.actor, note, {
          unit: i.actor.unit,
          responseMet: o.clock('response')?.breachedAt == null,
        });
      } else {
        o.s.assisting = o.s.assisting.map((a) => (a.unit === i.actor.unit ? { ...a, acknowledgedAt: now } : a));
        o.record('assist_acknowledged', now, i.actor, note, { unit: i.actor.unit });
      }
    },
  },
  returnOrder: {
    validate: (o, i) => requireLead(o, i.actor),
    apply: (o, i, now) => {
      o.s.returns += 1;
      o.setPhase('returned');
      o.clocksOn('returnOrder', now);
      o.record('returned', now, i.actor, i.reason, {
        unit: i.actor.unit,
        returns: o.s.returns,
        rulingDueAt: o.dueAt('ruling'),
      });
      o.escalateOn({ kind: 'returned', returns: o.s.returns }, now);
    },
  },
  requestExtension: {
    validate: (o, i, now) => {
      requireLead(o, i.actor);
      requireFuture(i.newDueAt, now, 'newDueAt');
      const due = o.dueAt('handling');
      if (due !== null && i.newDueAt <= due) ruleViolation(refusalOf('extension_not_later'), 'newDueAt');
      requireWithinMaxExtension(o, i.newDueAt, due, now, 'newDueAt');
    },
    apply: (o, i, now) => {
      o.s.pendingExtension = { requestedBy: i.actor.unit, newDueAt: i.newDueAt, reason: i.reason };
      o.s.phaseBeforeExtension = o.phase;
      o.setPhase('extension_requested');
      o.record('extension_requested', now, i.actor, i.reason, {
        newDueAt: i.newDueAt,
        currentDueAt: o.dueAt('handling'),
      });
    },
  },
  addNote: {
    validate: (o, i) => void requireOnOrder(o, i.actor),
    apply: (o, i, now) => {
      o.s.notes.push({ at: now, unit: i.actor.unit, kind: 'progress', text: i.note });
      o.record('note_added', now, i.actor, null, { unit: i.actor.unit });
    },
  },
  contribute: {
    validate: (o, i) => {
      if (requireOnOrder(o, i.actor) !== 'assisting') reject(REJECTION.forbidden, refusalOf('assisting_only'));
      if (o.s.assisting.find((a) => a.unit === i.actor.unit)?.contributedAt != null) {
        wrongState(refusalOf('assist_already_contributed'));
      }
    },
    apply: (o, i, now) => {
      const unit = i.actor.unit!;
      o.s.assisting = o.s.assisting.map((a) => (a.unit === unit ? { ...a, contributedAt: now } : a));
      o.clocksOn('contribute', now, unit);
      o.s.notes.push({ at: now, unit, kind: 'contribution', text: i.note });
      o.record('assist_contributed', now, i.actor, null, { unit });
    },
  },
  complete: {
    validate: (o, i) => requireLead(o, i.actor),
    apply: (o, i, now) => {
      // Assisting units that never gave their opinion do not hold the lead unit up: it decides, and their
      // absence is on the record (their own clocks have reminded and escalated them already).
      const withoutOpinion = o.s.assisting.filter((a) => a.contributedAt === null).map((a) => a.unit);
      o.clocksOn('complete', now);
      o.s.reply = i.reply;
      o.s.completedAt = now;
      o.s.pendingExtension = null;
      o.setPhase('completed');
      o.record('completed', now, i.actor, null, {
        unit: i.actor.unit,
        reply: i.reply,
        visitDueAt: o.dueAt('visit'),
        ...(withoutOpinion.length ? { assistingWithoutOpinion: withoutOpinion } : {}),
      });
    },
  },

  // ---- coordinators ------------------------------------------------------------------------
  rule: {
    validate: (o, i) => {
      if (i.decision === 'reassign' && (!i.leadUnit || i.leadUnit === o.s.leadUnit)) {
        ruleViolation(refusalOf('reassign_needs_other_unit'), 'leadUnit');
      }
    },
    apply: (o, i, now) => {
      o.record('ruled', now, i.actor, i.reason, { decision: i.decision, leadUnit: i.leadUnit ?? o.s.leadUnit });
      if (i.decision === 'reassign') {
        // The new lead unit's fresh clocks: CLOCK_RULES.redispatch.
        o.dispatch(
          i.leadUnit!,
          o.s.assisting.map((a) => a.unit),
          now,
          i.actor,
          i.reason,
        );
      } else if (o.s.acknowledgedAt !== null) {
        o.clocksOn('keepSigned', now);
        o.setPhase('acknowledged');
      } else {
        o.clocksOn('keepUnsigned', now);
        o.setPhase('dispatched');
      }
    },
  },
  reassign: {
    validate: (o, i) => {
      if (i.leadUnit === o.s.leadUnit) ruleViolation(refusalOf('already_lead_unit'), 'leadUnit');
    },
    apply: (o, i, now) => {
      o.s.pendingExtension = null;
      o.dispatch(
        i.leadUnit,
        o.s.assisting.map((a) => a.unit),
        now,
        i.actor,
        i.reason,
      );
    },
  },
  addAssisting: {
    validate: (o, i) => {
      if (i.unit === o.s.leadUnit || o.s.assisting.some((a) => a.unit === i.unit)) {
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
      if (!o.s.assisting.some((a) => a.unit === i.unit)) ruleViolation(refusalOf('not_an_assisting_unit'), 'unit');
    },
    apply: (o, i, now) => {
      o.removeAssistingUnit(i.unit, now);
      o.record('assisting_removed', now, i.actor, i.reason, { unit: i.unit });
    },
  },
  decideExtension: {
    validate: (o, i, now) => {
      if (!i.grant) return;
      const to = i.newDueAt ?? o.s.pendingExtension?.newDueAt ?? NaN;
      requireFuture(to, now, 'newDueAt');
      requireWithinMaxExtension(o, to, o.dueAt('handling'), now, 'newDueAt');
    },
    apply: (o, i, now) => {
      const requested = o.s.pendingExtension;
      o.s.pendingExtension = null;
      o.setPhase(o.s.phaseBeforeExtension ?? 'acknowledged');
      o.s.phaseBeforeExtension = null;
      if (!i.grant) {
        o.record('extension_denied', now, i.actor, i.reason, { requestedDueAt: requested?.newDueAt ?? null });
        return;
      }
      const granted = i.newDueAt ?? requested!.newDueAt;
      const from = o.dueAt('handling');
      o.moveClock('grantExtension', granted, now);
      o.record('extension_granted', now, i.actor, i.reason, { from, ...deadlineMoved(o, 'handling', null, granted) });
    },
  },
  setDeadline: {
    validate: (o, i, now) => {
      requireFuture(i.dueAt, now, 'dueAt');
      const c = o.clock(i.clock, i.subject ?? null);
      if (!c || c.stoppedAt !== null) wrongState(refusalOf('clock_not_running'));
      requireWithinMaxExtension(o, i.dueAt, o.dueAt(i.clock, i.subject ?? null), now, 'dueAt');
    },
    apply: (o, i, now) => {
      const subject = i.subject ?? null;
      const from = o.dueAt(i.clock, subject);
      o.moveClock('setDeadline', i.dueAt, now, { kind: i.clock, subject });
      o.record('deadline_set', now, i.actor, i.reason, {
        clock: i.clock,
        subject,
        from,
        ...deadlineMoved(o, i.clock, subject, i.dueAt),
      });
    },
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
      if (manualLevelRefusal('up', i.level, o.s.escalationLevel)) {
        ruleViolation(
          refusalOf('escalation_out_of_range', { level: o.s.escalationLevel, max: MAX_ESCALATION_LEVEL }),
          'level',
        );
      }
    },
    apply: (o, i, now) => o.escalate(i.level, now, i.reason, i.actor),
  },
  deescalate: {
    validate: (o, i) => {
      if (manualLevelRefusal('down', i.level, o.s.escalationLevel)) {
        ruleViolation(refusalOf('deescalation_out_of_range', { level: o.s.escalationLevel }), 'level');
      }
    },
    apply: (o, i, now) => o.deescalate(i.level, now, i.reason, i.actor),
  },
  forceClose: { apply: (o, i, now) => o.close('force_closed', now, i.actor, i.reason) },

  // ---- return visits -----------------------------------------------------------------------
  recordVisit: {
    validate: (o, i) => {
      const contact = i.contactOrderId && o.s.contacts.find((c) => c.orderId === i.contactOrderId);
      if (i.contactOrderId && !contact) ruleViolation(refusalOf('contact_not_linked'), 'contactOrderId');
      if (contact && contact.visit) wrongState(refusalOf('contact_visit_recorded'));
    },
    apply: (o, i, now) => {
      if (i.contactOrderId) {
        const visit = { at: now, satisfaction: i.satisfaction, resolution: i.resolution, comment: i.comment ?? null };
        o.s.contacts = o.s.contacts.map((c) => (c.orderId === i.contactOrderId ? { ...c, visit } : c));
        o.record('contact_visit_recorded', now, i.actor, null, {
          contactOrderId: i.contactOrderId,
          satisfaction: i.satisfaction,
          resolution: i.resolution,
        });
        return;
      }
      o.clocksOn('recordVisit', now);
      o.s.visits.push({ at: now, satisfaction: i.satisfaction, resolution: i.resolution, comment: i.comment ?? null });
      o.record('visit_recorded', now, i.actor, null, { satisfaction: i.satisfaction, resolution: i.resolution });
      const outcome = visitOutcome(i, o.policy);
      if (outcome.reopen) reopen(o, now, i.actor, `return-visit rating: ${i.satisfaction}, ${i.resolution}`);
      else o.close(outcome.closureCode, now, i.actor, null);
    },
  },
  recordFailedAttempt: {
    apply: (o, i, now) => {
      o.s.visitAttempts += 1;
      o.setPhase('return_visit');
      o.record('visit_attempt_failed', now, i.actor, i.note ?? null, { attempts: o.s.visitAttempts });
      if (o.s.visitAttempts >= o.policy.maxVisitAttempts) {
        o.close('unreachable', now, SYSTEM_ACTOR, `citizen unreachable after ${o.s.visitAttempts} attempts`);
      }
    },
  },

  // ---- the citizen's lookup ----------------------------------------------------------------
  reissueCode: {
    validate: (o, i) => {
      if (o.s.intake.requesterHash === null) ruleViolation(refusalOf('no_phone_on_order'), 'phone');
      if (i.callerHash !== o.s.intake.requesterHash) ruleViolation(refusalOf('caller_not_requester'), 'phone');
    },
    // The next version derives another code (api/public verificationCode): the old one stops working.
    apply: (o, i, now) => {
      o.s.codeVersion = (o.s.codeVersion ?? 0) + 1;
      o.record('verification_code_reissued', now, i.actor, null, { version: o.s.codeVersion });
    },
  },
};

/** The order as a validator must see it: with the clock events already due fired (on a copy). */
function withDueClocksFired(order: OrderState, now: number): OrderState {
  const next = order.nextClockEventAt();
  if (next === null || next > now) return order;
  const copy = new OrderState(JSON.parse(JSON.stringify(order.s)) as OrderSnapshot);
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

/**
 * 并单: a repeat contact joins the order and is recorded. Enough of them raise an open order's urgency one
 * step, and the higher urgency's limit runs from now unless the running deadline falls sooner anyway.
 */
export function addContact(order: OrderState, contact: MergeContact, now: number): void {
  order.s.contacts.push({ orderId: contact.orderId, channel: contact.channel, at: contact.at });
  const contacts = order.s.contacts.length + 1;
  order.record('contact_merged', now, contact.actor, null, { contactOrderId: contact.orderId, contacts });
  const raised = order.isClosed ? null : urgencyAfterContact(order.s.urgency, contacts, order.policy);
  if (raised === null) return;
  const from = order.s.urgency;
  order.s.urgency = raised;
  const due = order.dueAt('handling');
  if (due !== null && deadlineFor(now, order.handlingLimit(), order.calendar) < due)
    order.clocksOn('raiseUrgency', now);
  order.record('urgency_raised', now, contact.actor, `${contacts} contacts about the same matter`, {
    from,
    to: order.s.urgency,
    handlingDueAt: order.dueAt('handling'),
  });
}
