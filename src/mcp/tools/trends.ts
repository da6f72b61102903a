/** `oura_trends`: metrics per day, week or month over any range of the local history. */
import type { McpServer, RegisteredTool } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { now as clockNow } from '../../clock.js';
import type { DataType } from '../../oura/data-types.js';
import { sourceOutput } from '../choose-source.js';
import { resolveHistoryToolRange } from '../dates.js';
import type { OuraMcpDeps } from '../deps.js';
import type { McpHistory } from '../history.js';
import { historyOnly, sourceLine } from '../history.js';
import { okResult } from '../results.js';
import { METRICS, type Period, trendOf } from '../trends.js';
import type { ToolRunner } from './tool-runner.js';

const METRIC_NAMES = Object.keys(METRICS) as [string, ...string[]];

// Built once per process: a server is built per request in `oura serve`, and zod
// schemas cost far more to build than to share.
const trendsInput = z.object({
  metrics: z
    .array(z.enum(METRIC_NAMES))
    .min(1)
    .describe('Which metrics, e.g. ["sleep_score", "hrv"].'),
  start_date: z
    .string()
    .optional()
    .describe('First local day, YYYY-MM-DD. Default: 89 days before end_date.'),
  end_date: z.string().optional().describe('Last local day, YYYY-MM-DD. Default: today.'),
  period: z.enum(['day', 'week', 'month']).optional().describe('Default: week.'),
});

const trendsOutput = z.object({
  start_date: z.string(),
  end_date: z.string(),
  period: z.string(),
  trends: z.array(
    z.object({
      metric: z.string(),
      days: z.number().int().describe('n: days with a value, over all the periods'),
      reading: z.string(),
      points: z.array(
        z.object({
          period: z.string(),
          value: z.number().nullable(),
          days: z.number().int().describe('n: days with a value'),
          covered_days: z
            .number()
            .int()
            .describe('days of the period inside the range and the history'),
          period_days: z.number().int().describe('days in the whole period'),
          partial: z.boolean().describe('covered_days < period_days'),
        }),
      ),
    }),
  ),
  ...sourceOutput,
});

const TRENDS_DESCRIPTION =
  'How metrics changed over time, from the history on this machine (run oura_sync first if it is empty): ' +
  'the average per day, week or month, and a one-line reading of the direction for each metric. ' +
  'Each period carries its n (days with a value) and is marked partial when only part of it lies inside the range and the history. ' +
  `Metrics: ${METRIC_NAMES.map((name) => `${name} (${METRICS[name]?.description})`).join(', ')}.`;

export function registerTrendsTool(
  server: McpServer,
  deps: OuraMcpDeps,
  history: McpHistory,
  run: ToolRunner,
): RegisteredTool {
  return server.registerTool(
    'oura_trends',
    {
      title: 'Oura trends',
      description: TRENDS_DESCRIPTION,
      inputSchema: trendsInput,
      outputSchema: trendsOutput,
      annotations: { readOnlyHint: true, openWorldHint: false, idempotentHint: true },
    },
    (args) =>
      run('oura_trends', async () => {
        const now = deps.now?.() ?? clockNow();
        const range = resolveHistoryToolRange(args, now, 90, Number.POSITIVE_INFINITY);
        const period = (args.period ?? 'week') as Period;
        const { read, answer } = await historyOnly(history);
        // Each metric's type's coverage, read once before the trends are worked out.
        const views = new Set<DataType>();
        for (const metric of args.metrics) {
          const view = METRICS[metric]?.view;
          if (view) views.add(view);
        }
        const coverages = new Map(
          await Promise.all(
            [...views].map(async (view) => [view, await read.coverage(view)] as const),
          ),
        );
        const synced = (type: DataType) => {
          const coverage = coverages.get(type);
          return coverage && { start: coverage.start, end: coverage.through };
        };
        const trends = await Promise.all(
          args.metrics.map((metric) => trendOf(read, metric, range, period, synced)),
        );
        const text = [
          `Trends per ${period}, ${range.start} to ${range.end}:`,
          ...trends.map((t) => `- ${t.reading}`),
          sourceLine(answer),
        ].join('\n');
        return okResult(text, {
          start_date: range.start,
          end_date: range.end,
          period,
          trends,
          ...answer,
        });
      }),
  );
}
