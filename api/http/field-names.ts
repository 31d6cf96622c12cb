/**
 * Refusals in the hotline's language, for the routes a person fills a form for (the administrator's): each
 * field error's message becomes "<the field's Chinese name>：<why, in Chinese>". The field path and the
 * problem's code stay as they are, for machines; zod's own messages are replaced by `chineseIssue` as the
 * body is parsed, and the rules' English messages (ours, listed below) are translated here, in one place.
 */
import type { core } from 'zod';
import { UNSTORABLE_TEXT_MESSAGE } from '../../domain/text';
import { HttpProblem, type FieldError } from './problem';

/**
 * A route's fields by their Chinese names, keyed by path without array indexes (`body.keywords` names each
 * keyword); a field not listed takes the name of the nearest listed field above it (`body.responseLimit`
 * names `body.responseLimit.amount`).
 */
export type FieldNames = Record<string, string>;

/** What zod found wrong, as a person is told it (the error map of a parse: our schemas' own messages win). */
export function chineseIssue(issue: core.$ZodRawIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return '必须填写';
      return issue.expected === 'int' ? '须为整数' : '格式不对';
    case 'too_small':
      if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? '不能为空' : `至少 ${issue.minimum} 个字`;
      if (issue.origin === 'array') return `至少 ${issue.minimum} 项`;
      return issue.inclusive ? `不能小于 ${issue.minimum}` : `须大于 ${issue.minimum}`;
    case 'too_big':
      if (issue.origin === 'string') return `最多 ${issue.maximum} 个字`;
      if (issue.origin === 'array') return `最多 ${issue.maximum} 项`;
      return issue.inclusive ? `不能大于 ${issue.maximum}` : `须小于 ${issue.maximum}`;
    case 'invalid_value':
      return '不在可选范围内';
    case 'invalid_format':
      if (issue.format === 'email') return '须为电子邮箱地址';
      if (issue.format === 'date') return '须为日期（年-月-日）';
      return '格式不对';
    default:
      return '填写有误';
  }
}

const DURATION_UNIT: Record<string, string> = { second: '秒', minute: '分钟', hour: '小时', day: '天' };
/** `5 minutes`, `1 day` (domain/policy-bounds.ts) → 5 分钟, 1 天; a bare number stays. */
const amount = (text: string) =>
  text.replace(/^([\d.]+) (second|minute|hour|day)s?$/, (_, n: string, u: string) => `${n} ${DURATION_UNIT[u]}`);

/** The English messages of our own schemas and rules (api/, domain/), each in Chinese. */
const REASONS: [RegExp, (...m: string[]) => string][] = [
  [/^unknown field$/, () => '不是可以填写的项目'],
  [/^must be a phone number$/, () => '须为电话号码（数字，可含 +、- 和空格）'],
  [/^must be a unit code$/, () => '须为单位代码（大写字母、数字或下划线）'],
  [
    /^must be a (catalogue category|referral channel) code$|^must be lower_snake ASCII$/,
    () => '须为代码（小写字母、数字或下划线）',
  ],
  [/^must be an article code$/, () => '须为条目编号（大写字母、数字、- 或下划线）'],
  [/^must fall in the years (\d+)–(\d+)$/, (from, to) => `须在 ${from}–${to} 年之间`],
  [new RegExp(`^${UNSTORABLE_TEXT_MESSAGE}$`), () => '含有无法保存的字符（NUL 或不成对的 UTF-16 代理项）'],
  [/^must be between (.+) and (.+)$/, (min, max) => `须在 ${amount(min)} 到 ${amount(max)} 之间`],
  [/^must be 0 or between ([\d.]+) and 1$/, (min) => `须为 0，或在 ${min} 到 1 之间`],
  [/^warning thresholds must be ascending$/, () => '须从小到大排列'],
  [/^at least one weight must count$/, () => '至少一项权重须大于 0'],
  [/^must not exceed the months looked back$/, () => '不能多于回看月数'],
  [/^(\S+) is not in (\d+)$/, (day, year) => `${day} 不在 ${year} 年内`],
  [/^(\S+) is a weekday: not a make-up working day$/, (day) => `${day} 本是工作日，不能作为调休上班日`],
  [/^(\S+) is both a holiday and a make-up working day$/, (day) => `${day} 不能既是放假日又是调休上班日`],
  [/^exactly one backstop unit is required, found (\d+)$/, (n) => `须有且只有一个兜底单位（现有 ${n} 个）`],
  [/^(\S+): parent (\S+) does not exist$/, (unit, parent) => `${unit} 的上级单位 ${parent} 不存在`],
  [/^(\S+): its escalation chain loops through (\S+)$/, (unit, via) => `${unit} 的督办链经 ${via} 绕回自身`],
  [/^unknown unit (.*)$/, (unit) => `没有代码为 ${unit} 的单位`],
  [/^bad assisting unit (.*)$/, (unit) => `协办单位 ${unit} 不存在或与牵头单位相同`],
  [/^duplicate code$/, () => '代码与前面的行重复'],
  [/^required$/, () => '必须填写'],
  [/^one of /, () => '不在可选范围内'],
  [/^like "/, () => '须写成“数量 单位”，如 7 working_days（单位可为 minutes、hours、calendar_days、working_days）'],
  [/^not valid CSV/, () => '不是有效的逗号分隔（CSV）文件'],
  [/^missing columns: (.*)$/, (columns) => `缺少列：${columns}`],
  [/^no rows$/, () => '没有数据行'],
];

const HAN = /\p{Script=Han}/u;

/** Why, in Chinese: a message already in Chinese stays; one we do not know says only that it is wrong. */
function reasonOf(message: string): string {
  if (HAN.test(message)) return message;
  for (const [pattern, say] of REASONS) {
    const m = pattern.exec(message);
    if (m) return say(...m.slice(1));
  }
  return '填写有误';
}

/** The field's name: `body.row[12].lead_unit` (a CSV import's row 12) → 第 12 行「牵头单位」. */
function nameOf(field: string, names: FieldNames): string {
  const row = /^body\.row\[(\d+)\]\.(.+)$/.exec(field);
  if (row) return `第 ${row[1]} 行「${nameOf(`body.${row[2]}`, names)}」`;
  const path = field.split('.').filter((segment) => !/^\d+$/.test(segment));
  for (let n = path.length; n > 0; n--) {
    const name = names[path.slice(0, n).join('.')];
    if (name) return name;
  }
  return '提交的内容';
}

/** The problem with each field error said in Chinese and naming its field; anything else as it was. */
export function inChinese(err: unknown, names: FieldNames): unknown {
  if (!(err instanceof HttpProblem) || !Array.isArray(err.extra.errors)) return err;
  const errors = (err.extra.errors as FieldError[]).map((e) => ({
    ...e,
    message: `${nameOf(e.field, names)}：${reasonOf(e.message)}`,
  }));
  return new HttpProblem(err.status, err.code, err.message, { ...err.extra, errors });
}
