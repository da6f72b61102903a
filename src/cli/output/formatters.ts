/**
 * The output formats of `oura get`: json (an array, streamed element by
 * element), ndjson (one document per line), csv (flattened), table (for people).
 * The csv and table writers (five modules) are loaded only by the format that
 * uses them: a one-request `oura get` is mostly start-up.
 */
import type { DataType } from '../../oura/data-types.js';
import type { Sink } from './sink.js';

export const FORMATS = ['table', 'json', 'ndjson', 'csv'] as const;
export type Format = (typeof FORMATS)[number];

/** Receives documents one at a time; `end` finishes the output. */
export interface Formatter {
  write(doc: unknown): Promise<void>;
  end(): Promise<void>;
}

export interface FormatterOptions {
  type: DataType;
  fields?: readonly string[] | undefined;
  dayKey?: string | null | undefined;
  /** For notices (e.g. a CSV column that appeared late); goes to stderr. */
  warn?: (message: string) => void;
  /** CSV text as it is, formula-like cells included (`--raw-csv`); other formats ignore it. */
  rawCsv?: boolean | undefined;
}

/** A streaming formatter for a list of documents. */
export async function listFormatter(
  format: Format,
  sink: Sink,
  options: FormatterOptions,
): Promise<Formatter> {
  switch (format) {
    case 'ndjson':
      return {
        write: (doc) => sink.write(`${JSON.stringify(doc)}\n`),
        end: () => Promise.resolve(),
      };
    case 'json': {
      let count = 0;
      return {
        write: (doc) =>
          sink.write(`${count++ === 0 ? '[\n' : ',\n'}${indent(JSON.stringify(doc, null, 2))}`),
        end: () => sink.write(count === 0 ? '[]\n' : '\n]\n'),
      };
    }
    case 'csv': {
      const { CsvWriter } = await import('./csv.js');
      const csv = new CsvWriter(sink, options.warn, { raw: options.rawCsv });
      return { write: (doc) => csv.write(doc), end: () => Promise.resolve() };
    }
    case 'table': {
      const { tableFor } = await import('./table.js');
      const table = tableFor(options.type, options.fields, options.dayKey);
      let count = 0;
      return {
        write: (doc) => {
          count++;
          table.add(doc);
          return Promise.resolve();
        },
        end: () => {
          if (count === 0) {
            options.warn?.('no documents in that range.');
            return Promise.resolve();
          }
          return sink.write(table.render());
        },
      };
    }
  }
}

/** Writes one object (personal_info, `--id`) in `format`. */
export async function writeOne(
  format: Format,
  sink: Sink,
  doc: unknown,
  options: FormatterOptions,
): Promise<void> {
  if (format === 'json') return sink.write(`${JSON.stringify(doc, null, 2)}\n`);
  if (format === 'table') return sink.write((await import('./table.js')).renderRecord(doc));
  const out = await listFormatter(format, sink, options);
  await out.write(doc);
  await out.end();
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}
