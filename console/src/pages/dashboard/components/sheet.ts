/**
 * The assessment table as columns of cells, read by the screen and by both downloads, so a spreadsheet
 * passed on shows exactly the figures on the screen: each cell's text (what the screen and the CSV show)
 * and its value and number format (what the workbook keeps, so it can still be summed).
 */
import { KPI_RATE_NAME, RATE_PARTS, UNIT_RATES, type KpiRate } from '../../../../../domain/kpi';
import { neutralisedCell } from '../../../../../domain/spreadsheet';
import type { Figures, UnitAssessment } from '../hooks/assessment';

export const RATE_LABEL = KPI_RATE_NAME;
export { UNIT_RATES };
export const BASES = ['raw', 'adjusted'] as const;
export type Basis = (typeof BASES)[number];
export const BASIS_LABEL: Record<Basis, string> = { raw: '原始', adjusted: '调整后' };

/** What the screen and the CSV show (`text`), and what the workbook keeps: a number in a format, or the text. */
export interface Cell {
  text: string;
  value: number | string;
  format?: '0.0%' | '0.0' | '+0.0;-0.0;0.0' | '0';
}

/** A column of a table as the screen and both downloads show it, for rows of type R (a unit by default). */
export interface Column<R = UnitAssessment> {
  key: string;
  /** The heading group on the screen (a rate), and the column's own heading. */
  group?: string;
  title: string;
  cell: (r: R, name: (code: string) => string) => Cell;
  /** A rate's cell opens the orders behind it. */
  drill?: { rate: KpiRate; basis: Basis };
}

const EMPTY: Cell = { text: '—', value: '—' };
export const percent = (v: number | null): Cell =>
  v === null ? EMPTY : { text: `${(v * 100).toFixed(1)}%`, value: v, format: '0.0%' };
/** The composite on a scale of 100, as the centre reads a score. */
const score = (v: number | null): Cell =>
  v === null ? EMPTY : { text: (v * 100).toFixed(1), value: Number((v * 100).toFixed(1)), format: '0.0' };

/** A rate's numerator and denominator in a row's counts, by the same table the API computes it with. */
export function parts(f: Figures, rate: KpiRate): { numerator: number; denominator: number } {
  const sum = (names: readonly string[]) => names.reduce((n, name) => n + (f.counts[name] ?? 0), 0);
  return { numerator: sum(RATE_PARTS[rate].numerator), denominator: sum(RATE_PARTS[rate].denominator) };
}

function change(r: UnitAssessment): Cell {
  const now = r.adjusted.composite;
  const before = r.previous?.composite ?? null;
  if (now === null || before === null) return r.previous ? EMPTY : { text: '上期无数据', value: '上期无数据' };
  const d = Number(((now - before) * 100).toFixed(1));
  return { text: d > 0 ? `+${d.toFixed(1)}` : d.toFixed(1), value: d, format: '+0.0;-0.0;0.0' };
}

function rankChange(r: UnitAssessment): Cell {
  const before = r.previous?.rank ?? null;
  if (r.rank === null || before === null) return EMPTY;
  const d = before - r.rank;
  const text = d > 0 ? `上升${d}位` : d < 0 ? `下降${-d}位` : '持平';
  return { text, value: text };
}

export const COLUMNS: Column[] = [
  {
    key: 'rank',
    title: '排名',
    cell: (r) => (r.rank === null ? EMPTY : { text: String(r.rank), value: r.rank, format: '0' }),
  },
  { key: 'unit', title: '承办单位', cell: (r, unitName) => ({ text: unitName(r.group), value: unitName(r.group) }) },
  ...UNIT_RATES.flatMap((rate) =>
    BASES.map((basis): Column => ({
      key: `${rate}.${basis}`,
      group: RATE_LABEL[rate],
      title: BASIS_LABEL[basis],
      cell: (r) => percent(r[basis][rate]),
      drill: { rate, basis },
    })),
  ),
  ...BASES.map((basis): Column => ({
    key: `composite.${basis}`,
    group: '综合得分',
    title: BASIS_LABEL[basis],
    cell: (r) => score(r[basis].composite),
  })),
  { key: 'change', group: '较上期', title: '得分变化', cell: change },
  { key: 'rankChange', group: '较上期', title: '排名变化', cell: rankChange },
];

/** A column's heading in a download: its group and its own heading. */
export const heading = <R>(c: Column<R>) => (c.group ? `${c.group}（${c.title}）` : c.title);

/** The table as the screen shows it, one line per row; quoted for spreadsheets, with a BOM so they read it as UTF-8. */
export function toCsv<R>(columns: Column<R>[], rows: R[], name: (code: string) => string): string {
  const quote = (v: unknown) => `"${String(v).replaceAll('"', '""')}"`;
  // Only text is neutralised: a figure such as +25.0 is a number, written as the screen shows it.
  const text = ({ text, value }: Cell) => quote(typeof value === 'number' ? text : neutralisedCell(text));
  const lines = [
    columns.map((c) => quote(neutralisedCell(heading(c)))),
    ...rows.map((r) => columns.map((c) => text(c.cell(r, name)))),
  ];
  return `\uFEFF${lines.map((l) => l.join(',')).join('\r\n')}\r\n`;
}

/** The same table as a workbook: numbers kept as numbers, in the screen's format. */
export async function toXlsx<R>(
  columns: Column<R>[],
  rows: R[],
  name: (code: string) => string,
  title: string,
): Promise<ArrayBuffer> {
  // Loaded on the click, not with the page: the workbook writer is larger than the whole dashboard.
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('考核');
  sheet.addRow([title]);
  sheet.addRow(columns.map(heading));
  for (const r of rows) {
    const line = sheet.addRow(columns.map((c) => c.cell(r, name).value));
    columns.forEach((c, i) => {
      const format = c.cell(r, name).format;
      if (format) line.getCell(i + 1).numFmt = format;
    });
  }
  sheet.columns.forEach((col, i) => (col.width = i === 1 ? 28 : 14));
  return book.xlsx.writeBuffer() as Promise<ArrayBuffer>;
}

/** Hands a file to the browser's downloads. */
export function download(name: string, body: BlobPart, type: string): void {
  const url = URL.createObjectURL(new Blob([body], { type }));
  const a = Object.assign(document.createElement('a'), { href: url, download: name });
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
