/**
 * The address of a matter (事发地址) as an operator types it, reduced to the parts that name a place:
 * district, road and house number, community (小区) and building. No map: the parts come from the text
 * alone, so "滨江路12号" and "临江区滨江路12号3栋", or "幸福小区5号楼" and "幸福小区五栋", are found to be
 * the same place. Repeat detection (domain/repeat.ts) compares places this way when no coordinates came
 * with the call. Pure: no dependency.
 */

export interface Place {
  district: string | null;
  road: string | null;
  /** House number on the road (门牌号), digits. */
  number: string | null;
  /** Community name without its suffix: 幸福 for 幸福小区 / 幸福花园. */
  community: string | null;
  /** Building (栋、幢、号楼、座), digits or a letter. */
  building: string | null;
}

const DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/** 十二 → 12, 二十三 → 23, 一百零五 → 105: the numerals callers say for house and building numbers. */
function chineseNumber(text: string): number {
  let total = 0;
  let digit = 0;
  for (const c of text) {
    if (c === '百') {
      total += (digit || 1) * 100;
      digit = 0;
    } else if (c === '十') {
      total += (digit || 1) * 10;
      digit = 0;
    } else digit = DIGITS[c] ?? 0;
  }
  return total + digit;
}

/** Where a number is part of the place (12号, 五栋, 3单元); other numerals (十里河) stay words. */
const SPOKEN_NUMBER = /([零〇一二两三四五六七八九十百]+)(?=号|栋|幢|座|单元|楼|室|弄|巷)/gu;

/** Words around a place that do not change it: "门口", "附近", "对面" … */
const FILLER =
  /(?:附近|旁边|边上|对面|门口|楼下|楼上|里面|这边|那边|这里|那里|一带|路口|东侧|西侧|南侧|北侧|东门|西门|南门|北门|大门|的)/gu;

const CITY = /^(?:\p{Script=Han}{2,3}省)?(?:江滨市|\p{Script=Han}{2,3}市(?!场))?/u;
const DISTRICT = /^(\p{Script=Han}{2,3}(?:区|县))/u;
/** Ends of a name that look like a district but are not one (幸福小区, 阳光社区). */
const NOT_A_DISTRICT = /(?:小区|社区|园区|片区|校区|景区|厂区|城区)$/u;
const COMMUNITY_SUFFIX = '小区|花园|家园|新村|新城|公寓|社区|大厦|广场|苑|府|庭|园|村|里';
/** A community name: Chinese characters that are not part of a road, number or building. */
const COMMUNITY = new RegExp(`((?:(?![路街巷道号栋幢楼区])\\p{Script=Han}){2,6}?)(?:${COMMUNITY_SUFFIX})`, 'u');
const ROAD = /((?:(?![区号栋幢楼])\p{Script=Han}){1,6}?(?:大道|大街|路|街|巷|弄))(?:(\d+)号(?!楼))?/u;
const BUILDING = /(\d+|[a-z])(?:号楼|栋|幢|座|号院)/u;

/** 五栋 → 5栋, 一百零五号 → 105号: the numbers of a place as digits, the rest as said. */
export function placeNumbersAsDigits(text: string): string {
  return text.replace(SPOKEN_NUMBER, (n) => String(chineseNumber(n)));
}

/** Full-width to half-width, lower case, no spaces or punctuation, spoken numbers as digits. */
export function normaliseAddressText(raw: string): string {
  return placeNumbersAsDigits(raw.normalize('NFKC').toLowerCase())
    .replace(/[\s,.，。、;；:：()（）'"-]/gu, '')
    .replace(FILLER, '');
}

/** The parts of an address that name a place; a part the text does not give is null. */
export function parseAddress(raw: string): Place {
  let rest = normaliseAddressText(raw).replace(CITY, '');
  let district: string | null = null;
  const d = DISTRICT.exec(rest);
  if (d && !NOT_A_DISTRICT.test(d[1]!)) {
    district = d[1]!;
    rest = rest.slice(d[1]!.length);
  }
  let community: string | null = null;
  const c = COMMUNITY.exec(rest);
  if (c) {
    community = c[1]!;
    rest = rest.slice(0, c.index) + ' ' + rest.slice(c.index + c[0].length);
  }
  const r = ROAD.exec(rest);
  const road = r?.[1] ?? null;
  const number = r?.[2] ?? null;
  if (r) rest = rest.slice(0, r.index) + ' ' + rest.slice(r.index + r[0].length);
  const building = BUILDING.exec(rest)?.[1] ?? null;
  return { district, road, number, community, building };
}

/** How sure two addresses name one place: 'same' (same house number, or same building of one community), 'near'. */
export type PlaceMatch = 'same' | 'near' | null;

/** Two parts agree when both are known and equal; a part one side leaves out does not disagree. */
const agree = (a: string | null, b: string | null) => a === null || b === null || a === b;
const equal = (a: string | null, b: string | null) => a !== null && a === b;

/**
 * Whether two places are one: the same house number on the same road, or the same community (and building,
 * when both give one), never across two named districts. The same road without the same number, or another
 * building of the same community, is only near.
 */
export function comparePlaces(a: Place, b: Place): PlaceMatch {
  if (!agree(a.district, b.district)) return null;
  const sameRoad = equal(a.road, b.road);
  const sameCommunity = equal(a.community, b.community);
  if (!sameRoad && !sameCommunity) return null;
  if (!agree(a.building, b.building)) return 'near';
  if (sameCommunity) return agree(a.road, b.road) ? 'same' : 'near';
  return equal(a.number, b.number) ? 'same' : 'near';
}
