/** The work of `oura sql`: read-only connection, one statement, rows in a `get` format. */
import { UsageError } from '../../errors.js';
import type { CommandRun } from '../command-run.js';
import { FORMATS, type Format } from '../output/formatters.js';
import { writeRows } from '../output/rows.js';
import { streamSink } from '../output/sink.js';
import { readHistory } from '../read-history.js';

export interface SqlFlags {
  /** The one statement to run; none with --schema. */
  query: string | undefined;
  schema?: boolean;
  format?: string;
  rawCsv?: boolean;
}

export async function runSql(run: CommandRun<SqlFlags>): Promise<void> {
  const { flags, io } = run;
  const { query } = flags;
  const format = (flags.format ?? (io.stdout.isTTY ? 'table' : 'json')) as Format;
  if (!FORMATS.includes(format)) {
    throw new UsageError(`unknown format "${flags.format}"; use one of: ${FORMATS.join(', ')}.`);
  }
  if (flags.schema) {
    if (query !== undefined) throw new UsageError('--schema takes no query.');
    const { describeSchema } = await import('../../history/describe.js');
    io.out(describeSchema());
    return;
  }
  if (query === undefined || query.trim() === '') {
    throw new UsageError('give one query, e.g. oura sql "SELECT day, score FROM daily_sleep"', {
      hint: 'Run `oura sql --schema` for the views and their columns.',
    });
  }
  await readHistory(run, async (reader) => {
    const result = reader.streamQuery(query);
    await writeRows(format, streamSink(io.stdout), result.columns, result.rows, io.warn, {
      rawCsv: flags.rawCsv,
    });
  });
}
