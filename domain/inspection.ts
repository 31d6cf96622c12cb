/**
 * 抽查: the week's random sample of each unit's closed orders and each operator's intakes, and the rubric
 * an inspector scores them on. The draw is a pure function of its seed and its population, both recorded
 * with it, so anyone can draw again and get the same sample (auditable); the seed itself is random, so no
 * unit knows in advance which of its orders will be read. Pure: importable by workflows.
 */

export const INSPECTION_KINDS = ['order', 'intake'] as const;
export type InspectionKind = (typeof INSPECTION_KINDS)[number];

/** What an order's handling is scored on, 1–5 each (办理质量). */
export const ORDER_RUBRIC = ['timeliness', 'substance', 'attitude', 'solved'] as const;
/** What an operator's intake is scored on, 1–5 each (受理质量). */
export const INTAKE_RUBRIC = ['category', 'completeness', 'standardReply'] as const;
export type RubricItem = (typeof ORDER_RUBRIC)[number] | (typeof INTAKE_RUBRIC)[number];

export const RUBRIC: Record<InspectionKind, readonly RubricItem[]> = { order: ORDER_RUBRIC, intake: INTAKE_RUBRIC };

export const RUBRIC_LABEL: Record<RubricItem, string> = {
  timeliness: '办理时效',
  substance: '答复实质',
  attitude: '服务态度',
  solved: '问题真正解决',
  category: '分类准确',
  completeness: '要素完整',
  standardReply: '规范答复（转办口径）',
};

export const SCORE_MIN = 1;
export const SCORE_MAX = 5;

/** What the inspector does beyond scoring: nothing, 重办 (a new order on the same request), or 问责线索 against the unit. */
export const INSPECTION_ACTIONS = ['none', 'reopen', 'case'] as const;
export type InspectionAction = (typeof INSPECTION_ACTIONS)[number];

/** One group's population (a unit's closed orders, an operator's intakes): the order ids it draws from. */
export type Population = Record<string, string[]>;

/** A 32-bit hash of the seed (FNV-1a), the PRNG's state. */
function seedState(seed: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** mulberry32: small, fast, and the same in every JavaScript engine. */
function prng(seed: string): () => number {
  let a = seedState(seed);
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Up to `size` ids of each group, drawn without replacement; groups and ids are taken in sorted order, so
 * the draw depends only on the seed, the population and the size (not on the order a query returned them).
 */
export function drawSample(seed: string, population: Population, size: number): Population {
  const sample: Population = {};
  for (const group of Object.keys(population).sort()) {
    const next = prng(`${seed}/${group}`);
    const ids = [...new Set(population[group])].sort();
    const n = Math.min(Math.max(0, Math.floor(size)), ids.length);
    // A partial Fisher–Yates shuffle: the first n places end up a uniform sample.
    for (let i = 0; i < n; i++) {
      const j = i + Math.floor(next() * (ids.length - i));
      [ids[i], ids[j]] = [ids[j]!, ids[i]!];
    }
    if (n > 0) sample[group] = ids.slice(0, n);
  }
  return sample;
}

/** The scores a form sends, checked against the kind's rubric: every item, each a whole 1–5. Null if they are. */
export function scoresProblem(kind: InspectionKind, scores: Record<string, number>): string | null {
  const items = RUBRIC[kind];
  const extra = Object.keys(scores).filter((k) => !(items as readonly string[]).includes(k));
  if (extra.length) return `评分项不属于该类抽查：${extra.join('、')}`;
  const missing = items.filter((i) => scores[i] === undefined);
  if (missing.length) return `请为每一项评分：${missing.map((i) => RUBRIC_LABEL[i]).join('、')}`;
  const bad = items.filter((i) => !Number.isInteger(scores[i]) || scores[i]! < SCORE_MIN || scores[i]! > SCORE_MAX);
  return bad.length ? `评分须为 ${SCORE_MIN}–${SCORE_MAX} 的整数：${bad.map((i) => RUBRIC_LABEL[i]).join('、')}` : null;
}

/** The mean of an inspection's scores (its rubric's items equally weighted). */
export function meanScore(scores: Record<string, number>): number {
  const values = Object.values(scores);
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0;
}

const WEEK = 7 * 86_400_000;
const CHINA_OFFSET = 8 * 3_600_000;

/** The China-time week (Monday 00:00 to the next) before the one `now` falls in: the week a draw samples. */
export function previousWeek(now: number): { from: number; to: number; week: string } {
  const china = now + CHINA_OFFSET;
  const day = Math.floor(china / 86_400_000);
  // 1970-01-01 was a Thursday: day 0 is weekday 3 counting Monday as 0.
  const monday = (day - ((day + 3) % 7)) * 86_400_000 - CHINA_OFFSET;
  const from = monday - WEEK;
  const week = new Date(from + CHINA_OFFSET).toISOString().slice(0, 10);
  return { from, to: monday, week };
}
