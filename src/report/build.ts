/** From the history's rows to the report's model: the header, each section, and the sections left out. */
import type { DayRange } from '../api/days.js';
import { dayAxis } from './axis.js';
import { buildHeader } from './header.js';
import type { ReportModel, Section } from './model.js';
import type { HistoryData } from './queries.js';
import { activitySection } from './sections/activity.js';
import { heartRateSection } from './sections/heart-rate.js';
import { recoverySection, scoresSection } from './sections/scores.js';
import { sleepSection } from './sections/sleep.js';
import { singleValueSection, spo2Section, stressSection } from './sections/wellbeing.js';

export function buildModel(
  data: HistoryData,
  range: DayRange,
  syncedAt: string | null,
  now: Date,
): ReportModel {
  const axis = dayAxis(range);
  // The data also covers the comparison period; the charts show the range only.
  const inRange = <T extends { day: string }>(rows: T[]) =>
    rows.filter((r) => r.day >= range.start && r.day <= range.end);
  const nights = inRange(data.nights);
  const clip = <T>(values: Map<string, T>) =>
    new Map([...values].filter(([day]) => day >= range.start && day <= range.end));
  const planned: [string, Section | undefined][] = [
    ['Sleep', sleepSection(axis, nights)],
    [
      'Scores',
      scoresSection(axis, {
        readiness: clip(data.readinessScore),
        sleep: clip(data.sleepScore),
        activity: clip(data.activityScore),
      }),
    ],
    ['HRV and resting heart rate', recoverySection(axis, nights)],
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
  return {
    header: buildHeader(data, range, syncedAt),
    sections: planned.flatMap(([, s]) => (s ? [s] : [])),
    omitted: planned.flatMap(([name, s]) =>
      s ? [] : [`${name}: no data in the history for ${range.start} to ${range.end}.`],
    ),
    generatedAt: now.toISOString(),
  };
}
