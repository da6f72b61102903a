/**
 * A CSV cell (RFC 4180), for `oura get --format csv`, `oura export` and a
 * cohort's export alike.
 *
 * Safe to open in a spreadsheet by default: Oura's free text (a tag's
 * comment, a workout's label) and a query's text go into cells, and a
 * spreadsheet runs a cell that starts with `=`, `+`, `-`, `@`, tab or
 * carriage return as a formula (`=HYPERLINK(...)`, DDE). Such text cells are
 * neutralised as OWASP's "CSV Injection" page says: a single quote in front,
 * the cell quoted. Numbers stay numbers (-3.5 is a value, not a formula).
 * Programs that want the text as it is ask for `raw`.
 * https://owasp.org/www-community/attacks/CSV_Injection
 */

/** A flat cell value. */
export type Cell = string | number | boolean | null;

export interface CsvOptions {
  /** Text exactly as it is, even when a spreadsheet would take it for a formula (`--raw-csv`). */
  raw?: boolean | undefined;
}

/** First characters that make a spreadsheet read a cell as a formula. */
const FORMULA_START = new Set(['=', '+', '-', '@', '\t', '\r']);

/** True for a text value a spreadsheet would run as a formula. */
function looksLikeFormula(value: Cell): boolean {
  return typeof value === 'string' && FORMULA_START.has(value.charAt(0));
}

/**
 * One cell: quoted when it holds a comma, quote, or line break (RFC 4180
 * §2.6–2.7); a formula-like text cell gets a leading `'` and is always quoted.
 */
export function csvCell(value: Cell, options: CsvOptions = {}): string {
  if (value === null) return '';
  const text = String(value);
  if (!options.raw && looksLikeFormula(value)) return `"'${text.replaceAll('"', '""')}"`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
