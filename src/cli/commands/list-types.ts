/**
 * `oura types [--json]`: every data type with the scope it needs, the
 * parameters its route takes, and whether `--id` works — read from the one
 * endpoint table (src/api/endpoints.ts).
 */
import type { Command } from 'commander';
import type { CliIo } from '../cli-io.js';
import { commandRun } from '../command-run.js';
import { withHelp } from '../help.js';

export function registerTypes(program: Command, io: CliIo): void {
  withHelp(program.command('types'), {
    summary: 'List the Oura data types',
    description:
      'Lists every data type `oura get` knows, with the scope it needs, how it takes a range (days, or ' +
      'datetimes for the series types), whether --id works, and what it holds.\n\n' +
      'After `oura auth login`, a `readable` column says which types the login was granted the scope for.\n\n' +
      'Like `oura get`: a table on a terminal, JSON otherwise.',
    examples: ['oura types', "oura types --format json | jq -r '.[].type'"],
  })
    .option('--format <format>', 'table or json (default: table on a terminal, json otherwise)')
    .option('--json', 'same as --format json')
    .action(async (flags: { format?: string; json?: boolean }, command: Command) => {
      const { runTypes } = await import('../actions/list-types.js');
      await runTypes(commandRun(command, io, flags));
    });
}
