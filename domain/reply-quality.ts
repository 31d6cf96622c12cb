/**
 * 质检: what a unit's reply at completion (办结) is checked for before it goes to the citizen's return
 * visit. Pure rules, importable by the workflow, which runs them inside the completion and records each
 * finding as a `quality_finding` event. A finding names its code and the figures it rests on, never the
 * request's or the reply's words: the trail keeps no citizen text twice.
 *
 * - too short: fewer characters of substance than the policy asks of the order type;
 * - template only: once the policy's template phrases (已关注, 已转相关部门处理, 感谢您的理解和支持……)
 *   and filler are taken out, nothing is left;
 * - off topic (答非所问): not one of the request's key terms (its two-character runs, generic ones aside)
 *   is in the reply;
 * - identical: the same text, punctuation and numbers aside, as one of the unit's recent replies on
 *   other orders (compared by fingerprint: the caller supplies the unit's, the reply's is computed here);
 * - promise only: it promises (将尽快, 正在研究, 拟于近期) and reports nothing done (已更换, 现已恢复).
 *
 * docs/supervision.md says how each is tuned in the policy.
 */
import type { OrderType } from './types';

export const REPLY_FINDING_CODES = ['too_short', 'template_only', 'off_topic', 'identical', 'promise_only'] as const;
export type ReplyFindingCode = (typeof REPLY_FINDING_CODES)[number];

/** `warn`: the completion stands and the unit is told; `review`: a reviewer sees the order before the return visit. */
export const FINDING_ACTIONS = ['warn', 'review'] as const;
export type FindingAction = (typeof FINDING_ACTIONS)[number];

/** The policy's reply-quality settings (SlaPolicy.replyQuality), versioned with it. */
export interface ReplyQualityPolicy {
  /** Characters of substance (punctuation and spaces aside) a reply must have, by order type. */
  minLength: Record<OrderType, number>;
  /** 套话: phrases that say nothing about the matter. */
  templatePhrases: string[];
  /** 承诺: phrases that promise work instead of reporting it. */
  promisePhrases: string[];
  /** How many of the unit's latest replies on other orders a reply is compared with. */
  recentReplies: number;
  actions: Record<ReplyFindingCode, FindingAction>;
}

export const REPLY_QUALITY_DEFAULTS: ReplyQualityPolicy = {
  minLength: { consultation: 15, help: 20, complaint: 20, report: 20, suggestion: 15 },
  templatePhrases: [
    '您好',
    '您反映的问题',
    '您反映的情况',
    '您的诉求',
    '您的来电',
    '来电',
    '诉求',
    '已收悉',
    '已收到',
    '收到',
    '已知悉',
    '知悉',
    '我们已经了解',
    '已了解',
    '高度重视',
    '已关注',
    '已转相关部门处理',
    '已转交相关部门处理',
    '已转相关单位处理',
    '转相关部门',
    '转交相关部门',
    '相关部门',
    '相关单位',
    '相关科室',
    '相关人员',
    '已安排',
    '已责成',
    '跟进处理',
    '认真核查',
    '核实处理',
    '依法依规处理',
    '及时处理',
    '请耐心等待',
    '请您耐心等待',
    '耐心等待处理结果',
    '感谢您对我们工作的理解和支持',
    '感谢您对我们工作的关心和支持',
    '感谢您对我们工作的监督和支持',
    '感谢您的理解与支持',
    '感谢您的理解和支持',
    '感谢您的监督',
    '感谢您的来电',
    '感谢您对',
    '的关心和支持',
    '的支持',
    '谢谢您的反映',
    '谢谢',
    '祝您生活愉快',
    '加强管理',
    '进一步加强管理',
    '不断提高服务水平',
  ],
  promisePhrases: [
    '将尽快',
    '尽快安排',
    '尽快协调',
    '尽快组织',
    '正在研究',
    '研究处理',
    '研究推进',
    '正在协调',
    '正在积极协调',
    '正在抓紧',
    '列入维修计划',
    '拟于近期',
    '将适时',
    '择机',
    '争取早日',
    '争取尽快',
    '待审核完成后',
  ],
  recentReplies: 200,
  actions: {
    too_short: 'warn',
    off_topic: 'warn',
    template_only: 'review',
    identical: 'review',
    promise_only: 'review',
  },
};

/** A finding as the trail records it: the code, what the policy decided, and the figures behind it. */
export type ReplyFinding = {
  code: ReplyFindingCode;
  action: FindingAction;
  /** too_short: characters of substance and the minimum; off_topic: key terms of the request (a count). */
  figures?: Record<string, number>;
};

/** Each finding's short name (the supervision report's column, docs/supervision.md's table). */
export const FINDING_NAMES: Record<ReplyFindingCode, string> = {
  too_short: '答复过短',
  template_only: '只有套话',
  off_topic: '答非所问',
  identical: '与近期答复雷同',
  promise_only: '只有承诺',
};

/** What the unit is told about each finding, in its own words. */
export const FINDING_MESSAGES: Record<ReplyFindingCode, string> = {
  too_short: '答复过短，未说明办理经过和结果',
  template_only: '答复只有套话（如“已关注”“已转相关部门处理”），未说明具体办理情况',
  off_topic: '答复与诉求内容无关（答非所问）',
  identical: '答复与本单位近期其他工单的答复完全相同',
  promise_only: '答复只有承诺（如“将尽快”“正在研究”），没有办理结果',
};

export const FINDING_ACTION_LABELS: Record<FindingAction, string> = {
  warn: '提醒',
  review: '转质检复核',
};

