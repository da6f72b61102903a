/**
 * Sleep debt against a personal need. The need is the 75th percentile of the
 * person's own daily total sleep over the 90 days ending on the last day: most
 * people sleep less than they need on most nights, so their typical night
 * underestimates it, while the upper quartile reflects the nights they could
 * sleep in, without the rare long recovery nights of the top few percent.
 * Debt over k days is the sum of (need − total sleep) over the nights of those
 * k days that have data; surplus nights pay debt back, so it can be negative.
 */
import { addDays, type Day } from '../calendar/days.js';
import { quantile } from './stats/descriptive.js';
import { type Answer, notEnoughData } from './stats/min-n.js';

/** Days whose sleep estimates the need. */
export const NEED_DAYS = 90;
/** The quantile of daily total sleep taken as the need. */
export const NEED_QUANTILE = 0.75;
/** Fewest nights for a need estimate. */
export const MIN_NEED_NIGHTS = 28;
/** The debt windows and the fewest nights with data each needs. */
export const DEBT_WINDOWS = [
  { days: 7, minNights: 5 },
  { days: 14, minNights: 10 },
] as const;

export type DebtWindow = Answer<{ days: number; n: number; debt_hours: number }>;

export type SleepDebtAnswer = Answer<{
  end: Day;
  /** Nights the need was estimated from. */
  n: number;
  need_hours: number;
  windows: DebtWindow[];
}>;

/** Sleep debt over 7 and 14 days ending on `end`, from total sleep hours per day. */
export function sleepDebt(totalSleep: ReadonlyMap<Day, number>, end: Day): SleepDebtAnswer {
  const nights = (days: number) => {
    const from = addDays(end, -(days - 1));
    return [...totalSleep].filter(([day]) => day >= from && day <= end).map(([, hours]) => hours);
  };
  const history = nights(NEED_DAYS);
  const method =
    `Need: the ${NEED_QUANTILE * 100}th percentile (numpy linear) of daily total sleep over the ` +
    `${NEED_DAYS} days ending ${end}. Debt: the sum of (need − sleep) over the nights with data in ` +
    'the last 7 and 14 days; negative means more sleep than the need.';
  const refusal = notEnoughData(history.length, MIN_NEED_NIGHTS, method);
  if (refusal) return refusal;
  const need = quantile(history, NEED_QUANTILE);
  const windows = DEBT_WINDOWS.map(({ days, minNights }): DebtWindow => {
    const recent = nights(days);
    const words = `Debt over the ${days} days ending ${end}, from ${recent.length} nights with data.`;
    return (
      notEnoughData(recent.length, minNights, words) ?? {
        status: 'ok',
        method: words,
        days,
        n: recent.length,
        debt_hours: recent.reduce((sum, hours) => sum + (need - hours), 0),
      }
    );
  });
  return { status: 'ok', method, end, n: history.length, need_hours: need, windows };
}
