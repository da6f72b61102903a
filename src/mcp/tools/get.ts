/**
 * `oura_get`: the documents of one data type, as `oura get` would print them,
 * shaped to fit an assistant's context: documents in `structuredContent`, a
 * short summary in `content`.
 */
import type { McpServer, RegisteredTool } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { checkQuery, unknownTypeMessage } from '../../api/query.js';
import { daysBetween } from '../../calendar/days.js';
import { now as clockNow } from '../../clock.js';
import { DATA_TYPES, type DataType, type Endpoint } from '../../oura/data-types.js';
import { capByJsonSize, MAX_RESULT_CHARS } from '../budget.js';
import { chooseSource, sourceOutput } from '../choose-source.js';
import { resolveToolRange } from '../dates.js';
import type { OuraMcpDeps } from '../deps.js';
import {
  type HeartRateStats,
  HOURLY_MAX_DAYS,
  overallHeartRate,
  summariseHeartRate,
} from '../heartrate.js';
import { sourceLine } from '../history.js';
import { okResult } from '../results.js';
import type { ToolRunner } from './tool-runner.js';

/** Longest range of one call for day-based types: a year. */
export const MAX_DATE_RANGE_DAYS = 366;
/** Longest range of one call for heartrate and ring_battery_level (~8600 samples a month). */
export const MAX_SERIES_RANGE_DAYS = 31;

/** How `oura_get` names the parts of a request in messages. */
const TOOL_WORDS = {
  range: 'start_date and end_date',
  id: 'document_id',
  fields: 'fields',
  latest: 'latest',
  typesHint: 'oura_data_types describes each.',
};

/** Input of `oura_get`. */
export const getInput = z.object({
  type: z
    .enum(DATA_TYPES, { error: (issue) => unknownTypeMessage(String(issue.input), TOOL_WORDS) })
    .describe(
      'Oura data type, spelled as in the API (case-sensitive), e.g. daily_sleep, daily_readiness, ' +
        'daily_activity, sleep, heartrate, workout, vO2_max. Call oura_data_types for the list with descriptions.',
    ),
  start_date: z
    .string()
    .optional()
    .describe(
      'First local day, YYYY-MM-DD (also "today", "yesterday"). Default: 6 days before end_date ' +
        '(the 7 days ending today when both are left out). Not for personal_info or ring_configuration.',
    ),
  end_date: z
    .string()
    .optional()
    .describe('Last local day, inclusive, YYYY-MM-DD (also "today", "yesterday"). Default: today.'),
  document_id: z
    .string()
    .min(1)
    .optional()
    .describe(
      'Fetch one document by its "id" instead of a date range (not for heartrate, ring_battery_level, personal_info).',
    ),
  fields: z
    .union([z.array(z.string()), z.string()])
    .optional()
    .describe(
      'Only these top-level fields (plus id and day), as a list or comma-separated, e.g. ["score","contributors"]. ' +
        'Cuts large documents (daily_activity, sleep) down to what you need.',
    ),
  raw: z
    .boolean()
    .optional()
    .describe(
      'heartrate only: return the individual samples (every 5 minutes, every few seconds during workouts) instead of the hourly min/avg/max summary.',
    ),
});

type GetArgs = {
  type: DataType;
  start_date?: string | undefined;
  end_date?: string | undefined;
  document_id?: string | undefined;
  fields?: string | string[] | undefined;
  raw?: boolean | undefined;
};

/** Output of `oura_get`. */
export const getOutput = z.object({
  type: z.string(),
  start_date: z.string().nullable(),
  end_date: z.string().nullable(),
  representation: z.enum(['documents', 'heartrate_summary']),
  count: z.number().int().describe('documents (or summary rows) found'),
  returned: z.number().int().describe('documents (or summary rows) in this result'),
  documents: z.array(z.record(z.string(), z.unknown())),
  notes: z.array(z.string()),
  overall: z
    .object({
      min_bpm: z.number(),
      avg_bpm: z
        .number()
        .describe("weighted by time: a workout's dense samples do not outvote the day"),
      max_bpm: z.number(),
      samples: z.number().int(),
      minutes: z.number().describe('the time the samples stand for'),
      sources: z.array(z.string()),
    })
    .optional()
    .describe('heartrate summary only: all the samples together'),
  ...sourceOutput,
});

/** Registers `oura_get`. */
export function registerGetTool(
  server: McpServer,
  deps: OuraMcpDeps,
  run: ToolRunner,
): RegisteredTool {
  return server.registerTool(
    'oura_get',
    {
      title: 'Get Oura data',
      description:
        'Read the documents of one Oura data type for a range of local days (default: the last 7 days), ' +
        'or one document by id. Returns the documents as structured content and a short text summary. ' +
        'Heart rate is summarised per hour (min/avg/max) unless raw is true. Large results are cut to fit, with a note.',
      inputSchema: getInput,
      outputSchema: getOutput,
      annotations: { readOnlyHint: true, openWorldHint: true, idempotentHint: true },
    },
    (args) => run('oura_get', () => getDocuments(deps, args)),
  );
}

