/** The demo city's reference data built in memory from the seed files: intake without a database. */
import { buildIntake, orderIdFor, type CreateOrderBody } from '../../api/intake';
import type { ReferenceData } from '../../db/reference';
import {
  DEFAULT_POLICY,
  DEMO_CATALOGUE,
  DEMO_KB,
  DEMO_REFERRAL_CHANNELS,
  DEMO_UNITS,
  demoCalendars,
} from '../../db/seed-data';
import { buildKbIndex } from '../../domain/kb-search';
import type { Actor, Intake } from '../../domain/order';
import { withGovernanceDefaults } from '../../domain/policy';
import type { SlaPolicy } from '../../domain/types';

export function demoReference(policy: Partial<SlaPolicy> = {}): ReferenceData {
  const years = demoCalendars();
  return {
    policy: { ...withGovernanceDefaults(DEFAULT_POLICY), version: 1, ...policy },
    calendar: {
      holidays: years.flatMap((y) => y.calendar.holidays),
      makeupWorkdays: years.flatMap((y) => y.calendar.makeupWorkdays),
    },
    catalogue: new Map(DEMO_CATALOGUE.map((c) => [c.code, c])),
    units: new Map(DEMO_UNITS.map((u) => [u.code, u])),
    versions: { policy: 1, units: 1, catalogue: 1, calendar: 1 },
    kb: buildKbIndex(DEMO_KB),
    referrals: {
      version: 1,
      channels: new Map(DEMO_REFERRAL_CHANNELS.map((c) => [c.code, { ...c, retiredAt: null }])),
    },
  };
}

let counter = 0;

/** An intake as the API builds it, from the in-memory demo city. */
export function intakeOf(
  body: CreateOrderBody,
  receivedAt: number,
  options: { actor: Actor; policy?: Partial<SlaPolicy> },
): Intake {
  counter += 1;
  return buildIntake(body, demoReference(options.policy), {
    orderId: orderIdFor(options.actor, `unit-test-${counter}`, 'test-hash-key'),
    actor: options.actor,
    receivedAt,
    hashKey: 'test-key',
  });
}
