/**
 * The morning check-in: one compact row per day from four data types, with
 * what stands out. Pure functions over documents, so the rules are testable
 * without a server.
 *
 * Score bands follow Oura's own: 85+ optimal, 70–84 good, below 70 "pay
 * attention" (https://ouraring.com/blog/readiness-score/).
 */

import type { ListOptions } from '../api/client.js';
import type { ListType } from '../api/types.js';
import { type DayRange, daysOf } from '../calendar/days.js';
import { formatDuration } from '../text/duration.js';

/** Below this a score (or contributor) is called out. */
export const LOW_SCORE = 70;
/** Less main-period sleep than this is called out. */
export const SHORT_SLEEP_SECONDS = 6 * 3600;
/** A body temperature deviation at least this far above baseline is called out (°C). */
export const WARM_DEVIATION = 0.5;

/** One day of the check-in. Null means the ring has no such data for the day. */
export interface CheckinRow {
  day: string;
  sleep_score: number | null;
  /** Sleep of the main period (the longest `long_sleep`), e.g. `7h 32m`. */
  sleep_duration: string | null;
  sleep_seconds: number | null;
  readiness_score: number | null;
  /** The readiness contributor (1–100): HRV against the person's own baseline. */
  hrv_balance: number | null;
  /** Average HRV (ms, RMSSD) of the main sleep period. */
  average_hrv_ms: number | null;
  /** Lowest heart rate of the main sleep period (bpm), Oura's resting heart rate. */
  resting_heart_rate: number | null;
  activity_score: number | null;
  steps: number | null;
  notes: string[];
}

/** The documents the check-in reads (only the fields it asks for). */
export interface CheckinSources {
  dailySleep: readonly Record<string, unknown>[];
  sleep: readonly Record<string, unknown>[];
  readiness: readonly Record<string, unknown>[];
  activity: readonly Record<string, unknown>[];
}

/** The fields asked of each type: keeps the requests small (daily_activity is ~8 kB a day in full). */
export const CHECKIN_FIELDS = {
  daily_sleep: ['day', 'score'],
  sleep: ['day', 'type', 'total_sleep_duration', 'lowest_heart_rate', 'average_hrv'],
  daily_readiness: ['day', 'score', 'contributors', 'temperature_deviation'],
  daily_activity: ['day', 'score', 'steps'],
} as const;

function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function byDay(docs: readonly Record<string, unknown>[]): Map<string, Record<string, unknown>> {
  const map = new Map<string, Record<string, unknown>>();
  for (const doc of docs) if (typeof doc.day === 'string') map.set(doc.day, doc);
  return map;
}

/** The night's main period: the longest `long_sleep`, else the longest of any kind. */
function mainPeriods(
  docs: readonly Record<string, unknown>[],
): Map<string, Record<string, unknown>> {
  const rank = (d: Record<string, unknown>) =>
    (d.type === 'long_sleep' ? 1e9 : 0) + (num(d.total_sleep_duration) ?? 0);
  const map = new Map<string, Record<string, unknown>>();
  for (const doc of docs) {
    if (typeof doc.day !== 'string') continue;
    const best = map.get(doc.day);
    if (!best || rank(doc) > rank(best)) map.set(doc.day, doc);
  }
  return map;
}

/** One row per day of `range`, oldest first. `today` marks the day still in progress. */
export function buildCheckin(
  range: DayRange,
  sources: CheckinSources,
  today: string,
): CheckinRow[] {
  const dailySleep = byDay(sources.dailySleep);
  const readiness = byDay(sources.readiness);
  const activity = byDay(sources.activity);
  const periods = mainPeriods(sources.sleep);
  const rows: CheckinRow[] = [];
  for (const day of daysOf(range)) {
    const period = periods.get(day);
    const ready = readiness.get(day);
    const contributors = (ready?.contributors ?? {}) as Record<string, unknown>;
    const seconds = num(period?.total_sleep_duration);
    const row: CheckinRow = {
      day,
      sleep_score: num(dailySleep.get(day)?.score),
      sleep_duration: seconds === null ? null : formatDuration(seconds),
      sleep_seconds: seconds,
      readiness_score: num(ready?.score),
      hrv_balance: num(contributors.hrv_balance),
      average_hrv_ms: num(period?.average_hrv),
      resting_heart_rate: num(period?.lowest_heart_rate),
      activity_score: num(activity.get(day)?.score),
      steps: num(activity.get(day)?.steps),
      notes: [],
    };
    row.notes = notesFor(row, num(ready?.temperature_deviation), day === today);
    rows.push(row);
  }
  return rows;
}

