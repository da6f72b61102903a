/**
 * The MCP tools in process, over injected deps (the factory's test seam), and
 * the pure rules behind them: ranges, the heart-rate summary, the check-in
 * notes, the size cap and the secret mask.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { PermissionError } from '../src/api/errors.js';
import type { StatusReport } from '../src/auth/login-status.js';
import type { DayRange } from '../src/calendar/days.js';
import { LoginRequiredError } from '../src/errors.js';
import { ANSWER_CUT_MARK, answerBytes, capByJsonSize, fitAnswer } from '../src/mcp/budget.js';
import { buildCheckin } from '../src/mcp/checkin.js';
import { resolveToolRange } from '../src/mcp/dates.js';
import { overallHeartRate, summariseHeartRate } from '../src/mcp/heartrate.js';
import type { McpHistory } from '../src/mcp/history.js';
import { redact } from '../src/mcp/results.js';
import { createOuraMcpServer, type OuraDataSource, type OuraMcpDeps } from '../src/mcp/server.js';
import { sampleSpans } from '../src/series/sample-spans.js';
import { formatDuration } from '../src/text/duration.js';

const NOW = new Date(2024, 4, 7, 9, 30); // 2024-05-07 09:30 local

describe('resolveToolRange', () => {
  it('defaults to the 7 days ending today, as `oura get` does', () => {
    expect(resolveToolRange({}, NOW, 31)).toEqual({ start: '2024-05-01', end: '2024-05-07' });
    expect(resolveToolRange({ end_date: '2024-04-30' }, NOW, 31)).toEqual({
      start: '2024-04-24',
      end: '2024-04-30',
    });
    expect(resolveToolRange({ start_date: '2024-05-05' }, NOW, 31)).toEqual({
      start: '2024-05-05',
      end: '2024-05-07',
    });
    expect(resolveToolRange({ start_date: 'yesterday', end_date: 'Today' }, NOW, 31)).toEqual({
      start: '2024-05-06',
      end: '2024-05-07',
    });
  });

  it('rejects bad days, backwards and overlong ranges with the argument named', () => {
    expect(() => resolveToolRange({ start_date: '05/01/2024' }, NOW, 31)).toThrow(
      /start_date "05\/01\/2024" is not a date/,
    );
    expect(() => resolveToolRange({ end_date: '2024-13-01' }, NOW, 31)).toThrow(/end_date/);
    expect(() => resolveToolRange({ start_date: '2024-06-01' }, NOW, 31)).toThrow(
      /start_date alone runs through today/,
    );
    expect(() => resolveToolRange({ start_date: '2024-01-01' }, NOW, 31)).toThrow(
      /at most 31 days/,
    );
  });
});

describe('summariseHeartRate', () => {
  it('gives min/avg/max per local hour, in time order', () => {
    const at = (h: number, m: number) => new Date(2024, 4, 7, h, m).toISOString();
    const rows = summariseHeartRate(
      [
        { bpm: 70, source: 'awake', timestamp: at(14, 5) },
        { bpm: 50, source: 'rest', timestamp: at(13, 0) },
        { bpm: 60, source: 'awake', timestamp: at(13, 55) },
        { bpm: 'x', source: 'awake', timestamp: at(13, 10) },
      ],
      'hour',
    );
    expect(rows.map((r) => [r.min_bpm, r.avg_bpm, r.max_bpm, r.samples])).toEqual([
      [50, 55, 60, 2],
      [70, 70, 70, 1],
    ]);
    expect(rows[0]?.sources).toEqual(['awake', 'rest']);
    expect(rows[0]?.period).toMatch(/^2024-05-07T13:00:00[+-]\d\d:\d\d$/);
    expect(summariseHeartRate([{ bpm: 1, timestamp: at(1, 0) }], 'day')[0]?.period).toBe(
      '2024-05-07',
    );
  });
});

describe('sampleSpans', () => {
  it('each sample stands until the next, capped; the last for the cap; one instant shared', () => {
    const min = 60_000;
    expect(sampleSpans([0, 5_000, 10_000, 5 * min, 8 * 60 * min], 5 * min)).toEqual([
      5_000,
      5_000,
      5 * min - 10_000,
      5 * min,
      5 * min,
    ]);
    expect(sampleSpans([0, 0, 5 * min], 5 * min)).toEqual([2.5 * min, 2.5 * min, 5 * min]);
    expect(sampleSpans([], 5 * min)).toEqual([]);
  });
});

describe('overallHeartRate', () => {
  /** A day at 60 bpm every 5 minutes, with an hour's run at 150 bpm sampled every 5 seconds. */
  function dayWithRun(): { bpm: number; source: string; timestamp: string }[] {
    const midnight = new Date(2024, 4, 5).getTime();
    const runStart = midnight + 10 * 3_600_000;
    const runEnd = runStart + 3_600_000;
    const samples = [];
    for (let t = midnight; t < midnight + 86_400_000; t += 300_000) {
      if (t < runStart || t >= runEnd) {
        samples.push({ bpm: 60, source: 'awake', timestamp: new Date(t).toISOString() });
      }
    }
    for (let t = runStart; t < runEnd; t += 5_000) {
      samples.push({ bpm: 150, source: 'workout', timestamp: new Date(t).toISOString() });
    }
    return samples;
  }

  it("weighs time, not samples: an hour's run at 5-second samples does not outvote the day", () => {
    const samples = dayWithRun();
    const plainMean = samples.reduce((s, x) => s + x.bpm, 0) / samples.length;
    expect(plainMean).toBeGreaterThan(120); // what the tool used to say
    // 23 hours at 60 and one at 150.
    const byDay = summariseHeartRate(samples, 'day');
    expect(byDay.map((r) => [r.avg_bpm, r.samples, r.minutes])).toEqual([
      [64, samples.length, 1440],
    ]);
    const overall = overallHeartRate(samples);
    expect(overall).toMatchObject({ min_bpm: 60, avg_bpm: 64, max_bpm: 150, minutes: 1440 });
    expect(overall?.samples).toBe(samples.length);
  });

  it('a reading before the ring came off stands for 5 minutes, not the hours it was off', () => {
    const at = (h: number) => new Date(2024, 4, 5, h).toISOString();
    const overall = overallHeartRate([
      { bpm: 100, timestamp: at(0) },
      { bpm: 50, timestamp: new Date(2024, 4, 5, 8, 0).toISOString() },
      { bpm: 50, timestamp: new Date(2024, 4, 5, 8, 5).toISOString() },
    ]);
    // 5 minutes at 100, 10 at 50: ~67 (an uncapped span would say ~99).
    expect(overall).toMatchObject({ avg_bpm: 67, samples: 3, minutes: 15 });
    expect(overallHeartRate([])).toBeUndefined();
  });
});

