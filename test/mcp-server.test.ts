/**
 * `oura mcp` as an assistant meets it: a real process on stdio, driven by the
 * SDK's own client, reading from the emulator with a stored login.
 */

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseScopeList } from '../src/auth/servers.js';
import { addDays, localDay, startOfLocalDay } from '../src/calendar/days.js';
import { nowMs } from '../src/clock.js';
import { DEMO_CLIENT, type Emulator, startEmulator } from '../src/emulator/index.js';
import { updateProfile } from '../src/store/config.js';
import { FileSecretStore } from '../src/store/file-store.js';
import { cleanEnv, OURA_BIN, runCli, tempConfigDir } from './helpers/cli.js';
import { present } from './helpers/fixture.js';
import { heartRateOfDay } from './helpers/heart-rate.js';

interface Login {
  configDir: string;
  env: Record<string, string>;
  secrets: string[];
}

/** A stored login as `oura auth login` leaves it, made without a browser. */
async function storeLogin(emulator: Emulator, options: { expired?: boolean } = {}): Promise<Login> {
  const configDir = await tempConfigDir();
  const minted = emulator.mintTokens();
  const expiresAt = options.expired ? nowMs() - 60_000 : nowMs() + minted.expires_in * 1000;
  await updateProfile(configDir, 'default', () => ({
    clientId: DEMO_CLIENT.clientId,
    redirectUri: 'http://localhost:3000/callback',
    authServer: 'oura',
    scopes: parseScopeList(minted.scope),
    grantedScopes: parseScopeList(minted.scope),
    tokenUrl: emulator.tokenUrl,
    user: emulator.user.email,
    store: 'file',
    expiresAt: new Date(expiresAt).toISOString(),
  }));
  const store = new FileSecretStore(configDir, 'default');
  await store.set(
    'tokens',
    JSON.stringify({
      access_token: minted.access_token,
      refresh_token: minted.refresh_token,
      expires_at: expiresAt,
      scope: minted.scope,
    }),
  );
  await store.set('client-secret', DEMO_CLIENT.clientSecret);
  return {
    configDir,
    env: envFor(emulator, configDir),
    secrets: [minted.access_token, minted.refresh_token, DEMO_CLIENT.clientSecret],
  };
}

/** The emulator's endpoints, but not its client secret: the stored one must be used. */
function envFor(emulator: Emulator, configDir: string): Record<string, string> {
  const { OURA_CLIENT_SECRET: _secret, OURA_CLIENT_ID: _id, ...endpoints } = emulator.env();
  const env = cleanEnv({ ...endpoints, OURA_CONFIG_DIR: configDir, OURA_CREDENTIAL_STORE: 'file' });
  return Object.fromEntries(
    Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined),
  );
}

interface Connected {
  client: Client;
  /** Every result and the server's stderr, for the no-secret check. */
  transcript: string[];
  stderr: () => string;
  /** What the client could not read as protocol (a stray stdout line shows up here). */
  protocolErrors: Error[];
}

const open: Client[] = [];

async function connect(env: Record<string, string>): Promise<Connected> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [OURA_BIN, 'mcp'],
    env,
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const client = new Client({ name: 'oura-test', version: '1.0.0' });
  const protocolErrors: Error[] = [];
  client.onerror = (error) => protocolErrors.push(error);
  // Listed first: closing it stops the server process even when the handshake failed.
  open.push(client);
  await client.connect(transport);
  return { client, transcript: [], stderr: () => stderr, protocolErrors };
}

async function call(
  session: Connected,
  name: string,
  args: Record<string, unknown> = {},
): Promise<CallToolResult> {
  const result = (await session.client.callTool({ name, arguments: args })) as CallToolResult;
  session.transcript.push(JSON.stringify(result));
  return result;
}

function text(result: CallToolResult): string {
  return result.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
}

function expectNoSecretsIn(session: Connected, secrets: string[]): void {
  const everything = [...session.transcript, session.stderr()].join('\n');
  for (const secret of secrets)
    expect(everything, 'a secret left the server').not.toContain(secret);
}

