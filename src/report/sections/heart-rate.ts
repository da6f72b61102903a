/** Heart rate through a typical day: the median and the middle half of all samples, per hour of day. */
import { COLORS } from '../axis.js';
import type { Section } from '../model.js';
import { histogramQuantile } from '../stats.js';
import { clock } from '../words.js';

export function heartRateSection(histogram: [number, number, number][]): Section | undefined {
  if (histogram.length === 0) return undefined;
  const hours = Array.from({ length: 24 }, () => new Map<number, number>());
  let samples = 0;
  for (const [hour, bpm, n] of histogram) {
    hours[hour]?.set(bpm, n);
    samples += n;
  }
  const q = (p: number) => hours.map((h) => histogramQuantile(h, p));
  const p25 = q(0.25);
  const p50 = q(0.5);
  const p75 = q(0.75);
  const withMedian = p50.flatMap((v, hour) => (v === null ? [] : [{ hour, v }]));
  const low = withMedian.reduce((a, b) => (b.v < a.v ? b : a));
  const high = withMedian.reduce((a, b) => (b.v > a.v ? b : a));
  return {
    id: 'heart-rate',
    title: 'Heart rate',
    charts: [
      {
        id: 'heart-rate-day',
        title: 'A typical day of heart rate',
        caption:
          `From ${samples.toLocaleString('en-US')} samples: your heart rate was lowest around ${clock(low.hour)} ` +
          `(median ${low.v} bpm) and highest around ${clock(high.hour)} (median ${high.v} bpm). ` +
          'The shaded band holds the middle half of the samples of each hour.',
        axis: 'hour',
        x: hours.map((_, hour) => hour),
        yLabel: 'bpm',
        series: [
          { label: '75th percentile', unit: 'bpm', values: p75, kind: 'band', color: COLORS.heart },
          {
            label: '25th percentile',
            unit: 'bpm',
            values: p25,
            kind: 'line',
            color: COLORS.heart,
            faint: true,
          },
          { label: 'Median', unit: 'bpm', values: p50, kind: 'line', color: COLORS.heart },
        ],
      },
    ],
  };
}