function notesFor(row: CheckinRow, temperature: number | null, inProgress: boolean): string[] {
  const notes: string[] = [];
  const missing = [
    row.sleep_score === null && row.sleep_seconds === null ? 'sleep' : null,
    row.readiness_score === null ? 'readiness' : null,
    row.activity_score === null && row.steps === null && !inProgress ? 'activity' : null,
  ].filter((m): m is string => m !== null);
  if (missing.length === 3) notes.push('no data (ring not worn or not synced?)');
  else if (missing.length > 0) notes.push(`no ${missing.join(' or ')} data`);
  const low = (label: string, value: number | null) => {
    if (value !== null && value < LOW_SCORE) notes.push(`low ${label} (${value})`);
  };
  low('sleep score', row.sleep_score);
  low('readiness', row.readiness_score);
  low('HRV balance', row.hrv_balance);
  if (!inProgress) low('activity score', row.activity_score);
  if (row.sleep_seconds !== null && row.sleep_seconds < SHORT_SLEEP_SECONDS) {
    notes.push(`short sleep (${row.sleep_duration})`);
  }
  if (temperature !== null && temperature >= WARM_DEVIATION) {
    notes.push(`body temperature +${temperature.toFixed(1)} °C above baseline`);
  }
  if (inProgress) notes.push('today: activity still counting');
  return notes;
}

/** Means over the days that have the value, rounded; null when none has it. */
export function averagesOf(rows: readonly CheckinRow[]): Record<string, number | null> {
  const mean = (pick: (r: CheckinRow) => number | null, digits = 0) => {
    const values = rows.map(pick).filter((v): v is number => v !== null);
    if (values.length === 0) return null;
    const f = 10 ** digits;
    return Math.round((values.reduce((a, b) => a + b, 0) / values.length) * f) / f;
  };
  return {
    sleep_score: mean((r) => r.sleep_score),
    sleep_hours: mean((r) => (r.sleep_seconds === null ? null : r.sleep_seconds / 3600), 1),
    readiness_score: mean((r) => r.readiness_score),
    hrv_balance: mean((r) => r.hrv_balance),
    resting_heart_rate: mean((r) => r.resting_heart_rate),
    activity_score: mean((r) => r.activity_score),
    steps: mean((r) => r.steps),
  };
}

/** A fixed-width table: compact for a model, readable if shown to a person. */
export function checkinTable(rows: readonly CheckinRow[]): string {
  const cell = (v: number | string | null) => (v === null ? '–' : String(v));
  const header = [
    'day',
    'sleep',
    'duration',
    'ready',
    'hrv_bal',
    'rhr',
    'activity',
    'steps',
    'notes',
  ];
  const body = rows.map((r) => [
    r.day,
    cell(r.sleep_score),
    cell(r.sleep_duration),
    cell(r.readiness_score),
    cell(r.hrv_balance),
    cell(r.resting_heart_rate),
    cell(r.activity_score),
    cell(r.steps),
    r.notes.join('; '),
  ]);
  const widths = header.map((h, i) =>
    Math.max(h.length, ...body.map((row) => (row[i] ?? '').length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), ...body.map(line)].join('\n');
}

/** The types the check-in reads, in the order {@link fetchCheckinSources} fetches them. */
const CHECKIN_TYPES = ['daily_sleep', 'sleep', 'daily_readiness', 'daily_activity'] as const;

/** What a check-in needs of a client: listing documents. */
export interface CheckinClient {
  list(type: ListType, range: DayRange, options: ListOptions): AsyncIterable<unknown>;
  /**
   * The check-in's fields at once, where a client keeps them in columns (the
   * local history): what `list` with {@link CHECKIN_FIELDS} would give, faster.
   */
  checkinSources?(range: DayRange): CheckinSources;
}

/**
 * Fetches the four types at once (only the fields the check-in reads). A type
 * that fails leaves its part empty and is returned in `failures`, so the
 * caller decides whether one failure spoils the whole check-in.
 */
export async function fetchCheckinSources(
  client: CheckinClient,
  range: DayRange,
): Promise<{ sources: CheckinSources; failures: { type: string; error: unknown }[] }> {
  if (client.checkinSources) {
    try {
      return { sources: client.checkinSources(range), failures: [] };
    } catch (error) {
      const none = { dailySleep: [], sleep: [], readiness: [], activity: [] };
      return { sources: none, failures: CHECKIN_TYPES.map((type) => ({ type, error })) };
    }
  }
  const settled = await Promise.allSettled(
    CHECKIN_TYPES.map(async (type) => {
      const docs: Record<string, unknown>[] = [];
      for await (const doc of client.list(type, range, { fields: [...CHECKIN_FIELDS[type]] })) {
        docs.push(doc as Record<string, unknown>);
      }
      return docs;
    }),
  );
  const docs = settled.map((s) => (s.status === 'fulfilled' ? s.value : []));
  return {
    sources: {
      dailySleep: docs[0] ?? [],
      sleep: docs[1] ?? [],
      readiness: docs[2] ?? [],
      activity: docs[3] ?? [],
    },
    failures: settled.flatMap((s, i) =>
      s.status === 'rejected' ? [{ type: CHECKIN_TYPES[i] ?? '', error: s.reason }] : [],
    ),
  };
}
