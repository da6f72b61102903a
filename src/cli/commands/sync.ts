/**
 * `oura sync [--types LIST] [--since DAY] [--full] [--revisit-days N] [--json]
 * [--every DURATION] [--rebuild]` (docs/cli.md, "oura sync").
 * Flags are checked before any request; the work is in `../actions/sync.ts`.
 */
import type { Command } from 'commander';
import type { SyncFlags } from '../actions/sync.js';
import type { CliIo } from '../cli-io.js';
import { commandRun } from '../command-run.js';
import { withHelp } from '../help.js';

export function registerSync(program: Command, io: CliIo): void {
  withHelp(program.command('sync'), {
    summary: 'Copy your Oura data into the local history',
    description:
      "Copies every data type your login can read into the profile's SQLite file (under OURA_DATA_DIR). " +
      'The first run backfills from your first day of data (or --since); later runs fetch what is new and ' +
      're-read the last --revisit-days so revised documents are updated and deleted ones removed.\n\n' +
      'Each window is committed with its progress, so a killed sync loses nothing and the next run carries ' +
      'on. A second sync waits for a running one; readers are never blocked.',
    examples: [
      'oura sync',
      'oura sync --since 2024-01-01 --json',
      'oura sync --types daily_sleep,sleep --revisit-days 14',
      'oura sync --every 15m',
    ],
  })
    .option('--types <list>', 'only these data types, comma-separated (default: all)')
    .option('--since <day>', 'first run: backfill from this day (default: your first day of data)')
    .option('--full', 're-read everything from the first day')
    .option('--revisit-days <n>', 're-read the last N days for revised or deleted data', '7')
    .option('--json', 'print a JSON summary at the end')
    .option('--every <duration>', 'keep running, syncing every DURATION (e.g. 30m, 1h)')
    .option('--rebuild', 'delete the history file and re-create it from Oura')
    .action(async (flags: SyncFlags, command: Command) => {
      const { runSync } = await import('../actions/sync.js');
      await runSync(commandRun(command, io, flags));
    });
}