describe('buildCheckin', () => {
  const range: DayRange = { start: '2024-05-05', end: '2024-05-07' };
  it('joins the four types per day and notes what stands out', () => {
    const rows = buildCheckin(
      range,
      {
        dailySleep: [
          { day: '2024-05-05', score: 82 },
          { day: '2024-05-06', score: 58 },
        ],
        sleep: [
          {
            day: '2024-05-06',
            type: 'late_nap',
            total_sleep_duration: 1800,
            lowest_heart_rate: 60,
          },
          {
            day: '2024-05-06',
            type: 'long_sleep',
            total_sleep_duration: 19_800,
            lowest_heart_rate: 49,
            average_hrv: 41,
          },
          {
            day: '2024-05-05',
            type: 'long_sleep',
            total_sleep_duration: 27_120,
            lowest_heart_rate: 51,
          },
        ],
        readiness: [
          {
            day: '2024-05-05',
            score: 88,
            contributors: { hrv_balance: 90 },
            temperature_deviation: 0.1,
          },
          {
            day: '2024-05-06',
            score: 64,
            contributors: { hrv_balance: 55 },
            temperature_deviation: 0.7,
          },
        ],
        activity: [
          { day: '2024-05-05', score: 91, steps: 12000 },
          { day: '2024-05-07', score: 20, steps: 800 },
        ],
      },
      '2024-05-07',
    );
    expect(rows[0]).toMatchObject({
      sleep_duration: '7h 32m',
      resting_heart_rate: 51,
      hrv_balance: 90,
      notes: [],
    });
    expect(rows[1]).toMatchObject({
      sleep_seconds: 19_800,
      resting_heart_rate: 49,
      average_hrv_ms: 41,
    });
    expect(rows[1]?.notes).toEqual([
      'no activity data',
      'low sleep score (58)',
      'low readiness (64)',
      'low HRV balance (55)',
      'short sleep (5h 30m)',
      'body temperature +0.7 °C above baseline',
    ]);
    // Today: no sleep yet and a low activity score are not alarms, only "in progress".
    expect(rows[2]?.notes).toEqual([
      'no sleep or readiness data',
      'today: activity still counting',
    ]);
    expect(formatDuration(3599)).toBe('1h 00m');
    expect(formatDuration(2700)).toBe('45m');
  });

  it('calls a day without anything a day without data', () => {
    const rows = buildCheckin(
      { start: '2024-05-01', end: '2024-05-01' },
      { dailySleep: [], sleep: [], readiness: [], activity: [] },
      '2024-05-07',
    );
    expect(rows[0]?.notes).toEqual(['no data (ring not worn or not synced?)']);
  });
});

