/**
 * `oura api PATH [-f KEY=VALUE]... [--paginate]`: flags and help; the work is
 * in `../actions/api.ts`.
 */
import type { Command } from 'commander';
import type { ApiFlags } from '../actions/api.js';
import type { CliIo } from '../cli-io.js';
import { commandRun } from '../command-run.js';
import { withHelp } from '../help.js';

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export function registerApi(program: Command, io: CliIo): void {
  withHelp(program.command('api'), {
    summary: 'Send an authenticated request to the Oura API',
    description:
      'Sends a GET to the Oura API (OURA_API_URL, default https://api.ouraring.com) with your access token ' +
      'attached, and prints the JSON answer. The token is never printed.\n\n' +
      '-f adds query parameters; --paginate follows next_token and prints one {"data": [...]}.',
    examples: [
      'oura api /v2/usercollection/personal_info',
      'oura api /v2/usercollection/workout -f start_date=2026-11-01 --paginate',
    ],
  })
    .argument('<path>', 'API path, e.g. /v2/usercollection/personal_info')
    .option('-f, --field <key=value>', 'add a query parameter (repeatable)', collect)
    .option('--paginate', 'follow next_token and print one {"data": [...]}')
    .action(async (path: string, flags: Omit<ApiFlags, 'path'>, command: Command) => {
      const { runApi } = await import('../actions/api.js');
      await runApi(commandRun(command, io, { ...flags, path }));
    });
}
