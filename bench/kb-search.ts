/**
 * Measures the knowledge-base search on the citizen questions in test/fixtures/kb-questions.ts:
 * top-1 / top-3 hit rate per approach, split into the dev set (tuned on) and the holdout set.
 *
 *   npx tsx bench/kb-search.ts
 *
 * Then the intake desk's suggestions, which abstain below the relevance threshold (domain/kb-search.ts
 * KB_RELEVANCE): consultations shown their article, calls no article answers shown one anyway, complaints shown
 * an article of another category. `--misses` lists what was missed and what was shown wrongly.
 *
 * Word segmentation with @node-rs/jieba is measured when that package can be imported; it is not a
 * dependency of the project, so point JIEBA_MODULE at an installation elsewhere to include it:
 *
 *   (cd /tmp/jieba && npm i @node-rs/jieba)
 *   JIEBA_MODULE=/tmp/jieba/node_modules/@node-rs/jieba npx tsx bench/kb-search.ts
 */
import { DEMO_KB } from '../db/seed-data';
import {
  buildKbIndex,
  isKbStopTerm,
  normalizeKbText,
  type KbIndexOptions,
  type KbTokenizer,
} from '../domain/kb-search';
import { kbComplaintFigures, kbHits, kbSuggestionFigures, type KbHits } from '../support';
import { KB_QUESTIONS, KB_QUESTIONS_TODAY, type KbQuestion } from '../test/fixtures/kb-questions';

interface JiebaInstance {
  cut(s: string, hmm?: boolean): string[];
  cutForSearch(s: string, hmm?: boolean): string[];
  loadDict(d: Uint8Array): void;
}
interface JiebaModule {
  Jieba: { withDict(d: Uint8Array): JiebaInstance };
}

const measure = (options: KbIndexOptions, questions: KbQuestion[]): KbHits =>
  kbHits(buildKbIndex(DEMO_KB, options), questions);

const pct = (k: number, n: number): string => (n === 0 ? '  n/a' : `${((100 * k) / n).toFixed(1).padStart(5)}%`);

function jiebaTokenizer(jieba: JiebaInstance, mode: 'cut' | 'search'): KbTokenizer {
  const han = /^[\p{Script=Han}a-z0-9]+$/u;
  return (text) =>
    (mode === 'cut' ? jieba.cut(normalizeKbText(text), true) : jieba.cutForSearch(normalizeKbText(text), true)).filter(
      (t) => han.test(t) && !isKbStopTerm(t) && t !== '怎么办',
    );
}

async function loadJieba(): Promise<{ make(withKeywords: boolean): JiebaInstance } | string> {
  const base = process.env.JIEBA_MODULE ?? '@node-rs/jieba';
  try {
    const mod = (await import(base.startsWith('/') ? `${base}/index.js` : base)) as JiebaModule & {
      default?: JiebaModule;
    };
    const dictMod = (await import(base.startsWith('/') ? `${base}/dict.js` : `${base}/dict`)) as {
      dict?: Uint8Array;
      default?: { dict: Uint8Array };
    };
    const Jieba = mod.Jieba ?? mod.default?.Jieba;
    const dict = dictMod.dict ?? dictMod.default?.dict;
    if (Jieba === undefined || dict === undefined) return 'module loaded but exports not found';
    return {
      make(withKeywords) {
        const j = Jieba.withDict(dict);
        if (withKeywords) {
          const words = new Set(DEMO_KB.flatMap((d) => d.keywords).map(normalizeKbText));
          j.loadDict(new TextEncoder().encode([...words].map((w) => `${w} 1000 n`).join('\n')));
        }
        return j;
      },
    };
  } catch (err) {
    return (err as Error).message.split('\n')[0] ?? 'unknown error';
  }
}

