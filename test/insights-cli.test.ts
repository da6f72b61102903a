/**
 * `oura insights` and `oura_insights` as real processes over a history that a
 * real `oura sync` filled from the emulator: the answers are the library's over
 * the whole documents (the history hands over only the fields insights read),
 * the human lines carry n and intervals, the exit codes (2 for a bad kind or
 * date, 1 before any sync), and the MCP tool answers the same from the history.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../src/calendar/days.js';
import { type Emulator, startEmulator } from '../src/emulator/index.js';
import { computeInsights } from '../src/insights/insights.js';
import { INSIGHT_TYPES, type InsightSource } from '../src/insights/source.js';
import { cleanEnv, expectNoSecrets, OURA_BIN, runCli } from './helpers/cli.js';
import { queryHistory } from './helpers/history.js';
import { tempDir } from './helpers/temp.js';

/** A Monday, pinned (OURA_NOW) so the default range and the weekdays are the same every run. */
const TODAY = '2025-06-16';
/** Half a year: habits and correlations have evenings enough to compare. */
const DAYS = 180;
const START = addDays(TODAY, -(DAYS - 1));
const NOW = `${TODAY}T20:00:00`;

let emulator: Emulator;
let token: string;
let dataDir: string;
let database: string;

function env(extra: Record<string, string | undefined> = {}) {
  return cleanEnv({
    OURA_ACCESS_TOKEN: token,
    OURA_API_URL: emulator.url,
    OURA_DATA_DIR: dataDir,
    OURA_CONFIG_DIR: dataDir,
    OURA_NOW: NOW,
    ...extra,
  });
}

async function oura(args: string[], extra: Record<string, string | undefined> = {}) {
  const result = await runCli(args, { env: env(extra) });
  expectNoSecrets(result, [token]);
  return result;
}

/** What the library answers from every whole document in the file. */
function fromWholeDocuments(options: Parameters<typeof computeInsights>[1]) {
  const source: InsightSource = Object.fromEntries(
    INSIGHT_TYPES.map((type) => [
      type,
      queryHistory<{ doc: string }>(database, `SELECT doc FROM "${type}"`).map((row) =>
        JSON.parse(row.doc),
      ),
    ]),
  );
  // Through JSON, as the CLI prints it (NaN and undefined as JSON has them).
  return JSON.parse(JSON.stringify(computeInsights(source, options)));
}

beforeAll(async () => {
  emulator = await startEmulator({ today: TODAY, historyDays: DAYS });
  token = emulator.mintTokens().access_token;
  dataDir = await tempDir('oura-insights-cli-');
});
afterAll(async () => {
  await emulator?.close();
});

describe('before any sync', () => {
  it('exits 1 saying to run oura sync', async () => {
    const result = await oura(['insights']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/no local history yet[\s\S]*Run `oura sync`/);
    expect(result.stdout).toBe('');
  });

  it('an unknown kind or a bad date is a usage error (exit 2) naming what is valid', async () => {
    const kind = await oura(['insights', '--kind', 'sleep_debt,mood']);
    expect(kind.code).toBe(2);
    expect(kind.stderr).toContain(
      'unknown kind "mood"; use one of: sleep_debt, regularity, sleep_timing, early_warnings, habits, correlations, training_load.',
    );
    const date = await oura(['insights', '--start', '2025-02-30']);
    expect(date.code).toBe(2);
    expect(date.stderr).toMatch(/--start/);
    const backwards = await oura(['insights', '--start', TODAY, '--end', START]);
    expect(backwards.code).toBe(2);
  });
});

