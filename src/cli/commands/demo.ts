import type { Command } from 'commander';
import type { CliIo } from '../cli-io.js';
import { commandRun } from '../command-run.js';
import { withHelp } from '../help.js';

/** `oura demo`: the whole connect flow against a built-in emulator; no Oura account needed. */
export function registerDemo(program: Command, io: CliIo): void {
  withHelp(program.command('demo'), {
    summary: 'Try the whole connect flow without an Oura account',
    description:
      'Starts a built-in Oura emulator, logs in to it with a throwaway config (you click Allow in the browser, ' +
      'or the consent form is submitted over HTTP), and prints `Connected as …` with a week of synthetic data. ' +
      'Nothing of yours is touched, and the throwaway config is deleted at the end.',
    examples: ['oura demo', 'oura demo --no-browser'],
  })
    .option('--no-browser', 'approve the consent page over HTTP instead of in a browser')
    .action(async (options: { browser?: boolean }, command: Command) => {
      const { runDemo } = await import('../actions/demo.js');
      await runDemo(commandRun(command, io, options));
    });
}
