/**
 * A window of heart-rate rows in columns: typed arrays instead of one object
 * per sample. A two-year backfill holds ~470k samples; as columns a waiting
 * window costs the garbage collector nothing, and it moves to the writer's
 * worker thread without being copied (the arrays' buffers are transferred).
 */
import { type SampleRun, SAMPLE_SOURCES as SOURCES } from '../series/heart-rate-page.js';
import type { SampleRow } from './heartrate-codec.js';

/** Source code of a source outside `SOURCES`, kept as text in `otherSources`. */
const OTHER = 255;

export interface SampleColumns {
  count: number;
  ts: Float64Array;
  bpm: Float64Array;
  /** Index into the known sources, or 255 with the text in `otherSources`. */
  source: Uint8Array;
  shape: Uint8Array;
  /** Row index → source text, for sources outside the known list. */
  otherSources: Map<number, string>;
  /** Row index → the sample's JSON, for rows of shape 2. */
  raws: Map<number, string>;
}

/** Collects rows into columns, growing them as needed. */
export class SampleColumnsBuilder {
  #columns = empty(1024);

  push(row: SampleRow): void {
    let c = this.#columns;
    if (c.count === c.ts.length) {
      c = grow(c, c.ts.length * 2);
      this.#columns = c;
    }
    const i = c.count++;
    c.ts[i] = row.ts;
    c.bpm[i] = row.bpm;
    c.shape[i] = row.shape;
    const index = SOURCES.indexOf(row.source as (typeof SOURCES)[number]);
    c.source[i] = index >= 0 ? index : OTHER;
    if (index < 0) c.otherSources.set(i, row.source);
    if (row.raw !== null) c.raws.set(i, row.raw);
  }

  /**
   * Appends a scanned page's samples: Oura's usual shape (shape 0), their
   * source codes the same as here.
   */
  pushRun(run: SampleRun): void {
    let c = this.#columns;
    if (c.count + run.count > c.ts.length) {
      c = grow(c, Math.max(c.ts.length * 2, c.count + run.count));
      this.#columns = c;
    }
    c.ts.set(run.ts.subarray(0, run.count), c.count);
    c.bpm.set(run.bpm.subarray(0, run.count), c.count);
    c.source.set(run.source.subarray(0, run.count), c.count);
    c.shape.fill(0, c.count, c.count + run.count);
    c.count += run.count;
  }

  /** The columns, trimmed to the rows pushed. */
  build(): SampleColumns {
    return grow(this.#columns, this.#columns.count);
  }
}

/** Row `i` of the columns. */
export function rowAt(c: SampleColumns, i: number): SampleRow {
  return {
    ts: c.ts[i] ?? 0,
    source: sourceAt(c, i),
    bpm: c.bpm[i] ?? 0,
    shape: (c.shape[i] ?? 2) as SampleRow['shape'],
    raw: c.raws.get(i) ?? null,
  };
}

/** True when row `i` is of Oura's usual shape (shape 0, so no raw text) with a known source. */
export const isUsualSample = (c: SampleColumns, i: number): boolean =>
  c.shape[i] === 0 && c.source[i] !== OTHER;

/** The source text of row `i`. */
export function sourceAt(c: SampleColumns, i: number): string {
  const code = c.source[i] ?? OTHER;
  return code === OTHER ? (c.otherSources.get(i) ?? '') : (SOURCES[code] ?? '');
}

/** The buffers to transfer when posting the columns to a worker. */
export const buffersOf = (c: SampleColumns): ArrayBuffer[] =>
  [c.ts, c.bpm, c.source, c.shape].map((array) => array.buffer as ArrayBuffer);

function empty(capacity: number): SampleColumns {
  return {
    count: 0,
    ts: new Float64Array(capacity),
    bpm: new Float64Array(capacity),
    source: new Uint8Array(capacity),
    shape: new Uint8Array(capacity),
    otherSources: new Map(),
    raws: new Map(),
  };
}

function grow(c: SampleColumns, capacity: number): SampleColumns {
  const next = empty(capacity);
  next.count = c.count;
  next.ts.set(c.ts.subarray(0, c.count));
  next.bpm.set(c.bpm.subarray(0, c.count));
  next.source.set(c.source.subarray(0, c.count));
  next.shape.set(c.shape.subarray(0, c.count));
  next.otherSources = c.otherSources;
  next.raws = c.raws;
  return next;
}
