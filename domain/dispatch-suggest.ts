/**
 * The dispatch suggestion (智能派单): from what the caller said, the likely categories with their units,
 * urgency and handling limit (through domain/dispatch.ts and domain/policy.ts, the rule's one home), the
 * words that drove each, or an explicit abstention that proposes the knowledge base or a referral.
 *
 * Method: multinomial naive Bayes over Chinese character 1–3-grams (ASCII words and numbers kept whole;
 * each n-gram counted once per description), Lidstone smoothing, priors from the examples. Why:
 * - operators type colloquial fragments (没来水, 煤气味, 打桩) that word segmenters split badly — the
 *   knowledge-base search measured jieba 10–20 points below overlapping bigrams on the same kind of text
 *   (domain/kb-search.ts) — while character n-grams match any phrasing that shares a few characters;
 * - it trains in milliseconds from counts, so retraining nightly on every closed order is cheap, and the
 *   serialised model is the counts themselves: deterministic, inspectable, no download, no GPU;
 * - the per-n-gram log-likelihood ratios are the explanation the operator sees (the words that drove it).
 * Logistic regression would calibrate better but needs an iterative fit with its own tuning; BM25 over the
 * examples ranks by the nearest example and abstains poorly. The scores are naive Bayes posteriors
 * computed on the per-feature mean log-likelihood (a description of 40 n-grams would otherwise give a
 * posterior of 1.0 to anything), so a threshold on the top score means something.
 *
 * Requests outside every category are labels of their own in the training data (`consult`, answered
 * from the knowledge base; `refer:<channel>`, referred): when one of them wins, or the best category's
 * score is under ABSTAIN_BELOW, the suggestion abstains and still shows the ranked categories.
 */
import { classificationOf, dispatchUnits } from './dispatch';
import { emergencySignals, type EmergencySignal } from './emergency-signals';
import { handlingLimitFor } from './policy';
import type { CatalogueEntry, Limit, SlaPolicy, Urgency } from './types';

/** A labelled description: a catalogue category's code, `consult` or `refer:<referral channel>`. */
export interface DispatchExample {
  label: string;
  description: string;
  address?: string | undefined;
}

/** A held-out case: the category expected, or null where the right answer is to abstain. */
export interface HeldOutCase {
  expected: string | null;
  description: string;
  address?: string | undefined;
}

export interface DispatchModel {
  method: 'char-ngram-naive-bayes';
  /** A hash of the counts: two models trained on the same examples have the same version. */
  version: string;
  labels: string[];
  /** Examples per label. */
  examples: number[];
  /** Feature occurrences per label. */
  totals: number[];
  /** Distinct n-grams (the smoothing's denominator). */
  vocabulary: number;
  /** Per n-gram, [labelIndex, count, labelIndex, count, …] for the labels it occurs in. */
  counts: Record<string, number[]>;
}

export const CONSULT_LABEL = 'consult';
export const REFER_PREFIX = 'refer:';

/**
 * Below this posterior the best category is not a confident match: the one figure chosen on the held-out
 * set (0.35 abstained on 20 of its 26 no-match cases, 0.4 on 21 while wrongly abstaining on 11 of 298).
 */
export const ABSTAIN_BELOW = 0.4;
/**
 * Smoothing and n-gram weights, chosen by cross-validation on the training corpus alone, leaving whole
 * situations out (bench/dispatch.ts --cv): single characters (水, 电, 燃, 噪) carry over to phrasings the
 * corpus never had better than bigrams and trigrams, which still separate 停水 from 爆管.
 */
const ALPHA = 1;
const WEIGHT: Record<1 | 2 | 3, number> = { 1: 1, 2: 0.5, 3: 0.25 };
/** Posterior sharpness over the mean per-feature log-likelihood. */
const SHARPNESS = 12;
/** Address n-grams weigh less than the request's: where a matter is seldom says what it is. */
const ADDRESS_WEIGHT = 0.3;
const CANDIDATES = 3;
const DRIVERS = 5;

