/**
 * Documents a source has drawn, kept to serve again. A source's history is a
 * pure function of its seed (changes are applied on top), so a list asked
 * again (each sync's revisit, every run of a benchmark) need not draw and
 * serialise its documents again: Oura answers from stored data, and an
 * emulator that redraws a year of daily_activity per request holds its
 * concurrent answers behind each other far longer than Oura's latency.
 *
 * Every source of the process shares one bound, {@link MAX_DRAWN} documents
 * (two years of every type of one person is ~8,500; ~25 MB): past it, all
 * start again empty. An emulator of hundreds of people reads each once per
 * sync and gains nothing from keeping them.
 */
import type { Doc } from './context.js';

export const MAX_DRAWN = 20_000;
/** Room for a day's documents of one type in a key: a day holds a few (sleeps, workouts, tags). */
const DAY_SLOTS = 1024;

/** Bumped when the shared bound is reached: every cache of an older generation is dropped. */
let generation = 0;
let drawn = 0;

export class DrawnDocuments {
  #generation = generation;
  #byType = new Map<string, Map<number, Doc>>();

  /** Document `index` of day `num` of `type`, drawn by `draw` unless kept. */
  get(type: string, num: number, index: number, draw: () => Doc): Doc {
    if (index >= DAY_SLOTS) return draw();
    if (drawn >= MAX_DRAWN) {
      generation++;
      drawn = 0;
    }
    if (this.#generation !== generation) {
      this.#byType.clear();
      this.#generation = generation;
    }
    let docs = this.#byType.get(type);
    if (!docs) {
      docs = new Map();
      this.#byType.set(type, docs);
    }
    const key = num * DAY_SLOTS + index;
    let doc = docs.get(key);
    if (!doc) {
      doc = draw();
      docs.set(key, doc);
      drawn++;
    }
    return doc;
  }
}
