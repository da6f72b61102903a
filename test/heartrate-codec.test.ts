/**
 * Heart-rate samples in their compact rows: every shape a sample may come in
 * is rendered back exactly as it was sent, and the row's instant is the
 * sample's `timestamp` (never a `timestamp_unix` that disagrees with it).
 */
import { describe, expect, it } from 'vitest';
import { decodeSample, encodeSample } from '../src/history/heartrate-codec.js';
import { rowAt, SampleColumnsBuilder } from '../src/history/sample-columns.js';

const at = Date.parse('2025-03-01T06:05:10Z') / 1000;

describe('heart-rate codec', () => {
  it.each([
    [
      'Oura’s usual sample',
      { timestamp: '2025-03-01T06:05:10+00:00', timestamp_unix: at, bpm: 61, source: 'rest' },
      0,
    ],
    ['no timestamp_unix', { bpm: 61, source: 'rest', timestamp: '2025-03-01T06:05:10+00:00' }, 1],
    [
      'another offset',
      { timestamp: '2025-03-01T07:05:10+01:00', timestamp_unix: at, bpm: 61, source: 'rest' },
      2,
    ],
    [
      'a fractional bpm',
      { timestamp: '2025-03-01T06:05:10+00:00', timestamp_unix: at, bpm: 61.5, source: 'rest' },
      2,
    ],
    [
      'an extra field',
      {
        timestamp: '2025-03-01T06:05:10+00:00',
        timestamp_unix: at,
        bpm: 61,
        source: 'rest',
        hrv: 40,
      },
      2,
    ],
    [
      'keys in another order',
      { bpm: 61, timestamp: '2025-03-01T06:05:10+00:00', timestamp_unix: at, source: 'rest' },
      2,
    ],
    [
      'timestamp_unix that disagrees',
      { timestamp: '2025-03-01T06:05:10+00:00', timestamp_unix: at + 1, bpm: 61, source: 'rest' },
      2,
    ],
  ])('%s: rendered back exactly, at its timestamp', (_name, sample, shape) => {
    const row = encodeSample(sample);
    if (!row) throw new Error('no row');
    expect(row.shape).toBe(shape);
    expect(row.ts).toBe(at);
    expect(JSON.stringify(decodeSample(row))).toBe(JSON.stringify(sample));
    // In columns (how a window travels to the writer), the row is the same.
    const builder = new SampleColumnsBuilder();
    builder.push(row);
    expect(rowAt(builder.build(), 0)).toEqual(row);
  });

  it('columns keep rows in order across growth, with sources and raws outside the known list', () => {
    const builder = new SampleColumnsBuilder();
    const rows = Array.from({ length: 3000 }, (_, i) => ({
      ts: at + i,
      source: i % 1000 === 7 ? 'ring_offline' : 'awake',
      bpm: 60 + (i % 30),
      shape: (i % 1000 === 7 ? 2 : 0) as 0 | 2,
      raw: i % 1000 === 7 ? `{"n":${i}}` : null,
    }));
    for (const row of rows) builder.push(row);
    const columns = builder.build();
    expect(columns.count).toBe(3000);
    expect(columns.ts).toHaveLength(3000);
    expect(Array.from({ length: 3000 }, (_, i) => rowAt(columns, i))).toEqual(rows);
  });

  it.each([
    ['not an object', 61],
    ['no bpm', { timestamp: '2025-03-01T06:05:10+00:00', source: 'rest' }],
    ['an unreadable timestamp', { timestamp: 'yesterday', bpm: 61, source: 'rest' }],
  ])('%s: no row', (_name, sample) => {
    expect(encodeSample(sample)).toBeUndefined();
  });
});
