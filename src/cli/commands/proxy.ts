import type { Command } from 'commander';
import { resolveContext } from '../context.js';
import { parseIntegerOption } from '../options.js';

/** `oura proxy [--port N] [--socket PATH]`: the proxy of `oura run`, until stopped. */
export function registerProxy(program: Command): void {
  program
    .command('proxy')
    .description(
      'serve the Oura API on 127.0.0.1 with your token added, behind a random key; prints the base URL',
    )
    .option('--port <n>', 'port on 127.0.0.1, 0 = any free port (default 8789)', (v) =>
      parseIntegerOption('--port', v, 0, 65535),
    )
    .option('--socket <path>', 'serve on an owner-only Unix socket instead of a port (no key)')
    .action(async (options: { port?: number; socket?: string }, command: Command) => {
      const { runProxy } = await import('../actions/proxy.js');
      await runProxy(resolveContext(command), options);
    });
}
