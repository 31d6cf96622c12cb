/**
 * Emergency signals (紧急情形) in what a caller says: a danger to life or property now, whatever the
 * category's usual urgency — a gas smell, a burst main, someone trapped in a lift, an open manhole. Each
 * signal names its reason so the operator sees why the suggestion says `emergency`. Rules, not learnt:
 * they are few, they must never be missed for lack of examples, and a centre's manager can read them.
 */

export interface EmergencySignal {
  /** Why, in the operator's words. */
  reason: string;
  /** The words of the description that matched. */
  matched: string;
}

// Clauses are short: a pattern spans at most a few characters within one clause (no 。，；).
const NEAR = '[^。，,；;！!？?]{0,6}';
const GAS = '(?:煤气|燃气|天然气|液化气)';

const SIGNALS: readonly { reason: string; pattern: RegExp }[] = [
  {
    reason: '疑似燃气泄漏（闻到气味、漏气声或报警器响）',
    pattern: new RegExp(`${GAS}${NEAR}(?:味|漏|泄|嘶嘶|报警器|挖断|挖破|喷)|(?:闻到|一股)${NEAR}${GAS}`),
  },
  {
    reason: '供水管道爆裂（喷水、冒水）',
    pattern: new RegExp(
      `(?:水管|管道|主管|供水管|管子)${NEAR}(?:爆|炸开|裂|破|断)|(?:往上|往外)(?:喷|冒|翻|涌)水|水柱|喷水`,
    ),
  },
  {
    reason: '电梯困人',
    pattern: new RegExp(`(?:困|关|卡)在${NEAR}电梯|电梯${NEAR}(?:困人|困住|被困|卡住|出不来|门也打不开)`),
  },
  {
    reason: '井盖缺失或破损，行人车辆有坠落危险',
    pattern: new RegExp(
      `(?:井盖|窨井盖|井口|井篦子|雨水井|污水井|下水井)${NEAR}(?:不见|没了|丢|缺|被偷|碎|塌|敞|没盖|没有盖|翘)`,
    ),
  },
  { reason: '火情或冒烟（先请来电人拨打119）', pattern: /着火|起火|火很大|火灾|浓烟/ },
  { reason: '有人受伤或失去意识（先请来电人拨打120）', pattern: /晕倒|没有意识|一动不动|流血|受伤倒/ },
  {
    reason: '电线断落或漏电',
    pattern: new RegExp(`(?:电线|高压线|电缆)${NEAR}(?:掉|断|落|垂|裸露)|漏电|电线杆倒|配电箱冒烟|冒火花`),
  },
  { reason: '路面塌陷', pattern: new RegExp(`(?:路面|地面|马路|路基)${NEAR}(?:塌陷|塌了|下沉|塌下)`) },
];

/** The emergency signals in a description, in the order above (the first is the main reason). */
export function emergencySignals(description: string): EmergencySignal[] {
  const text = description.normalize('NFKC');
  return SIGNALS.flatMap(({ reason, pattern }) => {
    const m = pattern.exec(text);
    return m ? [{ reason, matched: m[0] }] : [];
  });
}
