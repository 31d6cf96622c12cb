/**
 * Every refusal of an action a person may read: a stable machine code (what clients and tests match) and
 * the Chinese message the console shows beside the field concerned. The workflow's validators reject with
 * these; the API's problem body carries both (`errors: [{ field, code, message }]`). Unit codes and enum
 * values stay out of the messages: the console names the field, the person knows the unit they chose.
 * Rejections are not in workflow history, so a message may change without touching replay.
 */
import type { Limit } from './types';

const LIMIT_UNIT_NAME: Record<Limit['unit'], string> = {
  minutes: '分钟',
  hours: '小时',
  calendar_days: '个自然日',
  working_days: '个工作日',
};

export const REFUSALS = {
  // who may act
  role_not_allowed: () => '您的角色不能执行此操作',
  phase_not_allowed: () => '工单当前状态不允许此操作',
  unit_not_on_order: () => '本单位不是该工单的承办单位',
  lead_only: () => '只有主办单位可以执行此操作',
  assisting_only: () => '只有协办单位可以提交协办意见',
  // intake
  category_required: () => '工单须选择诉求分类',
  consultation_not_dispatchable: () => '咨询类诉求须先改为工单才能派单',
  lead_also_assisting: () => '主办单位不能同时作为协办单位',
  not_a_consultation: () => '只有咨询类诉求可以直接答复',
  merge_into_itself: () => '工单不能并入自身',
  merge_target_not_open: () => '所选工单不是可并入的在办工单',
  lead_unit_needed: () => '该工单尚未分类，请选择主办单位',
  article_not_in_force: () => '所选知识库文章不存在或已失效',
  unknown_referral_channel: () => '转办渠道不存在，请从列表中选择',
  referral_channel_retired: () => '该转办渠道已停用，请选择其他渠道',
  // departments
  sign_for_not_dispatched: () => '只有已派单的工单可以签收',
  assist_already_signed: () => '本单位已签收协办',
  assist_already_contributed: () => '本单位已提交协办意见',
  extension_not_later: () => '延期须晚于当前办理时限',
  // deadlines
  not_in_future: () => '时间须晚于现在',
  beyond_max_extension: (max: Limit) => `时限最多可延至当前时限后 ${max.amount} ${LIMIT_UNIT_NAME[max.unit]}`,
  clock_not_running: () => '该时限未在计时',
  no_running_clock: () => '没有正在计时的时限可暂停',
  no_paused_clock: () => '没有已暂停的时限可恢复',
  // coordinators
  reassign_needs_other_unit: () => '改派须选择当前主办单位以外的单位',
  already_lead_unit: () => '所选单位已是主办单位',
  unit_already_on_order: () => '所选单位已在办理该工单',
  not_an_assisting_unit: () => '所选单位不是该工单的协办单位',
  escalation_out_of_range: (p: { level: number; max: number }) => `提级须高于当前 L${p.level}，最高 L${p.max}`,
  deescalation_out_of_range: (p: { level: number }) => `降级须低于当前 L${p.level}`,
  // 质检复核
  no_quality_review: () => '该工单没有待复核的质检问题',
  quality_review_pending: () => '该工单答复待质检复核，复核后方可回访',
  // return visits and the citizen's lookup
  contact_not_linked: () => '所选来电未并入该工单',
  contact_visit_recorded: () => '该来电的回访结果已记录',
  no_phone_on_order: () => '该工单没有可核对的来电号码',
  caller_not_requester: () => '来电号码与诉求人号码不一致',
  // what intake is given (api/intake.ts)
  unknown_category: () => '派单分类不在目录中，请从目录中选择',
  unknown_unit: () => '所选单位不存在',
  phone_not_diallable: (why: string) => why,
  // text the database cannot store (domain/text.ts)
  unstorable_text: () => '内容含有无法保存的字符（空字符或不成对的代理项）',
} as const;

export type RefusalCode = keyof typeof REFUSALS;

/** Why an action was refused, for machines and for people. */
export interface RefusalReason {
  code: RefusalCode;
  message: string;
}

/** The code and message of a refusal; `args` are what its message names. */
export function refusalOf<C extends RefusalCode>(code: C, ...args: Parameters<(typeof REFUSALS)[C]>): RefusalReason {
  return { code, message: (REFUSALS[code] as (...a: unknown[]) => string)(...args) };
}