async function getDocuments(deps: OuraMcpDeps, args: GetArgs) {
  const { endpoint, fields } = checkQuery(
    {
      type: args.type,
      hasRange: args.start_date !== undefined || args.end_date !== undefined,
      documentId: args.document_id,
      fields: args.fields,
    },
    TOOL_WORDS,
  );
  const type = endpoint.type;
  const notes: string[] = [];
  const now = deps.now?.() ?? clockNow();

  if (type === 'personal_info' || args.document_id !== undefined) {
    const chosen = await chooseSource(deps, [type], undefined, now);
    let answer = chosen.answer;
    const fetchOne = (from: typeof deps.client) =>
      type === 'personal_info' ? from.personalInfo() : from.get(type, args.document_id ?? '');
    let doc: unknown;
    try {
      doc = await fetchOne(chosen.client);
    } catch (error) {
      // Not in the history (yet): Oura may have it.
      if (answer.source === 'live') throw error;
      answer = { source: 'live' };
      doc = await fetchOne(deps.client);
    }
    const documents = [doc as Record<string, unknown>];
    if (fields) notes.push('fields is ignored when fetching one document.');
    const summary = `1 ${type} document${args.document_id ? ` (id ${args.document_id})` : ''}.`;
    return okResult([summary, ...notes, sourceLine(answer)].join('\n'), {
      type,
      start_date: null,
      end_date: null,
      representation: 'documents',
      count: 1,
      returned: 1,
      documents,
      notes,
      ...answer,
    });
  }

  const range =
    endpoint.kind === 'none'
      ? undefined
      : resolveToolRange(
          args,
          now,
          endpoint.kind === 'datetime' ? MAX_SERIES_RANGE_DAYS : MAX_DATE_RANGE_DAYS,
        );
  const summarise = type === 'heartrate' && !args.raw;
  if (args.raw && type !== 'heartrate') notes.push('raw only changes heartrate; ignored.');
  const listOptions = fields && !summarise ? { fields } : {};
  if (fields && summarise)
    notes.push('fields is ignored for the heart-rate summary (ask raw: true to use it).');

  const { client, answer } = await chooseSource(deps, [type], range, now);
  const found: Record<string, unknown>[] = [];
  for await (const doc of client.list(type, range, listOptions)) {
    found.push(doc as Record<string, unknown>);
  }

  let rows: Record<string, unknown>[] = found;
  let overall: HeartRateStats | undefined;
  if (summarise && range) {
    overall = overallHeartRate(found);
    const granularity = daysBetween(range.start, range.end) + 1 > HOURLY_MAX_DAYS ? 'day' : 'hour';
    rows = summariseHeartRate(found, granularity) as unknown as Record<string, unknown>[];
    notes.push(
      `Heart rate summarised per ${granularity} (min/avg/max bpm of ${found.length} samples; ` +
        'the average weighs each sample by the time until the next, at most 5 minutes); ' +
        'call again with raw: true for the individual samples.',
    );
  }

  const capped = capByJsonSize(rows, MAX_RESULT_CHARS);
  if (capped.omitted > 0) {
    const resume = dayOf(capped.firstOmitted, endpoint);
    notes.push(
      `Result cut to fit: ${capped.kept.length} of ${rows.length} ${summarise ? 'rows' : 'documents'} returned ` +
        `(about ${Math.round(MAX_RESULT_CHARS / 1000)}k characters).` +
        (resume ? ` For the rest call again with start_date ${resume}` : ' Narrow the range') +
        (fields || summarise ? '.' : ', or pass fields to keep only what you need.'),
    );
  }
  if (range && endpoint.kind === 'date' && endpoint.dayKey === 'day' && type.startsWith('daily_')) {
    const missing = missingDays(range.start, range.end, found);
    if (missing.length > 0) notes.push(`No ${type} for: ${missing.join(', ')}.`);
  }

  const structured = {
    type,
    start_date: range?.start ?? null,
    end_date: range?.end ?? null,
    representation: summarise ? 'heartrate_summary' : 'documents',
    count: rows.length,
    returned: capped.kept.length,
    documents: capped.kept,
    notes,
    ...(overall ? { overall } : {}),
    ...answer,
  };
  return okResult(
    `${textSummary(type, range, found, rows, summarise, overall, notes)}\n${sourceLine(answer)}`,
    structured,
  );
}

function dayOf(doc: unknown, endpoint: Endpoint): string | undefined {
  if (!doc || typeof doc !== 'object') return undefined;
  const record = doc as Record<string, unknown>;
  const value = record.period ?? (endpoint.dayKey ? record[endpoint.dayKey] : undefined);
  return typeof value === 'string' ? value.slice(0, 10) : undefined;
}

function missingDays(start: string, end: string, docs: Record<string, unknown>[]): string[] {
  const present = new Set(docs.map((d) => (typeof d.day === 'string' ? d.day : '')));
  const out: string[] = [];
  for (let i = 0; i <= daysBetween(start, end); i++) {
    const day = new Date(Date.parse(`${start}T00:00:00Z`) + i * 86_400_000)
      .toISOString()
      .slice(0, 10);
    if (!present.has(day)) out.push(day);
  }
  return out;
}

/** A few lines a model can read without opening the structured content. */
function textSummary(
  type: DataType,
  range: { start: string; end: string } | undefined,
  found: Record<string, unknown>[],
  rows: Record<string, unknown>[],
  summarised: boolean,
  overall: HeartRateStats | undefined,
  notes: string[],
): string {
  const span = range ? ` from ${range.start} to ${range.end}` : '';
  const lines = [
    summarised
      ? `${found.length} heart-rate samples${span}, summarised in ${rows.length} rows.`
      : `${found.length} ${type} document${found.length === 1 ? '' : 's'}${span}.`,
  ];
  const scored = found.filter((d) => typeof d.day === 'string' && typeof d.score === 'number');
  if (scored.length > 0 && scored.length <= 31) {
    lines.push(`score by day: ${scored.map((d) => `${d.day} ${d.score}`).join(', ')}`);
  }
  if (overall) {
    lines.push(
      `bpm overall: min ${overall.min_bpm}, avg ${overall.avg_bpm} (over time), max ${overall.max_bpm}.`,
    );
  }
  lines.push(...notes);
  lines.push('The documents are in the structured content of this result.');
  return lines.join('\n');
}
