/** The work of `oura sql`: read-only connection, one statement, rows in a `get` format. */
import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { openProfile } from '../../profile/open-profile.js';
import { resolveContext } from '../context.js';
import { FORMATS, type Format } from '../output/formatters.js';
import { writeRows } from '../output/rows.js';
import { streamSink } from '../output/sink.js';

export async function runSql(
  query: string | undefined,
  flags: { schema?: boolean; format?: string; rawCsv?: boolean },
  command: Command,
): Promise<void> {
  const format = (flags.format ?? (process.stdout.isTTY ? 'table' : 'json')) as Format;
  if (!FORMATS.includes(format)) {
    throw new UsageError(`unknown format "${flags.format}"; use one of: ${FORMATS.join(', ')}.`);
  }
  if (flags.schema) {
    if (query !== undefined) throw new UsageError('--schema takes no query.');
    const { describeSchema } = await import('../../history/describe.js');
    process.stdout.write(describeSchema());
    return;
  }
  if (query === undefined || query.trim() === '') {
    throw new UsageError('give one query, e.g. oura sql "SELECT day, score FROM daily_sleep"', {
      hint: 'Run `oura sql --schema` for the views and their columns.',
    });
  }
  const { asHistoryError } = await import('../../history/errors.js');
  await using profile = openProfile(resolveContext(command));
  const history = profile.history();
  const { path } = history;
  const reader = await history.open();
  try {
    const result = reader.streamQuery(query);
    await writeRows(
      format,
      streamSink(process.stdout),
      result.columns,
      result.rows,
      (message) => process.stderr.write(`oura: ${message}\n`),
      { rawCsv: flags.rawCsv },
    );
  } catch (error) {
    // A damaged page is met by the query that reads it, rows into the output.
    throw asHistoryError(error, path);
  } finally {
    history.close();
  }
}
