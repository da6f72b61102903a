/**
 * `--format table`: aligned columns for a person at a terminal. Rows are
 * collected to size the columns; heart rate is summarised per local hour
 * (samples, min, average, max, sources) so a week is 168 lines, not 2016.
 */
import type { DataType } from '../../api/endpoints.js';
import { type Column, localTime, pick, TABLE_COLUMNS, text } from './table-columns.js';

/** Lays out rows under headers, two spaces between columns. */
export function renderTable(
  headers: readonly string[],
  rows: readonly string[][],
  right: readonly boolean[] = [],
): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (right[i] ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return `${[line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n')}\n`;
}

/** Accumulates documents and renders them as a table at the end. */
export interface TableBuilder {
  add(doc: unknown): void;
  render(): string;
}

/** The table for `type`; with `fields`, the asked fields after the day. */
export function tableFor(
  type: DataType,
  fields?: readonly string[],
  dayKey?: string | null,
): TableBuilder {
  if (type === 'heartrate' && !fields?.length) return hourlyHeartRate();
  const columns: readonly Column[] | undefined = fields?.length
    ? [...new Set([...(dayKey ? [dayKey] : []), ...fields])].map((path) => ({
        header: path,
        get: (doc: Record<string, unknown>) =>
          path === 'timestamp' ? localTime(doc[path]) : text(pick(doc, path)),
      }))
    : TABLE_COLUMNS[type];
  return columns ? columnTable(columns) : genericTable();
}

function columnTable(columns: readonly Column[]): TableBuilder {
  const rows: string[][] = [];
  return {
    add(doc) {
      const record = (doc ?? {}) as Record<string, unknown>;
      rows.push(columns.map((c) => c.get(record)));
    },
    render: () =>
      renderTable(
        columns.map((c) => c.header),
        rows,
        columns.map((c) => c.right ?? false),
      ),
  };
}

/** Scalar fields of the documents, for types without a chosen layout. */
function genericTable(): TableBuilder {
  const docs: Record<string, unknown>[] = [];
  const keys = new Set<string>();
  return {
    add(doc) {
      const record = (doc ?? {}) as Record<string, unknown>;
      for (const [key, value] of Object.entries(record)) {
        if (value === null || typeof value !== 'object') keys.add(key);
      }
      docs.push(record);
    },
    render() {
      const headers = [...keys];
      return renderTable(
        headers,
        docs.map((d) => headers.map((h) => text(d[h]))),
      );
    },
  };
}

function hourlyHeartRate(): TableBuilder {
  interface Hour {
    hour: string;
    n: number;
    sum: number;
    min: number;
    max: number;
    sources: Set<string>;
  }
  const hours = new Map<string, Hour>();
  return {
    add(doc) {
      const record = (doc ?? {}) as Record<string, unknown>;
      const bpm = record.bpm;
      if (typeof bpm !== 'number') return;
      const hour = `${localTime(record.timestamp).slice(0, 13)}:00`;
      let h = hours.get(hour);
      if (!h) {
        h = { hour, n: 0, sum: 0, min: bpm, max: bpm, sources: new Set() };
        hours.set(hour, h);
      }
      h.n++;
      h.sum += bpm;
      h.min = Math.min(h.min, bpm);
      h.max = Math.max(h.max, bpm);
      if (typeof record.source === 'string') h.sources.add(record.source);
    },
    render() {
      const rows = [...hours.values()]
        .sort((a, b) => a.hour.localeCompare(b.hour))
        .map((h) => [
          h.hour,
          String(h.n),
          String(h.min),
          String(Math.round(h.sum / h.n)),
          String(h.max),
          [...h.sources].join(', '),
        ]);
      return renderTable(['hour', 'samples', 'min', 'avg', 'max', 'source'], rows, [
        false,
        true,
        true,
        true,
        true,
        false,
      ]);
    },
  };
}

/** personal_info and single documents: one `key  value` line per scalar field. */
export function renderRecord(doc: unknown): string {
  const record = (doc ?? {}) as Record<string, unknown>;
  return renderTable(
    ['field', 'value'],
    Object.entries(record).map(([key, value]) => [key, text(value)]),
  );
}