interface Feature {
  gram: string;
  weight: number;
}

/** Tokens of one clause: Han characters one by one, Latin words whole, any number as '#'. */
function clauses(text: string): string[][] {
  const out: string[][] = [];
  for (const clause of text
    .normalize('NFKC')
    .toLowerCase()
    .split(/[^\p{Script=Han}a-z0-9]+/u)) {
    const tokens = clause.match(/\p{Script=Han}|[a-z]+|[0-9]+/gu)?.map((t) => (/^[0-9]/.test(t) ? '#' : t)) ?? [];
    if (tokens.length > 0) out.push(tokens);
  }
  return out;
}

function features(description: string, address: string | undefined): Feature[] {
  const seen = new Map<string, number>();
  const add = (text: string, prefix: string, scale: number) => {
    for (const tokens of clauses(text)) {
      for (let n = 1 as 1 | 2 | 3; n <= 3; n++) {
        for (let i = 0; i + n <= tokens.length; i++) {
          const gram = prefix + tokens.slice(i, i + n).join('');
          seen.set(gram, Math.max(seen.get(gram) ?? 0, WEIGHT[n] * scale));
        }
      }
    }
  };
  add(description, '', 1);
  if (address) add(address, '@', ADDRESS_WEIGHT);
  return [...seen].map(([gram, weight]) => ({ gram, weight }));
}

function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/** Trains a model from labelled examples; the same examples in any order give the same model. */
export function trainDispatchModel(examples: readonly DispatchExample[]): DispatchModel {
  const labels = [...new Set(examples.map((e) => e.label))].sort();
  const index = new Map(labels.map((l, i) => [l, i]));
  const perGram = new Map<string, Map<number, number>>();
  const counted = labels.map(() => 0);
  const totals = labels.map(() => 0);
  for (const e of examples) {
    const li = index.get(e.label)!;
    counted[li]!++;
    for (const { gram } of features(e.description, e.address)) {
      const row = perGram.get(gram) ?? new Map<number, number>();
      row.set(li, (row.get(li) ?? 0) + 1);
      perGram.set(gram, row);
      totals[li]!++;
    }
  }
  const counts: Record<string, number[]> = {};
  for (const gram of [...perGram.keys()].sort()) {
    counts[gram] = [...perGram.get(gram)!].sort((a, b) => a[0] - b[0]).flat();
  }
  const body = { labels, examples: counted, totals, vocabulary: perGram.size, counts };
  return { method: 'char-ngram-naive-bayes', version: fnv1a(JSON.stringify(body)), ...body };
}

/**
 * How much an n-gram says about the label: 1 − the normalised entropy of its labels. Words every kind of
 * call uses (时候, 小区, 一个月) spread over many labels and fall near 0, so they cannot outvote 打桩 or 燃气.
 */
function specificity(row: readonly number[], labels: number): number {
  const total = row.reduce((a, b) => a + b, 0);
  let h = 0;
  for (const n of row) if (n > 0) h -= (n / total) * Math.log(n / total);
  return 1 - h / Math.log(labels);
}

interface Ranked {
  label: string;
  score: number;
  /** The n-grams that favour this label most (computed only for the labels shown). */
  drivers: () => string[];
}

