/** Formatters and day parsing of the data commands. */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../src/cli/cli-io.js';
import { parseDay, resolveRange } from '../src/cli/dates.js';
import { flatten } from '../src/cli/output/flatten.js';
import { listFormatter, writeOne } from '../src/cli/output/formatters.js';
import { progressLine } from '../src/cli/output/progress.js';
import { memorySink, OutputClosedError, streamSink } from '../src/cli/output/sink.js';
import { tableFor } from '../src/cli/output/table.js';
import { duration } from '../src/cli/output/table-columns.js';
import { UsageError } from '../src/errors.js';
import { csvCell } from '../src/text/csv-cell.js';

const opts = { type: 'daily_spo2' as const };

async function format(
  kind: 'json' | 'ndjson' | 'csv' | 'table',
  docs: unknown[],
  warn?: (m: string) => void,
) {
  const sink = memorySink();
  const out = await listFormatter(kind, sink, { ...opts, ...(warn ? { warn } : {}) });
  for (const d of docs) await out.write(d);
  await out.end();
  return sink.text();
}

describe('csv', () => {
  it('flattens nested objects with dots and keeps arrays as JSON', () => {
    expect(
      flatten({ id: 'a', contributors: { hrv: 80, x: { y: 1 } }, items: [1, null], n: null }),
    ).toEqual({
      id: 'a',
      'contributors.hrv': 80,
      'contributors.x.y': 1,
      items: '[1,null]',
      n: null,
    });
  });

  it('quotes per RFC 4180', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell(null)).toBe('');
  });

  it('keeps an object that appears where the first document had null, and warns about new keys', async () => {
    const warnings: string[] = [];
    const text = await format(
      'csv',
      [
        { id: 'a', day: '2024-01-01', spo2_percentage: null },
        { id: 'b', day: '2024-01-02', spo2_percentage: { average: 97.5 }, extra: 1 },
      ],
      (m) => warnings.push(m),
    );
    expect(text).toBe(
      'id,day,spo2_percentage\r\na,2024-01-01,\r\nb,2024-01-02,"{""average"":97.5}"\r\n',
    );
    expect(warnings).toEqual([expect.stringContaining('"extra"')]);
  });
});

describe('json and ndjson', () => {
  it('json is one valid array, also when empty', async () => {
    expect(JSON.parse(await format('json', [{ a: 1 }, { b: [2] }]))).toEqual([
      { a: 1 },
      { b: [2] },
    ]);
    expect(JSON.parse(await format('json', []))).toEqual([]);
  });

  it('ndjson is one document per line', async () => {
    expect(await format('ndjson', [{ a: 1 }, { a: 2 }])).toBe('{"a":1}\n{"a":2}\n');
  });

  it('single objects print as an object', async () => {
    const sink = memorySink();
    await writeOne('json', sink, { id: 'x' }, opts);
    expect(JSON.parse(sink.text())).toEqual({ id: 'x' });
  });
});

describe('table', () => {
  it('shows durations for people', () => {
    expect(duration(27_120)).toBe('7h 32m');
    expect(duration(2_700)).toBe('45m');
    expect(duration(null)).toBe('');
  });

  it('lays out the chosen columns', async () => {
    const text = await format('table', [
      { day: '2024-01-01', spo2_percentage: { average: 97.25 }, breathing_disturbance_index: 3 },
    ]);
    expect(text.split('\n')[0]).toMatch(/^day\s+SpO2 %\s+BDI$/);
    expect(text).toContain('97.3');
  });
});

describe('heart-rate table', () => {
  it('averages each hour over time: half an hour of 5-second workout samples does not outvote half an hour at rest', () => {
    // A local hour in any time zone (no change of clocks in mid-June).
    const start = new Date(2024, 5, 12, 12, 0, 0).getTime();
    const sample = (ms: number, bpm: number, source: string) => ({
      bpm,
      source,
      timestamp: new Date(ms).toISOString(),
    });
    // Six resting samples, 5 minutes apart, then 360 workout samples 5 seconds
    // apart, then rest again at the next hour (so the last workout sample stands for 5 s).
    const rest = [0, 1, 2, 3, 4, 5, 12].map((i) => sample(start + i * 300_000, 60, 'awake'));
    const run = Array.from({ length: 360 }, (_, i) =>
      sample(start + 1_800_000 + i * 5_000, 150, 'workout'),
    );
    const table = tableFor('heartrate');
    // Out of order, as pages may come: the spans follow time, not arrival.
    for (const doc of [...run, ...rest]) table.add(doc);
    const rows = table.render().trimEnd().split('\n').slice(2);
    expect(rows).toHaveLength(2);
    const [, time, samples, min, avg, max] = (rows[0] ?? '').split(/\s+/);
    expect(time).toBe('12:00');
    // Time-weighted: (30 min x 60 + 30 min x 150) / 60 min = 105; a mean of readings says 148.
    expect({ samples, min, avg, max }).toEqual({
      samples: '366',
      min: '60',
      avg: '105',
      max: '150',
    });
  });
});

