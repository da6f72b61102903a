/**
 * The MCP tools over a person's history in either store: the SQLite file and
 * a PostgreSQL schema (`oura serve --database`). The same emulator account is
 * synced into each through `oura_sync`; then every tool that reads the
 * history must give the same answer from both, and say where it came from.
 */
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, localDay } from '../src/calendar/days.js';
import { type Emulator, startEmulator } from '../src/emulator/index.js';
import { createTestDatabase, postgresAvailable, type TestDatabase } from './helpers/postgres.js';
import { describeOrSkip } from './helpers/requirements.js';
import { tempDir } from './helpers/temp.js';

// From dist/: the SQLite history writes in a worker thread, which loads the built modules.
const { OuraClient, MAX_SERIES_WINDOW_DAYS } = await import('../dist/api/client.js');
const { openHistory } = await import('../dist/history/history.js');
const { openPostgresHistory } = await import('../dist/history/postgres/pg-history.js');
const { mcpHistory, mcpPostgresHistory } = await import('../dist/mcp/history.js');
const { createOuraMcpServer } = await import('../dist/mcp/server.js');

const lastDay = addDays(localDay(), -1);
const range = { start_date: addDays(lastDay, -29), end_date: lastDay };

let emulator: Emulator;
let database: TestDatabase | undefined;
const hasPostgres = await postgresAvailable();
const clients = new Map<string, Client>();

async function connect(history: ReturnType<typeof mcpHistory>, token: string): Promise<Client> {
  const live = new OuraClient({ token, baseUrl: emulator.url });
  const server = createOuraMcpServer({
    client: live,
    status: async () => ({
      profile: 'test',
      logged_in: true,
      client_id: null,
      auth_server: null,
      scopes: [],
      expires_at: null,
      store: 'env',
      user: null,
      verified: null,
    }),
    history,
  });
  const [serverSide, clientSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: 'stores-test', version: '1.0.0' });
  await client.connect(clientSide);
  return client;
}

beforeAll(async () => {
  emulator = await startEmulator({ today: lastDay, historyDays: 60 });
  const token = emulator.mintTokens().access_token;
  const makeClient = async (onRequest: () => void) =>
    new OuraClient({
      token,
      baseUrl: emulator.url,
      onRequest,
      seriesWindowDays: MAX_SERIES_WINDOW_DAYS,
    });
  const file = openHistory(join(await tempDir('oura-mcp-stores-'), 'history.sqlite'));
  clients.set('sqlite', await connect(mcpHistory(file, makeClient), token));
  if (hasPostgres) {
    database = await createTestDatabase();
    const store = await openPostgresHistory(database.pool(), 'person_a');
    clients.set(
      'postgres',
      await connect(
        mcpPostgresHistory(async () => store, 'schema person_a', makeClient),
        token,
      ),
    );
  }
}, 60_000);

afterAll(async () => {
  for (const client of clients.values()) await client.close();
  await database?.drop();
  await emulator?.close();
});

async function call(store: string, name: string, args: Record<string, unknown> = {}) {
  const client = clients.get(store) as Client;
  return (await client.callTool({ name, arguments: args })) as CallToolResult;
}
const text = (r: CallToolResult) =>
  r.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
const structured = (r: CallToolResult) => r.structuredContent as Record<string, unknown>;

/** Each tool's answer from every store, the first store's to compare the rest with. */
async function fromEach(name: string, args: Record<string, unknown> = {}) {
  const answers: [string, CallToolResult][] = [];
  for (const store of clients.keys()) answers.push([store, await call(store, name, args)]);
  return answers;
}

describeOrSkip(hasPostgres, 'PostgreSQL is not reachable', 'the MCP tools on PostgreSQL', () => {
  it('are held below on SQLite and PostgreSQL alike', () => {
    expect([...clients.keys()]).toEqual(['sqlite', 'postgres']);
  });
});

