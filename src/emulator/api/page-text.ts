/**
 * A list page and its JSON text, written from each item's text (a date type's
 * documents, or heart-rate samples). A frozen document (a drawn one, kept by `DrawnDocuments`, or a
 * revision) is never changed, so its text is made once: a page asked again (a
 * revisit, each run of a benchmark) costs its joins, not a serialisation of
 * every document, which on a year of daily_activity was most of the
 * emulator's time per request. Others (cut to `fields`) are written afresh.
 */
import type { HeartRateRow } from '../data/heartrate.js';

const texts = new WeakMap<object, string>();

/** `doc`'s JSON text, kept for a frozen document. */
function textOf(doc: object): string {
  if (!Object.isFrozen(doc)) return JSON.stringify(doc);
  let text = texts.get(doc);
  if (text === undefined) {
    text = JSON.stringify(doc);
    texts.set(doc, text);
  }
  return text;
}

/** `{ data, next_token }`, as Oura's list routes answer. */
export class ListPage<T extends object = object> {
  /** `itemText` writes one item as `JSON.stringify` would (by default, it does). */
  constructor(
    readonly data: readonly T[],
    readonly next_token: string | null,
    private readonly itemText: (item: T) => string = textOf,
  ) {}

  /**
   * The UTF-8 of the text `JSON.stringify` writes of the page, written
   * straight from the items' text: the page as one string was copied again
   * to flatten it (for its length) and once more to send it, ~130 MB of a
   * two-year sync's allocations.
   */
  bytes(): Buffer {
    const items = this.data.map(this.itemText).join(',');
    const tail = `],"next_token":${JSON.stringify(this.next_token)}}`;
    const size = PAGE_HEAD.length + Buffer.byteLength(items) + Buffer.byteLength(tail);
    const out = Buffer.allocUnsafe(size);
    let end = out.write(PAGE_HEAD, 0, 'latin1');
    end += out.write(items, end);
    end += out.write(tail, end);
    // Never more than was written, whatever the lengths said.
    return out.subarray(0, end);
  }
}

const PAGE_HEAD = '{"data":[';

/**
 * A heart-rate sample's JSON text, written out: a two-year sync is served half
 * a million, and `JSON.stringify` of them was a fifth of the emulator's time.
 * Exact for the samples the emulator draws: the timestamp (written by
 * `utcTimestamp`) and the source hold nothing JSON escapes, and both numbers
 * are integers.
 */
export const heartRateSampleText = (sample: HeartRateRow): string =>
  `{"timestamp":"${sample.timestamp}","timestamp_unix":${sample.timestamp_unix},"bpm":${sample.bpm},"source":"${sample.source}"}`;
