/**
 * Documents a source has drawn, kept to serve again. A source's history is a
 * pure function of its seed (changes are applied on top), so a list asked
 * again (each sync's revisit, every run of a benchmark) need not draw and
 * serialise its documents again: Oura answers from stored data, and an
 * emulator that redraws a year of daily_activity per request holds its
 * concurrent answers behind each other far longer than Oura's latency.
 *
 * Kept documents are frozen (served as they are, never changed), and every
 * source of the process shares one bound, {@link MAX_DRAWN} documents: two
 * years of every type of one person is ~8,500. Past it, every source's
 * documents are let go at once. An emulator of hundreds of people reads each
 * once per sync and gains nothing from keeping them.
 */
import type { Doc } from './context.js';

export const MAX_DRAWN = 20_000;
/** Room for a day's documents of one type in a key: a document id holds at most 16 a day (context.ts). */
const DAY_SLOTS = 1024;

type Kept = Map<string, Map<number, Doc>>;
/** Each source's documents, by type then day and index; replaced whole when the bound is reached. */
let kept = new WeakMap<DrawnDocuments, Kept>();
let drawn = 0;

export class DrawnDocuments {
  /** Document `index` of day `num` of `type`, drawn by `draw` unless kept. */
  get(type: string, num: number, index: number, draw: () => Doc): Doc {
    let byType = kept.get(this);
    if (!byType) {
      byType = new Map();
      kept.set(this, byType);
    }
    let docs = byType.get(type);
    if (!docs) {
      docs = new Map();
      byType.set(type, docs);
    }
    const key = num * DAY_SLOTS + index;
    let doc = docs.get(key);
    if (!doc) {
      doc = Object.freeze(draw());
      if (drawn >= MAX_DRAWN) {
        kept = new WeakMap();
        drawn = 0;
        return doc;
      }
      docs.set(key, doc);
      drawn++;
    }
    return doc;
  }

  /** How many of this source's documents are kept (for tests). */
  size(): number {
    let total = 0;
    for (const docs of kept.get(this)?.values() ?? []) total += docs.size;
    return total;
  }
}
