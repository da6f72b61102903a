/**
 * Heart-rate samples into a histogram per local hour of day, fast: parsing a
 * date per sample costs more than all the rest of the report for two years
 * (210,000 samples), so each distinct UTC hour (with its offset) is turned
 * into local time once and every sample in it only adds its minutes.
 */
import { addDays, type DayRange, localDay, startOfLocalDay } from '../calendar/days.js';

interface HourStart {
  /** Local minutes after midnight at the start of the source hour. */
  minutes: number;
  /** Local day at the start of the source hour. */
  day: string;
  /** False if the local offset changes within the hour (a DST switch): its samples take the slow way. */
  steady: boolean;
}

export class HourHistogram {
  private readonly starts = new Map<string, HourStart>();
  /** counts[hour * 256 + bpm]. */
  private readonly counts = new Uint32Array(24 * 256);

  constructor(private readonly range: DayRange) {}

  /** ISO 8601 bounds, a day wider than the range on each side, for a cheap pre-filter on UTC text. */
  static looseBounds(range: DayRange): [string, string] {
    const from = startOfLocalDay(addDays(range.start, -1)).toISOString().slice(0, 19);
    const to = startOfLocalDay(addDays(range.end, 2)).toISOString().slice(0, 19);
    return [from, to];
  }

  /** Adds one sample at `timestamp` (ISO 8601 with an offset, as Oura sends it). */
  add(timestamp: string, bpm: number): void {
    const offset = timestamp.endsWith('Z') ? 'Z' : timestamp.slice(-6);
    const key = timestamp.slice(0, 13) + offset;
    let start = this.starts.get(key);
    if (!start) {
      const at = new Date(`${key.slice(0, 13)}:00:00${offset}`);
      const end = new Date(at.getTime() + 59 * 60_000);
      start = {
        minutes: at.getHours() * 60 + at.getMinutes(),
        day: localDay(at),
        steady: end.getTimezoneOffset() === at.getTimezoneOffset(),
      };
      this.starts.set(key, start);
    }
    let total: number;
    let day: string;
    if (start.steady) {
      total = start.minutes + Number(timestamp.slice(14, 16));
      // Past local midnight the sample belongs to the next day.
      day = total >= 1440 ? addDays(start.day, 1) : start.day;
    } else {
      const at = new Date(timestamp);
      total = at.getHours() * 60 + at.getMinutes();
      day = localDay(at);
    }
    if (day < this.range.start || day > this.range.end) return;
    const hour = Math.floor(total / 60) % 24;
    const cell = hour * 256 + Math.max(0, Math.min(255, Math.round(bpm)));
    this.counts[cell] = (this.counts[cell] ?? 0) + 1;
  }

  /** [hour, bpm, count] for every non-empty cell. */
  cells(): [number, number, number][] {
    const out: [number, number, number][] = [];
    this.counts.forEach((n, i) => {
      if (n > 0) out.push([Math.floor(i / 256), i % 256, n]);
    });
    return out;
  }
}
