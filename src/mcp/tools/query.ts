/**
 * `oura_query`: one read-only SQL statement over the local history, run in a
 * child process with a time limit. Its description carries the schema, so an
 * assistant can write queries without guessing.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { describeSchema } from '../../history/describe.js';
import type { McpHistory } from '../history.js';
import { sourceLine } from '../history.js';
import { okResult } from '../results.js';
import { sourceOutput } from '../source.js';
import type { ToolRunner } from './run.js';

export const MAX_QUERY_ROWS = 1000;

export function registerQueryTool(server: McpServer, history: McpHistory, run: ToolRunner): void {
  server.registerTool(
    'oura_query',
    {
      title: 'Query the Oura history (SQL)',
      description:
        `Run one read-only SQLite statement over the user's Oura history on this machine (kept up to date by oura_sync). ` +
        `At most ${MAX_QUERY_ROWS} rows come back (a note says when more existed); a query running over 5 s is stopped. ` +
        "Days are local YYYY-MM-DD text; use json_extract(doc, '$.path') for fields without a column.\n" +
        describeSchema(),
      inputSchema: {
        sql: z.string().min(1).describe('One SELECT (or WITH … SELECT) statement.'),
      },
      outputSchema: {
        columns: z.array(z.string()),
        rows: z.array(z.record(z.string(), z.unknown())),
        row_count: z.number().int(),
        capped: z.boolean(),
        notes: z.array(z.string()),
        ...sourceOutput,
      },
      annotations: { readOnlyHint: true, openWorldHint: false, idempotentHint: true },
    },
    (args) =>
      run('oura_query', async () => {
        const result = await history.query(args.sql, MAX_QUERY_ROWS);
        const { lastSyncedAt } = await import('../../history/reader.js');
        const db = await history.reader();
        const answer = {
          source: 'local' as const,
          synced_at: (db && lastSyncedAt(db)) ?? 'never completed',
        };
        const notes = result.capped
          ? [
              `Only the first ${MAX_QUERY_ROWS} rows are returned; add a LIMIT, a WHERE or an aggregate.`,
            ]
          : [];
        const preview = result.rows
          .slice(0, 20)
          .map((row) => JSON.stringify(row))
          .join('\n');
        const text = [
          `${result.rows.length}${result.capped ? '+' : ''} rows (${result.columns.join(', ')}).`,
          preview,
          result.rows.length > 20
            ? `… all ${result.rows.length} rows are in structuredContent.rows.`
            : '',
          ...notes,
          sourceLine(answer),
        ]
          .filter(Boolean)
          .join('\n');
        return okResult(text, {
          columns: result.columns,
          rows: result.rows,
          row_count: result.rows.length,
          capped: result.capped,
          notes,
          ...answer,
        });
      }),
  );
}
