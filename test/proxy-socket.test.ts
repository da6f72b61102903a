/**
 * The proxy on a Unix socket: created owner-only (never world-connectable,
 * not even for an instant), no key needed, stale sockets replaced, other files
 * and live sockets left alone. Another user's refusal is checked for real by
 * dropping to `nobody` with setpriv, which needs root.
 */

import { spawnSync } from 'node:child_process';
import { chmod, stat, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../src/emulator/index.js';
import { type RunningProxy, startProxy } from '../src/proxy/server.js';
import { tempDir } from './helpers/temp.js';

function getOverSocket(
  socketPath: string,
  path: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ socketPath, path, headers: { host: 'localhost' } }, (res) => {
      let body = '';
      res.on('data', (chunk) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const canSwitchUser =
  process.platform === 'linux' &&
  process.getuid?.() === 0 &&
  spawnSync('setpriv', ['--version']).status === 0;
if (!canSwitchUser) {
  console.warn('SKIPPING the other-user socket test: it needs root and setpriv (Linux)');
}

describe.skipIf(process.platform === 'win32')('proxy on a Unix socket', () => {
  let emulator: Emulator;
  let dir: string;
  let socketPath: string;
  let proxy: RunningProxy;

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0 });
    // Traversable by everyone, so only the socket's own mode keeps others out.
    dir = await tempDir('oura-sock-');
    await chmod(dir, 0o755);
    socketPath = join(dir, 'oura.sock');
    proxy = await startProxy({
      apiUrl: emulator.url,
      token: emulator.mintTokens().access_token,
      socketPath,
    });
  });
  afterAll(async () => {
    await proxy?.close();
    await emulator?.close();
  });

  it('is a socket of mode 0600 and names itself as http+unix://', async () => {
    const info = await stat(socketPath);
    expect(info.isSocket()).toBe(true);
    expect(info.mode & 0o777).toBe(0o600);
    expect(proxy.url).toBe(`http+unix://${encodeURIComponent(socketPath)}`);
  });

  it('forwards without a key (the file mode is the check) and still refuses other paths and methods', async () => {
    const answer = await getOverSocket(socketPath, '/v2/usercollection/personal_info');
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ email: emulator.user.email });
    expect((await getOverSocket(socketPath, '/oauth/token')).status).toBe(404);
    expect((await getOverSocket(socketPath, '/v2/../oauth/token')).status).toBe(400);
  });

  it.skipIf(!canSwitchUser)('cannot be opened by another user', () => {
    const attempt = spawnSync(
      'setpriv',
      [
        '--reuid=65534',
        '--regid=65534',
        '--clear-groups',
        process.execPath,
        '-e',
        `require('net').connect(${JSON.stringify(socketPath)}).on('connect', () => { console.log('connected'); process.exit(0); }).on('error', (e) => { console.log(e.code); process.exit(0); })`,
      ],
      { encoding: 'utf8' },
    );
    expect(attempt.stdout.trim()).toBe('EACCES');
  });

  it('replaces a stale socket, and refuses a live socket or a file that is not a socket', async () => {
    // A process killed while listening leaves its socket file behind, as a crashed proxy would.
    const stale = join(dir, 'stale.sock');
    spawnSync(process.execPath, [
      '-e',
      `require('net').createServer().listen(${JSON.stringify(stale)}, () => process.kill(process.pid, 'SIGKILL'))`,
    ]);
    expect((await stat(stale)).isSocket()).toBe(true);
    await writeFile(join(dir, 'keep.txt'), 'not a socket');
    const live = createServer();
    const livePath = join(dir, 'live.sock');
    await new Promise<void>((resolve) => live.listen(livePath, resolve));
    try {
      const replaced = await startProxy({ apiUrl: emulator.url, token: 't', socketPath: stale });
      expect((await getOverSocket(stale, '/v2/x/../y')).status).toBe(400);
      await replaced.close();
      await expect(stat(stale), 'close() removes the socket file').rejects.toThrow(/ENOENT/);
      await expect(
        startProxy({ apiUrl: emulator.url, token: 't', socketPath: join(dir, 'keep.txt') }),
      ).rejects.toThrow(/is not a socket/);
      await expect(
        startProxy({ apiUrl: emulator.url, token: 't', socketPath: livePath }),
      ).rejects.toThrow(/Another program is serving/);
    } finally {
      await new Promise<void>((resolve) => live.close(() => resolve()));
    }
  });
});
