/**
 * CSV output (RFC 4180): a header of the first document's flattened fields,
 * then one row per document, streamed. Cells are written safe to open in a
 * spreadsheet unless asked otherwise (`text/csv-cell.ts`).
 */
import { type CsvOptions, csvCell } from '../../text/csv-cell.js';
import { cellOf, flatten } from './flatten.js';
import type { Sink } from './sink.js';

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
