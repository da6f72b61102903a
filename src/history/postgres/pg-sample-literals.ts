/**
 * A window of heart rate written straight from its columns: each column goes
 * to PostgreSQL as one array literal made by joining the typed array, and the
 * source as its index into the known sources. The general path made, per
 * sample, a row object, a key string, a map entry and five array elements that
 * pg then escaped one by one; a worker syncing two people held several windows
 * of that garbage (~9k samples each) across the write's await, and it set the
 * worker's peak memory.
 */
import { SAMPLE_SOURCES } from '../../series/heart-rate-page.js';
import type { SampleColumns } from '../sample-columns.js';

export interface SampleLiterals {
  ts: string;
  source: string;
  bpm: string;
  shape: string;
}

/** The known sources as an array literal; a row's source is `sources[code + 1]` in SQL. */
export const SOURCES_LITERAL = `{${SAMPLE_SOURCES.join(',')}}`;

/**
 * The columns as literals, or undefined when they need the general path: a
 * sample keeping its own JSON, a source outside the known ones, or instants
 * not strictly rising (a repeated sample is reduced to its last there).
 */
export function sampleLiterals(columns: SampleColumns): SampleLiterals | undefined {
  if (columns.raws.size > 0 || columns.otherSources.size > 0) return undefined;
  const ts = columns.ts.subarray(0, columns.count);
  for (let i = 1; i < ts.length; i++) {
    if (!((ts[i] as number) > (ts[i - 1] as number))) return undefined;
  }
  const literal = (column: Float64Array | Uint8Array) =>
    `{${column.subarray(0, columns.count).join(',')}}`;
  return {
    ts: literal(columns.ts),
    source: literal(columns.source),
    bpm: literal(columns.bpm),
    shape: literal(columns.shape),
  };
}
