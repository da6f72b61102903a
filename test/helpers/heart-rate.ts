/**
 * How many heart-rate samples the emulator serves for some local days (and
 * the samples of one day), read straight from its HTTP API (raw pages, no client of ours): the truth the
 * history and CLI tests compare with. The series is not one sample per 5
 * minutes (workouts add 5-second samples), so counts cannot be computed from days.
 */
import { addDays, type Day, localDay, startOfLocalDay } from '../../src/calendar/days.js';

interface Peer {
  url: string;
  mintTokens(): { access_token: string };
}

const WINDOW_MS = 30 * 86_400_000;

/** One sample as the emulator serves it. */
export interface HeartRateSample {
  timestamp: string;
  bpm: number;
}

/** The samples the emulator serves in [from, to) (epoch ms), page by page. */
async function* sampleRows(
  emulator: Peer,
  from: number,
  to: number,
): AsyncGenerator<HeartRateSample> {
  const token = emulator.mintTokens().access_token;
  // Oura takes at most 30 days per request.
  for (let start = from; start < to; start += WINDOW_MS) {
    const query = new URLSearchParams({
      start_datetime: new Date(start).toISOString(),
      end_datetime: new Date(Math.min(to, start + WINDOW_MS)).toISOString(),
    });
    for (;;) {
      const response = await fetch(`${emulator.url}/v2/usercollection/heartrate?${query}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      if (!response.ok) throw new Error(`heartrate: HTTP ${response.status}`);
      const page = (await response.json()) as {
        data: HeartRateSample[];
        next_token: string | null;
      };
      yield* page.data;
      if (!page.next_token) break;
      query.set('next_token', page.next_token);
    }
  }
}

/** Samples per local day from `first` through `last` (days without samples are absent). */
export async function heartRateByDay(
  emulator: Peer,
  first: Day,
  last: Day,
): Promise<Map<Day, number>> {
  const from = startOfLocalDay(first).getTime();
  const to = startOfLocalDay(addDays(last, 1)).getTime();
  const days = new Map<Day, number>();
  for await (const { timestamp } of sampleRows(emulator, from, to)) {
    const day = localDay(new Date(timestamp));
    days.set(day, (days.get(day) ?? 0) + 1);
  }
  return days;
}

/** Samples from the instant `from` up to `to` (epoch ms, `to` excluded). */
export async function heartRateInstants(emulator: Peer, from: number, to: number): Promise<number> {
  let total = 0;
  for await (const _ of sampleRows(emulator, from, to)) total++;
  return total;
}

/** Samples from the start of `first` to the start of the day after `last`, local time. */
export async function heartRateSamples(emulator: Peer, first: Day, last: Day): Promise<number> {
  let total = 0;
  for (const count of (await heartRateByDay(emulator, first, last)).values()) total += count;
  return total;
}

/** Every sample of one local day, in time order. */
export async function heartRateOfDay(emulator: Peer, day: Day): Promise<HeartRateSample[]> {
  const from = startOfLocalDay(day).getTime();
  const to = startOfLocalDay(addDays(day, 1)).getTime();
  const samples: HeartRateSample[] = [];
  for await (const sample of sampleRows(emulator, from, to)) samples.push(sample);
  return samples;
}
