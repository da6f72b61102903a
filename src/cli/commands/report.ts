/**
 * `oura report [--start DAY] [--end DAY] [--out FILE] [--no-open]`: one
 * self-contained HTML page of the local history, with charts.
 */
import type { Command } from 'commander';

export interface ReportFlags {
  start?: string;
  end?: string;
  out?: string;
  open: boolean;
}

export function registerReport(program: Command): void {
  program
    .command('report')
    .description(
      'Write one HTML page of charts from the local history and open it (see `oura sync`).',
    )
    .option(
      '--start <day>',
      'first day: YYYY-MM-DD, today, yesterday (default: the first synced day)',
    )
    .option('--end <day>', 'last day (default: the last synced day)')
    .option(
      '--out <file>',
      'where to write the page (default: in the data dir, named by the range)',
    )
    .option('--no-open', 'only write the file and print its path')
    .action(async (flags: ReportFlags, command: Command) => {
      const { runReport } = await import('../actions/report.js');
      await runReport(flags, command);
    });
}
