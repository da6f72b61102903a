/**
 * Where insights get their documents: the caller hands them over, as arrays
 * per type or as a function that reads a type over a day range (the CLI and
 * the MCP server feed it from the history). Insights never open a database.
 */

import type { OuraDocument } from '../api/types.js';
import type { Day, DayRange } from '../calendar/days.js';

/** The data types insights read. */
export const INSIGHT_TYPES = [
  'sleep',
  'daily_sleep',
  'daily_readiness',
  'daily_activity',
  'enhanced_tag',
  'workout',
] as const;

export type InsightType = (typeof INSIGHT_TYPES)[number];

/**
 * The fields insights read of each type, besides its day: a reader may hand
 * over documents cut to these (the history reads them without parsing whole
 * documents; test/insights-cli.test.ts holds the answers to those from whole ones).
 */
export const INSIGHT_FIELDS: { readonly [T in InsightType]: readonly string[] } = {
  sleep: [
    'type',
    'bedtime_start',
    'bedtime_end',
    'time_in_bed',
    'total_sleep_duration',
    'lowest_heart_rate',
    'average_hrv',
    'sleep_phase_5_min',
  ],
  daily_sleep: ['score'],
  daily_readiness: ['score', 'temperature_deviation'],
  daily_activity: ['score', 'steps', 'active_calories'],
  enhanced_tag: ['tag_type_code', 'custom_name', 'start_day'],
  workout: ['activity', 'calories', 'end_datetime'],
};

/** Documents per type, each list in any order. */
export type InsightDocuments = { [T in InsightType]: OuraDocument<T>[] };

/** A reader of one type over an inclusive range of days. */
export type DocumentReader = <T extends InsightType>(
  type: T,
  range: DayRange,
) => Iterable<OuraDocument<T>>;

/** What insights accept: documents per type (missing types count as none), or a reader. */
export type InsightSource =
  | Partial<{ [T in InsightType]: Iterable<OuraDocument<T>> }>
  | DocumentReader;

/** The day a document is filed under (an enhanced tag's is its `start_day`). */
export function dayOf(type: InsightType, doc: OuraDocument<InsightType>): Day {
  return type === 'enhanced_tag'
    ? (doc as OuraDocument<'enhanced_tag'>).start_day
    : (doc as { day: Day }).day;
}

/** The documents of `range`, read once per type. */
export function loadDocuments(source: InsightSource, range: DayRange): InsightDocuments {
  const read = <T extends InsightType>(type: T): OuraDocument<T>[] => {
    const docs = typeof source === 'function' ? source(type, range) : (source[type] ?? []);
    const out: OuraDocument<T>[] = [];
    for (const doc of docs as Iterable<OuraDocument<T>>) {
      const day = dayOf(type, doc);
      if (day >= range.start && day <= range.end) out.push(doc);
    }
    return out;
  };
  return {
    sleep: read('sleep'),
    daily_sleep: read('daily_sleep'),
    daily_readiness: read('daily_readiness'),
    daily_activity: read('daily_activity'),
    enhanced_tag: read('enhanced_tag'),
    workout: read('workout'),
  };
}
