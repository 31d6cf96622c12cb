/** Chinese names of the API's codes, in one place for every screen. */
import type { ActionName } from '../../domain/lifecycle';
import type { ClosureCode, OrderStatus, Role, SlaState } from '../../domain/order';
import type { CALLER_CONDUCTS, Channel, OrderType, UnitKind, Urgency } from '../../domain/types';

export const ROLE: Record<Role, string> = {
  operator: '话务员',
  department: '承办单位',
  coordinator: '协调督办员',
  visitor: '回访员',
  admin: '系统管理员',
  auditor: '审计员',
  reviewer: '第三方评议员',
  manager: '中心主任',
  inspector: '质检抽查员',
};

export const STATE: Record<OrderStatus, string> = {
  received: '已受理',
  answered: '已直接答复',
  dispatched: '已派单',
  acknowledged: '已签收',
  returned: '退单待裁定',
  extension_requested: '延期申请中',
  escalated: '高位协调中',
  completed: '已办结待回访',
  return_visit: '回访中',
  reopened: '重办',
  closed: '已结案',
};

export const CLOSURE: Record<ClosureCode, string> = {
  resolved: '已解决',
  partly_resolved: '部分解决',
  unresolved: '未解决',
  answered: '直接答复',
  unreachable: '无法联系',
  merged: '已并单',
  referred: '已转办（非政府职能）',
  withdrawn: '市民撤回',
  force_closed: '强制结案',
};

export const SLA: Record<SlaState, string> = {
  on_track: '正常',
  at_risk: '临期',
  breached: '超时',
  paused: '暂停计时',
};

/** Tag colours dark enough for WCAG AA contrast on Ant Design's light tag backgrounds. */
export const SLA_COLOR: Record<SlaState, string> = {
  on_track: '#135200',
  at_risk: '#873800',
  breached: '#a8071a',
  paused: '#434343',
};

export const CHANNEL: Record<Channel, string> = {
  phone: '电话',
  web: '网站',
  app: 'App',
  mini_program: '小程序',
  open311: 'Open311 接口',
};

export const ORDER_TYPE: Record<OrderType, string> = {
  consultation: '咨询',
  help: '求助',
  complaint: '投诉',
  report: '举报',
  suggestion: '建议',
};

export const URGENCY: Record<Urgency, string> = { emergency: '特急', urgent: '紧急', normal: '一般' };

export {
  CLOCK_NAME as CLOCK,
  ESCALATION_LEVEL_NAME as ESCALATION_LEVEL,
  RESOLUTION_NAME as RESOLUTION_LABEL,
  SATISFACTION_NAME as SATISFACTION_LABEL,
  reasonText,
} from '../../domain/reason-text';

export const ACTION: Record<ActionName, string> = {
  classify: '分类',
  dispatch: '派单',
  answer: '直接答复',
  refer: '转办',
  withdraw: '撤单',
  mergeInto: '并单',
  acknowledge: '签收',
  returnOrder: '退单',
  requestExtension: '延期申请',
  addNote: '办理进展',
  contribute: '协办意见',
  complete: '办结',
  rule: '退单裁定',
  reassign: '改派',
  addAssisting: '增加协办单位',
  removeAssisting: '移除协办单位',
  decideExtension: '延期审批',
  setDeadline: '调整时限',
  pauseClock: '暂停计时',
  resumeClock: '恢复计时',
  escalate: '提级',
  deescalate: '降级',
  forceClose: '强制结案',
  recordVisit: '回访评价',
  recordFailedAttempt: '回访未接通',
  reissueCode: '补发查询验证码',
  addPhoto: '上传照片',
  clearQuality: '质检复核：问题不成立',
  returnForQuality: '质检复核：退回重办',
};

export const AUDIT_EVENT: Record<string, string> = {
  received: '受理',
  classified: '分类',
  dispatched: '派单',
  redispatched: '重新派单',
  answered: '直接答复',
  referred: '转办',
  acknowledged: '签收',
  assist_acknowledged: '协办签收',
  assist_contributed: '提交协办意见',
  assisting_added: '增加协办单位',
  assisting_removed: '移除协办单位',
  returned: '退单',
  ruled: '退单裁定',
  backstop_assigned: '兜底派单',
  extension_requested: '申请延期',
  extension_granted: '批准延期',
  extension_denied: '驳回延期',
  deadline_set: '调整时限',
  clock_paused: '暂停计时',
  clock_resumed: '恢复计时',
  clock_warning: '催办提醒',
  clock_breached: '超时',
  escalated: '提级督办',
  deescalated: '降级',
  note_added: '办理进展',
  photo_added: '上传照片',
  completed: '办结',
  visit_recorded: '回访评价',
  contact_visit_recorded: '并单来电回访',
  visit_attempt_failed: '回访未接通',
  reopened: '重办',
  contact_merged: '并入来电',
  urgency_raised: '提高紧急程度',
  closed: '结案',
  record_failed: '记录写入失败',
  verification_code_reissued: '补发查询验证码',
  caller_conduct_noted: '来电情况标记',
  quality_finding: '答复质检问题',
  quality_cleared: '质检问题不成立',
  quality_returned: '质检退回重办',
};

/** 来电情况 (domain/types CALLER_CONDUCTS). */
export const CALLER_CONDUCT: Record<(typeof CALLER_CONDUCTS)[number], string> = {
  abusive: '辱骂',
  threatening: '威胁',
  agitated: '情绪激烈',
};

/** An amount of milliseconds as 天/小时/分, e.g. for countdowns. */
export function duration(ms: number): string {
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  if (days) return `${days}天${hours}小时`;
  if (hours) return `${hours}小时${mins}分`;
  return `${mins}分${Math.floor((Math.abs(ms) % 60_000) / 1000)}秒`;
}

const formatter = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});

/** An instant (epoch ms or ISO string) in China Standard Time. */
export const formatTime = (at: number | string | null | undefined) =>
  at === null || at === undefined ? '—' : formatter.format(new Date(at));

export const LIMIT_UNIT = { minutes: '分钟', hours: '小时', calendar_days: '自然日', working_days: '工作日' } as const;

/** 单位类型 (domain/types UNIT_KINDS). */
export const UNIT_KIND: Record<UnitKind, string> = {
  department: '职能部门',
  district: '区县政府',
  utility: '公共服务企业',
  centre: '热线中心',
};

/** 质检复核: where a reply's quality review stands. */
export const QUALITY_REVIEW = {
  pending: '待质检复核，复核后方可回访',
  cleared: '复核认定问题不成立',
  returned: '复核退回承办单位重办',
} as const;

/** What a notification tells (domain/notifications UNIT_NOTICE_KINDS, and the citizen's SMS). */
export const NOTICE_EVENT: Record<string, string> = {
  dispatched: '派单',
  assisting: '协办',
  reminder: '催办',
  breach: '督办（超时）',
  ruled: '退单裁定',
  extension_granted: '延期已批准',
  extension_denied: '延期未批准',
  escalated: '提级至三级',
  received: '受理告知（工单号与查询码）',
  completed: '办结答复',
  visit_notice: '回访预告',
};
