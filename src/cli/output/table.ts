/**
 * `--format table`: aligned columns for a person at a terminal. Rows are
 * collected to size the columns; heart rate is summarised per local hour
 * (samples, min, average, max, sources) so a week is 168 lines, not 2016.
 */
import type { DataType } from '../../oura/data-types.js';
import { MAX_SAMPLE_SPAN_MS, sampleSpans } from '../../series/sample-spans.js';
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

/**
 * Per local hour: samples, min, average and max. The average weighs time, not
 * readings (series/sample-spans.ts): an hour with half an hour of 5-second
 * workout samples and half an hour of 5-minute resting ones lies between the
 * two, not at the workout's level. Samples are kept until the end because a
 * sample's span needs the next one, whatever order the pages came in.
 */
function hourlyHeartRate(): TableBuilder {
  const samples: { ms: number; bpm: number; source: unknown }[] = [];
  return {
    add(doc) {
      const record = (doc ?? {}) as Record<string, unknown>;
      const ms = typeof record.timestamp === 'string' ? Date.parse(record.timestamp) : Number.NaN;
      if (typeof record.bpm !== 'number' || Number.isNaN(ms)) return;
      samples.push({ ms, bpm: record.bpm, source: record.source });
    },
    render() {
      samples.sort((a, b) => a.ms - b.ms);
      const spans = sampleSpans(
        samples.map((s) => s.ms),
        MAX_SAMPLE_SPAN_MS,
      );
      interface Hour {
        n: number;
        weighted: number;
        spanMs: number;
        min: number;
        max: number;
        sources: Set<string>;
      }
      const hours = new Map<string, Hour>();
      samples.forEach(({ ms, bpm, source }, i) => {
        const hour = `${localTime(new Date(ms).toISOString()).slice(0, 13)}:00`;
        let h = hours.get(hour);
        if (!h) {
          h = { n: 0, weighted: 0, spanMs: 0, min: bpm, max: bpm, sources: new Set() };
          hours.set(hour, h);
        }
        const span = spans[i] ?? 0;
        h.n++;
        h.weighted += bpm * span;
        h.spanMs += span;
        h.min = Math.min(h.min, bpm);
        h.max = Math.max(h.max, bpm);
        if (typeof source === 'string') h.sources.add(source);
      });
      const rows = [...hours].map(([hour, h]) => [
        hour,
        String(h.n),
        String(h.min),
        String(Math.round(h.weighted / h.spanMs)),
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
