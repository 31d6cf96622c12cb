/** The results file in the issue's shape, and the same figures as a table. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ScenarioResult, ScenarioRow } from './scenarios';

export const COLUMNS: (keyof ScenarioRow)[] = [
  'sent',
  'accepted',
  'in_temporal',
  'in_read_model',
  'audit_gaps',
  'audit_duplicates',
  'duplicate_orders',
  'clocks_due',
  'clocks_fired',
  'max_clock_lateness_s',
  'http_5xx_other_than_503',
];

export function resultsJson(results: ScenarioResult[]): Record<string, ScenarioRow> {
  return Object.fromEntries(results.map((r) => [r.name, r.row]));
}

/** A Markdown table: scenario, the figures, the fault's length and whether every target held. */
export function table(results: ScenarioResult[]): string {
  const head = ['scenario', ...COLUMNS, 'fault_s', 'targets'];
  const rows = results.map((r) => [
    r.name,
    ...COLUMNS.map((c) => String(r.row[c])),
    ((r.fault.to - r.fault.from) / 1000).toFixed(1),
    r.failures.length ? 'FAIL' : 'pass',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  const rule = `| ${widths.map((w, i) => (i === 0 ? '-'.repeat(w) : `${'-'.repeat(w - 1)}:`)).join(' | ')} |`;
  return [line(head), rule, ...rows.map(line)].join('\n');
}

export function writeJson(path: string, value: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
}
