/**
 * CSV output (RFC 4180): a header of the first document's flattened fields,
 * then one row per document, streamed.
 */
import { type Cell, cellOf, flatten } from './flatten.js';
import type { Sink } from './sink.js';

/** Quotes a cell when it holds a comma, quote, or line break (RFC 4180 §2.6–2.7). */
export function csvCell(value: Cell): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Writes documents as CSV rows; the header is fixed by the first document. */
export class CsvWriter {
  readonly #sink: Sink;
  #columns: string[] | undefined;
  #known = new Set<string>();
  #unknown = new Set<string>();
  readonly #warn: (message: string) => void;

  constructor(sink: Sink, warn: (message: string) => void = () => {}) {
    this.#sink = sink;
    this.#warn = warn;
  }

  async write(doc: unknown): Promise<void> {
    const flat = flatten(doc);
    if (!this.#columns) {
      this.#columns = Object.keys(flat);
      this.#known = new Set(this.#columns);
      await this.#sink.write(`${this.#columns.map(csvCell).join(',')}\r\n`);
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
      `${this.#columns.map((c) => csvCell(cellOf(doc, flat, c))).join(',')}\r\n`,
    );
  }

  /** The header columns (empty before the first document). */
  get columns(): readonly string[] {
    return this.#columns ?? [];
  }
}
