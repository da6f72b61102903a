/**
 * The columns of an export of one data type (`oura export --format parquet`,
 * a cohort's export) and their values from a document as a store's reader
 * gives it: the type's view columns, each holding what the view holds. A
 * cohort's participants are read through the store contract, in SQLite files
 * and PostgreSQL schemas alike, so their rows are made here from the
 * documents rather than read from the SQLite view; test/cohort-export.test.ts
 * holds the two to the same values.
 */
import { localDay } from '../calendar/days.js';
import { type DataType, ENDPOINTS } from '../oura/data-types.js';
import { checkDocument } from './document-check.js';
import { storedValues, type ViewColumn, viewColumns } from './schema.js';

/** `type`'s view columns in an export: heart rate's `doc` repeats its other columns, so a file leaves it out. */
export function exportColumns(type: DataType): ViewColumn[] {
  return viewColumns(type).filter((c) => !(type === 'heartrate' && c.name === 'doc'));
}

/**
 * The values of {@link exportColumns} for one document, as the view gives
 * them: integers as bigints, booleans as 1n and 0n, objects as JSON text,
 * the day the store files the document under (a series sample's: the local
 * day of its instant).
 */
export function exportRow(type: DataType, doc: unknown): unknown[] {
  const record = doc as Record<string, unknown>;
  if (type === 'heartrate') {
    const timestamp = String(record.timestamp);
    const source = record.source ?? null;
    const day = localDay(new Date(Date.parse(timestamp)));
    return [`${timestamp}|${source}`, day, timestamp, BigInt(Number(record.bpm)), source];
  }
  const checked = checkDocument(type, doc);
  // A store holds only documents that passed this check when they were written.
  if (!checked.ok) throw new Error(`a stored ${type} document fails its check: ${checked.reason}`);
  const day =
    ENDPOINTS[type].dayKey === 'timestamp'
      ? localDay(new Date(Date.parse(checked.id)))
      : checked.day;
  return [checked.id, day, JSON.stringify(doc), ...storedValues(type, doc)];
}
