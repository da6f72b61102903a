/**
 * A view of the history as a Parquet file: one column per view column with
 * its proper Parquet type (INT64, DOUBLE, BOOLEAN, UTF8 strings, DATE for
 * days), written by hyparquet-writer (loaded only here). Readable by pandas,
 * polars and DuckDB.
 */
import { writeFileSync } from 'node:fs';
import type { ByteWriter, SchemaElement } from 'hyparquet-writer';
import { type DayRange, daysBetween, isDay } from '../calendar/days.js';
import type { DataType } from '../oura/data-types.js';
import type { Db } from './database.js';
import { type ColumnType, viewColumns } from './schema.js';

const PARQUET_TYPE = {
  TEXT: 'STRING',
  INTEGER: 'INT64',
  REAL: 'DOUBLE',
  BOOLEAN: 'BOOLEAN',
} as const satisfies Record<ColumnType, string>;

/**
 * Columns holding a local calendar day, written as Parquet DATE (days since
 * 1970-01-01, no time zone) so readers get a date, not a string to parse.
 */
const DATE_COLUMNS = new Set(['day', 'start_day', 'end_day']);

const DATE_ELEMENT = (name: string): SchemaElement => ({
  name,
  type: 'INT32',
  converted_type: 'DATE',
  logical_type: { type: 'DATE' },
  repetition_type: 'OPTIONAL',
});

/** Days since 1970-01-01 by calendar arithmetic, the same in every time zone. */
function dateCell(value: unknown): number | null {
  // Not a day (never seen from Oura): null here, while the `doc` column keeps the value as sent.
  return typeof value === 'string' && isDay(value) ? daysBetween('1970-01-01', value) : null;
}

function cell(type: ColumnType, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (type === 'INTEGER') return BigInt(Math.round(Number(value)));
  if (type === 'REAL') return Number(value);
  if (type === 'BOOLEAN') return Boolean(value);
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Bytes held before they go to the file (hyparquet-writer's own file writer flushes at 1 MB too). */
const CHUNK_BYTES = 1_000_000;

/**
 * hyparquet-writer's file writer, but onto a descriptor we opened (the temp
 * file of an atomic write) rather than a path it would open, truncate and
 * follow itself.
 */
function descriptorWriter(writer: ByteWriter, fd: number): ByteWriter {
  const grow = writer.ensure.bind(writer);
  const flush = () => {
    writeFileSync(fd, new Uint8Array(writer.buffer, 0, writer.index));
    writer.index = 0;
  };
  writer.ensure = (size) => {
    if (writer.index > CHUNK_BYTES) flush();
    grow(size);
  };
  writer.finish = flush;
  return writer;
}

/**
 * Writes the rows of `type`'s view (within `range` when dated) to the open
 * file `fd`, from its current position; returns the row count.
 */
export async function writeParquet(
  db: Db,
  type: DataType,
  range: DayRange | undefined,
  fd: number,
): Promise<number> {
  const { ByteWriter, parquetWrite, schemaFromColumnData } = await import('hyparquet-writer');
  // Heart rate's `doc` repeats its other columns: left out to keep the file a tenth the size.
  const columns = viewColumns(type).filter((c) => !(type === 'heartrate' && c.name === 'doc'));
  const names = columns.map((c) => `"${c.name}"`).join(', ');
  const where = range ? ' WHERE day BETWEEN ? AND ?' : '';
  const order = type === 'heartrate' ? 'timestamp' : 'day';
  const statement = db.prepare(`SELECT ${names} FROM "${type}"${where} ORDER BY ${order}`);
  const data = columns.map(() => [] as unknown[]);
  let count = 0;
  for (const row of statement.raw().iterate(...(range ? [range.start, range.end] : []))) {
    const values = row as unknown[];
    columns.forEach((column, index) => {
      const value = values[index];
      data[index]?.push(DATE_COLUMNS.has(column.name) ? dateCell(value) : cell(column.type, value));
    });
    count++;
  }
  const columnData = columns.map((column, index) => ({
    name: column.name,
    data: data[index] ?? [],
    ...(DATE_COLUMNS.has(column.name) ? {} : { type: PARQUET_TYPE[column.type], nullable: true }),
  }));
  // DATE is no basic type of hyparquet-writer's: those columns take a schema element of their own.
  const schema = schemaFromColumnData({
    columnData,
    schemaOverrides: Object.fromEntries(
      columns.filter((c) => DATE_COLUMNS.has(c.name)).map((c) => [c.name, DATE_ELEMENT(c.name)]),
    ),
  });
  await parquetWrite({
    writer: descriptorWriter(new ByteWriter(), fd),
    // With a schema, the column data must carry no types of its own.
    columnData: columnData.map(({ name, data }) => ({ name, data })),
    schema,
    createdBy: 'oura-connect',
  });
  return count;
}