/** Every label with its posterior, best first. */
function rank(model: DispatchModel, description: string, address: string | undefined): Ranked[] {
  const L = model.labels.length;
  const feats = features(description, address).filter((f) => model.counts[f.gram]);
  const denominators = model.totals.map((t) => Math.log(t + ALPHA * model.vocabulary));
  const allExamples = model.examples.reduce((a, b) => a + b, 0);
  const logLik = model.labels.map(() => 0);
  const lifts: { gram: string; lift: number[] }[] = [];
  let weights = 0;
  for (const f of feats) {
    const row = model.labels.map(() => 0);
    const c = model.counts[f.gram]!;
    for (let k = 0; k < c.length; k += 2) row[c[k]!] = c[k + 1]!;
    const lp = row.map((n, li) => Math.log(n + ALPHA) - denominators[li]!);
    const w = f.weight * specificity(row, L);
    for (let li = 0; li < L; li++) logLik[li]! += w * lp[li]!;
    weights += w;
    const mean = lp.reduce((a, b) => a + b, 0) / L;
    if (!f.gram.startsWith('@') && f.gram.length > 1) lifts.push({ gram: f.gram, lift: lp.map((x) => w * (x - mean)) });
  }
  const logits = model.labels.map(
    (_, li) => (weights > 0 ? (SHARPNESS * logLik[li]!) / weights : 0) + Math.log(model.examples[li]! / allExamples),
  );
  const max = Math.max(...logits);
  const exp = logits.map((x) => Math.exp(x - max));
  const sum = exp.reduce((a, b) => a + b, 0);
  const driversOf = (li: number): string[] => {
    const drivers: string[] = [];
    const best = lifts
      .filter((d) => d.lift[li]! > 0)
      .sort((a, b) => b.lift[li]! - a.lift[li]! || (a.gram < b.gram ? -1 : 1));
    for (const d of best) {
      if (drivers.length === DRIVERS) break;
      if (!drivers.some((w) => w.includes(d.gram) || d.gram.includes(w))) drivers.push(d.gram);
    }
    return drivers;
  };
  return model.labels
    .map((label, li) => ({ label, score: weights > 0 ? exp[li]! / sum : 0, drivers: () => driversOf(li) }))
    .sort((a, b) => b.score - a.score || (a.label < b.label ? -1 : 1));
}

export interface SuggestedCategory {
  category: string;
  categoryName: string;
  /** Posterior probability, 0–1. */
  score: number;
  leadUnit: string | null;
  assistingUnits: string[];
  defaultUrgency: Urgency;
  /** `emergency` when an emergency signal was heard, else the category's default. */
  urgency: Urgency;
  handlingLimit: Limit;
  /** The words of the description that drove this category. */
  drivers: string[];
}

/** What to do instead when nothing is a confident match. */
export type NoMatchProposal =
  | { kind: 'knowledge_base'; score: number; drivers: string[] }
  | { kind: 'referral'; channel: string; score: number; drivers: string[] };

export interface DispatchSuggestion {
  modelVersion: string;
  /** True: no confident category; `candidates` is for reference only. */
  abstain: boolean;
  candidates: SuggestedCategory[];
  /** When abstaining, a direct answer from the knowledge base or a referral, if the model learnt one. */
  proposal: NoMatchProposal | null;
  /** Emergency signals heard (the first is the main reason); urgency is `emergency` with any. */
  emergency: EmergencySignal[];
}

/** What the operator was shown, as intake sends it with the order (the `received` event records it). */
export interface SuggestionShown {
  modelVersion: string;
  /** The categories suggested, best first. */
  categories: string[];
  abstained: boolean;
}

/** The suggestion beside the operator's choice: accepted when the order got the first category suggested. */
export function suggestionOutcome(
  shown: SuggestionShown,
  chosenCategory: string | null,
): SuggestionShown & { accepted: boolean } {
  return { ...shown, accepted: !shown.abstained && chosenCategory !== null && chosenCategory === shown.categories[0] };
}

export interface SuggestContext {
  model: DispatchModel;
  catalogue: readonly CatalogueEntry[];
  policy: Pick<SlaPolicy, 'emergencyLimit' | 'handlingLimits'>;
}

function proposalOf(r: Ranked): NoMatchProposal | null {
  if (r.label === CONSULT_LABEL) return { kind: 'knowledge_base', score: r.score, drivers: r.drivers() };
  if (r.label.startsWith(REFER_PREFIX)) {
    return { kind: 'referral', channel: r.label.slice(REFER_PREFIX.length), score: r.score, drivers: r.drivers() };
  }
  return null;
}