describe('oura mcp over stdio', () => {
  let emulator: Emulator;
  let login: Login;
  let session: Connected;
  const today = localDay();

  beforeAll(async () => {
    emulator = await startEmulator();
    login = await storeLogin(emulator);
    session = await connect(login.env);
  });
  afterEach(() => expectNoSecretsIn(session, login.secrets));
  afterAll(async () => {
    for (const client of open) await client.close();
    await emulator?.close();
  });

  it('initializes and lists the four contract tools with described inputs', async () => {
    expect(session.client.getServerVersion()?.name).toBe('oura-connect');
    const { tools } = await session.client.listTools();
    const names = tools.map((t) => t.name);
    expect(names).toEqual(
      expect.arrayContaining(['oura_status', 'oura_data_types', 'oura_get', 'oura_summary']),
    );
    const get = tools.find((t) => t.name === 'oura_get');
    expect(get?.inputSchema.required).toEqual(['type']);
    const props = get?.inputSchema.properties as Record<
      string,
      { description?: string; enum?: string[] }
    >;
    for (const arg of ['type', 'start_date', 'end_date', 'document_id', 'fields']) {
      expect(props[arg]?.description, arg).toBeTruthy();
    }
    expect(props.type?.enum).toContain('daily_sleep');
    // oura_sync writes the local history and oura_report an HTML file (never Oura); every other tool only reads.
    for (const tool of tools) {
      expect(tool.annotations?.readOnlyHint, tool.name).toBe(
        tool.name !== 'oura_sync' && tool.name !== 'oura_report',
      );
    }
  });

  it('oura_status: connected, user, scopes, expiry', async () => {
    const result = await call(session, 'oura_status');
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({
      connected: true,
      profile: 'default',
      user: emulator.user.email,
      credentials: 'file',
      today,
    });
    const status = result.structuredContent as {
      scopes: string[];
      token_expires_at: string;
      api_check: string;
    };
    expect(status.scopes).toContain('daily');
    expect(Date.parse(status.token_expires_at)).toBeGreaterThan(nowMs());
    expect(status.api_check).toMatch(/^ok/);
    expect(text(result)).toContain(emulator.user.email);
  });

  it('oura_data_types: every type with scope, grant and arguments', async () => {
    const result = await call(session, 'oura_data_types');
    const { types } = result.structuredContent as {
      types: { type: string; scope: string; granted: boolean | null; arguments: string[] }[];
    };
    expect(types.map((t) => t.type)).toContain('vO2_max');
    expect(types.find((t) => t.type === 'heartrate')).toMatchObject({
      scope: 'heartrate',
      granted: true,
      arguments: expect.arrayContaining(['start_date', 'raw']),
    });
    expect(types.find((t) => t.type === 'personal_info')?.arguments).not.toContain('start_date');
    expect(text(result)).toContain('daily_sleep');
  });

  it('oura_get: seven days of daily_sleep by default', async () => {
    const result = await call(session, 'oura_get', { type: 'daily_sleep' });
    expect(result.isError, text(result)).toBeFalsy();
    const out = result.structuredContent as {
      documents: { day: string; score: number }[];
      start_date: string;
      end_date: string;
      count: number;
    };
    expect(out.start_date).toBe(addDays(today, -6));
    expect(out.end_date).toBe(today);
    expect(out.documents.map((d) => d.day)).toEqual(
      Array.from({ length: 7 }, (_, i) => addDays(today, i - 6)),
    );
    expect(out.count).toBe(7);
    expect(typeof out.documents[0]?.score).toBe('number');
    expect(text(result)).toMatch(/^7 daily_sleep documents from/);
    expect(text(result)).toContain('score by day');
  });

  it('oura_get: explicit dates, fields, and one document by id', async () => {
    const start = addDays(today, -10);
    const end = addDays(today, -8);
    const list = await call(session, 'oura_get', {
      type: 'daily_readiness',
      start_date: start,
      end_date: end,
      fields: 'score',
    });
    const docs = (list.structuredContent as { documents: Record<string, unknown>[] }).documents;
    expect(docs.map((d) => d.day)).toEqual([start, addDays(start, 1), end]);
    expect(Object.keys(docs[0] ?? {}).sort()).toEqual(['day', 'id', 'score']);

    const id = String(present(docs[1]?.id, 'a daily_readiness of the three days (one a day)'));
    const one = await call(session, 'oura_get', { type: 'daily_readiness', document_id: id });
    expect(one.isError, text(one)).toBeFalsy();
    expect((one.structuredContent as { documents: { id: string }[] }).documents[0]?.id).toBe(id);
  });

  it('oura_get: heart rate is summarised hourly unless raw is asked', async () => {
    const day = addDays(today, -2);
    const summary = await call(session, 'oura_get', {
      type: 'heartrate',
      start_date: day,
      end_date: day,
    });
    const out = summary.structuredContent as {
      representation: string;
      documents: {
        period: string;
        min_bpm: number;
        avg_bpm: number;
        max_bpm: number;
        samples: number;
      }[];
      notes: string[];
    };
    expect(out.representation).toBe('heartrate_summary');
    expect(out.documents.length).toBeGreaterThan(12);
    expect(out.documents.length).toBeLessThanOrEqual(25);
    for (const row of out.documents) {
      expect(row.min_bpm).toBeLessThanOrEqual(row.avg_bpm);
      expect(row.avg_bpm).toBeLessThanOrEqual(row.max_bpm);
    }
    expect(out.notes.join(' ')).toMatch(/summarised per hour.*raw: true/);

    const raw = await call(session, 'oura_get', {
      type: 'heartrate',
      start_date: day,
      end_date: day,
      raw: true,
    });
    const listed = raw.structuredContent as { documents: { bpm: number }[]; count: number };
    // A day with a workout (5-second samples) may be cut to fit: count is what the day holds.
    expect(listed.count).toBe(out.documents.reduce((n, r) => n + r.samples, 0));
    expect(listed.documents.length).toBeGreaterThan(0);
    expect(typeof listed.documents[0]?.bpm).toBe('number');
  });

  it("oura_get: the day's heart-rate average weighs time, so Sunday's run does not outvote the day", async () => {
    // The emulator's weekly habit: a 60-minute run at 10:00 every Sunday, sampled every 5 seconds.
    const sunday = [1, 2, 3, 4, 5, 6, 7]
      .map((n) => addDays(today, -n))
      .find((day) => new Date(`${day}T12:00:00Z`).getUTCDay() === 0) as string;
    const samples = await heartRateOfDay(emulator, sunday);
    const mean = (xs: { bpm: number }[]) => xs.reduce((s, x) => s + x.bpm, 0) / xs.length;
    // The day as a person lived it: the samples of the 5-minute grid, one per 5 minutes all day.
    const grid = mean(samples.filter((x) => Date.parse(x.timestamp) % 300_000 === 0));
    const perSample = mean(samples);
    expect(perSample - grid, 'the run should weigh on a per-sample mean').toBeGreaterThan(15);

    const result = await call(session, 'oura_get', {
      type: 'heartrate',
      start_date: sunday,
      end_date: sunday,
    });
    expect(result.isError, text(result)).toBeFalsy();
    const said = Number(/bpm overall: min \d+, avg (\d+)/.exec(text(result))?.[1]);
    expect(Math.abs(said - grid), `said avg ${said}, grid mean ${grid.toFixed(1)}`).toBeLessThan(3);
    const out = result.structuredContent as {
      overall: { avg_bpm: number; samples: number; minutes: number };
      documents: { minutes: number }[];
    };
    expect(out.overall.avg_bpm).toBe(said);
    expect(out.overall.samples).toBe(samples.length);
    // Every minute of the local day (23 or 25 hours when the clocks change) is counted once.
    const dayMinutes =
      (startOfLocalDay(addDays(sunday, 1)).getTime() - startOfLocalDay(sunday).getTime()) / 60_000;
    expect(out.overall.minutes).toBe(dayMinutes);
    expect(out.documents.reduce((n, r) => n + r.minutes, 0)).toBeCloseTo(dayMinutes, 5);
  });

  it('oura_get: a result too large for a context is cut with a note saying how to get the rest', async () => {
    const result = await call(session, 'oura_get', {
      type: 'daily_activity',
      start_date: addDays(today, -59),
      end_date: today,
    });
    expect(result.isError, text(result)).toBeFalsy();
    const out = result.structuredContent as { count: number; returned: number; notes: string[] };
    expect(out.count).toBe(60);
    expect(out.returned).toBeLessThan(60);
    expect(out.notes.join(' ')).toMatch(/cut to fit.*start_date \d{4}-\d{2}-\d{2}/);
    expect(JSON.stringify(result).length).toBeLessThan(120_000);
  });

  it("oura_summary: a week's check-in, one row per day", async () => {
    const result = await call(session, 'oura_summary');
    expect(result.isError, text(result)).toBeFalsy();
    const out = result.structuredContent as {
      days: {
        day: string;
        sleep_score: number | null;
        sleep_duration: string | null;
        readiness_score: number | null;
        hrv_balance: number | null;
        resting_heart_rate: number | null;
        activity_score: number | null;
        steps: number | null;
        notes: string[];
      }[];
      averages: Record<string, number | null>;
    };
    expect(out.days.map((d) => d.day)).toEqual(
      Array.from({ length: 7 }, (_, i) => addDays(today, i - 6)),
    );
    const past = out.days.slice(0, 6);
    for (const day of past) {
      expect(day.sleep_score, day.day).toEqual(expect.any(Number));
      expect(day.sleep_duration, day.day).toMatch(/^\d+h \d\dm$/);
      expect(day.readiness_score, day.day).toEqual(expect.any(Number));
      expect(day.hrv_balance, day.day).toEqual(expect.any(Number));
      expect(day.resting_heart_rate, day.day).toBeGreaterThan(30);
      expect(day.activity_score, day.day).toEqual(expect.any(Number));
      expect(day.steps, day.day).toEqual(expect.any(Number));
    }
    expect(out.days[6]?.notes).toContain('today: activity still counting');
    expect(out.averages.sleep_score).toEqual(expect.any(Number));
    const lines = text(result).split('\n');
    expect(lines[1]).toMatch(/^day\s+sleep\s+duration\s+ready/);
    expect(lines.filter((l) => /^\d{4}-\d{2}-\d{2}/.test(l))).toHaveLength(7);
  });

  it('bad arguments are tool errors a person can act on, and the server keeps answering', async () => {
    const unknown = await call(session, 'oura_get', { type: 'daily_sleeps' });
    expect(unknown.isError).toBe(true);
    expect(text(unknown)).toMatch(/unknown data type "daily_sleeps".*daily_sleep/);

    const near = await call(session, 'oura_get', { type: 'vo2_max' });
    expect(text(near)).toContain('did you mean "vO2_max"');

    const badDate = await call(session, 'oura_get', {
      type: 'daily_sleep',
      start_date: '2024-02-30',
    });
    expect(badDate.isError).toBe(true);
    expect(text(badDate)).toContain('start_date "2024-02-30" is not a date: use YYYY-MM-DD');

    const backwards = await call(session, 'oura_summary', {
      start_date: '2024-05-07',
      end_date: '2024-05-01',
    });
    expect(backwards.isError).toBe(true);
    expect(text(backwards)).toContain('end_date 2024-05-01 is before start_date 2024-05-07');

    const noRoute = await call(session, 'oura_get', { type: 'heartrate', document_id: 'x' });
    expect(noRoute.isError).toBe(true);
    expect(text(noRoute)).toContain('no single-document route');

    const tooLong = await call(session, 'oura_get', {
      type: 'heartrate',
      start_date: '2024-01-01',
      end_date: '2024-06-01',
    });
    expect(tooLong.isError).toBe(true);
    expect(text(tooLong)).toContain('at most 31 days');

    const notFound = await call(session, 'oura_get', {
      type: 'daily_sleep',
      document_id: 'no-such-id',
    });
    expect(notFound.isError).toBe(true);

    const after = await call(session, 'oura_get', {
      type: 'daily_sleep',
      start_date: 'yesterday',
      end_date: 'today',
    });
    expect(after.isError, text(after)).toBeFalsy();
    expect((after.structuredContent as { documents: unknown[] }).documents).toHaveLength(2);
  });

  it('an expired access token is refreshed with the stored secret, and the call succeeds', async () => {
    const expired = await storeLogin(emulator, { expired: true });
    const refreshed = await connect(expired.env);
    const before = emulator.stats.refreshGrants;
    const result = await call(refreshed, 'oura_get', { type: 'daily_sleep' });
    expect(result.isError, text(result)).toBeFalsy();
    expect((result.structuredContent as { documents: unknown[] }).documents).toHaveLength(7);
    expect(emulator.stats.refreshGrants - before).toBe(1);
    // The new pair was stored: a second call needs no refresh.
    await call(refreshed, 'oura_summary');
    expect(emulator.stats.refreshGrants - before).toBe(1);
    const stored = JSON.parse(
      (await new FileSecretStore(expired.configDir, 'default').get('tokens')) ?? '{}',
    );
    expectNoSecretsIn(refreshed, [...expired.secrets, stored.access_token, stored.refresh_token]);
  });

  it('without a login, data tools fail naming `oura auth login` and status says what to do', async () => {
    const configDir = await tempConfigDir();
    const nobody = await connect(envFor(emulator, configDir));
    for (const [name, args] of [
      ['oura_get', { type: 'daily_sleep' }],
      ['oura_summary', {}],
    ] as const) {
      const result = await call(nobody, name, args);
      expect(result.isError, name).toBe(true);
      expect(text(result), name).toContain('oura auth login');
    }
    const status = await call(nobody, 'oura_status');
    expect(status.isError).toBeFalsy();
    expect(status.structuredContent).toMatchObject({ connected: false });
    expect(String((status.structuredContent as { next_step: string }).next_step)).toMatch(
      /oura (setup|auth login)/,
    );
    // Still serving after the failures.
    // The contract's four, and the history's oura_query, oura_trends, oura_sync, oura_report, oura_insights.
    expect((await nobody.client.listTools()).tools).toHaveLength(9);
    expect(nobody.stderr()).not.toMatch(/https?:\/\/\S*authorize/);
  });

  it('a dead refresh chain is reported as a login problem, not a crash', async () => {
    const dead = await storeLogin(emulator, { expired: true });
    const store = new FileSecretStore(dead.configDir, 'default');
    const tokens = JSON.parse((await store.get('tokens')) ?? '{}');
    await store.set(
      'tokens',
      JSON.stringify({ ...tokens, refresh_token: 'spent-refresh-token-000' }),
    );
    const server = await connect(dead.env);
    const result = await call(server, 'oura_summary');
    expect(result.isError).toBe(true);
    expect(text(result)).toContain('oura auth login');
    expect((await call(server, 'oura_status')).structuredContent).toMatchObject({
      connected: false,
    });
    expectNoSecretsIn(server, [...dead.secrets, 'spent-refresh-token-000']);
  });

  it('OURA_ACCESS_TOKEN works without any stored login, and is never echoed', async () => {
    const { access_token } = emulator.mintTokens();
    const configDir = await tempConfigDir();
    const server = await connect({
      ...envFor(emulator, configDir),
      OURA_ACCESS_TOKEN: access_token,
    });
    const status = await call(server, 'oura_status');
    expect(status.structuredContent).toMatchObject({
      connected: true,
      credentials: 'env',
      user: emulator.user.email,
    });
    const result = await call(server, 'oura_get', {
      type: 'daily_activity',
      fields: ['score', 'steps'],
    });
    expect(result.isError, text(result)).toBeFalsy();
    expectNoSecretsIn(server, [access_token]);
  });

  it('a client that writes its requests and closes stdin still gets every answer, then the server exits', async () => {
    const lines = [
      {
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: {
          protocolVersion: '2025-06-18',
          capabilities: {},
          clientInfo: { name: 'pipe', version: '1' },
        },
      },
      { jsonrpc: '2.0', method: 'notifications/initialized' },
      {
        jsonrpc: '2.0',
        id: 2,
        method: 'tools/call',
        params: { name: 'oura_summary', arguments: {} },
      },
      {
        jsonrpc: '2.0',
        id: 3,
        method: 'tools/call',
        params: { name: 'oura_get', arguments: { type: 'nope' } },
      },
    ];
    const run = await runCli(['mcp'], {
      env: login.env,
      input: `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`,
    });
    expect(run.code, run.stderr).toBe(0);
    const answers = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: number; result: CallToolResult });
    expect(answers.map((a) => a.id).sort()).toEqual([1, 2, 3]);
    expect(answers.find((a) => a.id === 2)?.result.isError).toBeFalsy();
    expect(answers.find((a) => a.id === 3)?.result.isError).toBe(true);
    for (const secret of login.secrets) expect(run.stdout + run.stderr).not.toContain(secret);
  });

  it('logs go to stderr only: stdout carried nothing but the protocol', async () => {
    // Its own calls, so this holds whichever tests ran before it.
    const own = await connect(login.env);
    expect((await call(own, 'oura_get', { type: 'daily_sleep' })).isError).toBeFalsy();
    expect((await call(own, 'oura_status')).isError).toBeFalsy();
    expect(own.stderr()).toContain('oura mcp: serving on stdio');
    expect(own.stderr()).toMatch(/oura_get: ok/);
    expect(own.protocolErrors).toEqual([]);
    expectNoSecretsIn(own, login.secrets);
  });
});
