/** `oura completion bash|zsh|fish`: flags and help; the script is written by `../actions/completion.ts`. */
import type { Command } from 'commander';
import type { CliIo } from '../cli-io.js';
import { commandRun } from '../command-run.js';
import { withHelp } from '../help.js';

export function registerCompletion(program: Command, io: CliIo): void {
  withHelp(program.command('completion'), {
    summary: 'Print the shell completion script for bash, zsh or fish',
    description:
      'Prints a script that completes oura commands, flags, data types and formats when you press TAB. ' +
      'The script is generated from this version of oura and holds everything it needs, so a TAB never ' +
      'starts oura; print it again after an upgrade.\n\n' +
      'bash: `source <(oura completion bash)` in ~/.bashrc, or save it once as ' +
      '~/.local/share/bash-completion/completions/oura.\n' +
      'zsh: `source <(oura completion zsh)` in ~/.zshrc (after compinit), or save it as _oura in a directory of $fpath.\n' +
      'fish: `oura completion fish > ~/.config/fish/completions/oura.fish`.',
    examples: [
      'source <(oura completion bash)',
      'oura completion bash > ~/.local/share/bash-completion/completions/oura',
      'oura completion zsh > ~/.zfunc/_oura   # a directory in $fpath',
      'oura completion fish > ~/.config/fish/completions/oura.fish',
    ],
  })
    .argument('<shell>', 'bash, zsh or fish')
    .action(async (shell: string, _options, command: Command) => {
      const { runCompletion } = await import('../actions/completion.js');
      if (!command.parent) throw new Error('completion is declared under the program');
      await runCompletion(commandRun(command, io, { shell, program: command.parent }));
    });
}
