/** How a series sample is placed in time and told apart from the others of its window. */
import { SAMPLE_SOURCES } from '../series/heart-rate-page.js';

/** Key codes of the sources: none (a sample without one), then heart rate's, in their scanned codes' order. */
const SOURCES: readonly string[] = ['', ...SAMPLE_SOURCES];

/**
 * The (timestamp, source) pairs of a window. Small integers rather than
 * strings: a 30-day heart-rate window holds 8640 to 20000 of them, and string
 * (or large-number) keys would be the largest allocation of a long backfill.
 * Whole seconds since the window's start times 8 stay a small integer for 30 days.
 */
export class SampleKeys {
  /**
   * The keys while each came above the last (Oura lists a window in time
   * order): a key above the last is new without a lookup, and an array costs
   * no hashing. A typed array, not a JS one: it lives as long as its window
   * is fetched, and growing a JS array of 20000 numbers was 16 MB of a
   * two-year sync's garbage, copied by each collection while its window was
   * in flight. Doubles, not 32-bit integers: a key stays exact to 2^53,
   * where an Int32Array would wrap and merge samples. The first key out of
   * order moves them into `#numeric`.
   */
  #ascending: Float64Array | undefined = new Float64Array(1024);
  #count = 0;
  #last = -1;
  readonly #numeric = new Set<number>();
  readonly #other = new Set<string>();

  constructor(private readonly since: number) {}

  /** Records the sample's key; false if it was already there. */
  add(at: number | undefined, record: Record<string, unknown>): boolean {
    const source = typeof record.source === 'string' ? record.source : '';
    if (at === undefined) return this.#addOther(`${JSON.stringify(record.timestamp)}|${source}`);
    return this.addAt(at, source);
  }

  /** Records the key of a sample at `at` (epoch ms) from `source`; false if it was already there. */
  addAt(at: number, source: string): boolean {
    const index = SOURCES.indexOf(source);
    return index < 0 ? this.#addOther(`${at}|${source}`) : this.#addKnown(at, index);
  }

  /** {@link addAt} for a source given by its index in `SAMPLE_SOURCES` (a scanned page's code). */
  addCoded(at: number, code: number): boolean {
    return this.#addKnown(at, code + 1);
  }

  /** The key of a sample at `at` from `SOURCES[index]`. */
  #addKnown(at: number, index: number): boolean {
    const seconds = (at - this.since) / 1000;
    if (!Number.isInteger(seconds) || seconds < 0) {
      return this.#addOther(`${at}|${SOURCES[index]}`);
    }
    const key = seconds * 8 + index;
    const ascending = this.#ascending;
    if (ascending) {
      if (key > this.#last) {
        this.#push(ascending, key);
        this.#last = key;
        return true;
      }
      for (let i = 0; i < this.#count; i++) this.#numeric.add(ascending[i] as number);
      this.#ascending = undefined;
    }
    if (this.#numeric.has(key)) return false;
    this.#numeric.add(key);
    return true;
  }

  #push(ascending: Float64Array, key: number): void {
    let keys = ascending;
    if (this.#count === keys.length) {
      keys = new Float64Array(keys.length * 2);
      keys.set(ascending);
      this.#ascending = keys;
    }
    keys[this.#count++] = key;
  }

  #addOther(key: string): boolean {
    if (this.#other.has(key)) return false;
    this.#other.add(key);
    return true;
  }
}

/** A sample's instant in epoch ms, from `timestamp` or `timestamp_unix`; undefined when it has neither. */
export function sampleTime(record: Record<string, unknown>): number | undefined {
  if (typeof record.timestamp === 'string') {
    const ms = Date.parse(record.timestamp);
    if (!Number.isNaN(ms)) return ms;
  }
  if (typeof record.timestamp_unix === 'number') {
    // The spec does not say seconds or milliseconds; tell them apart by size.
    return record.timestamp_unix > 1e11 ? record.timestamp_unix : record.timestamp_unix * 1000;
  }
  return undefined;
}
