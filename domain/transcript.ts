/**
 * 智能填单: the order's fields proposed from a call's transcript (speech-recognition text or the operator's
 * running notes) — the request without the small talk, the caller's name as given (王女士, 张建国), phone
 * numbers however they were said (一三八…, 幺, digits in groups), the address of the matter through the
 * normaliser repeat detection uses (domain/address.ts), and time expressions (昨晚十一点, 每天凌晨). Rules
 * over the text, not a model: each field has a few fixed ways of being said, and a rule the operator can
 * read is easier to trust when confirming each field. Pure: no dependency.
 */
import { normaliseAddressText, parseAddress, type Place } from './address';

export interface TranscriptFields {
  /** The request: the transcript's clauses without greetings, thanks, name, phone and address. */
  description: string;
  /** The caller's name as given, e.g. 王女士; null when not said. */
  name: string | null;
  /** Phone numbers said, as digits, in order. */
  phones: string[];
  /** The address of the matter as said (normalised), and its parts; null when none was said. */
  incidentAddress: { text: string; place: Place } | null;
  /** Time expressions, as said. */
  times: string[];
}

const SPOKEN_DIGITS: Record<string, string> = {
  零: '0',
  〇: '0',
  洞: '0',
  一: '1',
  幺: '1',
  二: '2',
  两: '2',
  三: '3',
  四: '4',
  五: '5',
  六: '6',
  七: '7',
  八: '8',
  九: '9',
};
/** A run of digits, spoken or written, with the pauses and dashes people put between groups. */
const DIGIT_RUN = /[0-9零〇洞一幺二两三四五六七八九](?:[\s,，、-]?[0-9零〇洞一幺二两三四五六七八九]){6,14}/gu;
const PHONE = /^(?:1[3-9]\d{9}|0\d{2,3}\d{7,8}|[2-8]\d{7})$/;

const TITLES = '先生|女士|小姐|阿姨|大爷|大妈|师傅|老师';
const NAME_PATTERNS: readonly RegExp[] = [
  // 我姓赵，赵先生 / 免贵姓陈: the surname, and the title when the caller gives it.
  new RegExp(`(?:我|本人|免贵)姓(\\p{Script=Han})[，,\\s]*(?:\\1)?(${TITLES})?`, 'u'),
  /(?:我叫|我的名字(?:是|叫)|名字是)(\p{Script=Han}{2,3}?)(?=[，,。\s]|$|电话|手机|号码|住|家|我)/u,
  new RegExp(`(?:我是)(\\p{Script=Han}(?:${TITLES}))`, 'u'),
];

const ADDRESS_WORD = /路|街|巷|大道|小区|花园|家园|新村|苑|号楼|栋|幢|单元/u;
const ADDRESS_LEAD =
  /^(?:.*?(?:地址是|地址在|位置是|位置在|地点是|地点在|我家在|我住在|住在|家住|住址|就在|是在|在)|是)/u;
/** Clauses about the caller's contact or place, kept out of the request even when they give nothing. */
const CONTACT_WORDS = /名字|姓名|电话|手机|座机|号码|联系方式|打不通|地址|地方|位置|地点/u;

const TIME =
  /(?:每天|每晚|每周|天天|昨天|昨晚|今天|今早|今晚|前天|前晚|明天|上周|这周|周末|星期[一二三四五六日天]|周[一二三四五六日])?(?:早上|上午|中午|下午|傍晚|晚上|夜里|半夜|凌晨|深夜)?(?:[0-9零一二两三四五六七八九十]{1,3}(?:点|时)(?:半|[0-9零一二三四五六七八九十]{1,3}分)?(?:多|左右)?)|(?:每天|每晚|天天|昨天|昨晚|今天|今早|今晚|前天|前晚|周末|凌晨|半夜|深夜)(?:早上|上午|中午|下午|傍晚|晚上|夜里|半夜|凌晨)?/gu;

/** Clauses that carry no request: greetings, thanks, confirmations, the operator's own formulas. */
const SMALL_TALK =
  /^(?:喂+|你好+|您好+|哎|嗯+|啊+|好的?|对+|是的?|谢谢(?:你|您)?(?:们)?(?:了|啊)?|麻烦(?:你|您)?(?:们)?了|你记一下|记一下|辛苦了|再见|拜拜|请问是12345吗?|是12345吗?|这里是12345(?:热线)?|请讲|我想反映(?:个|一个|一下)?(?:事|问题|情况)?|我要反映(?:个|一个|一下)?(?:事|问题|情况)?|我想问(?:一下)?|就这样|没别的了)$/u;

function digitsOf(run: string): string {
  return [...run].map((c) => SPOKEN_DIGITS[c] ?? (/[0-9]/.test(c) ? c : '')).join('');
}

function phonesIn(text: string): { phones: string[]; spans: string[] } {
  const phones: string[] = [];
  const spans: string[] = [];
  for (const m of text.matchAll(DIGIT_RUN)) {
    const digits = digitsOf(m[0]);
    if (PHONE.test(digits) && !phones.includes(digits)) {
      phones.push(digits);
      spans.push(m[0]);
    }
  }
  return { phones, spans };
}

function nameIn(text: string): string | null {
  for (const pattern of NAME_PATTERNS) {
    const m = pattern.exec(text);
    if (m) return m[2] ? `${m[1]}${m[2]}` : m[1]!;
  }
  return null;
}

/** The clause that names a place most fully (number, building, community), with 我家在 / 地址是 cut off. */
function addressClause(clauses: readonly string[]): string | null {
  let best: { text: string; parts: number } | null = null;
  for (const clause of clauses) {
    if (!ADDRESS_WORD.test(clause)) continue;
    const text = clause.replace(ADDRESS_LEAD, '') || clause;
    const place = parseAddress(text);
    const parts = Object.values(place).filter((v) => v !== null).length;
    const precise = place.number !== null || place.building !== null || place.community !== null;
    if (precise && (!best || parts > best.parts)) best = { text, parts };
  }
  return best?.text ?? null;
}

/** The fields a transcript proposes; the operator confirms or corrects each one. */
export function fieldsFromTranscript(transcript: string): TranscriptFields {
  const text = transcript.normalize('NFKC');
  const { phones, spans } = phonesIn(text);
  const name = nameIn(text);
  // The numbers go first: said in groups with commas, they would otherwise split into clauses of digits.
  const clauses = spans
    .reduce((rest, span) => rest.replace(span, ''), text)
    .split(/[。！？!?；;\n，,]/u)
    .map((c) => c.trim())
    .filter((c) => c.length > 0);
  const address = addressClause(clauses);
  const isContact = (c: string) =>
    CONTACT_WORDS.test(c) ||
    (name !== null && (c.includes(name) || (/姓|我叫|我是/u.test(c) && c.includes(name.slice(0, 1))))) ||
    (address !== null && c.includes(address));
  const request = clauses.filter((c) => !SMALL_TALK.test(c.replace(/[\s？?！!]/gu, '')) && !isContact(c));
  return {
    description: request.join('，'),
    name,
    phones,
    incidentAddress: address ? { text: normaliseAddressText(address), place: parseAddress(address) } : null,
    times: [...new Set([...text.matchAll(TIME)].map((m) => m[0]))],
  };
}
