/**
 * Query rows (`oura sql`) in the formats of `oura get`: json, ndjson and csv
 * through the same formatters; table with the query's own columns.
 */
import { type Format, listFormatter } from './formatters.js';
import type { Sink } from './sink.js';
import { renderTable } from './table.js';
import { text } from './table-columns.js';

export async function writeRows(
  format: Format,
  sink: Sink,
  columns: readonly string[],
  rows: Iterable<Record<string, unknown>>,
  warn: (message: string) => void,
  options: { rawCsv?: boolean | undefined } = {},
): Promise<void> {
  if (format === 'table') {
    // A table is sized on all its rows; the other formats stream.
    const all = [...rows];
    if (all.length === 0) {
      warn('the query returned no rows.');
      return;
    }
    const right = columns.map((c) =>
      all.every((row) => row[c] === null || typeof row[c] === 'number'),
    );
    await sink.write(
      renderTable(
        columns,
        all.map((row) => columns.map((c) => text(row[c]))),
        right,
      ),
    );
    return;
  }
  // The type only picks a table layout; these formats do not use it.
  const out = await listFormatter(format, sink, {
    type: 'personal_info',
    warn,
    rawCsv: options.rawCsv,
  });
  for (const row of rows) await out.write(row);
  await out.end();
}
