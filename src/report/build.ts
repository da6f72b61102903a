/** From the history's rows to the report's model: the header, each section, the sections left out, and the shorter spans. */
import { addDays, type DayRange } from '../calendar/days.js';
import { dayAxis } from './axis.js';
import type { ReportScope } from './coverage.js';
import { buildHeader, previousPeriod } from './header.js';
import type { ReportModel, Section, SpanView } from './model.js';
import type { HistoryData } from './queries.js';
import { activitySection } from './sections/activity.js';
import { heartRateSection } from './sections/heart-rate.js';
import { BASELINE_DAYS, recoverySection, scoresSection } from './sections/scores.js';
import { sleepSection } from './sections/sleep.js';
import { singleValueSection, spo2Section, stressSection } from './sections/wellbeing.js';

/** The spans of the page's range buttons (30 d, 90 d, 1 y), in days. */
export const SPANS = [30, 90, 365] as const;

/**
 * The first day the report reads: the comparison period, and the days the
 * rolling averages and baselines of the range's first days count.
 */
export function leadInStart(range: DayRange): string {
  const previous = previousPeriod(range).start;
  const baseline = addDays(range.start, -(BASELINE_DAYS - 1));
  // Days as YYYY-MM-DD sort as text; the earlier of the two.
  return [previous, baseline].sort()[0] ?? baseline;
}

/** Each section for `range`, or undefined where the history has no data for it. */
function plannedSections(data: HistoryData, range: DayRange): [string, Section | undefined][] {
  const axis = dayAxis(range);
  // The data also covers the lead-in; the charts show the range only, and the
  // averages that look back (scores, baselines) are handed the lead-in too.
  const inRange = <T extends { day: string }>(rows: T[]) =>
    rows.filter((r) => r.day >= range.start && r.day <= range.end);
  const nights = inRange(data.nights);
  const clip = <T>(values: Map<string, T>) =>
    new Map([...values].filter(([day]) => day >= range.start && day <= range.end));
  return [
    ['Sleep', sleepSection(axis, nights)],
    [
      'Scores',
      scoresSection(axis, {
        readiness: data.readinessScore,
        sleep: data.sleepScore,
        activity: data.activityScore,
      }),
    ],
    ['HRV and resting heart rate', recoverySection(axis, data.nights)],
    [
      'Activity',
      activitySection(axis, range, {
        steps: clip(data.steps),
        calories: clip(data.activeCalories),
        workouts: inRange(data.workouts),
      }),
    ],
    ['Heart rate', heartRateSection(data.heartRateHistogram)],
    [
      'Stress and resilience',
      stressSection(axis, {
        stress: clip(data.stressHigh),
        recovery: clip(data.recoveryHigh),
        resilience: clip(data.resilience),
      }),
    ],
    [
      'Blood oxygen and breathing',
      spo2Section(axis, clip(data.spo2), clip(data.breathingDisturbance)),
    ],
    [
      'Cardiovascular age',
      singleValueSection(
        axis,
        {
          id: 'cardiovascular-age',
          title: 'Cardiovascular age',
          name: 'Cardiovascular age',
          unit: 'years',
        },
        clip(data.vascularAge),
      ),
    ],
    [
      'VO2 max',
      singleValueSection(
        axis,
        { id: 'vo2-max', title: 'VO2 max', name: 'VO2 max', unit: 'ml/kg/min' },
        clip(data.vo2Max),
      ),
    ],
  ];
}

const drawn = (planned: [string, Section | undefined][]): Section[] =>
  planned.flatMap(([, s]) => (s ? [s] : []));

/**
 * What the page shows when the last `days` days are chosen: their cards and
 * captions. The heart-rate histogram is read for the whole range only, so its
 * caption stays the whole range's (its chart has no day axis to narrow).
 */
function spanView(
  data: HistoryData,
  scope: ReportScope,
  syncedAt: string | null,
  days: number,
): SpanView {
  const range = { start: addDays(scope.range.end, -(days - 1)), end: scope.range.end };
  const captions: Record<string, string> = {};
  for (const section of drawn(plannedSections(data, range))) {
    for (const chart of section.charts) captions[chart.id] = chart.caption;
    if (section.calendar) captions[section.calendar.id] = section.calendar.caption;
  }
  return { days, header: buildHeader(data, range, syncedAt, scope.historyStart), captions };
}

export function buildModel(
  data: HistoryData,
  scope: ReportScope,
  syncedAt: string | null,
  now: Date,
): ReportModel {
  const { range } = scope;
  const planned = plannedSections(data, range);
  const header = buildHeader(data, range, syncedAt, scope.historyStart);
  return {
    header,
    sections: drawn(planned),
    omitted: planned.flatMap(([name, s]) =>
      s ? [] : [`${name}: no data in the history for ${range.start} to ${range.end}.`],
    ),
    notes: scope.askedStart
      ? [
          `The history starts on ${scope.historyStart}: the report begins there, not on ${scope.askedStart}.`,
        ]
      : [],
    views: SPANS.filter((days) => days < header.days).map((days) =>
      spanView(data, scope, syncedAt, days),
    ),
    generatedAt: now.toISOString(),
  };
}
