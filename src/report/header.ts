/** The header's numbers: averages over the range beside those of the period of the same length just before. */
import { addDays, type DayRange, daysBetween } from '../calendar/days.js';
import type { HeaderMetric, ReportHeader } from './model.js';
import type { DayValues, HistoryData, NightRow } from './queries.js';
import { mean } from './stats.js';

/** The period of the same length that ends the day before `range` starts. */
export function previousPeriod(range: DayRange): DayRange {
  const days = daysBetween(range.start, range.end) + 1;
  return { start: addDays(range.start, -days), end: addDays(range.start, -1) };
}

function within(values: DayValues, range: DayRange): number | null {
  return mean(
    [...values].filter(([day]) => day >= range.start && day <= range.end).map(([, v]) => v),
  );
}

function nightly(nights: NightRow[], range: DayRange, pick: (n: NightRow) => number | null) {
  return mean(nights.filter((n) => n.day >= range.start && n.day <= range.end).map(pick));
}

/**
 * The cards' averages over `range`, and over the period before it only when
 * the history reaches back that far: a comparison with days the history does
 * not hold would compare with nothing.
 */
export function buildHeader(
  data: HistoryData,
  range: DayRange,
  syncedAt: string | null,
  historyStart: string,
): ReportHeader {
  const previous = previousPeriod(range);
  const reachesBack = previous.start >= historyStart;
  const metric = (
    name: string,
    unit: string,
    decimals: number,
    better: HeaderMetric['better'],
    average: (r: DayRange) => number | null,
  ): HeaderMetric => ({
    name,
    unit,
    decimals,
    better,
    value: average(range),
    previous: reachesBack ? average(previous) : null,
  });
  const hours = (n: NightRow) => (n.total === null ? null : n.total / 3600);
  const metrics = [
    metric('Readiness score', '', 0, 'higher', (r) => within(data.readinessScore, r)),
    metric('Sleep score', '', 0, 'higher', (r) => within(data.sleepScore, r)),
    metric('Activity score', '', 0, 'higher', (r) => within(data.activityScore, r)),
    {
      ...metric('Total sleep', 'h', 1, 'higher', (r) => nightly(data.nights, r, hours)),
      duration: true,
    },
    metric('HRV', 'ms', 0, 'higher', (r) => nightly(data.nights, r, (n) => n.hrv)),
    metric('Resting heart rate', 'bpm', 0, 'lower', (r) =>
      nightly(data.nights, r, (n) => n.lowest_hr),
    ),
    metric('Steps', '', 0, 'higher', (r) => within(data.steps, r)),
  ].filter((m) => m.value !== null || m.previous !== null);
  return {
    start: range.start,
    end: range.end,
    days: daysBetween(range.start, range.end) + 1,
    previousStart: previous.start,
    previousEnd: previous.end,
    compared: metrics.some((m) => m.value !== null && m.previous !== null),
    syncedAt,
    metrics,
  };
}
