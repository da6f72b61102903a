/**
 * A cohort's export read participant by participant: the rows of one data
 * type over a day range, each with its participant's label first, in batches
 * of one participant's window of days. Only one batch is held at a time, so
 * an export of hundreds of people holds one person's window, never the
 * cohort. The CSV and Parquet writers (`cohort-csv.ts`, `cohort-parquet.ts`)
 * take their rows from here.
 */
import { type DayRange, isDay, splitDays } from '../../calendar/days.js';
import { exportColumns, exportRow } from '../../history/export-columns.js';
import type { ViewColumn } from '../../history/schema.js';
import type { StoredHistoryReader } from '../../history/store-contract.js';
import { type DataType, ENDPOINTS } from '../../oura/data-types.js';

export interface CohortParticipant {
  /** The participant's pseudonymous id in the study, never an email. */
  label: string;
  reader: StoredHistoryReader;
}

export interface CohortExportRequest {
  type: DataType;
  /** Local days, inclusive; types without days (ring_configuration, personal_info) ignore it. */
  range: DayRange;
  /** In the order their rows are wanted. */
  participants: readonly CohortParticipant[];
}

/**
 * Columns of `personal_info` a pseudonymous export leaves out: the email
 * (and the document, which holds it) would name the participant, and its id
 * is their Oura account id, the identity the server keeps them apart by and
 * never shows an admin.
 */
const NAMING_COLUMNS = new Set(['email', 'doc', 'id']);

/** Which of the type's export columns a cohort's export holds, by position. */
function keptColumns(type: DataType): { column: ViewColumn; index: number }[] {
  return exportColumns(type)
    .map((column, index) => ({ column, index }))
    .filter(({ column }) => !(type === 'personal_info' && NAMING_COLUMNS.has(column.name)));
}

const PARTICIPANT: ViewColumn = { name: 'participant', type: 'TEXT' };

/** The columns of a cohort's export of `type`: `participant`, then the type's as `oura export` has them. */
export function cohortColumns(type: DataType): ViewColumn[] {
  return [PARTICIPANT, ...keptColumns(type).map(({ column }) => column)];
}

/**
 * Days read at once per participant: a month of heart rate is tens of
 * thousands of samples, a year of a daily type a few hundred documents.
 */
const WINDOW_DAYS = { datetime: 31, date: 366 } as const;

/**
 * Refuses, before anything is read, a request whose output would be wrong:
 * a range that is not one, a label that is empty, looks like an email or is
 * given twice (two people's rows under one name).
 */
export function checkCohortRequest(request: CohortExportRequest): void {
  const { start, end } = request.range;
  if (!isDay(start) || !isDay(end) || start > end) {
    throw new RangeError(`not a range of days: ${start}..${end}`);
  }
  const seen = new Set<string>();
  for (const { label } of request.participants) {
    if (label.trim() === '' || label.includes('@')) {
      throw new RangeError(
        `a participant's label is a pseudonymous id, not ${JSON.stringify(label)}`,
      );
    }
    if (seen.has(label)) throw new RangeError(`the participant ${label} is listed twice`);
    seen.add(label);
  }
}

/**
 * The rows, `cohortColumns(type)` in order, one batch per participant and
 * window of days that holds any; a participant without data gives none.
 */
export async function* cohortRows(request: CohortExportRequest): AsyncGenerator<unknown[][]> {
  checkCohortRequest(request);
  const { type } = request;
  const endpoint = ENDPOINTS[type];
  const kept = keptColumns(type);
  const windows =
    endpoint.kind === 'none' ? [undefined] : splitDays(request.range, WINDOW_DAYS[endpoint.kind]);
  for (const { label, reader } of request.participants) {
    for (const window of windows) {
      const docs = await reader.documents(endpoint, window);
      if (docs.length === 0) continue;
      yield docs.map((doc) => {
        const values = exportRow(type, doc);
        return [label, ...kept.map(({ index }) => values[index] ?? null)];
      });
    }
  }
}
