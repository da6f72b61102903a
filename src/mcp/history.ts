/**
 * The MCP server's view of a person's history, in either store: the SQLite
 * file (`oura mcp`, and `oura serve` by default; its reader opened on first
 * use, re-opened if `oura sync --rebuild` replaced the file) or a PostgreSQL
 * schema (`oura serve --database`). The choice between the history and the
 * live API for a request, the query, and syncing. better-sqlite3, pg and the
 * sync code load only when a tool needs them.
 */
import { NotFoundError } from '../api/errors.js';
import type { ListType, OuraDocument } from '../api/types.js';
import type { DayRange } from '../calendar/days.js';
import { UsageError } from '../errors.js';
import type { QueryBounds } from '../history/bounded-query.js';
import type { History, HistoryReader, SyncProgress, SyncResult } from '../history/history.js';
import type { HistoryStore } from '../history/history-store.js';
import type { StoredHistoryReader } from '../history/store-contract.js';
import { type DataType, ENDPOINTS } from '../oura/data-types.js';
import type { OuraDataSource } from './data-source.js';
import type { QueryAnswer, QueryRunner } from './query-runner.js';

/** Where an answer came from, as every data tool reports it. */
export type AnswerSource = { source: 'live' } | { source: 'local'; synced_at: string };

export interface McpHistory {
  /** Where the history lives, for messages: the file, or the PostgreSQL schema. */
  path: string;
  /** The SQL the query tool takes. */
  dialect: 'SQLite' | 'PostgreSQL';
  /** The SQLite history itself, for what reads the file whole (the report); absent on PostgreSQL. */
  history?: History;
  /** The history for these types and days if it covers them and is fresh; else undefined (ask live). */
  localFor(
    types: readonly DataType[],
    range: DayRange | undefined,
    now: Date,
  ): Promise<{ client: OuraDataSource; syncedAt: string } | undefined>;
  /** The history's reading surface, or undefined before the first sync. */
  reader(): Promise<StoredHistoryReader | undefined>;
  query(sql: string, bounds: QueryBounds): Promise<QueryAnswer>;
  sync(options: {
    deadline: number;
    onProgress: (progress: SyncProgress) => void;
  }): Promise<SyncResult & { requests: number }>;
}

/** What syncing needs from the server: an API client made with the server's token. */
export type SyncClientFactory = (
  onRequest: () => void,
) => Promise<import('../history/history-source.js').HistorySource>;

const QUERY_TIMEOUT_MS = 5_000;

/** Syncs `store` through a client from `makeClient`, counting its requests. */
async function syncCounting(
  store: Pick<HistoryStore, 'sync'>,
  makeClient: SyncClientFactory,
  { deadline, onProgress }: { deadline: number; onProgress: (progress: SyncProgress) => void },
): Promise<SyncResult & { requests: number }> {
  const { DATA_TYPES } = await import('../oura/data-types.js');
  let requests = 0;
  const client = await makeClient(() => void requests++);
  const result = await store.sync(client, { types: DATA_TYPES, deadline, onProgress });
  return { ...result, requests };
}

/** The SQLite file's history. */
export function mcpHistory(history: History, makeClient: SyncClientFactory): McpHistory {
  const { path } = history;
  let runner: QueryRunner | undefined;
  let store: HistoryStore | undefined;
  const storeOf = async () => {
    const { sqliteStoreOf } = await import('../history/sqlite-store.js');
    store ??= sqliteStoreOf(history);
    return store;
  };

  return {
    path,
    dialect: 'SQLite',
    history,
    async reader() {
      return (await history.reader()) ? (await storeOf()).reader : undefined;
    },
    async localFor(types, range, now) {
      const read = await history.reader();
      const syncedAt = read?.freshSyncedAt(types, range, now);
      if (!read || !syncedAt) return undefined;
      return { client: await localClient(read), syncedAt };
    },
    async query(sql, bounds) {
      if (!runner) {
        const { QueryRunner } = await import('./query-runner.js');
        runner = new QueryRunner(QUERY_TIMEOUT_MS);
      }
      const { NoHistoryError } = await import('../history/errors.js');
      if (!(await history.reader())) throw new NoHistoryError(path);
      return runner.run(path, sql, bounds);
    },
    // Writes off the server's thread (the history's writer): tools keep answering during a backfill.
    sync: (options) => syncCounting(history, makeClient, options),
  };
}

