/**
 * The work of `oura insights`: the library's answers over the local history,
 * read field by field through the history's reader (not whole documents), as
 * JSON or as a few lines per insight.
 */
import { resolveDayRange } from '../../calendar/day-range-flags.js';
import { addDays, type DayRange } from '../../calendar/days.js';
import { UsageError } from '../../errors.js';
import type { HistoryReader } from '../../history/history.js';
import { computeInsights, INSIGHT_KINDS, type InsightKind } from '../../insights/insights.js';
import { insightLines } from '../../insights/lines.js';
import { type DocumentReader, INSIGHT_FIELDS } from '../../insights/source.js';
import type { CommandRun } from '../command-run.js';
import { readHistory } from '../read-history.js';

/** Days read when --start is left out: what sleep debt and mid-sleep need (90 days ending on --end). */
export const DEFAULT_INSIGHT_DAYS = 90;

export interface InsightsFlags {
  start?: string;
  end?: string;
  kind?: string;
  json?: boolean;
}

/** `--kind`: one kind or a comma-separated list; undefined means all. */
export function parseKinds(text: string | undefined): InsightKind[] | undefined {
  if (text === undefined) return undefined;
  const kinds = text.split(',').map((kind) => kind.trim());
  for (const kind of kinds) {
    if (!(INSIGHT_KINDS as readonly string[]).includes(kind)) {
      throw new UsageError(`unknown kind "${kind}"; use one of: ${INSIGHT_KINDS.join(', ')}.`);
    }
  }
  return [...new Set(kinds)] as InsightKind[];
}

/** `--start`/`--end` as days; --start defaults to {@link DEFAULT_INSIGHT_DAYS} before --end. */
export function insightRange(flags: InsightsFlags): DayRange {
  const rules = { names: { start: '--start', end: '--end' }, datetimesNote: 'insights take days' };
  const { end } = resolveDayRange({ end: flags.end }, rules);
  const start = flags.start ?? addDays(end, -(DEFAULT_INSIGHT_DAYS - 1));
  const range = resolveDayRange({ start, end }, rules);
  return { start: range.start, end: range.end };
}

/** The history as the library's document source: only the fields insights read. */
export function historyDocuments(reader: HistoryReader): DocumentReader {
  return ((type, range) => reader.fields(type, INSIGHT_FIELDS[type], range)) as DocumentReader;
}

export async function runInsights(run: CommandRun<InsightsFlags>): Promise<void> {
  const { flags, io } = run;
  // Usage errors before the history is opened.
  const kinds = parseKinds(flags.kind);
  const range = insightRange(flags);
  const insights = await readHistory(run, (reader) =>
    computeInsights(historyDocuments(reader), { ...range, ...(kinds ? { kinds } : {}) }),
  );
  io.out(
    flags.json
      ? `${JSON.stringify(insights, null, 2)}\n`
      : `${insightLines(insights).join('\n')}\n`,
  );
}