describe('over a synced history', () => {
  beforeAll(async () => {
    const sync = await oura([
      'sync',
      '--json',
      '--since',
      START,
      '--types',
      INSIGHT_TYPES.join(','),
    ]);
    expect(sync.code, sync.stderr).toBe(0);
    database = (JSON.parse(sync.stdout) as { database: string }).database;
  }, 120_000);

  it('--json is the library over the whole documents, every kind, each with its method', async () => {
    const result = await oura(['insights', '--json', '--start', START, '--end', TODAY]);
    expect(result.code, result.stderr).toBe(0);
    const answers = JSON.parse(result.stdout);
    expect(answers).toEqual(fromWholeDocuments({ start: START, end: TODAY }));
    expect(Object.keys(answers)).toEqual([
      'sleep_debt',
      'regularity',
      'sleep_timing',
      'early_warnings',
      'habits',
      'correlations',
      'training_load',
    ]);
    for (const answer of Object.values(answers) as { status: string; method: string }[]) {
      expect(answer.status).toBe('ok');
      expect(answer.method.length).toBeGreaterThan(20);
    }
  });

  it('by default reads the 90 days ending today; --kind computes only the kinds asked', async () => {
    const result = await oura(['insights', '--json', '--kind', 'habits,sleep_debt']);
    expect(result.code, result.stderr).toBe(0);
    const answers = JSON.parse(result.stdout);
    expect(Object.keys(answers).sort()).toEqual(['habits', 'sleep_debt']);
    expect(answers.habits).toMatchObject({ start: addDays(TODAY, -89), end: TODAY });
    expect(answers).toEqual(
      fromWholeDocuments({
        start: addDays(TODAY, -89),
        end: TODAY,
        kinds: ['habits', 'sleep_debt'],
      }),
    );
  });

  it('--jq reads the JSON', async () => {
    const result = await oura(['insights', '--kind', 'sleep_debt', '--jq', '.sleep_debt.status']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('ok\n');
  });

  it('prints short lines with n and intervals, and "not enough data" with n and what is needed', async () => {
    const result = await oura(['insights']);
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(
      new RegExp(
        `^Sleep debt as of ${TODAY}: need \\d+\\.\\d h a night \\(n=\\d+ nights\\); 7 days: -?\\d+\\.\\d h (owed|surplus) \\(n=\\d nights\\); 14 days: `,
      ),
    );
    expect(result.stdout).toMatch(
      /^Sleep regularity \(SRI, −100…100\) .*: -?\d+\.\d \(n=\d+ days, \d+ epoch pairs\)\.$/m,
    );
    expect(result.stdout).toMatch(
      /social jetlag [+-]\d\.\d\d h, 95% CI -?\d\.\d\d to -?\d\.\d\d\.$/m,
    );
    expect(result.stdout).toMatch(/^ {2}Not a diagnosis/m);
    expect(result.stdout).toMatch(/^What habits do .*: \d+ finding\(s\) among \d+ comparisons/m);
    expect(result.stdout).toMatch(/^Training load as of .*: acute:chronic ratio \d\.\d\d .*n=\d+/m);

    // The history's first 10 days (2024-12-19…28, three nights ending on a weekend): the 90 days
    // the need and mid-sleep look back over hold only those.
    const short = await oura([
      'insights',
      '--start',
      START,
      '--end',
      addDays(START, 9),
      '--kind',
      'sleep_debt,sleep_timing',
    ]);
    expect(short.code, short.stderr).toBe(0);
    expect(short.stdout).toBe(
      'Sleep debt: not enough data (n=10, needs 28).\n' +
        'Mid-sleep and social jetlag: not enough data (n=3, needs 8).\n',
    );
  });
});

describe('oura_insights through the MCP server', () => {
  let client: Client;
  beforeAll(async () => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [OURA_BIN, 'mcp'],
      env: Object.fromEntries(
        Object.entries(env()).filter((e): e is [string, string] => e[1] !== undefined),
      ),
      stderr: 'pipe',
    });
    client = new Client({ name: 'oura-test', version: '1.0.0' });
    await client.connect(transport);
  });
  afterAll(async () => {
    await client?.close();
  });
  const call = async (args: Record<string, unknown>) =>
    (await client.callTool({ name: 'oura_insights', arguments: args })) as CallToolResult;
  const text = (r: CallToolResult) =>
    r.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');

  it('answers from the history with n, intervals and the method in words', async () => {
    const range = { start_date: START, end_date: TODAY };
    const result = await call({ kind: 'sleep_timing', ...range });
    expect(result.isError, text(result)).toBeFalsy();
    const out = result.structuredContent as Record<string, unknown>;
    expect(out).toMatchObject({ ...range, source: 'local' });
    const cli = await oura(['insights', '--json', '--kind', 'sleep_timing', '--start', START]);
    expect(out.insights).toEqual(JSON.parse(cli.stdout));
    expect(text(result)).toMatch(/^Mid-sleep and social jetlag .*n=\d+.*95% CI/m);
    expect(text(result)).toMatch(/^ {2}Method: .*bootstrap/im);
    expect(text(result)).toMatch(/Source: the local history \(synced at /);
  });

  it('every kind by default; an unknown kind or more than three years is refused', async () => {
    const all = await call({});
    expect(all.isError, text(all)).toBeFalsy();
    expect(Object.keys((all.structuredContent as { insights: object }).insights)).toHaveLength(7);
    const bad = await call({ kind: 'mood' });
    expect(bad.isError).toBe(true);
    const long = await call({ start_date: addDays(TODAY, -1096), end_date: TODAY });
    expect(long.isError).toBe(true);
    expect(text(long)).toMatch(/is 1097 days; ask for at most 1096 days at a time/);
  });

  it('with no history, says to run oura_sync', async () => {
    const empty = new StdioClientTransport({
      command: process.execPath,
      args: [OURA_BIN, 'mcp'],
      env: Object.fromEntries(
        Object.entries(env({ OURA_DATA_DIR: await tempDir('oura-insights-empty-') })).filter(
          (e): e is [string, string] => e[1] !== undefined,
        ),
      ),
      stderr: 'pipe',
    });
    const other = new Client({ name: 'oura-test', version: '1.0.0' });
    await other.connect(empty);
    try {
      const result = (await other.callTool({
        name: 'oura_insights',
        arguments: {},
      })) as CallToolResult;
      expect(result.isError).toBe(true);
      expect(text(result)).toMatch(/no local history yet: call oura_sync/);
    } finally {
      await other.close();
    }
  });
});