/**
 * A person's history in a PostgreSQL schema (`label` names it in messages),
 * its store opened by `open` (once; the schema is made then). It exists for
 * the tools once a sync has begun.
 */
export function mcpPostgresHistory(
  open: () => Promise<HistoryStore>,
  label: string,
  makeClient: SyncClientFactory,
): McpHistory {
  const reader = async () => (await open()).reader;
  const begun = async () => (await (await reader()).firstDay()) !== undefined;
  return {
    path: label,
    dialect: 'PostgreSQL',
    reader: async () => ((await begun()) ? reader() : undefined),
    async localFor(types, range, now) {
      const { storedFreshSyncedAt } = await import('../history/freshness.js');
      const read = await reader();
      const syncedAt = await storedFreshSyncedAt(read, types, range, now);
      return syncedAt ? { client: storedClient(read), syncedAt } : undefined;
    },
    async query(sql, bounds) {
      if (!(await begun())) {
        throw new UsageError('there is no history yet: call oura_sync first.');
      }
      return (await reader()).query(sql, bounds);
    },
    sync: async (options) => syncCounting(await open(), makeClient, options),
  };
}

/** A store's reader dressed as the API client (PostgreSQL's: every read a round trip). */
function storedClient(read: StoredHistoryReader): OuraDataSource {
  return {
    list: (type, range) => ({
      async *[Symbol.asyncIterator]() {
        yield* (await read.documents(ENDPOINTS[type], range)) as never[];
      },
    }),
    async get<T extends ListType>(type: T, id: string) {
      const doc = await read.document(type, id);
      if (doc === undefined) throw notInHistory(type, id);
      return doc as OuraDocument<T>;
    },
    async personalInfo() {
      const [doc] = await read.documents(ENDPOINTS.personal_info, undefined);
      return doc as OuraDocument<'personal_info'>;
    },
  };
}

function notInHistory(type: string, id: string): NotFoundError {
  return new NotFoundError({
    status: 404,
    method: 'GET',
    path: `history:${type}/${id}`,
    detail: `no ${type} document with this id in the local history`,
  });
}

/** The history dressed as the API client, so the tools read both the same way. */
async function localClient(read: HistoryReader): Promise<OuraDataSource> {
  const { checkinSourcesFromHistory } = await import('./checkin-history.js');
  // The typed columns are this build's only once a write has laid the file out
  // for it (an older file is converted by the next sync); until then, list().
  const typed = read.typedColumnsCurrent();
  return {
    ...(typed
      ? { checkinSources: (range: DayRange) => checkinSourcesFromHistory(read, range) }
      : {}),
    list: (type, range, options = {}) => ({
      async *[Symbol.asyncIterator]() {
        yield* read.documents(ENDPOINTS[type], range, options) as Iterable<never>;
      },
    }),
    async get<T extends ListType>(type: T, id: string) {
      const doc = read.document(type, id);
      if (doc === undefined) throw notInHistory(type, id);
      return doc as OuraDocument<T>;
    },
    async personalInfo() {
      const [doc] = read.documents(ENDPOINTS.personal_info, undefined);
      return doc as OuraDocument<'personal_info'>;
    },
  };
}

/** The sentence every data tool adds about where its answer came from. */
export function sourceLine(answer: AnswerSource): string {
  return answer.source === 'local'
    ? `Source: the local history (synced at ${answer.synced_at}).`
    : 'Source: live from Oura.';
}

/**
 * The reader of a tool that answers from the history only (trends, insights),
 * with the source fields of its answer; a usage error before the first sync.
 */
export async function historyOnly(
  history: McpHistory,
): Promise<{ read: StoredHistoryReader; answer: { source: 'local'; synced_at: string } }> {
  const read = await history.reader();
  if (!read) {
    throw new UsageError(
      'there is no local history yet: call oura_sync first (or run `oura sync`).',
    );
  }
  return {
    read,
    answer: { source: 'local', synced_at: (await read.lastSyncedAt()) ?? 'never completed' },
  };
}
