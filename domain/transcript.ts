/**
 * 智能填单: the order's fields proposed from a call's transcript (speech-recognition text or the operator's
 * running notes) — the request without the small talk, the caller's name as given (王女士, 张建国), phone
 * numbers however they were said (一三八…, 幺, digits in groups), the address of the matter through the
 * normaliser repeat detection uses (domain/address.ts), and time expressions (昨晚十一点, 每天凌晨). Rules
 * over the text, not a model: each field has a few fixed ways of being said, and a rule the operator can
 * read is easier to trust when confirming each field. Pure: no dependency.
 */
import { normaliseAddressText, parseAddress, placeNumbersAsDigits, type Place } from './address';

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
/** The commonest surnames (百家姓 by frequency): a title after one of them is a name (市民王女士, 业主方先生). */
const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const NAME_PATTERNS: readonly RegExp[] = [
  // 我姓赵，赵先生 / 免贵姓陈 / …的，姓钱: the surname, and the title when the caller gives it.
  new RegExp(`(?:我|本人|免贵|^|[，,。\\s])姓(\\p{Script=Han})[，,\\s]*(?:\\1)?(${TITLES})?`, 'u'),
  /(?:我叫|我的名字(?:是|叫)|名字是)(\p{Script=Han}{2,3}?)(?=[，,。\s]|$|电话|手机|号码|住|家|我)/u,
  // 我是刘女士 / 市民王女士来电 / 业主代表方先生 / 你就记钱女士: after words that introduce the caller.
  new RegExp(`(?:我是|我叫|市民|来电人|代表|住户|业主|居民|记)([${SURNAMES}])(${TITLES})`, 'u'),
];

/**
 * A place as said: district, road and house number, community (小区、花园、苑 …) and building, each optional,
 * in that order. A name is up to six characters that are not function words (我住, 那条, 就在 stay outside it);
 * a community named …里 only before its 小区 or a building (幸福里2栋), not 家里 or 绿化带里.
 */
const NAME_CHAR =
  '[^\\s\\d，,。、；;：:？?！!我你他她它们的了在住是那这个就到从把被给也都还说想要没去来叫姓条位于靠面边旁对]';
const PLACE = new RegExp(
  `(?:(${NAME_CHAR}{2,3}(?<![小社园片校景厂城])[区县]))?` +
    `(?:(${NAME_CHAR}{1,6}?(?:大道|大街|路|街|巷|弄))(\\d+号(?!楼))?)?` +
    `(?:(${NAME_CHAR}{1,6}?(?:小区|花园|家园|新村|新城|公寓|社区|大厦|广场|华庭|苑|府|湾|村|里(?=小区|\\d+(?:号楼|栋|幢|座)))(?:小区)?)(?:[一二三四五六七八九\\d]期)?)?` +
    `(?:(\\d+|[a-z])(?:号楼|栋|幢|座|号院))?`,
  'gu',
);
/** Clauses about the caller's contact or place, kept out of the request even when they give nothing. */
const CONTACT_WORDS = /名字|姓名|电话|手机|座机|号码|联系方式|打不通|地址|地方|位置|地点/u;
/** What is left of a clause that only says where the caller is: 我住在…, 是…那边. */
const WHERE_WORDS = /我|们|家|住|在|就|是|那边|这边|那里|这里|附近|门口|楼下|的|那个|这个/gu;

const TIME =
  /(?:每天|每晚|每周|天天|昨天|昨晚|今天|今早|今晚|前天|前晚|明天|上周|这周|周末|星期[一二三四五六日天]|周[一二三四五六日])?(?:早上|上午|中午|下午|傍晚|晚上|夜里|半夜|凌晨|深夜)?(?:[0-9零一二两三四五六七八九十]{1,3}(?:点|时)(?:半|[0-9零一二三四五六七八九十]{1,3}分)?(?:多|左右)?)|(?:每天|每晚|每周|天天|昨天|昨晚|今天|今早|今晚|前天|前晚|上周|这周|上个月|周末)(?:早上|上午|中午|下午|傍晚|晚上|夜里|半夜|凌晨)?|早上|上午|中午|下午|傍晚|晚上|夜里|半夜|凌晨|深夜/gu;

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

/** Text as the place is matched in: lower case (B座 → b座), its numbers as digits (十八号 → 18号). */
const asPlaceText = (text: string) => placeNumbersAsDigits(text.toLowerCase());

/**
 * The place said most fully (a house number or building counts most), as said: where the caller gives
 * several (their home and the matter's), the fullest is the one an operator checks first.
 */
function placeIn(text: string): string | null {
  let best: { text: string; weight: number } | null = null;
  for (const [whole, district, road, number, community, building] of asPlaceText(text).matchAll(PLACE)) {
    // A house number needs its road, a building its road or community: 3栋 alone names no place.
    if (!(number || community || (building && road))) continue;
    const weight = 2 * Number(Boolean(number || building)) + Number(Boolean(community)) + Number(Boolean(district));
    if (!best || weight > best.weight) best = { text: whole, weight };
  }
  return best?.text ?? null;
}

/** The clause names the place and says nothing else worth keeping in the request. */
function saysOnlyWhere(clause: string, place: string): boolean {
  return clause.includes(place) && clause.replace(place, '').replace(WHERE_WORDS, '').length < 4;
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
  const address = placeIn(clauses.join('，'));
  const isContact = (c: string) =>
    CONTACT_WORDS.test(c) ||
    (name !== null && (c.includes(name) || (/姓|我叫|我是/u.test(c) && c.includes(name.slice(0, 1))))) ||
    (address !== null && saysOnlyWhere(asPlaceText(c), address));
  const request = clauses.filter((c) => !SMALL_TALK.test(c.replace(/[\s？?！!]/gu, '')) && !isContact(c));
  return {
    description: request.join('，'),
    name,
    phones,
    incidentAddress: address ? { text: normaliseAddressText(address), place: parseAddress(address) } : null,
    times: [...new Set([...text.matchAll(TIME)].map((m) => m[0]))],
  };
}
