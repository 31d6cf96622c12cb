/** The city benchmark's results: the JSON of issue 17's shape (and more), the targets, a markdown table. */
import type { KpiFigure, Latency } from './measure';

type Group = 'unit' | 'category' | 'centre';
export type KpiResults = Record<'month' | 'year', Record<Group, KpiFigure>>;

export interface ListFigure {
  c1: Latency;
  c10: Latency;
  rss_start_mb: number;
  rss_peak_mb: number;
  rss_growth_mb: number;
}

/** A list's figure is its slowest case's (by p99 at c10); every case is kept beside it. */
export interface ListResult extends ListFigure {
  worst_case: string;
  cases: Record<string, ListFigure>;
}

interface Recompute {
  seconds: number;
  exit_code: number | null;
  within_bound: boolean;
  rss_peak_mb: number;
}

export interface PhaseResult {
  database: 'postgresql' | 'pglite';
  orders: number;
  audit_events: number;
  reviews: number;
  open_workflows: number;
  /** Orders still open at the end of the period beyond those kept as workflows: not loaded. */
  left_out: number;
  /** Null when the city was loaded by an earlier run (--reuse). */
  load_s: number | null;
  load: { generate_s: number; indexes_s: number; anonymise_s: number; analyze_s: number; open_start_s: number } | null;
  outcome_rows: number;
  /** Closed orders the retention rule had anonymised by the end of the period (done during the load). */
  anonymised: number;
  kpis: KpiResults;
  lists: Record<'orders' | 'inbox' | 'escalations' | 'visits' | 'reviews', ListResult>;
  /** The lookup intake runs (from the benchmark's process on PostgreSQL; null on PGlite, which npm start holds). */
  repeat_lookup: Latency | null;
  /** The same lookup through `GET /orders/{id}/repeat-candidates`, on the open orders (none: null). */
  repeat_route: Latency | null;
  fairness_window: Latency | null;
  /** GET /wall, the duty wall's one read (its open orders are the city's). */
  wall: Latency;
  /** 政策预演 of the month through the API (a 10-minute 签收时限), start to answer. */
  policy_preview: { seconds: number; orders: number; changed: number };
  recompute_month_s: number | null;
  recompute: Recompute | null;
  /** The same pass over every order (`npm run recompute -- --all`). */
  recompute_all: Recompute | null;
  api_rss_mb: { baseline: number; peak: number };
  api_rss_growth_mb: number;
  /** The machine's 1-minute load average during the API measurements (2 cores). */
  machine_load: { mean: number; max: number };
}

export interface CityResults extends PhaseResult {
  run: { date: string; commit: string; machine: string; minutes: number };
  pglite: (PhaseResult & { kpis_month_unit_p50_ms: number; orders_list_c10_p99_ms: number }) | null;
  targets: Target[];
}

export interface Target {
  target: string;
  holds: boolean;
  measured: string;
}

const ms = (v: number) => `${Math.round(v).toLocaleString('en')} ms`;

export function targets(r: PhaseResult): Target[] {
  const out: Target[] = [];
  for (const period of ['month', 'year'] as const) {
    const bound = period === 'month' ? 2_000 : 10_000;
    for (const group of ['unit', 'category', 'centre'] as const) {
      const k = r.kpis[period][group];
      const ok = k.runs.every((run) => run.status === 200) && k.max_ms <= bound;
      const failed = k.runs.filter((run) => run.status !== 200).map((run) => run.status);
      out.push({
        target: `KPIs for a ${period} by ${group} ≤ ${bound / 1000} s`,
        holds: ok,
        measured: `p50 ${ms(k.p50_ms)}, max ${ms(k.max_ms)}${failed.length ? `; answered ${failed.join(', ')}` : ''}`,
      });
    }
  }
  for (const [name, list] of Object.entries(r.lists)) {
    out.push({
      target: `${name} p99 ≤ 50 ms at c10`,
      holds: list.c10.p99_ms <= 50 && list.c10.errors === 0,
      measured: `${ms(list.c10.p99_ms)} (slowest case: ${list.worst_case})`,
    });
  }
  out.push({
    target: 'duty wall read ≤ 1 s',
    holds: r.wall.p99_ms <= 1_000 && r.wall.errors === 0,
    measured: `p50 ${ms(r.wall.p50_ms)}, p99 ${ms(r.wall.p99_ms)}`,
  });
  out.push({
    target: 'policy preview of a month ≤ 60 s',
    holds: r.policy_preview.seconds <= 60,
    measured: `${r.policy_preview.seconds} s for ${r.policy_preview.orders} orders (${r.policy_preview.changed} judged otherwise)`,
  });
  if (r.repeat_lookup) {
    out.push({
      target: 'repeat lookup p99 ≤ 10 ms',
      holds: r.repeat_lookup.p99_ms <= 10,
      measured: ms(r.repeat_lookup.p99_ms),
    });
  }
  out.push({
    target: 'API RSS growth ≤ 300 MB during any measurement',
    holds: r.api_rss_growth_mb <= 300,
    measured: `${r.api_rss_growth_mb} MB`,
  });
  if (r.recompute) {
    out.push({
      target: 'recompute of a month ≤ 5 min',
      holds: r.recompute.exit_code === 0 && r.recompute.seconds <= 300,
      measured: `${r.recompute.seconds} s, exit ${r.recompute.exit_code}${r.recompute.within_bound ? '' : ' (stopped at the bound)'}`,
    });
  }
  return out;
}

