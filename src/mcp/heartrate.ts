/**
 * Heart rate arrives every 5 minutes, and every few seconds during workouts:
 * thousands of samples a week, too many for an assistant's context and rarely
 * what it needs. By default the tools hand over min / average / max per local hour (per local day for long
 * ranges) instead, saying so in a note.
 */
import { localDay, toLocalIso } from '../api/days.js';

/** Ranges longer than this are summarised per day rather than per hour. */
export const HOURLY_MAX_DAYS = 14;

/** One bucket of heart-rate samples. */
export interface HeartRateBucket {
  /** Start of the local hour (ISO 8601 with offset) or the local day (`YYYY-MM-DD`). */
  period: string;
  min_bpm: number;
  avg_bpm: number;
  max_bpm: number;
  samples: number;
  /** Where the samples came from (awake, rest, sleep, workout, live, session). */
  sources: string[];
}

export type Granularity = 'hour' | 'day';

interface Acc {
  min: number;
  max: number;
  sum: number;
  n: number;
  sources: Set<string>;
}

function periodOf(ms: number, granularity: Granularity): string {
  const date = new Date(ms);
  if (granularity === 'day') return localDay(date);
  date.setMinutes(0, 0, 0);
  return toLocalIso(date);
}

/** Buckets samples (`{bpm, source, timestamp}`) by local hour or day, in time order. */
export function summariseHeartRate(
  samples: Iterable<unknown>,
  granularity: Granularity,
): HeartRateBucket[] {
  const buckets = new Map<string, Acc>();
  for (const sample of samples) {
    const { bpm, source, timestamp } = (sample ?? {}) as Record<string, unknown>;
    if (typeof bpm !== 'number' || typeof timestamp !== 'string') continue;
    const ms = Date.parse(timestamp);
    if (Number.isNaN(ms)) continue;
    const key = periodOf(ms, granularity);
    let acc = buckets.get(key);
    if (!acc) {
      acc = { min: bpm, max: bpm, sum: 0, n: 0, sources: new Set() };
      buckets.set(key, acc);
    }
    acc.min = Math.min(acc.min, bpm);
    acc.max = Math.max(acc.max, bpm);
    acc.sum += bpm;
    acc.n++;
    if (typeof source === 'string') acc.sources.add(source);
  }
  // Local hour keys with offsets sort as text within a zone; sort by instant to survive DST.
  return [...buckets.entries()]
    .sort(([a], [b]) => Date.parse(a) - Date.parse(b))
    .map(([period, acc]) => ({
      period,
      min_bpm: acc.min,
      avg_bpm: Math.round(acc.sum / acc.n),
      max_bpm: acc.max,
      samples: acc.n,
      sources: [...acc.sources].sort(),
    }));
}
