/**
 * A child process that runs read-only queries for a long-lived server (the
 * MCP server). SQLite cannot be interrupted from JavaScript through
 * better-sqlite3 (no progress handler, no interrupt), and a worker thread
 * cannot be stopped while it is inside SQLite: a process can, with SIGKILL.
 * So a runaway query costs this process, never the server. Answers are
 * bounded here (`runBoundedQuery`), before they cross to the server: a huge
 * value never becomes a huge message.
 *
 * Protocol (IPC): {id, path, sql, maxRows, maxChars} → {id, ok: true, columns,
 * rows, cut, cutValues} or {id, ok: false, usage, message}.
 */
import { OuraError, UsageError } from '../errors.js';
import { runBoundedQuery } from './bounded-query.js';
import { type Db, openForRead } from './database.js';
import { asHistoryError } from './errors.js';

interface Request {
  id: number;
  path: string;
  sql: string;
  maxRows: number;
  maxChars: number;
}

let open: { path: string; db: Db } | undefined;

async function answer(request: Request): Promise<Record<string, unknown>> {
  try {
    if (open?.path !== request.path) {
      open?.db.close();
      open = { path: request.path, db: await openForRead(request.path) };
    }
    const result = runBoundedQuery(open.db, request.sql, {
      maxRows: request.maxRows,
      maxChars: request.maxChars,
    });
    return { id: request.id, ok: true, ...result };
  } catch (thrown) {
    // A damaged page met by the statement: the same sentence and way out as `oura sql`.
    const error = asHistoryError(thrown, request.path);
    const message =
      error instanceof OuraError
        ? `${error.message}${error.hint ? ` ${error.hint}` : ''}`
        : error instanceof Error
          ? error.message
          : String(error);
    return { id: request.id, ok: false, usage: error instanceof UsageError, message };
  }
}

process.on('message', (request: Request) => {
  void answer(request).then((reply) => process.send?.(reply));
});
// The parent went away: nothing left to answer.
process.on('disconnect', () => process.exit(0));
