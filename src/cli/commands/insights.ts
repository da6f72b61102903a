/** `oura insights [--start DAY] [--end DAY] [--kind KIND] [--json]`: statistics over the local history. */
import type { Command } from 'commander';
import type { CliIo } from '../cli-io.js';
import { commandRun } from '../command-run.js';
import { withHelp } from '../help.js';

export function registerInsights(program: Command, io: CliIo): void {
  withHelp(program.command('insights'), {
    summary: 'Compute sleep debt, regularity and habit effects',
    description:
      'Computes, from the history `oura sync` keeps (no request to Oura): sleep debt against your own need, ' +
      'the Sleep Regularity Index, mid-sleep and social jetlag, early warnings (days when temperature, resting ' +
      'heart rate and HRV leave your own baseline; never a diagnosis), what each tag and workout does to the next ' +
      'night and day, lagged correlations between daily metrics, and the acute:chronic training load. ' +
      'Every figure carries its n, and a 95 % interval where it is an estimate; below the minimum n the answer is ' +
      '"not enough data", never a number. docs/insights.md says how each is computed.\n\n' +
      'Days: --end defaults to today, --start to 89 days before --end (90 days: what sleep debt and mid-sleep ' +
      'read; regularity and training load use the last 28 days of the range). Habits, correlations and early ' +
      'warnings use the whole range: give a longer one (e.g. --start 2025-01-01) for more evenings to compare.\n\n' +
      'Kinds: sleep_debt, regularity, sleep_timing, early_warnings, habits, correlations, training_load ' +
      '(--kind takes one, or several separated by commas; default all). An unknown kind or a bad date is a ' +
      'usage error (exit 2); no history yet is exit 1 (run `oura sync`).',
    examples: [
      'oura insights',
      'oura insights --kind habits --start 2025-06-01',
      'oura insights --kind sleep_debt,regularity --json',
      "oura insights --kind habits --jq '.habits.comparisons[] | select(.finding)'",
    ],
  })
    .option(
      '--start <day>',
      'first day, YYYY-MM-DD, "today" or "yesterday" (default: 89 days before --end)',
    )
    .option('--end <day>', 'last day (default: today)')
    .option('--kind <kind>', 'which insight(s), comma-separated (default: all)')
    .option('--json', "print the library's answers as one JSON object, each with its method")
    .action(
      async (
        flags: { start?: string; end?: string; kind?: string; json?: boolean },
        command: Command,
      ) => {
        const { runInsights } = await import('../actions/insights.js');
        await runInsights(commandRun(command, io, flags));
      },
    );
}
