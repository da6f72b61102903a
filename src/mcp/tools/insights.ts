/**
 * `oura_insights`: the insights library over the local history (sleep debt,
 * regularity, early warnings, what habits do, …), so the assistant quotes
 * figures with their n, intervals and method instead of doing the statistics
 * itself. Reads the history field by field, like `oura insights`.
 */
import type { McpServer, RegisteredTool } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { addDays } from '../../calendar/days.js';
import { now as clockNow } from '../../clock.js';
import { AS_OF_END_DAYS, computeInsights, INSIGHT_KINDS } from '../../insights/insights.js';
import { insightLines } from '../../insights/lines.js';
import { INSIGHT_FIELDS, INSIGHT_TYPES, type InsightSource } from '../../insights/source.js';
import { sourceOutput } from '../choose-source.js';
import { resolveHistoryToolRange } from '../dates.js';
import type { OuraMcpDeps } from '../deps.js';
import type { McpHistory } from '../history.js';
import { historyOnly, sourceLine } from '../history.js';
import { okResult } from '../results.js';
import type { ToolRunner } from './tool-runner.js';

/** Days read when start_date is left out, as `oura insights`: what sleep debt and mid-sleep need. */
const DEFAULT_DAYS = 90;
/**
 * Longest range of one call: three years. The habit bootstraps grow with the days (two years
 * of every kind took 1.6 s on a loaded 2-core machine), and a call should not hold the server for long.
 */
export const MAX_INSIGHT_DAYS = 1096;

// Built once per process: a server is built per request in `oura serve`, and zod
// schemas cost far more to build than to share.
const insightsInput = z.object({
  kind: z.enum(INSIGHT_KINDS).optional().describe('Which insight. Default: all of them.'),
  start_date: z
    .string()
    .optional()
    .describe(
      'First local day, YYYY-MM-DD. Default: 89 days before end_date. Habits and correlations use the whole range: a longer one gives them more days.',
    ),
  end_date: z.string().optional().describe('Last local day, YYYY-MM-DD. Default: today.'),
});

const insightsOutput = z.object({
  start_date: z.string(),
  end_date: z.string(),
  insights: z
    .record(z.string(), z.unknown())
    .describe(
      'The answers by kind, as `oura insights --json` prints them: status, n, intervals, method.',
    ),
  ...sourceOutput,
});

export function registerInsightsTool(
  server: McpServer,
  deps: OuraMcpDeps,
  history: McpHistory,
  run: ToolRunner,
): RegisteredTool {
  return server.registerTool(
    'oura_insights',
    {
      title: 'Oura insights (statistics with n and intervals)',
      description:
        'Statistics computed from the history on this machine (run oura_sync first if it is empty), each with its n, ' +
        'a 95% interval where it is an estimate, and its method in words; "not enough data" instead of a number below the minimum n. ' +
        'Prefer this to doing the arithmetic yourself, and quote n and the intervals. Kinds: ' +
        "sleep_debt (against the person's own need, 7 and 14 days), regularity (Sleep Regularity Index, last 28 days), " +
        'sleep_timing (mid-sleep and social jetlag), early_warnings (days when temperature, resting heart rate and HRV ' +
        'leave the personal baseline; never a diagnosis), habits (each tag and workout vs next-night/next-day metrics, ' +
        'Benjamini–Hochberg controlled), correlations (Spearman, lags 0–2 days, only what survives FDR control), ' +
        'training_load (acute:chronic ratio).',
      inputSchema: insightsInput,
      outputSchema: insightsOutput,
      annotations: { readOnlyHint: true, openWorldHint: false, idempotentHint: true },
    },
    (args) =>
      run('oura_insights', async () => {
        const now = deps.now?.() ?? clockNow();
        const range = resolveHistoryToolRange(args, now, DEFAULT_DAYS, MAX_INSIGHT_DAYS);
        const { read, answer } = await historyOnly(history);
        // Figures "as of" the end read back further than the range (see computeInsights).
        const lookBack = addDays(range.end, -(AS_OF_END_DAYS - 1));
        // biome-ignore lint/complexity/useMathMinMax: the operands are YYYY-MM-DD strings
        const days = { start: lookBack < range.start ? lookBack : range.start, end: range.end };
        // Only the fields insights read: whole sleep documents are mostly series they never use.
        const documents = Object.fromEntries(
          await Promise.all(
            INSIGHT_TYPES.map(
              async (type) => [type, await read.fields(type, INSIGHT_FIELDS[type], days)] as const,
            ),
          ),
        ) as InsightSource;
        const insights = computeInsights(documents, {
          start: range.start,
          end: range.end,
          ...(args.kind ? { kinds: [args.kind] } : {}),
        });
        const text = [
          `Insights over ${range.start} to ${range.end} (local days), from the local history:`,
          ...insightLines(insights, { methods: true }),
          sourceLine(answer),
        ].join('\n');
        return okResult(text, {
          start_date: range.start,
          end_date: range.end,
          insights,
          ...answer,
        });
      }),
  );
}
