/**
 * The MCP server's view of the local history (a History: its reader opened on
 * first use, re-opened if `oura sync --rebuild` replaced the file): the choice
 * between the history and the live API for a request, the query runner, and
 * syncing. better-sqlite3 and the sync code load only when a tool needs them.
 */
import { NotFoundError } from '../api/errors.js';
import type { ListType, OuraDocument } from '../api/types.js';
import type { DayRange } from '../calendar/days.js';
import { UsageError } from '../errors.js';
import type { QueryBounds } from '../history/bounded-query.js';
import type { History, HistoryReader, SyncProgress, SyncResult } from '../history/history.js';
import { type DataType, ENDPOINTS } from '../oura/data-types.js';
import type { OuraDataSource } from './data-source.js';
import type { QueryAnswer, QueryRunner } from './query-runner.js';

/** Where an answer came from, as every data tool reports it. */
export type AnswerSource = { source: 'live' } | { source: 'local'; synced_at: string };

export interface McpHistory {
  path: string;
  /** The history itself, for what reads it whole (the report). */
  history: History;
  /** The history for these types and days if it covers them and is fresh; else undefined (ask live). */
  localFor(
    types: readonly DataType[],
    range: DayRange | undefined,
    now: Date,
  ): Promise<{ client: OuraDataSource; syncedAt: string } | undefined>;
  /** The history's reading surface, or undefined before the first sync. */
  reader(): Promise<HistoryReader | undefined>;
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

export function mcpHistory(history: History, makeClient: SyncClientFactory): McpHistory {
  const { path } = history;
  let runner: QueryRunner | undefined;
  const reader = () => history.reader();

  return {
    path,
    history,
    reader,
    async localFor(types, range, now) {
      const read = await reader();
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
      if (!(await reader())) throw new NoHistoryError(path);
      return runner.run(path, sql, bounds);
    },
    async sync({ deadline, onProgress }) {
      const { DATA_TYPES } = await import('../oura/data-types.js');
      let requests = 0;
      const client = await makeClient(() => void requests++);
      // Writes off the server's thread (the history's writer): tools keep answering during a backfill.
      const result = await history.sync(client, { types: DATA_TYPES, deadline, onProgress });
      return { ...result, requests };
    },
  };
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
      if (doc === undefined) {
        throw new NotFoundError({
          status: 404,
          method: 'GET',
          path: `history:${type}/${id}`,
          detail: `no ${type} document with this id in the local history`,
        });
      }
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
): Promise<{ read: HistoryReader; answer: { source: 'local'; synced_at: string } }> {
  const read = await history.reader();
  if (!read) {
    throw new UsageError(
      'there is no local history yet: call oura_sync first (or run `oura sync`).',
    );
  }
  return { read, answer: { source: 'local', synced_at: read.lastSyncedAt() ?? 'never completed' } };
}
