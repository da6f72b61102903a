/**
 * The SQLite file as a {@link HistoryStore}: the same contract the
 * PostgreSQL store keeps, over the file's own writer and reader.
 */
import { type History, openHistory } from './history.js';
import type { HistoryStore } from './history-store.js';
import type { StoredHistoryReader } from './store-contract.js';

export function sqliteHistoryStore(path: string): HistoryStore {
  return sqliteStoreOf(openHistory(path));
}

/** The store over a history already opened (the CLI's profile, the MCP server's). */
export function sqliteStoreOf(history: History): HistoryStore {
  const reader: StoredHistoryReader = {
    documents: async (endpoint, range) => {
      const opened = await history.reader();
      return opened ? [...opened.documents(endpoint, range)] : [];
    },
    document: async (type, id) => (await history.reader())?.document(type, id),
    coverage: async (type) => (await history.reader())?.coverage(type),
    firstDay: async () => (await history.reader())?.firstDay(),
    lastSyncedAt: async () => (await history.reader())?.lastSyncedAt(),
    changedAt: async () => (await history.reader())?.changedAt() ?? null,
    daysWithData: async (types, range) =>
      (await history.reader())?.daysWithData(types, range) ?? [],
    fields: async (type, fields, range) =>
      (await history.reader())?.fields(type, fields, range) ?? [],
    query: async (sql, bounds) => {
      const { boundRows } = await import('./bounded-query.js');
      const { columns, rows } = (await history.open()).streamQuery(sql);
      return boundRows(columns, inColumns(rows, columns), bounds);
    },
  };
  return {
    kind: 'sqlite',
    reader,
    sync: (source, options) => history.sync(source, options),
    close: async () => history.close(),
  };
}

/** Rows as arrays in `columns`' order, as they stream. */
function* inColumns(
  rows: Iterable<Record<string, unknown>>,
  columns: string[],
): Iterable<unknown[]> {
  for (const row of rows) yield columns.map((column) => row[column]);
}
