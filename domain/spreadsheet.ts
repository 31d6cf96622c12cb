/**
 * OWASP's rule for cells a spreadsheet opens (CSV injection): text that starts with `=`, `+`, `-`, `@`, a
 * tab or a carriage return gets a `'` before it, so the program shows it rather than runs it as a formula.
 * Pure: the API's CSV exports and the console's downloads apply the same rule.
 */
export const FORMULA_START = /^[=+\-@\t\r]/;

/** A cell as a spreadsheet program will take it literally. */
export function neutralisedCell(value: unknown): unknown {
  return typeof value === 'string' && FORMULA_START.test(value) ? `'${value}` : value;
}
