/**
 * `oura_sync`: brings the local history up to date within `max_seconds`,
 * sending MCP progress notifications when the client asked for them. What
 * is committed stays: a call stopped by its time limit is continued by the next.
 */
import type { McpServer, RegisteredTool } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { McpHistory } from '../history.js';
import { okResult } from '../results.js';
import type { ToolRunner } from './tool-runner.js';

// Built once per process: a server is built per request in `oura serve`, and zod
// schemas cost far more to build than to share.
const syncInput = z.object({
  max_seconds: z.number().int().min(1).max(600).optional().describe('Time limit (default 60).'),
});

const syncOutput = z.object({
  database: z.string(),
  complete: z.boolean(),
  requests: z.number().int(),
  duration_ms: z.number().int(),
  types: z.record(
    z.string(),
    z.object({ inserted: z.number(), updated: z.number(), deleted: z.number() }),
  ),
  skipped: z.record(z.string(), z.string()),
  source: z.literal('live'),
});

export function registerSyncTool(
  server: McpServer,
  history: McpHistory,
  run: ToolRunner,
): RegisteredTool {
  return server.registerTool(
    'oura_sync',
    {
      title: 'Sync the Oura history',
      description:
        "Copy the user's new and revised Oura data into the history on this machine, so oura_query, oura_trends, " +
        'oura_summary and oura_get answer locally in milliseconds. The first sync copies everything (a minute or two); ' +
        'later ones take seconds. If max_seconds runs out, what was copied stays; call again to continue.',
      inputSchema: syncInput,
      outputSchema: syncOutput,
      annotations: { readOnlyHint: false, openWorldHint: true, idempotentHint: true },
    },
    (args, extra) =>
      run('oura_sync', async () => {
        const started = Date.now();
        const token = extra._meta?.progressToken;
        const windows = new Map<string, { done: number; total: number }>();
        let lastSent = 0;
        const result = await history.sync({
          deadline: started + (args.max_seconds ?? 60) * 1000,
          onProgress: (p) => {
            windows.set(p.type, { done: p.windowsDone, total: p.windowsTotal });
            if (token === undefined || Date.now() - lastSent < 200) return;
            lastSent = Date.now();
            let done = 0;
            let total = 0;
            for (const w of windows.values()) {
              done += w.done;
              total += w.total;
            }
            void extra
              .sendNotification({
                method: 'notifications/progress',
                params: {
                  progressToken: token,
                  progress: done,
                  total,
                  message: `${p.type}: ${p.documents} documents`,
                },
              })
              .catch(() => {});
          },
        });
        const counts = Object.values(result.types);
        const sum = (key: 'inserted' | 'updated' | 'deleted') =>
          counts.reduce((s, c) => s + c[key], 0);
        const duration = Date.now() - started;
        const text = [
          result.complete
            ? `The history is up to date (${counts.length} types, ${(duration / 1000).toFixed(1)} s).`
            : `Stopped after ${args.max_seconds ?? 60} s with part of the history copied; call oura_sync again to continue.`,
          `${sum('inserted')} new, ${sum('updated')} revised, ${sum('deleted')} deleted documents; ${result.requests} requests.`,
          ...Object.entries(result.skipped).map(
            ([type, scope]) => `Skipped ${type}: the login lacks the "${scope}" scope.`,
          ),
          'Source: live from Oura, into the local history.',
        ].join('\n');
        return okResult(text, {
          database: history.path,
          complete: result.complete,
          requests: result.requests,
          duration_ms: duration,
          types: result.types,
          skipped: result.skipped,
          source: 'live',
        });
      }),
  );
}
