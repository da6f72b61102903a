/**
 * Flattening documents into one level for CSV: nested objects become dotted
 * keys (`contributors.hrv_balance`), arrays stay whole as JSON text (they are
 * samples or lists, not columns).
 */

import type { Cell } from '../../text/csv-cell.js';

/** Flattens `value` into `out` under `prefix`. */
export function flatten(
  value: unknown,
  prefix = '',
  out: Record<string, Cell> = {},
): Record<string, Cell> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const entries = Object.entries(value);
    if (entries.length === 0 && prefix) out[prefix] = null;
    for (const [key, inner] of entries) flatten(inner, prefix ? `${prefix}.${key}` : key, out);
    return out;
  }
  if (!prefix) return out;
  if (Array.isArray(value)) out[prefix] = JSON.stringify(value);
  else if (value === undefined) out[prefix] = null;
  else out[prefix] = value as Cell;
  return out;
}

/**
 * The value of `column` in a flattened document. If the first document had
 * `null` where a later one has an object, the column is the parent key: the
 * later object is then given whole, as JSON, rather than lost.
 */
export function cellOf(doc: unknown, flat: Record<string, Cell>, column: string): Cell {
  if (Object.hasOwn(flat, column)) return flat[column] ?? null;
  let node: unknown = doc;
  for (const part of column.split('.')) {
    if (node === null || typeof node !== 'object') return null;
    node = (node as Record<string, unknown>)[part];
  }
  if (node === undefined) return null;
  return typeof node === 'object' && node !== null ? JSON.stringify(node) : (node as Cell);
}
