/**
 * `oura sync [--types LIST] [--since DAY] [--full] [--revisit-days N] [--json]
 * [--every DURATION] [--rebuild]` (CLI-CONTRACT.md, "The local history").
 * Flags are checked before any request; the work is in `../actions/sync.ts`.
 */
import type { Command } from 'commander';

export interface SyncFlags {
  types?: string;
  since?: string;
  full?: boolean;
  revisitDays?: string;
  json?: boolean;
  every?: string;
  rebuild?: boolean;
}

export function registerSync(program: Command): void {
  program
    .command('sync')
    .description('Copy your Oura data into the local history (SQLite), or bring it up to date.')
    .option('--types <list>', 'only these data types, comma-separated (default: all)')
    .option('--since <day>', 'first run: backfill from this day (default: your first day of data)')
    .option('--full', 're-read everything from the first day')
    .option('--revisit-days <n>', 're-read the last N days for revised or deleted data', '7')
    .option('--json', 'print a JSON summary at the end')
    .option('--every <duration>', 'keep running, syncing every DURATION (e.g. 30m, 1h)')
    .option('--rebuild', 'delete the history file and re-create it from Oura')
    .action(async (flags: SyncFlags, command: Command) => {
      const { planSync, runSync } = await import('../actions/sync.js');
      await runSync(planSync(flags), command);
    });
}
