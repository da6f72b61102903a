/**
 * How long each sample of a time series stands for, so that a mean over the
 * series weighs time, not readings. Oura's heart rate comes every 5 minutes,
 * and every 5 seconds during a workout: a plain mean of one day's samples
 * counts an hour of running 60 times as much as an hour of rest.
 */

/**
 * The longest time one sample stands for in an average: Oura's interval
 * between samples while the ring is worn. A longer gap means the ring was off
 * (or not measuring), and the last reading before it says nothing about it.
 */
export const MAX_SAMPLE_SPAN_MS = 5 * 60_000;

/**
 * The span of each sample: the time until the next sample, at most `maxSpanMs`
 * (a ring taken off for the night leaves a gap no single reading may stand
 * for). The last sample stands for `maxSpanMs`; samples taken at the same
 * instant share their span. `instantsMs` must be in ascending order.
 */
export function sampleSpans(instantsMs: readonly number[], maxSpanMs: number): number[] {
  const spans: number[] = [];
  for (let i = 0; i < instantsMs.length; ) {
    const at = instantsMs[i] as number;
    let j = i + 1;
    while (j < instantsMs.length && instantsMs[j] === at) j++;
    const next = instantsMs[j];
    const span = next === undefined ? maxSpanMs : Math.min(next - at, maxSpanMs);
    for (let k = i; k < j; k++) spans.push(span / (j - i));
    i = j;
  }
  return spans;
}
