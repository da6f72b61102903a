import type { Command } from 'commander';
import type { CliIo } from '../cli-io.js';
import { commandRun } from '../command-run.js';
import { withHelp } from '../help.js';
import { parseIntegerOption } from '../options.js';

/** `oura proxy [--port N] [--socket PATH]`: the proxy of `oura run`, until stopped. */
export function registerProxy(program: Command, io: CliIo): void {
  withHelp(program.command('proxy'), {
    summary: 'Serve the Oura API to local programs, with your token added',
    description:
      'Runs the proxy of `oura run` until stopped and prints its base URL on stdout. It listens on ' +
      '127.0.0.1 only, behind a random key that is part of the base URL (requests without it get 401), ' +
      'forwards GET and HEAD under /v2/ with a fresh token, and logs one line per request on stderr.\n\n' +
      'With --socket it serves on an owner-only Unix socket instead, without a key.',
    examples: ['oura proxy', 'oura proxy --port 8789', 'oura proxy --socket ~/.oura.sock'],
  })
    .option('--port <n>', 'port on 127.0.0.1, 0 = any free port (default 8789)', (v) =>
      parseIntegerOption('--port', v, 0, 65535),
    )
    .option('--socket <path>', 'serve on an owner-only Unix socket instead of a port (no key)')
    .action(async (options: { port?: number; socket?: string }, command: Command) => {
      const { runProxy } = await import('../actions/proxy.js');
      await runProxy(commandRun(command, io, options));
    });
}
