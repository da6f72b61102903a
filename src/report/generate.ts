/**
 * `oura report` and `oura_report` share this: read the history for a range,
 * build the model, write one self-contained HTML file (owner-only: it is
 * health data) and return its path with the header's numbers.
 */
import { basename, dirname, join, resolve } from 'node:path';
import { now as clockNow } from '../clock.js';
import { OuraError } from '../errors.js';
import { writeFileAtomic } from '../files/atomic-file.js';
import { assertReplaceable } from '../files/replace-guard.js';
import { asHistoryError } from '../history/errors.js';
import type { History } from '../history/history.js';
import { type DocumentReader, INSIGHT_FIELDS } from '../insights/source.js';
import { buildModel, leadInStart } from './build.js';
import { type ReportScope, resolveCoverage } from './coverage.js';
import type { ReportHeader, ReportModel } from './model.js';
import { REPORT_GENERATOR, renderPage } from './page.js';
import { readHistory } from './queries.js';
import { insightsView } from './sections/insights.js';

export interface ReportOptions {
  /** The profile's history (`profile.history()`). */
  history: History;
  start?: string | undefined;
  end?: string | undefined;
  /** Where to write; default: beside the history, named by the range. */
  out?: string | undefined;
  /** Replace a file at the path even when it is not a report we wrote. */
  force?: boolean | undefined;
  now?: Date;
}

export interface ReportResult {
  path: string;
  header: ReportHeader;
  /** Sections drawn, and the lines for those left out. */
  sections: string[];
  omitted: string[];
  /** What the reader should know about the range (e.g. it was clipped to the history's start), one line each. */
  notes: string[];
  bytes: number;
}

/** Beside the history, named by the range (and the profile, unless it is the default one). */
export function defaultReportPath(database: string, start: string, end: string): string {
  const profile = basename(database, '.sqlite');
  const who = profile === 'default' ? '' : `${profile}-`;
  return join(dirname(database), `oura-report-${who}${start}_${end}.html`);
}

/** The range and the model, read in one go so the file is closed before the page is rendered. */
async function readModel(
  options: ReportOptions,
): Promise<{ scope: ReportScope; model: ReportModel }> {
  const { history } = options;
  const read = await history.open();
  try {
    const scope = resolveCoverage(read, {
      ...(options.start ? { start: options.start } : {}),
      ...(options.end ? { end: options.end } : {}),
    });
    const data = readHistory(read, scope.range, leadInStart(scope.range));
    const model = buildModel(data, scope, read.lastSyncedAt() ?? null, options.now ?? clockNow());
    // Only the fields insights read: whole sleep documents are mostly series they never use.
    const documents = ((type, days) =>
      read.fields(type, INSIGHT_FIELDS[type], days)) as DocumentReader;
    return { scope, model: { ...model, insights: insightsView(documents, scope.range) } };
  } catch (error) {
    throw asHistoryError(error, options.history.path);
  } finally {
    history.close();
  }
}

export async function generateReport(options: ReportOptions): Promise<ReportResult> {
  const { scope, model } = await readModel(options);
  const { range } = scope;
  if (model.sections.length === 0) {
    throw new OuraError('NO_DATA', `the history has no data from ${range.start} to ${range.end}.`, {
      hint: `Pick days you wore the ring (--start/--end; the history starts on ${scope.historyStart}), or run \`oura sync\` if they are missing.`,
    });
  }
  const path = options.out
    ? resolve(options.out)
    : defaultReportPath(options.history.path, range.start, range.end);
  await assertReplaceable(path, {
    isOurs: (head) => head.includes(`<meta name="generator" content="${REPORT_GENERATOR}">`),
    force: options.force ?? false,
    what: 'a report',
  });
  const html = await renderPage(model);
  // Owner-only (health data), written beside and renamed: a full disk leaves the
  // previous report (or none), and a symlink at --out is replaced, not followed.
  await writeFileAtomic(path, html, {
    what: 'the report',
    hint: 'Give a writable file with --out.',
  });
  return {
    path,
    header: model.header,
    sections: model.sections.map((s) => s.title),
    omitted: model.omitted,
    notes: model.notes,
    bytes: Buffer.byteLength(html),
  };
}
