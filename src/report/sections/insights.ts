/**
 * The report's Insights: what `oura insights` says about the report's range,
 * in its words — sleep debt, regularity and mid-sleep, training load, the
 * early-warning days and the habit findings that survived the false discovery
 * rate, each with its n, its interval and its method, or the library's "not
 * enough data". Correlations are left to `oura insights`: a scan of ~180
 * pairs reads as a list of coincidences in a report meant for a person.
 */
import type { DayRange } from '../../calendar/days.js';
import { NOT_A_DIAGNOSIS } from '../../insights/early-warnings.js';
import { computeInsights, type InsightKind } from '../../insights/insights.js';
import { type InsightBlock, insightBlocks } from '../../insights/lines.js';
import type { InsightSource } from '../../insights/source.js';

/** The insights the report shows, in this order. */
export const REPORT_INSIGHT_KINDS: readonly InsightKind[] = [
  'sleep_debt',
  'regularity',
  'sleep_timing',
  'training_load',
  'early_warnings',
  'habits',
];

export interface InsightsView {
  /** The range the insights were computed over: the report's whole range. */
  start: string;
  end: string;
  blocks: InsightBlock[];
}

/** The insights over `range` (the report's, whatever span its buttons show), in words. */
export function insightsView(source: InsightSource, range: DayRange): InsightsView {
  // The report lists the habit findings only: the other comparisons' bootstraps would be time spent on nothing shown.
  const insights = computeInsights(source, {
    ...range,
    kinds: REPORT_INSIGHT_KINDS,
    habitIntervals: 'findings',
  });
  const blocks = insightBlocks(insights).map((block) =>
    // The library adds the caveat to a list of flagged days; the report says it whatever the answer.
    block.kind === 'early_warnings' && !block.details.includes(NOT_A_DIAGNOSIS)
      ? { ...block, details: [...block.details, NOT_A_DIAGNOSIS] }
      : block,
  );
  const order = (b: InsightBlock) => REPORT_INSIGHT_KINDS.indexOf(b.kind);
  return { start: range.start, end: range.end, blocks: blocks.sort((a, b) => order(a) - order(b)) };
}
