/**
 * CSV output (RFC 4180): a header of the first document's flattened fields,
 * then one row per document, streamed.
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
import { type Cell, cellOf, flatten } from './flatten.js';
import type { Sink } from './sink.js';

export interface CsvOptions {
  /** Text exactly as it is, even when a spreadsheet would take it for a formula (`--raw-csv`). */
  raw?: boolean | undefined;
}

/** First characters that make a spreadsheet read a cell as a formula. */
const FORMULA_START = new Set(['=', '+', '-', '@', '\t', '\r']);

/** True for a text value a spreadsheet would run as a formula. */
export function looksLikeFormula(value: Cell): boolean {
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

/** Writes documents as CSV rows; the header is fixed by the first document. */
export class CsvWriter {
  readonly #sink: Sink;
  #columns: string[] | undefined;
  #known = new Set<string>();
  #unknown = new Set<string>();
  readonly #warn: (message: string) => void;
  readonly #options: CsvOptions;

  constructor(sink: Sink, warn: (message: string) => void = () => {}, options: CsvOptions = {}) {
    this.#sink = sink;
    this.#warn = warn;
    this.#options = options;
  }

  async write(doc: unknown): Promise<void> {
    const flat = flatten(doc);
    if (!this.#columns) {
      this.#columns = Object.keys(flat);
      this.#known = new Set(this.#columns);
      // Column names are text too: a query may name one "=cmd".
      await this.#sink.write(
        `${this.#columns.map((c) => csvCell(c, this.#options)).join(',')}\r\n`,
      );
    }
    for (const key of Object.keys(flat)) {
      // Known columns are the common case: a Set lookup, not a scan, per field.
      if (this.#known.has(key) || this.#unknown.has(key)) continue;
      // A key under a column that was null in the first document is kept there, as JSON;
      // an object that is null in this one (a nap's `readiness`) leaves its columns empty.
      if (this.#columns.some((c) => key.startsWith(`${c}.`) || c.startsWith(`${key}.`))) {
        this.#known.add(key);
        continue;
      }
      this.#unknown.add(key);
      this.#warn(`field "${key}" first appeared after the CSV header was written; it is left out.`);
    }
    await this.#sink.write(
      `${this.#columns.map((c) => csvCell(cellOf(doc, flat, c), this.#options)).join(',')}\r\n`,
    );
  }

  /** The header columns (empty before the first document). */
  get columns(): readonly string[] {
    return this.#columns ?? [];
  }
}
