import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, localDay } from '../src/calendar/days.js';
import { type Emulator, startEmulator } from '../src/emulator/index.js';
import { cleanEnv, OURA_BIN } from './helpers/cli.js';
import { heartRateSamples } from './helpers/heart-rate.js';
import { tempDir } from './helpers/temp.js';

const lastDay = addDays(localDay(), -1);
const HISTORY_DAYS = 60;

let emulator: Emulator;
let client: Client;
let token: string;
let stderr = '';
/** Heart-rate samples of the whole history, as the emulator serves them. */
let samples: number;

beforeAll(async () => {
  emulator = await startEmulator({ today: lastDay, historyDays: HISTORY_DAYS });
  token = emulator.mintTokens().access_token;
  samples = await heartRateSamples(emulator, addDays(lastDay, -(HISTORY_DAYS - 1)), lastDay);
  const dataDir = await tempDir('oura-mcp-history-');
  const env = cleanEnv({
    OURA_ACCESS_TOKEN: token,
    OURA_API_URL: emulator.url,
    OURA_DATA_DIR: dataDir,
    OURA_CONFIG_DIR: dataDir,
  });
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [OURA_BIN, 'mcp'],
    env: Object.fromEntries(
      Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined),
    ),
    stderr: 'pipe',
  });
  transport.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  client = new Client({ name: 'oura-test', version: '1.0.0' });
  await client.connect(transport);
});
afterAll(async () => {
  await client?.close();
  await emulator?.close().catch(() => {});
  expect(stderr).not.toContain(token);
});

async function call(name: string, args: Record<string, unknown> = {}): Promise<CallToolResult> {
  return (await client.callTool({ name, arguments: args })) as CallToolResult;
}
const text = (r: CallToolResult) =>
  r.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
const structured = (r: CallToolResult) => r.structuredContent as Record<string, unknown>;