describe('days', () => {
  const now = new Date(2024, 2, 10, 15, 0); // 10 March 2024, local

  it('parses YYYY-MM-DD, today and yesterday', () => {
    expect(parseDay('2024-02-29', '--start', now)).toBe('2024-02-29');
    expect(parseDay('today', '--start', now)).toBe('2024-03-10');
    expect(parseDay('Yesterday', '--start', now)).toBe('2024-03-09');
    expect(() => parseDay('2023-02-29', '--start', now)).toThrow(UsageError);
    expect(() => parseDay('10/03/2024', '--start', now)).toThrow(/YYYY-MM-DD/);
  });

  it('applies the contract defaults', () => {
    expect(resolveRange({}, now)).toEqual({ start: '2024-03-04', end: '2024-03-10' });
    expect(resolveRange({ start: '2024-03-01' }, now)).toEqual({
      start: '2024-03-01',
      end: '2024-03-10',
    });
    expect(resolveRange({ end: '2024-02-02' }, now)).toEqual({
      start: '2024-01-27',
      end: '2024-02-02',
    });
    expect(() => resolveRange({ start: '2024-03-11' }, now)).toThrow(/before --start/);
  });
});

describe('stream sink', () => {
  /** A stream whose every write fails as a pipe without a reader (or a disk) does. */
  function failingStream(code: string): Writable {
    return new Writable({
      write(_chunk, _encoding, callback) {
        callback(Object.assign(new Error(`write ${code}`), { code }));
      },
    });
  }
  const settle = () => new Promise((resolve) => setImmediate(resolve));

  it('a closed pipe (EPIPE) rejects the writes with OutputClosedError; the process is not ended', async () => {
    const sink = streamSink(failingStream('EPIPE'));
    await sink.write('first').catch(() => undefined);
    await settle();
    await expect(sink.write('second')).rejects.toBeInstanceOf(OutputClosedError);
  });

  it('any other stream error reaches the writer as it is', async () => {
    const sink = streamSink(failingStream('EIO'));
    await sink.write('first').catch(() => undefined);
    await settle();
    await expect(sink.write('second')).rejects.toMatchObject({ code: 'EIO' });
  });
});

describe('datetimes for the series types', () => {
  const now = new Date(2026, 10, 25, 9, 0);

  it('a datetime bound keeps its instant and lands on its local day; the end is exclusive', () => {
    const range = resolveRange({ start: '2026-11-24T10:00', end: '2026-11-25T00:00' }, now, true);
    expect(range).toEqual({
      start: '2026-11-24',
      end: '2026-11-24',
      from: new Date(2026, 10, 24, 10, 0),
      to: new Date(2026, 10, 25, 0, 0),
    });
    const utc = resolveRange({ start: '2026-11-20T08:30:00Z' }, now, true);
    expect(utc.from?.toISOString()).toBe('2026-11-20T08:30:00.000Z');
    expect(utc.end).toBe('2026-11-25');
    expect(resolveRange({ start: 'yesterday' }, now, true)).toEqual({
      start: '2026-11-24',
      end: '2026-11-25',
    });
  });

  it('refuses datetimes where days are meant, and nonsense datetimes', () => {
    expect(() => resolveRange({ start: '2026-11-24T10:00' }, now)).toThrow(
      /is a datetime; only heartrate and ring_battery_level take datetimes/,
    );
    expect(() => resolveRange({ start: '2026-02-30T10:00' }, now, true)).toThrow(/is not a date/);
    expect(() => resolveRange({ start: '2026-11-24T10:00+5' }, now, true)).toThrow(/is not a date/);
    expect(() =>
      resolveRange({ start: '2026-11-24T10:00', end: '2026-11-24T10:00' }, now, true),
    ).toThrow(/is not after/);
  });
});

describe('progress line (a terminal on stderr)', () => {
  it('counts one document in the singular', () => {
    let written = '';
    const stream = { isTTY: true, write: (text: string) => (written += text) };
    const progress = progressLine({ stderr: stream, quiet: false } as unknown as CliIo);
    progress.update({ type: 'vO2_max', windowsDone: 1, windowsTotal: 1, documents: 1 });
    expect(written).toContain('vO2_max: 1 document');
    expect(written).not.toContain('1 documents');
    progress.update({ type: 'vO2_max', windowsDone: 1, windowsTotal: 1, documents: 2 });
    expect(written).toContain('2 documents');
  });
});
