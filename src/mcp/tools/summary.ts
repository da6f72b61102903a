/**
 * `oura_summary`: the morning check-in over a range of days, from
 * daily_sleep, sleep, daily_readiness and daily_activity fetched at once.
 * A type the login cannot read (scope not granted) leaves its columns empty
 * and says why, rather than failing the whole check-in.
 */
import type { McpServer, RegisteredTool } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { AuthenticationError } from '../../api/errors.js';
import { localDay } from '../../calendar/days.js';
import { now as clockNow } from '../../clock.js';
import { LoginRequiredError } from '../../errors.js';
import { averagesOf, buildCheckin, checkinTable, fetchCheckinSources } from '../checkin.js';
import { chooseSource, sourceOutput } from '../choose-source.js';
import { resolveToolRange } from '../dates.js';
import type { OuraMcpDeps } from '../deps.js';
import { sourceLine } from '../history.js';
import { describeError, okResult } from '../results.js';
import type { ToolRunner } from './tool-runner.js';

/** Longest check-in of one call: a year (from the history it takes milliseconds). */
export const MAX_SUMMARY_DAYS = 366;

/** Input of `oura_summary`. */
export const summaryInput = z.object({
  start_date: z
    .string()
    .optional()
    .describe(
      'First local day, YYYY-MM-DD (also "today", "yesterday"). Default: 6 days before end_date.',
    ),
  end_date: z
    .string()
    .optional()
    .describe('Last local day, inclusive, YYYY-MM-DD (also "today", "yesterday"). Default: today.'),
});

const row = z.object({
  day: z.string(),
  sleep_score: z.number().nullable(),
  sleep_duration: z.string().nullable(),
  sleep_seconds: z.number().nullable(),
  readiness_score: z.number().nullable(),
  hrv_balance: z.number().nullable(),
  average_hrv_ms: z.number().nullable(),
  resting_heart_rate: z.number().nullable(),
  activity_score: z.number().nullable(),
  steps: z.number().nullable(),
  notes: z.array(z.string()),
});

/** Output of `oura_summary`. */
export const summaryOutput = z.object({
  start_date: z.string(),
  end_date: z.string(),
  days: z.array(row),
  averages: z.record(z.string(), z.number().nullable()),
  notes: z.array(z.string()),
  ...sourceOutput,
});

/** Registers `oura_summary`. */
export function registerSummaryTool(
  server: McpServer,
  deps: OuraMcpDeps,
  run: ToolRunner,
): RegisteredTool {
  return server.registerTool(
    'oura_summary',
    {
      title: 'Oura daily check-in',
      description:
        'One compact row per day (default: the last 7 days): sleep score and duration, readiness score, ' +
        'HRV balance, resting heart rate, activity score, steps, and notes on anything notable ' +
        '(missing data, low scores, short sleep, raised temperature). Use it for a morning check-in or a weekly review.',
      inputSchema: summaryInput,
      outputSchema: summaryOutput,
      annotations: { readOnlyHint: true, openWorldHint: true, idempotentHint: true },
    },
    (args) => run('oura_summary', () => summary(deps, args)),
  );
}

async function summary(
  deps: OuraMcpDeps,
  args: { start_date?: string | undefined; end_date?: string | undefined },
) {
  const now = deps.now?.() ?? clockNow();
  const range = resolveToolRange(args, now, MAX_SUMMARY_DAYS);
  const { client, answer } = await chooseSource(
    deps,
    ['daily_sleep', 'sleep', 'daily_readiness', 'daily_activity'],
    range,
    now,
  );
  const { sources, failures } = await fetchCheckinSources(client, range);
  const notes: string[] = [];
  // A dead login fails every type alike: report it once, as the login problem it is.
  const loginFailure = failures.find(
    (f) => f.error instanceof LoginRequiredError || f.error instanceof AuthenticationError,
  );
  if (loginFailure) throw loginFailure.error;
  if (failures.length === 4) throw failures[0]?.error;
  for (const f of failures) notes.push(`${f.type} unavailable: ${describeError(f.error)}`);
  const rows = buildCheckin(range, sources, localDay(now));
  const averages = averagesOf(rows);
  const text = [
    `Oura check-in, ${range.start} to ${range.end} (local days; sleep is filed under the day it ends).`,
    checkinTable(rows),
    `Averages: sleep ${averages.sleep_score ?? '–'} (${averages.sleep_hours ?? '–'} h), readiness ${averages.readiness_score ?? '–'}, ` +
      `resting HR ${averages.resting_heart_rate ?? '–'} bpm, activity ${averages.activity_score ?? '–'}, steps ${averages.steps ?? '–'}.`,
    ...notes,
    sourceLine(answer),
  ].join('\n');
  return okResult(text, {
    start_date: range.start,
    end_date: range.end,
    days: rows,
    averages,
    notes,
    ...answer,
  });
}
