import type { Command } from 'commander';
import { resolveContext } from '../context.js';

/** `oura run -- COMMAND [ARGS...]`: the program reads Oura through a private proxy, never holding the token. */
export function registerRun(program: Command): void {
  program
    .command('run')
    .description(
      'run a program with OURA_API_URL pointing at a private proxy that adds your token (the program never sees it)',
    )
    .usage('-- COMMAND [ARGS...]')
    .argument('<command...>', 'the program to run and its arguments (after --)')
    // Without `--`, the program's own flags would be read as oura's.
    .showHelpAfterError('(put -- before the program: oura run -- COMMAND [ARGS...])')
    .action(async (words: string[], _options, command: Command) => {
      const { runCommand } = await import('../actions/run.js');
      process.exitCode = await runCommand(resolveContext(command), words);
    });
}
