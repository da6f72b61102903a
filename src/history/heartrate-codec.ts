/**
 * Heart-rate samples in their compact row: epoch seconds, source, bpm, and a
 * shape code saying how to render the sample back exactly as Oura sent it.
 * Only a sample that fits no known shape keeps its JSON text (`raw`).
 */
import { utcTimestamp } from '../series/utc-timestamp.js';

export interface SampleRow {
  ts: number;
  source: string;
  bpm: number;
  shape: 0 | 1 | 2;
  raw: string | null;
}

/** The row of a sample, or undefined when it has no usable timestamp, source and bpm. */
export function encodeSample(doc: unknown): SampleRow | undefined {
  if (!doc || typeof doc !== 'object') return undefined;
  const record = doc as Record<string, unknown>;
  const { timestamp, bpm, source } = record;
  if (typeof timestamp !== 'string' || typeof bpm !== 'number' || typeof source !== 'string') {
    return undefined;
  }
  const keys = Object.keys(record);
  const unix = record.timestamp_unix;
  // Oura's usual shape: `timestamp_unix` agrees with `timestamp`, so no date parsing is needed.
  if (
    Number.isInteger(bpm) &&
    Number.isInteger(unix) &&
    keys.length === 4 &&
    keys[0] === 'timestamp' &&
    keys[1] === 'timestamp_unix' &&
    keys[2] === 'bpm' &&
    keys[3] === 'source' &&
    utcTimestamp(unix as number) === timestamp
  ) {
    return { ts: unix as number, source, bpm, shape: 0, raw: null };
  }
  const ms = Date.parse(timestamp);
  if (Number.isNaN(ms)) return undefined;
  const ts = Math.floor(ms / 1000);
  const exact = Number.isInteger(bpm) && utcTimestamp(ts) === timestamp;
  if (
    exact &&
    keys.length === 3 &&
    keys[0] === 'bpm' &&
    keys[1] === 'source' &&
    keys[2] === 'timestamp'
  ) {
    return { ts, source, bpm, shape: 1, raw: null };
  }
  return { ts, source, bpm, shape: 2, raw: JSON.stringify(doc) };
}

/** The sample as Oura sent it. */
export function decodeSample(row: SampleRow): unknown {
  const timestamp = utcTimestamp(row.ts);
  if (row.shape === 0) {
    return { timestamp, timestamp_unix: row.ts, bpm: row.bpm, source: row.source };
  }
  if (row.shape === 1) return { bpm: row.bpm, source: row.source, timestamp };
  return JSON.parse(row.raw ?? 'null');
}
