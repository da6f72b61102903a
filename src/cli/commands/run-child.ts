import type { Command } from 'commander';
import type { CliIo } from '../cli-io.js';
import { commandRun } from '../command-run.js';
import { withHelp } from '../help.js';

/** `oura run -- COMMAND [ARGS...]`: the program reads Oura through a private proxy, never holding the token. */
export function registerRun(program: Command, io: CliIo): void {
  withHelp(program.command('run'), {
    summary: 'Run a program that reads Oura through a private proxy',
    description:
      'Starts a proxy on 127.0.0.1 for as long as COMMAND runs and gives COMMAND OURA_API_URL pointing at it. ' +
      'The proxy adds a fresh token to each GET under /v2/, so the program reads your data without ever ' +
      'holding a token: OURA_ACCESS_TOKEN and OURA_CLIENT_SECRET are removed from its environment.\n\n' +
      "Exits with COMMAND's exit code. Put -- before the program so its own flags stay its own.",
    examples: [
      'oura run -- python analysis.py',
      'oura run -- sh -c \'curl -s "$OURA_API_URL/v2/usercollection/personal_info"\'',
    ],
  })
    .usage('-- COMMAND [ARGS...]')
    .argument('<command...>', 'the program to run and its arguments (after --)')
    // Without `--`, the program's own flags would be read as oura's.
    .showHelpAfterError('(put -- before the program: oura run -- COMMAND [ARGS...])')
    .action(async (words: string[], _options, command: Command) => {
      const { runCommand } = await import('../actions/run-child.js');
      await runCommand(commandRun(command, io, { words }));
    });
}
