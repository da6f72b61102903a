/**
 * A server that takes the connection and never answers (a hung proxy, a
 * stopped VM): `oura get` says within seconds what it is waiting for, gives
 * up well under a minute across its retries, and says which address to check.
 * The real defaults are used (no test-only knob): this run takes about 30 s.
 */

import type { AddressInfo } from 'node:net';
import { createServer, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanEnv, expectNoSecrets, startCli } from './helpers/cli.js';

const TOKEN = 'silent-server-test-token';
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

/** Accepts TCP connections, reads what comes, and never writes a byte. */
async function startSilentServer(): Promise<{ host: string; connections: () => number }> {
  const sockets = new Set<Socket>();
  let connections = 0;
  const server = createServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.resume();
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  closers.push(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((closed) => server.close(closed));
  });
  return {
    host: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    connections: () => connections,
  };
}

describe('oura get against a server that never answers', () => {
  it('says what it waits for within seconds, gives up in well under a minute, names the address, exit 1', async () => {
    const { host, connections } = await startSilentServer();
    const started = Date.now();
    const run = startCli(['get', 'daily_sleep', '--format', 'json'], {
      env: cleanEnv({ OURA_ACCESS_TOKEN: TOKEN, OURA_API_URL: `http://${host}` }),
    });
    // The notice is due after 5 s; 20 s leaves room for a loaded machine.
    await run.waitForStderr(/still waiting for 127\.0\.0\.1:\d+ to answer/, 20_000);
    const noticeAfter = Date.now() - started;
    const result = await run.result;
    const total = Date.now() - started;
    console.log(
      `notice after ${noticeAfter} ms, gave up after ${total} ms, ${connections()} connection(s)`,
    );

    expect(result.code, result.stderr).toBe(1);
    expect(total).toBeLessThan(45_000);
    expect(result.stdout).toBe('');
    expect(result.stderr.match(/still waiting/g)).toHaveLength(1);
    expect(result.stderr).toContain(`no answer from ${host} within 30 s`);
    expect(result.stderr).toContain('OURA_API_URL');
    expect(result.stderr).not.toContain('unexpected');
    // The host only: never the path's query (dates) or the token.
    expect(result.stderr).not.toContain('start_date');
    expectNoSecrets(result, [TOKEN]);
  }, 90_000);
});
