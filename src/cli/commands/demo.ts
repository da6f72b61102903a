import type { Command } from 'commander';

/** `oura demo`: the whole connect flow against a built-in emulator; no Oura account needed. */
export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('run the whole connect flow against a built-in Oura emulator (no account needed)')
    .option('--no-browser', 'approve the consent page over HTTP instead of in a browser')
    .action(async (options: { browser?: boolean }) => {
      const { runDemo } = await import('../actions/demo.js');
      await runDemo(options);
    });
}
