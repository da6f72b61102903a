/**
 * `GET /admin/cohorts/<cohort>/export?type=…&format=parquet|csv&start=…&end=…`:
 * one data type of every participant still connected, streamed as one file
 * (`cohort-data/`), each participant's inclusion recorded in the audit log
 * before a byte of theirs is sent. Bad parameters are a 400 page saying
 * which; an unknown cohort, a 404.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Request, Response } from 'express';
import { addDays, type DayRange, isDay, localDay } from '../../calendar/days.js';
import { type DataType, isDataType } from '../../oura/data-types.js';
import { cohortCsv } from '../cohort-data/cohort-csv.js';
import { cohortParquet } from '../cohort-data/cohort-parquet.js';
import type { CohortParticipant } from '../cohort-data/cohort-rows.js';
import { messagePage } from '../pages.js';
import type { CohortStore } from '../state/cohort-store.js';
import type { CohortData } from './cohort-data.js';
import { knownCohort } from './known-cohort.js';

/** Days an export covers when not told: the last 90, ending today. */
const DEFAULT_DAYS = 90;
/** The longest range one export reads: five years, as Oura keeps. */
const MAX_DAYS = 5 * 366;

const FORMATS = {
  csv: { contentType: 'text/csv; charset=utf-8', write: cohortCsv },
  parquet: { contentType: 'application/vnd.apache.parquet', write: cohortParquet },
} as const;

interface ExportAsk {
  type: DataType;
  format: keyof typeof FORMATS;
  range: DayRange;
}

/**
 * The query's parameters as text, empty ones left out (the page's form sends
 * `start=` when no day is picked); or what is wrong: Express answers
 * `?end=a&end=b` as an array, whose text (`a,b`) is neither value.
 */
function paramsOf(query: Request['query']): Map<string, string> | string {
  const params = new Map<string, string>();
  for (const name of ['type', 'format', 'start', 'end']) {
    const value = query[name];
    if (value === undefined) continue;
    if (typeof value !== 'string') return `Give ${name} once.`;
    if (value !== '') params.set(name, value);
  }
  return params;
}

/** The export asked for, or what is wrong with the request. */
function askOf(query: Request['query']): ExportAsk | string {
  const params = paramsOf(query);
  if (typeof params === 'string') return params;
  const type = params.get('type') ?? '';
  const format = params.get('format') ?? 'parquet';
  const end = params.get('end') ?? localDay();
  if (!isDataType(type))
    return `"${type.slice(0, 40)}" is not an Oura data type; pick one from the list on /admin.`;
  if (format !== 'csv' && format !== 'parquet') return 'The format is parquet or csv.';
  // The end is checked before the default start is counted back from it (`addDays` takes only a day).
  const bad = 'The days are YYYY-MM-DD, the start no later than the end.';
  if (!isDay(end)) return bad;
  const first = params.get('start') ?? addDays(end, 1 - DEFAULT_DAYS);
  if (!isDay(first) || first > end) return bad;
  if (addDays(first, MAX_DAYS) <= end) return `One export covers at most ${MAX_DAYS} days.`;
  return { type, format, range: { start: first, end } };
}

export async function sendCohortExport(
  deps: { cohorts: CohortStore; data: CohortData },
  req: Request,
  res: Response,
  admin: string,
): Promise<void> {
  const cohort = await knownCohort(deps.cohorts, req, res);
  if (!cohort) return;
  const ask = askOf(req.query);
  if (typeof ask === 'string') {
    messagePage(res, 400, 'This export cannot be made', ask);
    return;
  }
  const participants: CohortParticipant[] = [];
  for (const participant of await deps.cohorts.participants(cohort)) {
    if (!participant.personId || participant.withdrawnAt !== undefined) continue;
    const reader = await deps.data.reader(participant.personId);
    if (reader) participants.push({ label: participant.id, reader });
  }
  const detail = `${ask.type} ${ask.range.start}..${ask.range.end} ${ask.format}`;
  for (const { label } of participants) {
    await deps.data.audit({ admin, action: 'export', cohort, participant: label, detail });
  }
  const { contentType, write } = FORMATS[ask.format];
  res.status(200);
  res.setHeader('Content-Type', contentType);
  res.setHeader(
    'Content-Disposition',
    `attachment; filename="${cohort}-${ask.type}-${ask.range.start}-${ask.range.end}.${ask.format}"`,
  );
  res.setHeader('Cache-Control', 'no-store');
  // A failure mid-way cuts the download (the status is sent): the file is visibly incomplete, never silently short.
  await pipeline(Readable.from(write({ type: ask.type, range: ask.range, participants })), res);
}
