/**
 * A cohort's export as one CSV text (RFC 4180), streamed: the header, then
 * each participant's rows as they are read (`cohort-rows.ts`). The columns
 * are fixed before the first row (`participant`, then the type's view
 * columns, as in its Parquet file), so every participant's rows line up under
 * one header; `oura export`'s CSV of one person's documents is instead
 * flattened from the first document, which another person's may not match.
 * Hand it to `Readable.from()` for a response body.
 */
import type { ViewColumn } from '../../history/schema.js';
import { type CsvOptions, csvCell } from '../../text/csv-cell.js';
import { type CohortExportRequest, cohortColumns, cohortRows } from './cohort-rows.js';

/** A view's value as a cell: numbers as their digits (never a formula), booleans as words. */
function cellOf(column: ViewColumn, value: unknown, options: CsvOptions): string {
  if (value === null || value === undefined) return '';
  if (column.type === 'INTEGER' || column.type === 'REAL') return String(value);
  if (column.type === 'BOOLEAN') return value ? 'true' : 'false';
  return csvCell(String(value), options);
}

/** The CSV text in chunks: the header, then one chunk per batch of rows. */
export async function* cohortCsv(
  request: CohortExportRequest,
  options: CsvOptions = {},
): AsyncGenerator<string> {
  const columns = cohortColumns(request.type);
  yield `${columns.map((c) => csvCell(c.name)).join(',')}\r\n`;
  for await (const rows of cohortRows(request)) {
    let chunk = '';
    for (const row of rows) {
      chunk += `${columns.map((c, i) => cellOf(c, row[i], options)).join(',')}\r\n`;
    }
    yield chunk;
  }
}
