/**
 * Every CSV the API exports goes through here. A text cell starting with = + - @, a tab or a carriage
 * return is read as a formula by spreadsheet programs (CSV injection): OWASP's rule prefixes it with a
 * single quote, which they show as text. Numbers are written as they are (a negative figure stays a number).
 */
import { stringify } from 'csv-stringify/sync';
import { FORMULA_START, neutralisedCell } from '../../domain/spreadsheet';

export { neutralisedCell };

/**
 * An imported cell with the quote this module put before it taken off again, so an export edited and
 * imported back keeps its text.
 */
export function importedCell(value: string): string {
  return value.startsWith("'") && FORMULA_START.test(value.slice(1)) ? value.slice(1) : value;
}

export function toCsv(rows: readonly (readonly unknown[])[], columns: readonly string[]): string {
  return stringify(
    rows.map((row) => row.map(neutralisedCell)),
    { header: true, columns: [...columns] },
  );
}
