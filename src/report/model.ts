/**
 * The report's data as the page receives it (inlined as JSON): charts as
 * columns of numbers for uPlot, captions already written in words, and the
 * header's numbers. Shared by the generator and the page script.
 */
import type { InsightsView } from './sections/insights.js';

export interface SeriesSpec {
  label: string;
  /** Unit for hover values and the table, e.g. `ms`, `h`. */
  unit: string;
  values: (number | null)[];
  /** line; bar; points (no line); stack (a layer of a stacked bar); band (drawn between this series and the next). */
  kind: 'line' | 'bar' | 'points' | 'stack' | 'band';
  color: string;
  /** Second y axis on the right, for a series on another scale. */
  right?: boolean;
  /** Thin and pale: the daily values under their rolling average. */
  faint?: boolean;
  decimals?: number;
  /** Values are hours after midnight, shown as clock times. */
  clock?: boolean;
  /** Values are hours of duration, shown as `7 h 05 min` like every duration of the report. */
  duration?: boolean;
}

export interface ChartSpec {
  id: string;
  title: string;
  /** The key numbers in words: the accessible reading of the chart. */
  caption: string;
  /** `day`: x is each day (seconds since the epoch, UTC midnight); `hour`: hour of day 0..23. */
  axis: 'day' | 'hour';
  x: number[];
  series: SeriesSpec[];
  yLabel: string;
  rightLabel?: string;
}

export interface CalendarSpec {
  id: string;
  title: string;
  caption: string;
  /** One entry per day with a workout. */
  days: { day: string; minutes: number; calories: number; activities: string[] }[];
  start: string;
  end: string;
}

export interface Section {
  id: string;
  title: string;
  charts: ChartSpec[];
  calendar?: CalendarSpec;
}

export interface HeaderMetric {
  name: string;
  unit: string;
  /** Average over the report's range, or null without data. */
  value: number | null;
  /** Average over the period of the same length just before; null without data there, or when the history does not reach back to it. */
  previous: number | null;
  decimals: number;
  /** Which way is good news: a lower resting heart rate is, a lower HRV is not. */
  better: 'higher' | 'lower';
  /** The value is hours of duration, shown as `7 h 05 min`. */
  duration?: boolean;
}

export interface ReportHeader {
  start: string;
  end: string;
  days: number;
  previousStart: string;
  previousEnd: string;
  /** Whether the history holds the previous period, so the cards compare with it. */
  compared: boolean;
  syncedAt: string | null;
  metrics: HeaderMetric[];
}

/** The header and the captions for the last `days` days: what the page shows when that span is chosen. */
export interface SpanView {
  days: number;
  header: ReportHeader;
  /** Caption per chart (and calendar) id; a chart without data in the span has none. */
  captions: Record<string, string>;
}

export interface ReportModel {
  header: ReportHeader;
  sections: Section[];
  /** One line per section left out for lack of data. */
  omitted: string[];
  /** Things the reader should know about the range, e.g. that it was clipped to the history's start. */
  notes: string[];
  /** The shorter spans the page offers (30 d, 90 d, 1 y) that are shorter than the range. */
  views: SpanView[];
  /** What `oura insights` says about the whole range, in words; absent in a model built without the history's reader. */
  insights?: InsightsView;
  generatedAt: string;
}