/** The API's highest RSS during any measurement, and the largest growth of one from its own start. */
export function apiRss(kpis: KpiResults, lists: PhaseResult['lists']) {
  const figures = [
    ...Object.values(kpis).flatMap((g) => Object.values(g)),
    ...Object.values(lists).flatMap((l) => Object.values(l.cases)),
  ];
  return {
    peakMb: Math.max(...figures.map((f) => f.rss_peak_mb)),
    growthMb: Math.max(0, ...figures.map((f) => f.rss_growth_mb)),
  };
}

function phaseTable(r: PhaseResult): string[] {
  const rows = [
    `| ${r.database} | ${r.orders.toLocaleString('en')} orders, ${r.audit_events.toLocaleString('en')} audit events; machine load ${r.machine_load.mean} (max ${r.machine_load.max}) on 2 cores |`,
    '| --- | ---: |',
    r.load
      ? `| load: generate + COPY ${r.load.generate_s} s, indexes and keys ${r.load.indexes_s} s, retention ${r.load.anonymise_s} s, analyze ${r.load.analyze_s} s | ${r.load_s} s |`
      : '| load | by an earlier run (--reuse) |',
  ];
  for (const period of ['month', 'year'] as const) {
    for (const group of ['unit', 'category', 'centre'] as const) {
      const k = r.kpis[period][group];
      const bad = k.runs.filter((run) => run.status !== 200).map((run) => run.status);
      rows.push(
        `| GET /kpis ${period} by ${group}: p50 / max | ${ms(k.p50_ms)} / ${ms(k.max_ms)}${bad.length ? ` (answered ${bad.join(', ')})` : ''} |`,
      );
    }
  }
  for (const [name, l] of Object.entries(r.lists)) {
    rows.push(
      `| ${name} c1 p50 / p99 · c10 p50 / p99 (slowest: ${l.worst_case}) | ${l.c1.p50_ms} / ${l.c1.p99_ms} · ${l.c10.p50_ms} / ${l.c10.p99_ms} ms |`,
    );
  }
  if (r.repeat_lookup)
    rows.push(`| repeat lookup p50 / p99 | ${r.repeat_lookup.p50_ms} / ${r.repeat_lookup.p99_ms} ms |`);
  if (r.repeat_route) {
    rows.push(`| repeat candidates route p50 / p99 | ${r.repeat_route.p50_ms} / ${r.repeat_route.p99_ms} ms |`);
  }
  if (r.fairness_window)
    rows.push(`| fairness window p50 / p99 | ${r.fairness_window.p50_ms} / ${r.fairness_window.p99_ms} ms |`);
  if (r.recompute)
    rows.push(`| npm run recompute, a month | ${r.recompute.seconds} s (exit ${r.recompute.exit_code}) |`);
  if (r.recompute_all) {
    rows.push(
      `| npm run recompute -- --all (every order) | ${r.recompute_all.seconds} s (exit ${r.recompute_all.exit_code}) |`,
    );
  }
  rows.push(
    `| API RSS: baseline / peak / largest growth | ${r.api_rss_mb.baseline} / ${r.api_rss_mb.peak} / ${r.api_rss_growth_mb} MB |`,
  );
  return rows;
}

export function markdown(r: CityResults): string {
  const lines = [
    `Run ${r.run.date} · ${r.run.machine} · commit ${r.run.commit} · ${r.run.minutes} min`,
    '',
    ...phaseTable(r),
    '',
    ...(r.pglite ? [...phaseTable(r.pglite), ''] : []),
    '| target (PostgreSQL) | result | measured |',
    '| --- | --- | --- |',
    ...r.targets.map((t) => `| ${t.target} | ${t.holds ? 'holds' : '**missed**'} | ${t.measured} |`),
  ];
  return `${lines.join('\n')}\n`;
}
