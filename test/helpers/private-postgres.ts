/**
 * A PostgreSQL server of the test's own, in a temporary directory, for the
 * tests that restart it: the shared server (helpers/postgres.ts) must stay
 * up for the other test files running meanwhile. Debian's binaries; as root
 * the server runs as the `postgres` user, which PostgreSQL insists on.
 * Reached over a socket in the same directory; trust authentication.
 */
import { execFile } from 'node:child_process';
import { chmod, chown, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { onCleanup } from './processes.js';

const run = promisify(execFile);

export interface PrivatePostgres {
  url: string;
  /** A fast restart: every connection is cut, and the server is back when this resolves. */
  restart(): Promise<void>;
  /** A fast shutdown, for a while: resolves once the server is down, with the way to start it again. */
  down(): Promise<() => Promise<void>>;
  stop(): Promise<void>;
}

async function binDir(): Promise<string> {
  const versions = (await readdir('/usr/lib/postgresql')).sort((a, b) => Number(b) - Number(a));
  if (!versions[0]) throw new Error('no PostgreSQL under /usr/lib/postgresql');
  return `/usr/lib/postgresql/${versions[0]}/bin`;
}

export async function startPrivatePostgres(port: number): Promise<PrivatePostgres> {
  const bin = await binDir();
  const asRoot = process.getuid?.() === 0;
  // The `postgres` user cannot enter the test run's own temp dir (root's, 0700): as root, /tmp.
  const dir = await mkdtemp(join(asRoot ? '/tmp' : tmpdir(), 'oura-pg-'));
  const data = join(dir, 'data');
  const user = userInfo().username;
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: group } = await run('id', ['-g', 'postgres']);
    await chown(dir, Number(stdout.trim()), Number(group.trim()));
  }
  await chmod(dir, 0o700);
  const asServer = (command: string, args: string[]) =>
    asRoot
      ? run('runuser', ['-u', 'postgres', '--', join(bin, command), ...args])
      : run(join(bin, command), args);
  const options = `-k ${dir} -p ${port} -c listen_addresses='' -c fsync=off`;
  const pgCtl = (...args: string[]) => asServer('pg_ctl', ['-D', data, '-w', '-t', '60', ...args]);
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await pgCtl('-m', 'immediate', 'stop').catch(() => {});
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await asServer('initdb', ['-D', data, '-A', 'trust', '-U', user, '--no-sync']);
    await pgCtl('-o', options, '-l', join(dir, 'server.log'), 'start');
  } catch (error) {
    // A server that did not start leaves neither its directory nor a half-started process.
    await stop();
    throw error;
  }
  onCleanup(stop);
  return {
    url: `postgres:///postgres?host=${encodeURIComponent(dir)}&port=${port}&user=${encodeURIComponent(user)}`,
    restart: async () => {
      // With its log file again: else the server would write to (and hold open) pg_ctl's output.
      await pgCtl('-m', 'fast', '-o', options, '-l', join(dir, 'server.log'), 'restart');
    },
    down: async () => {
      await pgCtl('-m', 'fast', 'stop');
      return async () => {
        await pgCtl('-o', options, '-l', join(dir, 'server.log'), 'start');
      };
    },
    stop,
  };
}