describe('oura mcp over the history', () => {
  let liveSleep: unknown;
  const range = { start_date: addDays(lastDay, -13), end_date: lastDay };

  it('before any sync, data tools answer live and oura_query says to sync', async () => {
    const get = await call('oura_get', { type: 'daily_sleep', ...range });
    expect(get.isError).toBeFalsy();
    expect(structured(get).source).toBe('live');
    expect(text(get)).toContain('Source: live from Oura.');
    liveSleep = structured(get).documents;
    const query = await call('oura_query', { sql: 'SELECT 1' });
    expect(query.isError).toBe(true);
    expect(text(query)).toMatch(/no local history yet.*oura sync/);
  });

  it('oura_sync copies everything, with progress notifications', async () => {
    const progress: number[] = [];
    const result = (await client.callTool(
      { name: 'oura_sync', arguments: { max_seconds: 120 } },
      undefined,
      {
        onprogress: (p) => progress.push(p.progress),
        timeout: 120_000,
      },
    )) as CallToolResult;
    expect(result.isError).toBeFalsy();
    const out = structured(result);
    expect(out.complete).toBe(true);
    expect((out.types as Record<string, { inserted: number }>).daily_sleep?.inserted).toBe(
      HISTORY_DAYS,
    );
    expect(progress.length).toBeGreaterThan(0);
  });

  it('with the emulator stopped, every data tool answers from the history', async () => {
    await emulator.close();

    const get = await call('oura_get', { type: 'daily_sleep', ...range });
    expect(get.isError).toBeFalsy();
    expect(structured(get).source).toBe('local');
    expect(typeof structured(get).synced_at).toBe('string');
    expect(text(get)).toMatch(/Source: the local history \(synced at /);
    expect(structured(get).documents).toEqual(liveSleep);

    const summary = await call('oura_summary', {});
    expect(summary.isError).toBeFalsy();
    expect(structured(summary).source).toBe('local');
    expect((structured(summary).days as unknown[]).length).toBe(7);

    const query = await call('oura_query', {
      sql: 'SELECT count(*) AS n, round(avg(bpm)) AS bpm FROM heartrate',
    });
    expect(query.isError).toBeFalsy();
    expect(structured(query).rows).toEqual([{ n: samples, bpm: expect.any(Number) }]);
    expect(structured(query).source).toBe('local');

    const trends = await call('oura_trends', {
      metrics: ['sleep_score', 'hrv', 'steps'],
      start_date: addDays(lastDay, -(HISTORY_DAYS - 1)),
      end_date: lastDay,
      period: 'week',
    });
    expect(trends.isError).toBeFalsy();
    const out = structured(trends).trends as {
      metric: string;
      reading: string;
      points: unknown[];
    }[];
    expect(out.map((t) => t.metric)).toEqual(['sleep_score', 'hrv', 'steps']);
    expect(out[0]?.points.length).toBeGreaterThanOrEqual(8);
    for (const t of out) expect(t.reading).toMatch(/rose|fell|held steady/);
    expect(structured(trends).source).toBe('local');
  });

  it('oura_trends: a month partly outside the range or the history says so, with its n', async () => {
    const firstDay = addDays(lastDay, -(HISTORY_DAYS - 1));
    // Asked from long before the history starts: its first month is cut by the history,
    // its last by the range (unless the range ends on a month's last day).
    const trends = await call('oura_trends', {
      metrics: ['sleep_score'],
      start_date: addDays(firstDay, -60),
      end_date: lastDay,
      period: 'month',
    });
    expect(trends.isError, text(trends)).toBeFalsy();
    const [trend] = structured(trends).trends as {
      days: number;
      reading: string;
      points: {
        period: string;
        days: number;
        covered_days: number;
        period_days: number;
        partial: boolean;
      }[];
    }[];
    // The emulator has a daily_sleep for every day of its history.
    const expected = new Map<string, number>();
    for (let day = firstDay; day <= lastDay; day = addDays(day, 1)) {
      expected.set(day.slice(0, 7), (expected.get(day.slice(0, 7)) ?? 0) + 1);
    }
    expect(trend?.points.map((p) => [p.period, p.days, p.covered_days])).toEqual(
      [...expected].map(([month, n]) => [month, n, n]),
    );
    for (const p of trend?.points ?? []) expect(p.partial).toBe(p.covered_days < p.period_days);
    expect(trend?.points[0]?.partial).toBe(!firstDay.endsWith('-01'));
    expect(trend?.days).toBe(HISTORY_DAYS);
    expect(trend?.reading).toContain(`Based on ${HISTORY_DAYS} days.`);
    // Two whole months of history happen only when the range ends on 2028-03-31.
    const partial = (trend?.points ?? []).filter((p) => p.partial);
    expect(trend?.reading.match(/Partial months: (.*)\.$/)?.[1] ?? '').toBe(
      partial.map((p) => `${p.period} (${p.covered_days} of ${p.period_days} days)`).join(', '),
    );
    expect(text(trends)).toContain(trend?.reading);
  });

  it('oura_query caps rows at 1000 with a note, and refuses writes', async () => {
    const many = await call('oura_query', { sql: 'SELECT timestamp, bpm FROM heartrate' });
    expect(many.isError).toBeFalsy();
    expect((structured(many).rows as unknown[]).length).toBe(1000);
    expect(structured(many).capped).toBe(true);
    expect(text(many)).toMatch(/Only the first 1000 rows/);

    const write = await call('oura_query', { sql: 'DELETE FROM documents' });
    expect(write.isError).toBe(true);
    expect(text(write)).toMatch(/only one read-only query/);
    const two = await call('oura_query', { sql: 'SELECT 1; SELECT 2' });
    expect(two.isError).toBe(true);
  });

  it('a runaway query is stopped at the time limit and the server keeps answering', async () => {
    const started = Date.now();
    const runaway = await call('oura_query', {
      sql: 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c',
    });
    expect(runaway.isError).toBe(true);
    expect(text(runaway)).toMatch(/longer than 5 s and was stopped/);
    // Stopped near its 5 s limit, not left to run: room for a loaded machine's delays.
    expect(Date.now() - started).toBeLessThan(15_000);
    const next = await call('oura_query', { sql: 'SELECT count(*) AS n FROM daily_sleep' });
    expect(structured(next).rows).toEqual([{ n: HISTORY_DAYS }]);
  });
});
