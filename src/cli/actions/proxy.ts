import { resolve } from 'node:path';
import { UsageError } from '../../errors.js';
import { startProxy } from '../../proxy/server.js';
import { untilStopped } from '../../until-stopped.js';
import type { CommandRun } from '../command-run.js';
import { formatRequestEvent } from '../output/request-log.js';

/** The port of `oura proxy` when none is given, fixed so a configured program finds it again. */
export const DEFAULT_PROXY_PORT = 8789;

/**
 * `oura proxy`: prints the base URL (stdout, the one place the key appears),
 * logs each request on stderr, and serves until SIGINT/SIGTERM.
 */
export async function runProxy(run: CommandRun<{ port?: number; socket?: string }>): Promise<void> {
  const { flags } = run;
  const { notice, out } = run.io;
  if (flags.port !== undefined && flags.socket !== undefined) {
    throw new UsageError('Use --port or --socket, not both.');
  }
  const ctx = await run.context();
  await using profile = await run.openProfile();
  // Not logged in: exit 4 now rather than answer every request with 401.
  await profile.token();
  const proxy = await startProxy({
    apiUrl: ctx.apiUrl,
    token: profile.token,
    ...(flags.socket === undefined
      ? { port: flags.port ?? DEFAULT_PROXY_PORT }
      : { socketPath: resolve(flags.socket) }),
    onRequest: (event) => notice(formatRequestEvent(event)),
  });
  out(`${proxy.url}\n`);
  notice(
    flags.socket === undefined
      ? [
          `Oura proxy for profile "${ctx.profile}" on 127.0.0.1, forwarding GET/HEAD under /v2/ to ${ctx.apiUrl}.`,
          'The base URL above carries its key: give it only to programs you trust, e.g.',
          '  OURA_API_URL=<that URL> python analysis.py   (requests go to $OURA_API_URL/v2/...)',
          'Ctrl-C to stop.',
        ].join('\n')
      : [
          `Oura proxy for profile "${ctx.profile}" on the Unix socket ${resolve(flags.socket)} (mode 0600: only you can connect; no key).`,
          `  curl --unix-socket ${resolve(flags.socket)} http://localhost/v2/usercollection/personal_info`,
          'Ctrl-C to stop.',
        ].join('\n'),
  );
  await untilStopped();
  await proxy.close();
  notice('Oura proxy stopped.');
}
