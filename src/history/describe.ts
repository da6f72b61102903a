/** The public face of the history, as text: each view with its columns (`oura sql --schema`, MCP). */
import { DATA_TYPES } from '../oura/data-types.js';
import { viewColumns } from './schema.js';

export function describeSchema(): string {
  const lines = [
    '-- One view per data type, named as the type. `doc` is the document exactly as Oura sent it',
    "-- (JSON text: json_extract(doc, '$.contributors.rem_sleep')); `day` is the local day (YYYY-MM-DD).",
    '-- Timestamps are ISO 8601 as Oura sent them. Deleted documents are not in the views.',
  ];
  for (const type of DATA_TYPES) {
    const columns = viewColumns(type).map((column) => `${column.name} ${column.type}`);
    lines.push(`${type}(${columns.join(', ')})`);
  }
  return `${lines.join('\n')}\n`;
}
