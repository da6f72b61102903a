/**
 * Every answer of `oura mcp` has a size: at most MAX_ANSWER_BYTES, whatever
 * the tool and whatever it is asked, with a note saying what was cut and how
 * to ask for less. A query that makes a huge value is answered with the value
 * cut, the server's memory stays where it was, and the next call works. Over
 * stdio with the SDK's own client, whose limit (10 MiB a message) is the one
 * that used to end the connection.
 */
import { readFileSync } from 'node:fs';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../src/emulator/index.js';
import { ANSWER_CUT_MARK, answerBytes, MAX_ANSWER_BYTES } from '../src/mcp/budget.js';
import { cleanEnv, OURA_BIN } from './helpers/cli.js';
import { tempDir } from './helpers/temp.js';

const TODAY = '2024-05-07';
const FIRST = '2024-04-08';
const RANGE = { start_date: FIRST, end_date: TODAY };
/** A tag comment bigger than a whole answer may be, as the API could send it. */
const COMMENT_CHARS = 3_000_000;

let emulator: Emulator;
let client: Client;
let transport: StdioClientTransport;
let token: string;
let stderr = '';
let tagId: string;

beforeAll(async () => {
  emulator = await startEmulator({ today: TODAY, historyDays: 30 });
  token = emulator.mintTokens().access_token;
  const tags = await fetch(
    `${emulator.url}/v2/usercollection/enhanced_tag?start_date=${FIRST}&end_date=${TODAY}`,
    { headers: { authorization: `Bearer ${token}` } },
  ).then((response) => response.json() as Promise<{ data: { id: string }[] }>);
  const first = tags.data[0]?.id;
  if (!first) throw new Error('the emulator has no enhanced_tag in the range');
  tagId = first;
  emulator.reviseDocument('enhanced_tag', tagId, { comment: 'c'.repeat(COMMENT_CHARS) });

  const dataDir = await tempDir('oura-mcp-size-');
  const env = cleanEnv({
    OURA_ACCESS_TOKEN: token,
    OURA_API_URL: emulator.url,
    OURA_DATA_DIR: dataDir,
    OURA_CONFIG_DIR: dataDir,
  });
  transport = new StdioClientTransport({
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
  const sync = await call('oura_sync', { max_seconds: 120 }, 150_000);
  expect(sync.isError, text(sync)).toBeFalsy();
  expect(structured(sync).complete).toBe(true);
});
afterAll(async () => {
  await client?.close();
  await emulator?.close();
  expect(stderr).not.toContain(token);
});

async function call(
  name: string,
  args: Record<string, unknown> = {},
  timeout = 30_000,
): Promise<CallToolResult> {
  // A bounded answer comes in seconds; one past the client's limit never comes (the client drops it).
  return (await client.callTool({ name, arguments: args }, undefined, {
    timeout,
  })) as CallToolResult;
}
const text = (r: CallToolResult) =>
  r.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
const structured = (r: CallToolResult) => r.structuredContent as Record<string, unknown>;

/** Peak resident memory of a process, in MB (Linux), or undefined where /proc cannot tell. */
function peakMb(pid: number | null | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    const match = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmHWM:\s+(\d+) kB/);
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** The server's child processes (its query process), where /proc lists them. */
function children(pid: number | null | undefined): number[] {
  if (!pid) return [];
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

describe('a query that makes a huge value', () => {
  const huge: [string, string, number][] = [
    ['a 12 MB text', "SELECT printf('%.*c', 12000000, 'x') AS big", 12_000_000],
    ['a 12 MB blob', 'SELECT zeroblob(12000000) AS big', 12_000_000],
    // Each NUL is six bytes of JSON (\u0000): 4 MB of text, 24 MB of answer.
    ['4 MB of NUL characters', 'SELECT CAST(zeroblob(4000000) AS TEXT) AS big', 4_000_000],
  ];
  for (const [name, sql, bytes] of huge) {
    it(`${name}: answered bounded, with the value cut and a note`, async () => {
      const result = await call('oura_query', { sql });
      expect(result.isError, text(result)).toBeFalsy();
      expect(answerBytes(result)).toBeLessThanOrEqual(MAX_ANSWER_BYTES);
      const out = structured(result);
      const rows = out.rows as { big: string }[];
      expect(rows).toHaveLength(1);
      expect(rows[0]?.big.endsWith(`…[cut: ${bytes} bytes in all]`)).toBe(true);
      expect(out.values_cut).toBe(1);
      expect(out.notes).toEqual([expect.stringMatching(/too long and cut.*substr\(x, start, n\)/)]);
      expect(text(result)).toMatch(/too long and cut/);
    });
  }

  it('leaves the server as it was: memory near its start, and the next call answered', async () => {
    const server = peakMb(transport.pid);
    if (server !== undefined) expect(server).toBeLessThan(250);
    // The query process held the value for a moment; it is not the server, and not much bigger.
    for (const pid of children(transport.pid)) {
      const worker = peakMb(pid);
      if (worker !== undefined) expect(worker).toBeLessThan(600);
    }
    const next = await call('oura_query', { sql: 'SELECT count(*) AS n FROM daily_sleep' });
    expect(structured(next).rows).toEqual([{ n: 30 }]);
  });

  it('rows that together are too big: as many as fit, and how to page', async () => {
    const result = await call('oura_query', { sql: 'SELECT doc FROM daily_activity' });
    expect(answerBytes(result)).toBeLessThanOrEqual(MAX_ANSWER_BYTES);
    const out = structured(result);
    const count = (out.rows as unknown[]).length;
    expect(count).toBeGreaterThan(0);
    expect(count).toBeLessThan(30);
    expect(out.capped).toBe(true);
    expect(out.values_cut).toBe(0);
    expect(out.notes).toEqual([
      expect.stringContaining(`Only the first ${count} rows are returned`),
    ]);
    expect(text(result)).toContain(`LIMIT ${count} OFFSET ${count}`);
  });

  it('a PRAGMA that would change the query process is refused, and queries go on', async () => {
    const refused = await call('oura_query', { sql: 'PRAGMA hard_heap_limit = 1' });
    expect(refused.isError).toBe(true);
    expect(text(refused)).toMatch(/PRAGMA hard_heap_limit with a value changes a setting/);
    const next = await call('oura_query', { sql: "SELECT 'still here' AS ok" });
    expect(structured(next).rows).toEqual([{ ok: 'still here' }]);
  });
});

describe('every tool answers within MAX_ANSWER_BYTES', () => {
  const wide = Array.from({ length: 300 }, (_, i) => `printf('%.*c', 100000, 'w') AS w${i}`).join(
    ', ',
  );
  const calls: [string, Record<string, unknown>][] = [
    ['oura_status', {}],
    ['oura_data_types', {}],
    ['oura_get', { type: 'enhanced_tag', ...RANGE }],
    ['oura_get', { type: 'daily_activity', ...RANGE }],
    ['oura_get', { type: 'heartrate', ...RANGE, raw: true }],
    ['oura_summary', RANGE],
    ['oura_trends', { metrics: ['sleep_score', 'hrv', 'steps', 'spo2'], period: 'day', ...RANGE }],
    ['oura_query', { sql: 'SELECT * FROM heartrate' }],
    ['oura_query', { sql: `SELECT ${wide}` }],
    ['oura_query', { sql: `SELECT 1 AS "${'n'.repeat(1_500_000)}"` }],
    ['oura_report', RANGE],
    ['oura_insights', RANGE],
    ['oura_sync', { max_seconds: 5 }],
  ];
  for (const [name, args] of calls) {
    it(`${name} ${JSON.stringify(args).slice(0, 80)}`, async () => {
      const result = await call(name, args);
      expect(answerBytes(result)).toBeLessThanOrEqual(MAX_ANSWER_BYTES);
    });
  }

  it('a document bigger than an answer is cut to fit, with a note saying so and how to ask for less', async () => {
    for (const args of [
      { type: 'enhanced_tag', ...RANGE },
      { type: 'enhanced_tag', document_id: tagId },
    ]) {
      const result = await call('oura_get', args);
      expect(result.isError, text(result)).toBeFalsy();
      expect(answerBytes(result)).toBeLessThanOrEqual(MAX_ANSWER_BYTES);
      const docs = structured(result).documents as { id: string; comment: string }[];
      const doc = docs.find((d) => d.id === tagId);
      expect(doc?.comment.endsWith(ANSWER_CUT_MARK)).toBe(true);
      const note =
        /This answer took \d+ bytes, more than the 1048576 one tool answer may take: 1 long text was cut .* pass fields/;
      expect(text(result)).toMatch(note);
      expect(structured(result).notes).toEqual(
        expect.arrayContaining([expect.stringMatching(note)]),
      );
    }
  });

  it('an answer that cannot be cut to fit (a 1.5 MB column name) says so as an error', async () => {
    const result = await call('oura_query', { sql: `SELECT 1 AS "${'n'.repeat(1_500_000)}"` });
    expect(result.isError).toBe(true);
    expect(text(result)).toMatch(/more than the 1048576 one tool answer may take.*Select fewer/);
  });
});
