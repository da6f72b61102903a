/**
 * `oura_report`: writes the HTML report of the local history (the same file
 * as `oura report`) and returns its path with the header's numbers, so an
 * assistant can hand the person the file and say what it shows.
 */
import type { McpServer, RegisteredTool } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { parseDay } from '../../calendar/day-range-flags.js';
import { UsageError } from '../../errors.js';
import { sourceOutput } from '../choose-source.js';
import type { McpHistory } from '../history.js';
import { sourceLine } from '../history.js';
import { okResult } from '../results.js';
import type { ToolRunner } from './tool-runner.js';

const reportInput = z.object({
  start_date: z
    .string()
    .optional()
    .describe('First local day, YYYY-MM-DD. Default: the first synced day.'),
  end_date: z
    .string()
    .optional()
    .describe('Last local day, YYYY-MM-DD. Default: the last synced day.'),
});

const reportOutput = z.object({
  path: z.string(),
  start_date: z.string(),
  end_date: z.string(),
  days: z.number().int(),
  previous_start_date: z.string(),
  previous_end_date: z.string(),
  metrics: z.array(
    z.object({
      name: z.string(),
      unit: z.string(),
      value: z.number().nullable(),
      previous: z.number().nullable(),
    }),
  ),
  sections: z.array(z.string()),
  omitted: z.array(z.string()),
  ...sourceOutput,
});

export function registerReportTool(
  server: McpServer,
  history: McpHistory,
  run: ToolRunner,
): RegisteredTool {
  return server.registerTool(
    'oura_report',
    {
      title: 'Write the Oura report (HTML)',
      description:
        "Write one self-contained HTML page with charts of the user's Oura history on this machine (sleep stages, " +
        'scores with 7-day averages, HRV and resting heart rate, activity, workouts, a typical day of heart rate, ' +
        'stress, SpO2, cardiovascular age, VO2 max) and return its path and the period averages against the period before. ' +
        'Reads only the history: if it lacks the days, it says to run oura_sync.',
      inputSchema: reportInput,
      outputSchema: reportOutput,
      annotations: { readOnlyHint: false, openWorldHint: false, idempotentHint: true },
    },
    (args) =>
      run('oura_report', async () => {
        if (!history.history) {
          throw new UsageError(
            `the report reads a history file, and this server keeps the history in ${history.dialect}: ` +
              'use oura_trends, oura_insights or oura_query for the same figures.',
          );
        }
        const { generateReport } = await import('../../report/generate.js');
        const report = await generateReport({
          history: history.history,
          start:
            args.start_date === undefined ? undefined : parseDay(args.start_date, 'start_date'),
          end: args.end_date === undefined ? undefined : parseDay(args.end_date, 'end_date'),
        });
        const h = report.header;
        const answer = { source: 'local' as const, synced_at: h.syncedAt ?? 'never completed' };
        const round = (v: number | null, d: number) => (v === null ? null : Number(v.toFixed(d)));
        const metrics = h.metrics.map((m) => ({
          name: m.name,
          unit: m.unit,
          value: round(m.value, m.decimals),
          previous: round(m.previous, m.decimals),
        }));
        const text = [
          `Wrote the report for ${h.start} to ${h.end} (${h.days} days) to ${report.path}.`,
          // Without the previous period in the history there is nothing to compare with: no brackets.
          h.compared
            ? `Averages, with the ${h.days} days before (${h.previousStart} to ${h.previousEnd}) in brackets:`
            : 'Averages (the history does not reach back to the days before, so nothing to compare with):',
          ...metrics.map(
            (m) =>
              `- ${m.name}: ${m.value ?? 'no data'}${m.unit ? ` ${m.unit}` : ''}` +
              (h.compared ? ` (${m.previous ?? 'no data'})` : ''),
          ),
          ...report.notes,
          ...report.omitted.map((line) => `Left out: ${line}`),
          sourceLine(answer),
        ].join('\n');
        return okResult(text, {
          path: report.path,
          start_date: h.start,
          end_date: h.end,
          days: h.days,
          previous_start_date: h.previousStart,
          previous_end_date: h.previousEnd,
          metrics,
          sections: report.sections,
          omitted: report.omitted,
          ...answer,
        });
      }),
  );
}
