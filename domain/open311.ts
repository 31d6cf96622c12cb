/**
 * Open311 GeoReport v2's rules (the frozen spec at open311.org) as the hotline applies them: the attributes
 * every service definition declares, their validation on POST (`attribute[CODE]`, `attribute[CODE][]`),
 * the request's status and times as the spec writes them. Pure: api/open311/ serves them.
 */
import type { OrderType, Urgency } from './types';

export type Open311Datatype = 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';

export interface Open311Attribute {
  code: string;
  datatype: Open311Datatype;
  required: boolean;
  description: string;
  datatypeDescription: string;
  values: { key: string; name: string }[];
}

/** The order types a partner may file (a consultation is answered on the phone, not filed). */
const FILED_TYPES: Record<Exclude<OrderType, 'consultation'>, string> = {
  complaint: '投诉',
  help: '求助',
  report: '举报',
  suggestion: '建议',
};
const URGENCY_NAMES: Record<Urgency, string> = { normal: '一般', urgent: '紧急', emergency: '特急' };
/** When the matter happens: added to the request text for the unit. */
export const OCCURS: Record<string, string> = { daytime: '白天', night: '夜间', weekend: '周末' };

const list = (names: Record<string, string>) => Object.entries(names).map(([key, name]) => ({ key, name }));

/** Every service's attributes, in the order a form shows them. */
export const ATTRIBUTES: readonly Open311Attribute[] = [
  {
    code: 'order_type',
    datatype: 'singlevaluelist',
    required: true,
    description: '诉求类型',
    datatypeDescription: '投诉、求助、举报或建议',
    values: list(FILED_TYPES),
  },
  {
    code: 'urgency',
    datatype: 'singlevaluelist',
    required: false,
    description: '紧急程度（不填按目录默认）',
    datatypeDescription: '一般、紧急或特急',
    values: list(URGENCY_NAMES),
  },
  {
    code: 'occurs',
    datatype: 'multivaluelist',
    required: false,
    description: '发生时段',
    datatypeDescription: '可多选',
    values: list(OCCURS),
  },
  {
    code: 'sms_consent',
    datatype: 'singlevaluelist',
    required: false,
    description: '市民是否同意接收短信通知（工单号与查询码、办结答复、回访提醒）',
    datatypeDescription: '是或否',
    values: list({ yes: '是', no: '否' }),
  },
];

/** The attribute values a POST carried, by code: one value, or a list for `attribute[CODE][]`. */
export type RawAttributes = Record<string, string | string[]>;

export interface AttributeValues {
  orderType: Exclude<OrderType, 'consultation'>;
  urgency?: Urgency;
  occurs: string[];
  smsConsent: boolean;
}

/** An Open311 error: the field it concerns and what is wrong, in Chinese. */
export interface AttributeError {
  code: string;
  description: string;
}

/** Checks the attributes against the definition: required ones present, list values among the keys. */
export function validateAttributes(raw: RawAttributes): { values?: AttributeValues; errors: AttributeError[] } {
  const errors: AttributeError[] = [];
  for (const code of Object.keys(raw)) {
    if (!ATTRIBUTES.some((a) => a.code === code)) {
      errors.push({ code: `attribute[${code}]`, description: `服务定义中没有属性 ${code}` });
    }
  }
  for (const a of ATTRIBUTES) {
    const given = raw[a.code];
    const values = given === undefined ? [] : Array.isArray(given) ? given : [given];
    if (a.required && !values.length) {
      errors.push({ code: `attribute[${a.code}]`, description: `缺少必填属性：${a.description}` });
    }
    if (a.datatype === 'singlevaluelist' && values.length > 1) {
      errors.push({ code: `attribute[${a.code}]`, description: `${a.description}只能选一项` });
    }
    const unknown = values.filter((v) => !a.values.some((k) => k.key === v));
    if (unknown.length) {
      errors.push({
        code: `attribute[${a.code}]`,
        description: `${a.description}的取值须为 ${a.values.map((v) => v.key).join('、')} 之一`,
      });
    }
  }
  if (errors.length) return { errors };
  const one = (code: string) => {
    const v = raw[code];
    return Array.isArray(v) ? v[0] : v;
  };
  const occurs = raw.occurs;
  return {
    errors,
    values: {
      orderType: one('order_type') as AttributeValues['orderType'],
      ...(one('urgency') ? { urgency: one('urgency') as Urgency } : {}),
      occurs: occurs === undefined ? [] : Array.isArray(occurs) ? occurs : [occurs],
      smsConsent: one('sms_consent') === 'yes',
    },
  };
}

/**
 * The attributes of a form-encoded POST: `attribute[CODE]` and `attribute[CODE][]` keys (a repeated key
 * arrives as a list of its values).
 */
export function attributesOfForm(form: Record<string, unknown>): RawAttributes {
  const raw: RawAttributes = {};
  for (const [key, value] of Object.entries(form)) {
    const m = /^attribute\[([^\]]+)\](\[\])?$/.exec(key);
    if (!m) continue;
    const values = (Array.isArray(value) ? value : [value]).map(String);
    const code = m[1]!;
    const earlier = raw[code];
    const all = [...(earlier === undefined ? [] : Array.isArray(earlier) ? earlier : [earlier]), ...values];
    raw[code] = m[2] || all.length > 1 ? all : all[0]!;
  }
  return raw;
}

const CHINA_OFFSET_MS = 8 * 3_600_000;

/** An instant as the spec writes it (W3C), in China time: 2026-12-08T12:03:11+08:00. */
export function open311Time(at: Date | number): string {
  const local = new Date((typeof at === 'number' ? at : at.getTime()) + CHINA_OFFSET_MS);
  return `${local.toISOString().slice(0, 19)}+08:00`;
}

/** The spec's defaults for GET requests: the last 90 days, at most 1,000 requests. */
export const DEFAULT_WINDOW_DAYS = 90;
export const MAX_REQUESTS = 1000;
