/** How a series sample is placed in time and told apart from the others of its window. */

const SOURCES = ['', 'awake', 'rest', 'sleep', 'workout', 'live', 'session'];

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
   * no hashing. The first key out of order moves them into `#numeric`.
   */
  #ascending: number[] | undefined = [];
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
    const seconds = (at - this.since) / 1000;
    if (index < 0 || !Number.isInteger(seconds) || seconds < 0) {
      return this.#addOther(`${at}|${source}`);
    }
    const key = seconds * 8 + index;
    if (this.#ascending) {
      if (key > this.#last) {
        this.#ascending.push(key);
        this.#last = key;
        return true;
      }
      for (const seen of this.#ascending) this.#numeric.add(seen);
      this.#ascending = undefined;
    }
    if (this.#numeric.has(key)) return false;
    this.#numeric.add(key);
    return true;
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
