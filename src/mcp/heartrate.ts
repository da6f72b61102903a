/**
 * Heart rate arrives every 5 minutes, and every few seconds during workouts:
 * thousands of samples a week, too many for an assistant's context and rarely
 * what it needs. By default the tools hand over min / average / max per local hour (per local day for long
 * ranges) instead, saying so in a note. The average is weighted by time (see
 * `MAX_SAMPLE_SPAN_MS`), so a workout's dense samples do not outvote the rest of the day.
 */
import { localDay, toLocalIso } from '../calendar/days.js';
import { MAX_SAMPLE_SPAN_MS, sampleSpans } from '../series/sample-spans.js';

/** Ranges longer than this are summarised per day rather than per hour. */
export const HOURLY_MAX_DAYS = 14;

/** Min, time-weighted average and max of some samples, with their n. */
export interface HeartRateStats {
  min_bpm: number;
  /** Mean over time: each sample counts for the minutes it stands for. */
  avg_bpm: number;
  max_bpm: number;
  samples: number;
  /** The time the samples stand for, in minutes (what `avg_bpm` is weighted by). */
  minutes: number;
  /** Where the samples came from (awake, rest, sleep, workout, live, session). */
  sources: string[];
}

/** One bucket of heart-rate samples. */
export interface HeartRateBucket extends HeartRateStats {
  /** Start of the local hour (ISO 8601 with offset) or the local day (`YYYY-MM-DD`). */
  period: string;
}

export type Granularity = 'hour' | 'day';

interface Sample {
  ms: number;
  bpm: number;
  source: unknown;
}

interface Acc {
  min: number;
  max: number;
  /** Sum of bpm × span. */
  weighted: number;
  spanMs: number;
  n: number;
  sources: Set<string>;
}

function periodOf(ms: number, granularity: Granularity): string {
  const date = new Date(ms);
  if (granularity === 'day') return localDay(date);
  date.setMinutes(0, 0, 0);
  return toLocalIso(date);
}

/** The usable samples (`{bpm, source, timestamp}`), in time order. */
function parseSamples(samples: Iterable<unknown>): Sample[] {
  const out: Sample[] = [];
  for (const sample of samples) {
    const { bpm, source, timestamp } = (sample ?? {}) as Record<string, unknown>;
    if (typeof bpm !== 'number' || typeof timestamp !== 'string') continue;
    const ms = Date.parse(timestamp);
    if (!Number.isNaN(ms)) out.push({ ms, bpm, source });
  }
  return out.sort((a, b) => a.ms - b.ms);
}

/**
 * Accumulates the samples per key, each weighted by its span over the whole
 * series; a sample's span counts in the period the sample falls in.
 */
function accumulate(samples: Iterable<unknown>, keyOf: (ms: number) => string): Map<string, Acc> {
  const parsed = parseSamples(samples);
  const spans = sampleSpans(
    parsed.map((s) => s.ms),
    MAX_SAMPLE_SPAN_MS,
  );
  const accs = new Map<string, Acc>();
  parsed.forEach(({ ms, bpm, source }, i) => {
    const span = spans[i] ?? 0;
    const key = keyOf(ms);
    let acc = accs.get(key);
    if (!acc) {
      acc = { min: bpm, max: bpm, weighted: 0, spanMs: 0, n: 0, sources: new Set() };
      accs.set(key, acc);
    }
    acc.min = Math.min(acc.min, bpm);
    acc.max = Math.max(acc.max, bpm);
    acc.weighted += bpm * span;
    acc.spanMs += span;
    acc.n++;
    if (typeof source === 'string') acc.sources.add(source);
  });
  return accs;
}

function statsOf(acc: Acc): HeartRateStats {
  return {
    min_bpm: acc.min,
    avg_bpm: Math.round(acc.weighted / acc.spanMs),
    max_bpm: acc.max,
    samples: acc.n,
    minutes: Math.round(acc.spanMs / 6_000) / 10,
    sources: [...acc.sources].sort(),
  };
}

/** Buckets samples (`{bpm, source, timestamp}`) by local hour or day, in time order. */
export function summariseHeartRate(
  samples: Iterable<unknown>,
  granularity: Granularity,
): HeartRateBucket[] {
  const buckets = accumulate(samples, (ms) => periodOf(ms, granularity));
  // Local hour keys with offsets sort as text within a zone; sort by instant to survive DST.
  return [...buckets.entries()]
    .sort(([a], [b]) => Date.parse(a) - Date.parse(b))
    .map(([period, acc]) => ({ period, ...statsOf(acc) }));
}

/** The statistics of all the samples together; undefined when there is none. */
export function overallHeartRate(samples: Iterable<unknown>): HeartRateStats | undefined {
  const acc = accumulate(samples, () => 'all').get('all');
  return acc ? statsOf(acc) : undefined;
}