const variants: [string, KbIndexOptions][] = [
  ['bigram+unigram BM25F, no synonyms', { synonyms: false }],
  ['bigram+unigram BM25F, synonyms (default)', {}],
  ['bigram+unigram, unweighted fields', { weights: { title: 1, keywords: 1, body: 1 } }],
  ['bigram only (unigram weight 0)', { unigramWeight: 0 }],
  ['bigram+unigram, unigram weight 1', { unigramWeight: 1 }],
];

const jieba = await loadJieba();
if (typeof jieba === 'string') {
  console.log(`@node-rs/jieba not measured: ${jieba}`);
} else {
  const plain = jieba.make(false);
  const kw = jieba.make(true);
  variants.push(
    ['jieba cut, no synonyms', { tokenize: jiebaTokenizer(plain, 'cut'), synonyms: false }],
    ['jieba cut, synonyms', { tokenize: jiebaTokenizer(plain, 'cut') }],
    ['jieba cutForSearch, no synonyms', { tokenize: jiebaTokenizer(plain, 'search'), synonyms: false }],
    ['jieba cutForSearch, synonyms', { tokenize: jiebaTokenizer(plain, 'search') }],
    ['jieba search + KB keywords dict, no syn.', { tokenize: jiebaTokenizer(kw, 'search'), synonyms: false }],
    ['jieba search + KB keywords dict, synonyms', { tokenize: jiebaTokenizer(kw, 'search') }],
  );
}

const dev = KB_QUESTIONS.filter((q) => q.set === 'dev');
const holdout = KB_QUESTIONS.filter((q) => q.set === 'holdout');
console.log(`questions: ${dev.length} dev + ${holdout.length} holdout, today=${KB_QUESTIONS_TODAY}`);
console.log(
  `${'approach'.padEnd(44)} ${'dev top1'.padStart(8)} ${'dev top3'.padStart(8)} ${'hold top1'.padStart(9)} ${'hold top3'.padStart(9)} ${'all top1'.padStart(8)} ${'all top3'.padStart(8)}`,
);
const verbose = process.argv.includes('--misses');
for (const [name, options] of variants) {
  const d = measure(options, dev);
  const h = measure(options, holdout);
  console.log(
    `${name.padEnd(44)} ${pct(d.top1, d.n).padStart(8)} ${pct(d.top3, d.n).padStart(8)} ${pct(h.top1, h.n).padStart(9)} ${pct(h.top3, h.n).padStart(9)} ${pct(d.top1 + h.top1, d.n + h.n).padStart(8)} ${pct(d.top3 + h.top3, d.n + h.n).padStart(8)}`,
  );
  if (verbose) for (const m of [...d.misses, ...h.misses]) console.log(`    miss: ${m}`);
}

const production = buildKbIndex(DEMO_KB);
console.log(
  '\nsuggestions at the intake desk (KB_RELEVANCE, the call read by the seed dispatch model; targets: ≥ 90% of ' +
    'consultations shown their article, ≤ 10% of complaints shown an irrelevant one)',
);
const wrongly: string[] = [];
for (const set of ['dev', 'holdout', 'relevance-holdout', 'fresh', 'second'] as const) {
  const f = kbSuggestionFigures(production, set);
  console.log(
    `  ${set.padEnd(17)} consultations shown their article ${pct(f.answered, f.consultations)} (${f.answered}/${f.consultations})   no-article calls shown one ${pct(f.noArticleShown, f.noArticleCalls)} (${f.noArticleShown}/${f.noArticleCalls})`,
  );
  wrongly.push(...f.wrong.map((w) => `${set}: ${w}`));
}
for (const set of ['dispatch-heldout', 'fresh', 'second'] as const) {
  const c = kbComplaintFigures(production, set);
  console.log(
    `  ${`${set} complaints`.padEnd(28)} shown an article of another category ${pct(c.offTopic, c.complaints)} (${c.offTopic}/${c.complaints})`,
  );
  wrongly.push(...c.wrong.map((w) => `${set} complaint: ${w}`));
}
if (verbose) for (const w of wrongly) console.log(`    shown wrongly: ${w}`);
