/**
 * How an export's columns are typed in Parquet: each view column with its
 * proper type (INT64, DOUBLE, BOOLEAN, UTF8 strings, DATE for days), the same
 * for `oura export` and a cohort's export. Readable by pandas, polars and DuckDB.
 */
import type { SchemaElement } from 'hyparquet-writer';
import { daysBetween, isDay } from '../calendar/days.js';
import type { ColumnType, ViewColumn } from './schema.js';

const PARQUET_TYPE = {
  TEXT: { type: 'BYTE_ARRAY', converted_type: 'UTF8' },
  INTEGER: { type: 'INT64' },
  REAL: { type: 'DOUBLE' },
  BOOLEAN: { type: 'BOOLEAN' },
} as const satisfies Record<ColumnType, Omit<SchemaElement, 'name'>>;

/**
 * Columns holding a local calendar day, written as Parquet DATE (days since
 * 1970-01-01, no time zone) so readers get a date, not a string to parse.
 */
const DATE_COLUMNS = new Set(['day', 'start_day', 'end_day']);

function element(column: ViewColumn): SchemaElement {
  const typed = DATE_COLUMNS.has(column.name)
    ? { type: 'INT32', converted_type: 'DATE', logical_type: { type: 'DATE' } }
    : PARQUET_TYPE[column.type];
  return { name: column.name, ...typed, repetition_type: 'OPTIONAL' } as SchemaElement;
}

/** The file's schema: a flat list of optional columns. */
export function parquetSchema(columns: readonly ViewColumn[]): SchemaElement[] {
  return [{ name: 'root', num_children: columns.length }, ...columns.map(element)];
}

/** Days since 1970-01-01 by calendar arithmetic, the same in every time zone. */
function dateCell(value: unknown): number | null {
  // Not a day (never seen from Oura): null here, while the `doc` column keeps the value as sent.
  return typeof value === 'string' && isDay(value) ? daysBetween('1970-01-01', value) : null;
}

/** A view's value as its column's Parquet type takes it. */
export function parquetCell(column: ViewColumn, value: unknown): unknown {
  if (DATE_COLUMNS.has(column.name)) return dateCell(value);
  if (value === null || value === undefined) return null;
  if (column.type === 'INTEGER') return BigInt(Math.round(Number(value)));
  if (column.type === 'REAL') return Number(value);
  if (column.type === 'BOOLEAN') return Boolean(value);
  return typeof value === 'string' ? value : JSON.stringify(value);
}