/** Letters, digits and CJK only: what a reply says, without its punctuation, spaces and emphasis. */
function substance(text: string): string {
  return text.replace(/[^\p{L}\p{N}]/gu, '');
}

const CJK = /^[\u4e00-\u9fff]{2}$/;

/**
 * Two-character runs too common in requests to say what one is about: a reply sharing only these with
 * the request has not answered it.
 */
const GENERIC_TERMS = new Set(
  (
    '问题 情况 反映 处理 管理 我们 我家 你们 一个 已经 没有 现在 这个 那个 每天 好几 几天 一直 不给 怎么 什么 ' +
    '需要 可以 还是 但是 就是 不是 时候 里面 感觉 影响 严重 工作 部门 相关 天了 了好 到现 在还 还没 没人 ' +
    '很多 非常 特别 希望 请求 要求 投诉 举报 建议 咨询 市民 群众 居民 请问 能不 不能 知道 为什'
  ).split(' '),
);

/** The request's key terms: its two-character CJK runs, the generic ones aside. */
function keyTerms(request: string): Set<string> {
  const s = substance(request);
  const terms = new Set<string>();
  for (let i = 0; i + 2 <= s.length; i++) {
    const bigram = s.slice(i, i + 2);
    if (CJK.test(bigram) && !GENERIC_TERMS.has(bigram)) terms.add(bigram);
  }
  return terms;
}

/** Characters too common to tie a reply to its request: function words, 区 of 小区, 按 of 按时 … */
const GENERIC_CHARS = new Set(
  '的了是在有我你他她们这那就都也还和与及并已将对为个一不没人时天年月日号上下中后前里内外到从把被给说要会能可以之其等于所该此经予进行情况问题反映处理您单位局公司队区小按'.split(
    '',
  ),
);

/** The request's characters of substance, the generic ones aside. */
function keyChars(text: string): Set<string> {
  return new Set([...text].filter((c) => /[\u4e00-\u9fff]/u.test(c) && !GENERIC_CHARS.has(c)));
}

/**
 * Whether a reply is about something else than its request: it shares no key term (two-character run) and
 * fewer than two characters of substance with it. A reply in other words (没电 → 恢复供电, 3栋楼 → 3栋电缆)
 * still shares characters; one about street lights on a dog complaint shares none.
 */
function answersSomethingElse(request: string, reply: string): boolean {
  const terms = keyTerms(request);
  if (terms.size === 0 || [...terms].some((t) => reply.includes(t))) return false;
  const said = keyChars(reply);
  return [...keyChars(request)].filter((c) => said.has(c)).length < 2;
}

/** What is left of a reply once its template phrases and filler are taken out. */
const FILLER = /[我您你们单位局公司队所处中心的了已将对和与及并是在为有]/gu;
function beyondTemplates(reply: string, phrases: readonly string[]): string {
  let rest = substance(reply);
  for (const p of [...phrases].sort((a, b) => b.length - a.length)) rest = rest.split(substance(p)).join('');
  return rest.replace(FILLER, '');
}

/**
 * A completed action reported: 已 + a verb that is not a receipt, a hand-on or a plan (已收到, 已转, 已将……
 * 列入计划), a 现已 / 目前已, or a verb with 了 that is not 了解.
 */
const DONE = [
  /已(?!收|知悉|关注|了解|记录|将|转|列入|高度|经|安排相关|责成相关)[\u4e00-\u9fff]/u,
  /(现|目前)已/u,
  /[\u4e00-\u9fff]了(?!解)[\u4e00-\u9fff]/u,
  /(恢复|更换|修复|拆除|退还|清运|办结)(正常|完毕|完成)?[，。；]/u,
];

/**
 * A fingerprint of a reply for comparing it with others: its substance without numbers (dates and
 * counts change between copies), hashed (cyrb53) so the unit's replies are compared without keeping them.
 */
export function replyFingerprint(reply: string): string {
  const text = substance(reply).replace(/\p{N}/gu, '');
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

export interface ReplyToJudge {
  orderType: OrderType;
  request: string;
  reply: string;
  /** Fingerprints (replyFingerprint) of the unit's recent replies on other orders. */
  recentFingerprints: readonly string[];
}

/** Every finding on a reply, in REPLY_FINDING_CODES order; empty when it stands. */
export function judgeReply(r: ReplyToJudge, policy: ReplyQualityPolicy): ReplyFinding[] {
  const found: [ReplyFindingCode, Record<string, number>?][] = [];
  const length = substance(r.reply).length;
  const minimum = policy.minLength[r.orderType];
  if (length < minimum) found.push(['too_short', { length, minimum }]);
  if (length > 0 && beyondTemplates(r.reply, policy.templatePhrases).length <= 2) found.push(['template_only']);
  if (length >= minimum && answersSomethingElse(r.request, r.reply))
    found.push(['off_topic', { keyTerms: keyTerms(r.request).size }]);
  if (length > 0 && r.recentFingerprints.includes(replyFingerprint(r.reply))) found.push(['identical']);
  const promises = policy.promisePhrases.some((p) => r.reply.includes(p));
  if (promises && !DONE.some((d) => d.test(r.reply))) found.push(['promise_only']);
  return found.map(([code, figures]) => ({ code, action: policy.actions[code], ...(figures ? { figures } : {}) }));
}

/** Whether any finding sends the order to quality review (质检复核) before its return visit. */
export const needsQualityReview = (findings: readonly ReplyFinding[]): boolean =>
  findings.some((f) => f.action === 'review');
