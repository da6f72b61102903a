/**
 * `oura export --format csv|ndjson|parquet --out DIR [--types LIST] [--start DAY]
 * [--end DAY] [--raw-csv]`: one file per type from the local history (`<type>.<format>`).
 */
import type { Command } from 'commander';
import type { ExportFlags } from '../actions/export-flags.js';
import type { CliIo } from '../cli-io.js';
import { commandRun } from '../command-run.js';
import { RAW_CSV_HELP, withHelp } from '../help.js';

export function registerExport(program: Command, io: CliIo): void {
  withHelp(program.command('export'), {
    summary: 'Write the local history to CSV, NDJSON or Parquet files',
    description:
      'Writes one file per data type into --out: <type>.csv with flattened columns (as `oura get ' +
      '--format csv`, safe to open in a spreadsheet unless --raw-csv), <type>.ndjson with the documents ' +
      'as Oura sent them, or <type>.parquet with typed ' +
      'columns for pandas, polars or DuckDB. Reads the history only; run `oura sync` first.',
    examples: [
      'oura export --format parquet --out ~/oura-export',
      'oura export --format csv --out ./csv --types daily_sleep,daily_activity --start 2025-01-01',
    ],
  })
    .requiredOption('--format <format>', 'csv, ndjson or parquet')
    .requiredOption('--out <dir>', 'directory to write into (created if missing)')
    .option('--types <list>', 'only these data types, comma-separated (default: all)')
    .option('--start <day>', 'first day: YYYY-MM-DD, today, yesterday (default: all history)')
    .option('--end <day>', 'last day (default: today)')
    .option('--raw-csv', RAW_CSV_HELP)
    .option(
      '--force',
      'replace files in --out even when they do not look like exports of this format',
    )
    .action(async (flags: ExportFlags, command: Command) => {
      const { runExport } = await import('../actions/export.js');
      await runExport(commandRun(command, io, flags));
    });
}
