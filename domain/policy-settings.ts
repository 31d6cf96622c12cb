/**
 * The SLA policy's settings as the administrator meets them (考核与时限政策): each by its path in the policy,
 * its Chinese name and what kind of value it holds, grouped as the screen shows them. The API names the
 * settings it refuses by these names; the console builds the form and the diff against the version in
 * force from the same list.
 */
import { HANDLING_CLASSES, ORDER_TYPES, type HandlingClass, type OrderType, type SlaPolicy } from './types';

/**
 * limit: an amount and its unit; fraction: a share of 1 (shown as a percentage); thresholds: ascending
 * fractions of a clock; weight: a KPI weight; count and number: a plain figure, with `unit` if it has one;
 * bytes: a size, stored in bytes and shown in MB; satisfaction / resolution: the ratings listed; phrases:
 * words and phrases; time: a time of day (HH:MM).
 */
export type SettingKind =
  | 'limit'
  | 'fraction'
  | 'thresholds'
  | 'weight'
  | 'count'
  | 'number'
  | 'bytes'
  | 'satisfaction'
  | 'resolution'
  | 'phrases'
  | 'time';

export interface PolicySetting {
  /** Dotted path in the policy, e.g. `handlingLimits.general.normal`. */
  path: string;
  name: string;
  kind: SettingKind;
  group: string;
  /** The unit a plain figure is counted in (小时, 米). */
  unit?: string;
}

/** 办理类别 by its Chinese name. */
export const HANDLING_CLASS_NAME: Record<HandlingClass, string> = {
  utilities: '水电气热类',
  general: '一般类',
  complex: '复杂类',
};

const LIMITS = '时限';
const ESCALATION = '催办与提级';
const WEIGHTS = '考核权重';
const REPEATS = '重复来电（并单）';
const REVIEWS = '第三方评议';
const QUALITY = '答复质检与抽检';
const HOTSPOTS = '热点与每月一题';
const ORDER_TYPE_NAME: Record<OrderType, string> = {
  consultation: '咨询',
  help: '求助',
  complaint: '投诉',
  report: '举报',
  suggestion: '建议',
};