describe('capByJsonSize and redact', () => {
  it('keeps whole documents from the start and names the first left out', () => {
    const docs = Array.from({ length: 10 }, (_, i) => ({ i, pad: 'x'.repeat(90) }));
    const capped = capByJsonSize(docs, 350);
    expect(capped.kept).toHaveLength(3);
    expect(capped.omitted).toBe(7);
    expect(capped.firstOmitted).toEqual(docs[3]);
    expect(capByJsonSize([{ big: 'y'.repeat(1000) }], 10).kept).toHaveLength(1);
  });

  it('masks secrets anywhere in a result, including JSON-escaped ones', () => {
    const result: CallToolResult = {
      content: [{ type: 'text', text: 'token abc"def-123456 leaked' }],
      structuredContent: { nested: ['abc"def-123456'] },
    };
    expect(JSON.stringify(redact(result, ['abc"def-123456']))).not.toContain('def-123456');
    expect(redact(result, ['short'])).toBe(result);
  });
});

describe('fitAnswer', () => {
  const limit = 100_000;

  it('returns an answer that fits as it is', () => {
    const result: CallToolResult = {
      content: [{ type: 'text', text: 'small' }],
      structuredContent: { notes: [] },
    };
    expect(fitAnswer(result, 'oura_get', limit)).toBe(result);
  });

  it('cuts the runaway text, in content and structured content, and says so in both', () => {
    const big = 'c'.repeat(500_000);
    const result: CallToolResult = {
      content: [{ type: 'text', text: `summary ${big}` }],
      structuredContent: { documents: [{ id: 'a', comment: big, score: -3 }], notes: ['kept'] },
    };
    const fitted = fitAnswer(result, 'oura_get', limit);
    expect(answerBytes(fitted)).toBeLessThanOrEqual(limit);
    const structured = fitted.structuredContent as {
      documents: { id: string; comment: string; score: number }[];
      notes: string[];
    };
    expect(structured.documents[0]).toMatchObject({ id: 'a', score: -3 });
    expect(structured.documents[0]?.comment.endsWith(ANSWER_CUT_MARK)).toBe(true);
    expect(structured.notes[0]).toBe('kept');
    expect(structured.notes[1]).toMatch(
      /^This answer took \d+ bytes, more than the 100000 one tool answer may take: 2 long texts were cut to \d+ characters .* pass fields/,
    );
    expect(fitted.content.at(-1)).toEqual({ type: 'text', text: structured.notes[1] });
  });

  it('keeps the first items of a list too long, when no text is to blame', () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => ({ i, day: '2024-05-07' }));
    const fitted = fitAnswer(
      { content: [{ type: 'text', text: 'rows' }], structuredContent: { rows } },
      'oura_query',
      limit,
    );
    expect(answerBytes(fitted)).toBeLessThanOrEqual(limit);
    const kept = (fitted.structuredContent as { rows: { i: number }[] }).rows;
    expect(kept.length).toBeGreaterThan(100);
    expect(kept.map((row) => row.i)).toEqual(kept.map((_, i) => i));
    expect(JSON.stringify(fitted.content)).toMatch(/1 list keeps only its first \d+ items.*LIMIT/);
  });

  it('an answer no cut can fit (a key too long) becomes an error saying so', () => {
    const fitted = fitAnswer(
      { content: [{ type: 'text', text: 'x' }], structuredContent: { ['k'.repeat(200_000)]: 1 } },
      'oura_query',
      limit,
    );
    expect(fitted.isError).toBe(true);
    expect(answerBytes(fitted)).toBeLessThanOrEqual(limit);
    expect(JSON.stringify(fitted.content)).toMatch(/could not be cut to fit/);
  });
});

/** A data source that serves canned documents and can fail per type. */
function fakeSource(fail: Partial<Record<string, Error>> = {}): OuraDataSource {
  const docs: Record<string, Record<string, unknown>[]> = {
    daily_sleep: [{ id: 's1', day: '2024-05-07', score: 80 }],
    daily_readiness: [
      { id: 'r1', day: '2024-05-07', score: 75, contributors: { hrv_balance: 81 } },
    ],
    sleep: [
      {
        id: 'p1',
        day: '2024-05-07',
        type: 'long_sleep',
        total_sleep_duration: 27_000,
        lowest_heart_rate: 50,
      },
    ],
    daily_activity: [{ id: 'a1', day: '2024-05-07', score: 85, steps: 9000 }],
  };
  return {
    list: (type) => ({
      async *[Symbol.asyncIterator]() {
        const error = fail[type];
        if (error) throw error;
        yield* (docs[type] ?? []) as never[];
      },
    }),
    get: async () => {
      throw new Error('not used');
    },
    personalInfo: async () => ({ id: 'u', email: 'me@example.com' }) as never,
  };
}

