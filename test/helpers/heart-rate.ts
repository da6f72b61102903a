/**
 * How many heart-rate samples the emulator serves for some local days, read
 * straight from its HTTP API (raw pages, no client of ours): the truth the
 * history and CLI tests compare with. The series is not one sample per 5
 * minutes (workouts add 5-second samples), so counts cannot be computed from days.
 */
import { addDays, type Day, localDay, startOfLocalDay } from '../../src/api/days.js';

interface Peer {
  url: string;
  mintTokens(): { access_token: string };
}

const WINDOW_MS = 30 * 86_400_000;

/** Samples per local day from `first` through `last` (days without samples are absent). */
export async function heartRateByDay(
  emulator: Peer,
  first: Day,
  last: Day,
): Promise<Map<Day, number>> {
  const token = emulator.mintTokens().access_token;
  const end = startOfLocalDay(addDays(last, 1)).getTime();
  const days = new Map<Day, number>();
  // Oura takes at most 30 days per request.
  for (let from = startOfLocalDay(first).getTime(); from < end; from += WINDOW_MS) {
    const query = new URLSearchParams({
      start_datetime: new Date(from).toISOString(),
      end_datetime: new Date(Math.min(end, from + WINDOW_MS)).toISOString(),
    });
    for (;;) {
      const response = await fetch(`${emulator.url}/v2/usercollection/heartrate?${query}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      if (!response.ok) throw new Error(`heartrate: HTTP ${response.status}`);
      const page = (await response.json()) as {
        data: { timestamp: string }[];
        next_token: string | null;
      };
      for (const sample of page.data) {
        const day = localDay(new Date(sample.timestamp));
        days.set(day, (days.get(day) ?? 0) + 1);
      }
      if (!page.next_token) break;
      query.set('next_token', page.next_token);
    }
  }
  return days;
}

/** Samples from the start of `first` to the start of the day after `last`, local time. */
export async function heartRateSamples(emulator: Peer, first: Day, last: Day): Promise<number> {
  let total = 0;
  for (const count of (await heartRateByDay(emulator, first, last)).values()) total += count;
  return total;
}