export const POLICY_SETTINGS: readonly PolicySetting[] = [
  { group: LIMITS, path: 'responseLimit', name: '签收时限', kind: 'limit' },
  { group: LIMITS, path: 'emergencyLimit', name: '特急件办理时限', kind: 'limit' },
  ...HANDLING_CLASSES.flatMap((c): PolicySetting[] => [
    {
      group: LIMITS,
      path: `handlingLimits.${c}.urgent`,
      name: `${HANDLING_CLASS_NAME[c]}紧急件办理时限`,
      kind: 'limit',
    },
    {
      group: LIMITS,
      path: `handlingLimits.${c}.normal`,
      name: `${HANDLING_CLASS_NAME[c]}一般件办理时限`,
      kind: 'limit',
    },
  ]),
  { group: LIMITS, path: 'assistingLimitFraction', name: '协办时限（占办理时限）', kind: 'fraction' },
  { group: LIMITS, path: 'disputeRulingLimit', name: '退单裁定时限', kind: 'limit' },
  { group: LIMITS, path: 'returnVisitLimit', name: '回访时限', kind: 'limit' },
  { group: LIMITS, path: 'maxExtension', name: '延期最长', kind: 'limit' },
  { group: ESCALATION, path: 'warningThresholds', name: '催办提醒点（时限已用）', kind: 'thresholds' },
  { group: ESCALATION, path: 'maxReturnsBeforeL3', name: '退单超过此次数提级高位协调', kind: 'count', unit: '次' },
  { group: ESCALATION, path: 'maxReopensBeforeL3', name: '重办超过此次数提级高位协调', kind: 'count', unit: '次' },
  {
    group: ESCALATION,
    path: 'contactsToRaiseUrgency',
    name: '同一事项来电达此次数提高紧急程度（0 为不提高）',
    kind: 'count',
    unit: '次',
  },
  { group: ESCALATION, path: 'maxVisitAttempts', name: '回访最多拨打次数', kind: 'count', unit: '次' },
  { group: ESCALATION, path: 'reopenOnRating.satisfaction', name: '触发重办的满意度', kind: 'satisfaction' },
  { group: ESCALATION, path: 'reopenOnRating.resolution', name: '触发重办的解决情况', kind: 'resolution' },
  { group: WEIGHTS, path: 'kpiWeights.onTimeResponse', name: '按时签收率权重', kind: 'weight' },
  { group: WEIGHTS, path: 'kpiWeights.onTimeHandling', name: '按时办结率权重', kind: 'weight' },
  { group: WEIGHTS, path: 'kpiWeights.directAnswer', name: '直接答复率权重', kind: 'weight' },
  { group: WEIGHTS, path: 'kpiWeights.satisfaction', name: '满意率权重', kind: 'weight' },
  { group: WEIGHTS, path: 'kpiWeights.resolution', name: '解决率权重', kind: 'weight' },
  { group: WEIGHTS, path: 'kpiWeights.reopen', name: '重办率权重', kind: 'weight' },
  { group: WEIGHTS, path: 'kpiWeights.return', name: '退单率权重', kind: 'weight' },
  { group: REPEATS, path: 'repeat.windowHours', name: '疑似重复的时间范围', kind: 'number', unit: '小时' },
  { group: REPEATS, path: 'repeat.distanceMeters', name: '疑似重复的距离范围', kind: 'number', unit: '米' },
  { group: REPEATS, path: 'repeat.holdConfidence', name: '暂缓派单的重复可能性', kind: 'fraction' },
  {
    group: REPEATS,
    path: 'repeat.autoMergeConfidence',
    name: '自动并单的重复可能性（100% 为从不自动）',
    kind: 'fraction',
  },
  { group: REVIEWS, path: 'fairness.windowDays', name: '评议统计期', kind: 'count', unit: '天' },
  { group: REVIEWS, path: 'fairness.maxContacts', name: '来电超过此次数的来电人送评议', kind: 'count', unit: '次' },
  {
    group: REVIEWS,
    path: 'fairness.maxDissatisfied',
    name: '不满意超过此次数的来电人送评议',
    kind: 'count',
    unit: '次',
  },
  { group: '个人信息', path: 'retention.anonymiseAfterDays', name: '结案后个人信息保存', kind: 'count', unit: '天' },
  ...ORDER_TYPES.map((t): PolicySetting => ({
    group: QUALITY,
    path: `replyQuality.minLength.${t}`,
    name: `${ORDER_TYPE_NAME[t]}件答复最少字数`,
    kind: 'count',
    unit: '字',
  })),
  { group: QUALITY, path: 'replyQuality.recentReplies', name: '与本单位近期答复比对雷同', kind: 'count', unit: '条' },
  { group: QUALITY, path: 'replyQuality.templatePhrases', name: '套话词句（只有套话的答复须复核）', kind: 'phrases' },
  { group: QUALITY, path: 'replyQuality.promisePhrases', name: '只承诺不见结果的词句', kind: 'phrases' },
  { group: QUALITY, path: 'inspection.ordersPerUnit', name: '每单位每期抽检工单', kind: 'count', unit: '件' },
  { group: QUALITY, path: 'inspection.intakesPerOperator', name: '每名话务员每期抽检受理', kind: 'count', unit: '件' },
  { group: '话务员减压', path: 'operatorLoad.windowHours', name: '辱骂来电统计时段', kind: 'count', unit: '小时' },
  {
    group: '话务员减压',
    path: 'operatorLoad.abusiveCallsBeforeBreak',
    name: '时段内辱骂来电达此次数提示安排休息',
    kind: 'count',
    unit: '次',
  },
  { group: '短信通知', path: 'notifications.quietHours.from', name: '免打扰时段开始', kind: 'time' },
  { group: '短信通知', path: 'notifications.quietHours.to', name: '免打扰时段结束', kind: 'time' },
  { group: HOTSPOTS, path: 'hotspots.minCount', name: '热点每周最少件数', kind: 'count', unit: '件' },
  { group: HOTSPOTS, path: 'hotspots.alpha', name: '热点显著性水平（偶然出现的概率低于此值）', kind: 'fraction' },
  { group: HOTSPOTS, path: 'hotspots.baselineWeeks', name: '热点基线（前几周均值）', kind: 'count', unit: '周' },
  { group: HOTSPOTS, path: 'structural.lookbackMonths', name: '每月一题回看月数', kind: 'count', unit: '个月' },
  {
    group: HOTSPOTS,
    path: 'structural.minMonths',
    name: '同一地点同一分类被投诉达此月数列为结构性问题候选',
    kind: 'count',
    unit: '个月',
  },
  { group: '照片', path: 'photos.maxBytes', name: '单张照片大小上限', kind: 'bytes' },
  { group: '照片', path: 'photos.maxPerOrder', name: '每单照片数量上限', kind: 'count', unit: '张' },
];

/** A setting's value in a policy (undefined if the policy has no such setting). */
export function settingValue(policy: Partial<Omit<SlaPolicy, 'version'>>, path: string): unknown {
  return path.split('.').reduce<unknown>((v, key) => (v as Record<string, unknown> | undefined)?.[key], policy);
}

/** The policy with one setting changed; the rest (settings this list does not name included) as they were. */
export function withSetting<P extends object>(policy: P, path: string, value: unknown): P {
  const [key, ...rest] = path.split('.') as [string, ...string[]];
  const current = (policy as Record<string, unknown>)[key];
  return {
    ...policy,
    [key]: rest.length ? withSetting((current ?? {}) as object, rest.join('.'), value) : value,
  };
}

/** Values compared as they are stored (objects by their keys, in any order). */
const same = (a: unknown, b: unknown): boolean =>
  a === b ||
  (typeof a === 'object' &&
    typeof b === 'object' &&
    a !== null &&
    b !== null &&
    Object.keys({ ...a, ...b }).every((k) =>
      same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
    ));

export interface SettingChange {
  setting: PolicySetting;
  before: unknown;
  after: unknown;
  changed: boolean;
}

/** Every setting of `candidate` beside the one in force, marked where they differ. */
export function policyDiff(
  inForce: Partial<Omit<SlaPolicy, 'version'>>,
  candidate: Partial<Omit<SlaPolicy, 'version'>>,
): SettingChange[] {
  return POLICY_SETTINGS.map((setting) => {
    const before = settingValue(inForce, setting.path);
    const after = settingValue(candidate, setting.path);
    return { setting, before, after, changed: !same(before, after) };
  });
}