const STATUS: StatusReport = {
  profile: 'default',
  logged_in: true,
  client_id: 'c',
  auth_server: 'oura',
  scopes: ['daily', 'personal'],
  expires_at: null,
  store: 'file',
  user: null,
  verified: null,
};

async function inProcess(deps: OuraMcpDeps) {
  const server = createOuraMcpServer(deps);
  const client = new Client({ name: 't', version: '1' });
  const [a, b] = InMemoryTransport.createLinkedPair();
  await Promise.all([server.connect(a), client.connect(b)]);
  return {
    call: async (name: string, args: Record<string, unknown> = {}) =>
      (await client.callTool({ name, arguments: args })) as CallToolResult,
    close: () => client.close(),
  };
}

describe('createOuraMcpServer with injected deps', () => {
  it('has no side effects until a tool is called', () => {
    // Every dependency records any use: a method read off the client or the
    // history, or any function called, is a side effect of building the server.
    const used: string[] = [];
    const watched = <T extends object>(name: string, target: T): T =>
      new Proxy(target, {
        get(object, key, receiver) {
          used.push(`${name}.${String(key)}`);
          return Reflect.get(object, key, receiver);
        },
      });
    const call =
      <A extends unknown[], R>(name: string, fn: (...args: A) => R) =>
      (...args: A): R => {
        used.push(name);
        return fn(...args);
      };
    createOuraMcpServer({
      client: watched('client', fakeSource()),
      status: call('status', async () => STATUS),
      secrets: call('secrets', () => []),
      now: call('now', () => NOW),
      log: call('log', () => {}),
      history: watched('history', {} as McpHistory),
      webhookSubscriptions: call('webhookSubscriptions', async () => []),
    });
    // The history's SQL dialect is a constant, read to word oura_query's description.
    expect(used.filter((use) => use !== 'history.dialect')).toEqual([]);
  });

  it('a type the login cannot read leaves its columns empty and says which scope', async () => {
    const lines: string[] = [];
    const session = await inProcess({
      client: fakeSource({
        daily_activity: new PermissionError({
          status: 403,
          method: 'GET',
          path: '/v2/usercollection/daily_activity',
          scope: 'daily',
        }),
      }),
      status: async () => STATUS,
      now: () => NOW,
      log: (line) => lines.push(line),
    });
    const result = await session.call('oura_summary', { start_date: 'today' });
    expect(result.isError).toBeFalsy();
    const out = result.structuredContent as {
      days: { steps: number | null; sleep_score: number | null }[];
      notes: string[];
    };
    expect(out.days).toEqual([expect.objectContaining({ sleep_score: 80, steps: null })]);
    expect(out.notes.join(' ')).toMatch(/daily_activity unavailable: .*"daily" scope/);
    expect(lines).toEqual([expect.stringMatching(/^oura_summary: ok/)]);
    await session.close();
  });

  it('a login failure is one isError naming `oura auth login`, with a specific hint kept', async () => {
    const session = await inProcess({
      client: fakeSource({
        daily_sleep: new LoginRequiredError('No Oura application is set up.', {
          hint: 'Run `oura setup`.',
        }),
      }),
      status: async () => STATUS,
      now: () => NOW,
    });
    const result = await session.call('oura_summary');
    expect(result.isError).toBe(true);
    const message = result.content[0]?.type === 'text' ? result.content[0].text : '';
    expect(message).toContain('Run `oura setup`.');
    expect(message).toContain('oura auth login');
    await session.close();
  });

  it('a secret in an error message never reaches the client or the log', async () => {
    const lines: string[] = [];
    const session = await inProcess({
      client: fakeSource({ daily_sleep: new Error('upstream echoed Bearer tok_0123456789') }),
      status: async () => STATUS,
      secrets: () => ['tok_0123456789'],
      log: (line) => lines.push(line),
    });
    const result = await session.call('oura_get', { type: 'daily_sleep' });
    expect(result.isError).toBe(true);
    expect(JSON.stringify(result)).not.toContain('tok_0123456789');
    expect(JSON.stringify(result)).toContain('[redacted]');
    expect(lines.join('\n')).not.toContain('tok_0123456789');
    await session.close();
  });
});
