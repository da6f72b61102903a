/**
 * Daily columns folded into weeks, for daily bar charts whose days do not
 * fit the chart's width. The page calls it when it knows that width, so the
 * generator inlines `weeklyMeans.toString()` next to the page script: it must
 * use nothing from outside its own body.
 */

/** Daily columns as weeks: one entry per week that holds a day of the axis. */
export interface WeeklyColumns {
  /** Each week's Thursday (seconds, UTC midnight): the middle of its Monday-to-Sunday days. */
  x: number[];
  /** Per column, the mean of each week's days with data; null for a week without any. */
  values: (number | null)[][];
  /** Per column, how many days of each week had data. */
  counts: number[][];
}

/**
 * The weekly means of daily columns. Weeks start on Monday (ISO 8601), in
 * UTC like the page's day axis. The weeks at either end may be partial:
 * their mean counts only the days the axis holds, and a missing day (null)
 * counts in no week.
 *
 * @param x each day as seconds since the epoch at UTC midnight, ascending.
 * @param columns one value per day of `x` each.
 */
export function weeklyMeans(
  x: readonly number[],
  columns: readonly (readonly (number | null | undefined)[])[],
): WeeklyColumns {
  const DAY = 86_400;
  const weeks: number[] = [];
  // The week of each day, as an index into `weeks`.
  const weekOf = x.map((day) => {
    // getUTCDay counts from Sunday (0): days since Monday, then three more to Thursday.
    const thursday = day + (3 - ((new Date(day * 1000).getUTCDay() + 6) % 7)) * DAY;
    if (weeks[weeks.length - 1] !== thursday) weeks.push(thursday);
    return weeks.length - 1;
  });
  const fold = (column: readonly (number | null | undefined)[]) => {
    const sums = weeks.map(() => 0);
    const counts = weeks.map(() => 0);
    column.forEach((v, i) => {
      const week = weekOf[i];
      if (v === null || v === undefined || !Number.isFinite(v) || week === undefined) return;
      sums[week] = (sums[week] ?? 0) + v;
      counts[week] = (counts[week] ?? 0) + 1;
    });
    return {
      values: sums.map((sum, week) => {
        const n = counts[week] ?? 0;
        return n === 0 ? null : sum / n;
      }),
      counts,
    };
  };
  const folded = columns.map(fold);
  return { x: weeks, values: folded.map((f) => f.values), counts: folded.map((f) => f.counts) };
}