/** The suggestion for one description (and the address of the matter, if given). */
export function suggestDispatch(
  { model, catalogue, policy }: SuggestContext,
  description: string,
  address?: string,
): DispatchSuggestion {
  const byCode = new Map(catalogue.map((e) => [e.code, e]));
  const ranked = rank(model, description, address);
  const emergency = emergencySignals(description);
  const shown = ranked.filter((r) => byCode.has(r.label)).slice(0, CANDIDATES);
  const candidates = shown.map((r): SuggestedCategory => {
    const entry = byCode.get(r.label)!;
    const usual = classificationOf(entry);
    const { urgency } = classificationOf(entry, emergency.length > 0 ? 'emergency' : undefined);
    return {
      category: entry.code,
      categoryName: entry.name,
      score: r.score,
      ...dispatchUnits(entry, {}),
      defaultUrgency: usual.urgency,
      urgency,
      handlingLimit: handlingLimitFor(policy, entry, urgency),
      drivers: r.drivers(),
    };
  });
  const proposal = ranked[0] ? proposalOf(ranked[0]) : null;
  const best = candidates[0];
  const abstain = proposal !== null || !best || best.score < ABSTAIN_BELOW;
  return {
    modelVersion: model.version,
    abstain,
    candidates,
    proposal: abstain ? proposal : null,
    emergency,
  };
}

export interface DispatchMetrics {
  /** Category cases whose first candidate is the expected category. */
  top1: number;
  top3: number;
  /** No-match cases the suggestion abstained on. */
  noMatchAbstained: number;
  /** Category cases it abstained on although the category was expected. */
  falseAbstentions: number;
  categoryCases: number;
  noMatchCases: number;
  /** expected → suggested first, with how often, most frequent first. */
  confusions: { expected: string; suggested: string; count: number }[];
}

/** How a model does on labelled cases (the held-out set): shared by training, the benchmark and the tests. */
export function evaluateDispatch(context: SuggestContext, cases: readonly HeldOutCase[]): DispatchMetrics {
  let top1 = 0;
  let top3 = 0;
  let noMatchAbstained = 0;
  let falseAbstentions = 0;
  let categoryCases = 0;
  const confusions = new Map<string, number>();
  for (const c of cases) {
    const s = suggestDispatch(context, c.description, c.address);
    if (c.expected === null) {
      if (s.abstain) noMatchAbstained++;
      continue;
    }
    categoryCases++;
    const codes = s.candidates.map((x) => x.category);
    if (codes[0] === c.expected) top1++;
    else if (codes[0])
      confusions.set(`${c.expected}→${codes[0]}`, (confusions.get(`${c.expected}→${codes[0]}`) ?? 0) + 1);
    if (codes.includes(c.expected)) top3++;
    if (s.abstain) falseAbstentions++;
  }
  const noMatchCases = cases.length - categoryCases;
  return {
    top1: categoryCases ? top1 / categoryCases : 0,
    top3: categoryCases ? top3 / categoryCases : 0,
    noMatchAbstained: noMatchCases ? noMatchAbstained / noMatchCases : 0,
    falseAbstentions: categoryCases ? falseAbstentions / categoryCases : 0,
    categoryCases,
    noMatchCases,
    confusions: [...confusions]
      .map(([pair, count]) => {
        const [expected, suggested] = pair.split('→') as [string, string];
        return { expected, suggested, count };
      })
      .sort((a, b) => b.count - a.count || (a.expected < b.expected ? -1 : 1)),
  };
}

/** Whether a candidate model may replace the current one: at least as good on the held-out set. */
export function isAtLeastAsGood(candidate: DispatchMetrics, current: DispatchMetrics): boolean {
  const score = (m: DispatchMetrics) => m.top1 + m.top3 + m.noMatchAbstained - m.falseAbstentions;
  return score(candidate) >= score(current);
}
