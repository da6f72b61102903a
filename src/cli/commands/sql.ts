/**
 * `oura sql QUERY [--format table|json|ndjson|csv] [--raw-csv]` and `oura sql --schema`:
 * one read-only statement over the local history, printed like `oura get`.
 */
import type { Command } from 'commander';
import type { CliIo } from '../cli-io.js';
import { commandRun } from '../command-run.js';
import { RAW_CSV_HELP, withHelp } from '../help.js';

export function registerSql(program: Command, io: CliIo): void {
  withHelp(program.command('sql'), {
    summary: 'Query the local history with SQL',
    description:
      'Runs one read-only SQL statement over the history that `oura sync` keeps, and prints the rows ' +
      'like `oura get` does. Each data type is a view named as the type (daily_sleep, sleep, heartrate, ' +
      '…) with id, day, doc (the document as Oura sent it) and typed columns; --schema lists them.\n\n' +
      'CSV is safe to open in a spreadsheet, as with `oura get` (see --raw-csv).\n\n' +
      'A statement that would write, a PRAGMA given a value, more than one statement, parameters, a syntax error, ' +
      'or an error SQLite meets running it (malformed JSON, integer overflow) is a usage error (exit 2), with the reason.',
    examples: [
      'oura sql --schema',
      'oura sql "SELECT day, score FROM daily_sleep ORDER BY day DESC LIMIT 7"',
      'oura sql "SELECT strftime(\'%Y\', day) AS year, avg(score) FROM daily_readiness GROUP BY year" --format csv',
    ],
  })
    .argument('[query]', 'one SELECT (or WITH … SELECT) statement')
    .option('--schema', 'print the views and their columns')
    .option(
      '--format <format>',
      'table, json, ndjson or csv (default: table on a terminal, json otherwise)',
    )
    .option('--raw-csv', RAW_CSV_HELP)
    .action(
      async (
        query: string | undefined,
        flags: { schema?: boolean; format?: string; rawCsv?: boolean },
        command: Command,
      ) => {
        const { runSql } = await import('../actions/sql.js');
        await runSql(commandRun(command, io, { ...flags, query }));
      },
    );
}
