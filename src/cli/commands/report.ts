/**
 * `oura report [--start DAY] [--end DAY] [--out FILE] [--no-open]`: one
 * self-contained HTML page of the local history, with charts.
 */
import type { Command } from 'commander';
import type { ReportFlags } from '../actions/report.js';
import type { CliIo } from '../cli-io.js';
import { commandRun } from '../command-run.js';
import { withHelp } from '../help.js';

export function registerReport(program: Command, io: CliIo): void {
  withHelp(program.command('report'), {
    summary: 'Write an HTML report of your history and open it',
    description:
      'Writes one self-contained HTML page of charts from the local history (sleep stages, scores with ' +
      'their 7-day average, HRV and resting heart rate, activity, workouts, a typical day of heart rate, ' +
      '…) and opens it. The page makes no network request: keep it, open it offline or print it.\n\n' +
      'Reads the history only: run `oura sync` first.',
    examples: [
      'oura report',
      'oura report --start 2025-01-01 --end 2025-12-31 --out ~/oura-2025.html --no-open',
    ],
  })
    .option(
      '--start <day>',
      'first day: YYYY-MM-DD, today, yesterday (default: the first synced day)',
    )
    .option('--end <day>', 'last day (default: the last synced day)')
    .option(
      '--out <file>',
      'where to write the page (default: in the data dir, named by the range)',
    )
    .option('--force', 'replace the --out file even when it is not a report oura wrote')
    .option('--no-open', 'only write the file and print its path')
    .action(async (flags: ReportFlags, command: Command) => {
      const { runReport } = await import('../actions/report.js');
      await runReport(commandRun(command, io, flags));
    });
}
