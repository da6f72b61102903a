/**
 * `oura export --format csv|ndjson|parquet --out DIR [--types LIST] [--start DAY]
 * [--end DAY]`: one file per type from the local history (`<type>.<format>`).
 */
import type { Command } from 'commander';

export interface ExportFlags {
  format?: string;
  out?: string;
  types?: string;
  start?: string;
  end?: string;
}

export function registerExport(program: Command): void {
  program
    .command('export')
    .description('Write the local history to files, one per data type (csv, ndjson or parquet).')
    .requiredOption('--format <format>', 'csv, ndjson or parquet')
    .requiredOption('--out <dir>', 'directory to write into (created if missing)')
    .option('--types <list>', 'only these data types, comma-separated (default: all)')
    .option('--start <day>', 'first day: YYYY-MM-DD, today, yesterday (default: all history)')
    .option('--end <day>', 'last day (default: today)')
    .action(async (flags: ExportFlags, command: Command) => {
      const { runExport } = await import('../actions/export.js');
      await runExport(flags, command);
    });
}