describe('the MCP tools over either store of the history', () => {
  it('before a sync: the query says to sync, data tools answer live', async () => {
    for (const [store, query] of await fromEach('oura_query', { sql: 'SELECT 1' })) {
      expect(query.isError, store).toBe(true);
      expect(text(query), store).toMatch(/no (local )?history yet.*(oura_sync|`oura sync`)/);
    }
    for (const [store, get] of await fromEach('oura_get', { type: 'daily_sleep', ...range })) {
      expect(structured(get).source, store).toBe('live');
    }
  });

  it('oura_sync fills each store', async () => {
    for (const [store, sync] of await fromEach('oura_sync', { max_seconds: 120 })) {
      expect(sync.isError, `${store}: ${text(sync)}`).toBeFalsy();
      expect(structured(sync).complete, store).toBe(true);
    }
  }, 120_000);

  it('oura_get answers from the history, the same documents, and by id', async () => {
    const answers = await fromEach('oura_get', { type: 'sleep', ...range });
    const [, first] = answers[0] as [string, CallToolResult];
    const documents = structured(first).documents as { id: string }[];
    expect(documents.length).toBeGreaterThan(20);
    for (const [store, get] of answers) {
      expect(structured(get).source, store).toBe('local');
      expect(structured(get).documents, store).toEqual(documents);
    }
    const id = (documents[0] as { id: string }).id;
    for (const [store, one] of await fromEach('oura_get', { type: 'sleep', document_id: id })) {
      expect(structured(one).documents ?? structured(one).document, store).toBeDefined();
      expect(JSON.stringify(structured(one)), store).toContain(id);
    }
  });

  it('oura_trends and oura_insights: the same figures from both', async () => {
    for (const [name, args] of [
      [
        'oura_trends',
        { metrics: ['sleep_score', 'hrv', 'spo2', 'total_sleep_hours', 'resting_heart_rate'] },
      ],
      ['oura_insights', {}],
    ] as const) {
      const answers = await fromEach(name, { ...args, ...range });
      const [, first] = answers[0] as [string, CallToolResult];
      expect(first.isError, text(first)).toBeFalsy();
      const { synced_at: _synced, ...figures } = structured(first);
      for (const [store, answer] of answers) {
        const { synced_at, ...theirs } = structured(answer);
        expect(synced_at, store).toEqual(expect.any(String));
        expect(theirs, store).toEqual(figures);
      }
    }
    const [, trends] = (await fromEach('oura_trends', { metrics: ['spo2'], ...range }))[0] as [
      string,
      CallToolResult,
    ];
    const [spo2] = structured(trends).trends as { days: number }[];
    expect(spo2?.days).toBeGreaterThan(20);
  });

  it('oura_query: one statement in its own dialect, the same rows, a write refused', async () => {
    const sql = `SELECT day, score FROM daily_sleep WHERE day >= '${range.start_date}' ORDER BY day`;
    const answers = await fromEach('oura_query', { sql });
    const [, first] = answers[0] as [string, CallToolResult];
    expect((structured(first).rows as unknown[]).length).toBe(30);
    for (const [store, answer] of answers) {
      expect(structured(answer).rows, store).toEqual(structured(first).rows);
    }
    for (const [store, write] of await fromEach('oura_query', { sql: 'DELETE FROM documents' })) {
      expect(write.isError, store).toBe(true);
    }
    const tools = await (clients.get('postgres') ?? (clients.get('sqlite') as Client)).listTools();
    const description = tools.tools.find((tool) => tool.name === 'oura_query')?.description;
    expect(description).toContain(hasPostgres ? 'PostgreSQL statement' : 'SQLite statement');
  });

  it('oura_status says when the history last changed', async () => {
    for (const [store, status] of await fromEach('oura_status')) {
      expect(structured(status).history_changed_at, store).toEqual(expect.any(String));
    }
  });

  it('oura_report on PostgreSQL says what to use instead', async () => {
    if (!clients.has('postgres')) return;
    const report = await call('postgres', 'oura_report', range);
    expect(report.isError).toBe(true);
    expect(text(report)).toMatch(/PostgreSQL.*oura_trends/);
  });
});
