/**
 * The SLA policy the demo city starts with (version 1 once published).
 *
 * Defaults follow Beijing's local standard DB11/T 2021—2022 《12345市民服务热线服务与管理规范》:
 * 15-minute response (派单签收), emergency feedback within 2 hours, utilities (水电气热) within 24 hours,
 * general matters within 7 and complex matters within 15 working days; urgent matters get shorter limits.
 */
import { GOVERNANCE_DEFAULTS } from '../../domain/policy';
import type { SlaPolicy } from '../../domain/types';

export const DEFAULT_POLICY: Omit<SlaPolicy, 'version'> = {
  responseLimit: { unit: 'minutes', amount: 15 },
  emergencyLimit: { unit: 'hours', amount: 2 },
  handlingLimits: {
    utilities: {
      normal: { unit: 'hours', amount: 24 },
      urgent: { unit: 'hours', amount: 12 },
    },
    general: {
      normal: { unit: 'working_days', amount: 7 },
      urgent: { unit: 'working_days', amount: 3 },
    },
    complex: {
      normal: { unit: 'working_days', amount: 15 },
      urgent: { unit: 'working_days', amount: 7 },
    },
  },
  warningThresholds: [0.5, 0.75],
  disputeRulingLimit: { unit: 'working_days', amount: 1 },
  returnVisitLimit: { unit: 'working_days', amount: 3 },
  assistingLimitFraction: 0.8,
  maxReturnsBeforeL3: 2,
  maxReopensBeforeL3: 2,
  maxVisitAttempts: 3,
  contactsToRaiseUrgency: 3,
  ...GOVERNANCE_DEFAULTS,
};
