/**
 * `oura_query`: one read-only SQL statement over the local history, run in a
 * child process with a time limit. Its description carries the schema, so an
 * assistant can write queries without guessing. The answer has a size
 * whatever the statement asks for: at most {@link MAX_QUERY_ROWS} rows and
 * about {@link MAX_RESULT_CHARS} characters, long values cut inside SQLite
 * (see `history/bounded-query.ts`), each cut named in a note.
 */
import type { McpServer, RegisteredTool } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { describeSchema } from '../../history/describe.js';
import { MAX_RESULT_CHARS } from '../budget.js';
import { sourceOutput } from '../choose-source.js';
import type { McpHistory } from '../history.js';
import { sourceLine } from '../history.js';
import { okResult } from '../results.js';
import type { ToolRunner } from './tool-runner.js';

export const MAX_QUERY_ROWS = 1000;
/** Rows shown in the text content; all of them are in the structured content. */
const PREVIEW_ROWS = 20;
/** Characters of one row in the text preview. */
const PREVIEW_ROW_CHARS = 400;

const BUDGET_WORDS = `about ${Math.round(MAX_RESULT_CHARS / 1000)}k characters`;

// Built once per process: a server is built per request in `oura serve`, and zod
// schemas cost far more to build than to share.
const queryInput = z.object({
  sql: z.string().min(1).describe('One SELECT (or WITH … SELECT) statement.'),
});

const queryOutput = z.object({
  columns: z.array(z.string()),
  rows: z.array(z.record(z.string(), z.unknown())),
  row_count: z.number().int(),
  capped: z.boolean().describe('true when more rows existed than are returned'),
  values_cut: z
    .number()
    .int()
    .describe('values shortened to fit; each ends in "…[cut: N bytes in all]"'),
  notes: z.array(z.string()),
  ...sourceOutput,
});

// The schema's text is the same for every server of a dialect; `oura serve` builds one per request.
const descriptions = new Map<McpHistory['dialect'], string>();

/** How a field outside the view's columns is read, in each dialect. */
const JSON_FIELD: Record<McpHistory['dialect'], string> = {
  SQLite: "use json_extract(doc, '$.path') for fields without a column",
  PostgreSQL: "use doc::json #>> '{path}' for fields without a column",
};

/** One field of the document, in each dialect. */
const ONE_FIELD: Record<McpHistory['dialect'], string> = {
  SQLite: "json_extract(doc, '$.field')",
  PostgreSQL: "doc::json ->> 'field'",
};

function queryDescription(dialect: McpHistory['dialect']): string {
  let description = descriptions.get(dialect);
  if (!description) {
    description =
      `Run one read-only ${dialect} statement over the user's Oura history (kept up to date by oura_sync). ` +
      `At most ${MAX_QUERY_ROWS} rows and ${BUDGET_WORDS} of JSON come back, and a very long value is cut; ` +
      'a note says what was left out. A query running over 5 s is stopped. ' +
      `Days are local YYYY-MM-DD text; ${JSON_FIELD[dialect]}.\n` +
      describeSchema();
    descriptions.set(dialect, description);
  }
  return description;
}

export function registerQueryTool(
  server: McpServer,
  history: McpHistory,
  run: ToolRunner,
): RegisteredTool {
  return server.registerTool(
    'oura_query',
    {
      title: 'Query the Oura history (SQL)',
      description: queryDescription(history.dialect),
      inputSchema: queryInput,
      outputSchema: queryOutput,
      annotations: { readOnlyHint: true, openWorldHint: false, idempotentHint: true },
    },
    (args) =>
      run('oura_query', async () => {
        const result = await history.query(args.sql, {
          maxRows: MAX_QUERY_ROWS,
          maxChars: MAX_RESULT_CHARS,
        });
        const answer = {
          source: 'local' as const,
          synced_at: (await (await history.reader())?.lastSyncedAt()) ?? 'never completed',
        };
        const count = result.rows.length;
        const capped = result.cut !== undefined;
        const notes: string[] = [];
        if (result.cut === 'rows') {
          notes.push(
            `Only the first ${MAX_QUERY_ROWS} rows are returned; add a LIMIT, a WHERE or an aggregate.`,
          );
        } else if (result.cut === 'size') {
          notes.push(
            `Only the first ${count} rows are returned: the next would take the answer past ${BUDGET_WORDS}. ` +
              `Select fewer or shorter columns (${ONE_FIELD[history.dialect]} rather than doc), add a WHERE or an aggregate, ` +
              `or continue with LIMIT ${count} OFFSET ${count}.`,
          );
        }
        if (result.cutValues > 0) {
          notes.push(
            `${result.cutValues} value${result.cutValues === 1 ? ' was' : 's were'} too long and cut to fit; ` +
              'each ends in "…[cut: N bytes in all]". Select length(x) for its size, or substr(x, start, n) for a part.',
          );
        }
        const preview = result.rows.slice(0, PREVIEW_ROWS).map((row) => {
          const line = JSON.stringify(row);
          return line.length > PREVIEW_ROW_CHARS ? `${line.slice(0, PREVIEW_ROW_CHARS)}…` : line;
        });
        const columns = result.columns.join(', ');
        const text = [
          `${count}${capped ? '+' : ''} rows (${columns.length > 1000 ? `${columns.slice(0, 1000)}…` : columns}).`,
          ...preview,
          count > PREVIEW_ROWS || preview.some((line) => line.endsWith('…'))
            ? `… all ${count} rows, whole, are in structuredContent.rows.`
            : '',
          ...notes,
          sourceLine(answer),
        ]
          .filter(Boolean)
          .join('\n');
        return okResult(text, {
          columns: result.columns,
          rows: result.rows,
          row_count: count,
          capped,
          values_cut: result.cutValues,
          notes,
          ...answer,
        });
      }),
  );
}
