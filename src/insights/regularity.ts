/**
 * The Sleep Regularity Index of Phillips et al. (Scientific Reports 7, 3216,
 * 2017): the probability of being in the same state (asleep or awake) at two
 * moments 24 hours apart, scaled so that 100 is a perfectly repeated day and 0
 * a random one: SRI = −100 + 200 · (agreeing pairs / compared pairs).
 *
 * The day is cut into 5-minute epochs on the UTC grid. An epoch is asleep when
 * it lies in a sleep period and that period's 5-minute hypnogram does not mark
 * it awake (`4`); periods without a hypnogram count as asleep throughout;
 * everything else is awake. Only epochs the history covers are compared: the
 * 24 hours from noon before to noon of each day that has a sleep period (noon
 * at the UTC offset of that day's main sleep). A day without any sleep period
 * is missing data, not a day awake, and pairs touching it are left out.
 */

import type { OuraDocument } from '../api/types.js';
import { addDays, type Day } from '../calendar/days.js';
import { mainSleeps } from './daily-metrics.js';
import { parseLocalTime, wallClockMs } from './local-time.js';
import { type Answer, notEnoughData } from './stats/min-n.js';

/** The fields of a sleep period the index reads. */
export type SleepPeriodTimes = Pick<
  OuraDocument<'sleep'>,
  'day' | 'bedtime_start' | 'bedtime_end' | 'sleep_phase_5_min' | 'type' | 'time_in_bed'
>;

const EPOCH_MS = 5 * 60_000;
/** Epochs in 24 hours: the lag of the comparison. */
const EPOCHS_PER_DAY = 288;
/** Days the index looks back over, ending on the last day asked for. */
export const REGULARITY_DAYS = 28;
/** Fewest compared pairs for an index: five full days of 24-hour comparisons. */
export const MIN_SRI_PAIRS = 5 * EPOCHS_PER_DAY;

export interface SriFigures {
  /** Compared epoch pairs. */
  pairs: number;
  /** Days with a sleep period in the window. */
  days: number;
  /** The index, −100…100; NaN when nothing could be compared. */
  sri: number;
}

/** The covered epochs (noon-to-noon around each recorded day), as epoch numbers. */
function coveredSpans(periods: readonly SleepPeriodTimes[]): [number, number][] {
  const spans: [number, number][] = [];
  for (const [day, main] of mainSleeps(periods)) {
    const offsetMs = parseLocalTime(main.bedtime_start)?.offsetMs ?? 0;
    const from = wallClockMs(addDays(day, -1), 12 * 60, offsetMs);
    const to = wallClockMs(day, 12 * 60, offsetMs);
    spans.push([Math.ceil(from / EPOCH_MS), Math.ceil(to / EPOCH_MS)]);
  }
  return spans;
}

/** The SRI of the given sleep periods, every one of them counted. */
export function sleepRegularityIndex(periods: readonly SleepPeriodTimes[]): SriFigures {
  const spans = coveredSpans(periods);
  const days = spans.length;
  if (days === 0) return { pairs: 0, days, sri: Number.NaN };
  const first = Math.min(...spans.map(([from]) => from));
  const last = Math.max(...spans.map(([, to]) => to));
  const covered = new Uint8Array(last - first);
  const asleep = new Uint8Array(last - first);
  for (const [from, to] of spans) covered.fill(1, from - first, to - first);
  for (const period of periods) {
    const start = parseLocalTime(period.bedtime_start)?.ms;
    const end = parseLocalTime(period.bedtime_end)?.ms;
    if (start === undefined || end === undefined) continue;
    const hypnogram = period.sleep_phase_5_min ?? '';
    for (let k = Math.ceil(start / EPOCH_MS); k * EPOCH_MS < end; k++) {
      const index = k - first;
      if (index < 0 || index >= asleep.length) continue;
      const phase = hypnogram[Math.floor((k * EPOCH_MS - start) / EPOCH_MS)];
      if (phase !== '4') asleep[index] = 1;
    }
  }
  let pairs = 0;
  let agreeing = 0;
  for (let i = 0; i + EPOCHS_PER_DAY < covered.length; i++) {
    if (!covered[i] || !covered[i + EPOCHS_PER_DAY]) continue;
    pairs++;
    if (asleep[i] === asleep[i + EPOCHS_PER_DAY]) agreeing++;
  }
  return { pairs, days, sri: pairs === 0 ? Number.NaN : -100 + (200 * agreeing) / pairs };
}

export type RegularityAnswer = Answer<SriFigures & { start: Day; end: Day }>;

/** The SRI over the {@link REGULARITY_DAYS} days ending on `end`. */
export function regularity(sleeps: readonly SleepPeriodTimes[], end: Day): RegularityAnswer {
  const start = addDays(end, -(REGULARITY_DAYS - 1));
  const figures = sleepRegularityIndex(sleeps.filter((s) => s.day >= start && s.day <= end));
  const method =
    `Sleep Regularity Index (Phillips et al. 2017) over ${start}…${end}: the chance of being ` +
    'in the same state (asleep/awake) 24 h apart in 5-minute epochs, scaled −100…100 ' +
    '(100 = the same schedule every day); only epochs covered by recorded nights are compared.';
  return (
    notEnoughData(figures.pairs, MIN_SRI_PAIRS, method) ?? {
      status: 'ok',
      method,
      start,
      end,
      ...figures,
    }
  );
}
