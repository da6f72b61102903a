/** Made-up report inputs for tests that build a report without a history file. */
import type { HistoryData } from '../../src/report/queries.js';

/** A history with nothing in it: tests fill in the series they need. */
export function emptyHistory(): HistoryData {
  return {
    sleepScore: new Map(),
    readinessScore: new Map(),
    activityScore: new Map(),
    steps: new Map(),
    activeCalories: new Map(),
    nights: [],
    workouts: [],
    stressHigh: new Map(),
    recoveryHigh: new Map(),
    resilience: new Map(),
    spo2: new Map(),
    breathingDisturbance: new Map(),
    vascularAge: new Map(),
    vo2Max: new Map(),
    heartRateHistogram: [],
  };
}
