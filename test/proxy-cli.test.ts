/**
 * `oura proxy` as a real process against the emulator: the base URL on stdout
 * (the one place the key appears), one log line per request on stderr, a
 * clean stop on SIGTERM/SIGINT, the Unix socket variant, and its usage and
 * runtime errors.
 */

import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CLIENT, type Emulator, startEmulator } from '../src/emulator/index.js';
import { cleanEnv, expectNoSecrets, OURA_BIN, runCli, tempConfigDir } from './helpers/cli.js';
import { startLoggedInProfile, type TestProfile } from './helpers/login.js';
import { trackChild } from './helpers/processes.js';
import { tempDir } from './helpers/temp.js';

let emulator: Emulator;
let token: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  token = emulator.mintTokens().access_token;
  env = cleanEnv({
    OURA_ACCESS_TOKEN: token,
    OURA_API_URL: emulator.url,
    OURA_CONFIG_DIR: await tempConfigDir(),
  });
});
afterAll(async () => emulator?.close());

interface ProxyProcess {
  child: ChildProcessWithoutNullStreams;
  /** The first stdout line. */
  url: string;
  stderr: () => string;
  stdout: () => string;
  exit: Promise<number | null>;
}

/** Starts `oura proxy ...args` (killed when the test ends) and waits for the base URL on stdout. */
async function startProxyCli(
  args: string[],
  environment: NodeJS.ProcessEnv = env,
): Promise<ProxyProcess> {
  const child = trackChild(
    spawn(process.execPath, [OURA_BIN, 'proxy', ...args], { env: environment }),
  );
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk;
  });
  // 'close', not 'exit': only then has all of the child's output been read.
  const exit = new Promise<number | null>((resolve) => child.on('close', resolve));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk;
      if (stdout.includes('\n')) resolve(stdout.split('\n')[0] ?? '');
    });
    void exit.then(() => reject(new Error(`oura proxy exited early: ${stderr}`)));
  });
  return { child, url, exit, stderr: () => stderr, stdout: () => stdout };
}

describe('oura proxy on a port', () => {
  it('prints the keyed base URL, serves it, logs each request, and stops on SIGTERM', async () => {
    const proxy = await startProxyCli(['--port', '0']);
    expect(proxy.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/[A-Za-z0-9_-]{43}$/);
    const key = proxy.url.split('/').pop() ?? '';
    const user = await (await fetch(`${proxy.url}/v2/usercollection/personal_info`)).json();
    expect(user).toMatchObject({ email: emulator.user.email });
    const origin = new URL(proxy.url).origin;
    expect((await fetch(`${origin}/v2/usercollection/personal_info`)).status).toBe(401);

    // 50 at once, all answered.
    const statuses = await Promise.all(
      Array.from(
        { length: 50 },
        async () => (await fetch(`${proxy.url}/v2/usercollection/tag`)).status,
      ),
    );
    expect(statuses).toEqual(Array(50).fill(200));

    proxy.child.kill('SIGTERM');
    expect(await proxy.exit).toBe(0);
    expect(proxy.stdout()).toBe(`${proxy.url}\n`);
    const stderr = proxy.stderr();
    expect(stderr).toMatch(/^GET \/v2\/usercollection\/personal_info 200 \d+ms$/m);
    expect(stderr).toMatch(
      /^GET \/v2\/usercollection\/personal_info 401 \d+ms \(missing or wrong proxy key\)$/m,
    );
    expect(stderr.match(/^GET \/v2\/usercollection\/tag 200 \d+ms$/gm)).toHaveLength(50);
    expect(stderr).toContain('Oura proxy stopped.');
    expect(stderr).not.toContain(key);
    expect(`${stderr}${proxy.stdout()}`).not.toContain(token);
  });

  it('exits 1 naming a port that is taken', async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const port = (holder.address() as { port: number }).port;
    try {
      const result = await runCli(['proxy', '--port', String(port)], { env });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`Port ${port} on 127.0.0.1 is taken`);
      expect(result.stdout).toBe('');
    } finally {
      holder.close();
    }
  });

  it('exits 2 for --port with --socket or a bad port, and 4 without a login', async () => {
    const both = await runCli(['proxy', '--port', '1', '--socket', '/tmp/x.sock'], { env });
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--port or --socket, not both');
    expect((await runCli(['proxy', '--port', 'http'], { env })).code).toBe(2);
    const none = await runCli(['proxy', '--port', '0'], {
      env: cleanEnv({ OURA_CONFIG_DIR: await tempConfigDir(), OURA_API_URL: emulator.url }),
    });
    expect(none.code).toBe(4);
    expect(none.stdout).toBe('');
  });
});

describe.skipIf(process.platform === 'win32')('oura proxy --socket', () => {
  it('serves on an owner-only socket without a key and removes it on SIGINT', async () => {
    const socketPath = join(await tempDir('oura-sock-'), 'proxy.sock');
    const proxy = await startProxyCli(['--socket', socketPath]);
    expect(proxy.url).toBe(`http+unix://${encodeURIComponent(socketPath)}`);
    expect((await stat(socketPath)).mode & 0o777).toBe(0o600);
    const body = await new Promise<string>((resolve, reject) => {
      const req = httpRequest(
        { socketPath, path: '/v2/usercollection/personal_info', headers: { host: 'localhost' } },
        (res) => {
          let text = '';
          res.on('data', (chunk) => {
            text += chunk;
          });
          res.on('end', () => resolve(text));
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(JSON.parse(body)).toMatchObject({ email: emulator.user.email });
    proxy.child.kill('SIGINT');
    expect(await proxy.exit).toBe(0);
    await expect(stat(socketPath)).rejects.toThrow(/ENOENT/);
    expect(proxy.stderr()).toMatch(/^GET \/v2\/usercollection\/personal_info 200 \d+ms$/m);
    expect(proxy.stderr()).toContain(`curl --unix-socket ${socketPath}`);
  });
});

/** Sends a request target exactly as written (no URL normalisation) and resolves with the status. */
function sendRaw(
  port: number,
  target: string,
  headers: Record<string, string> = {},
): Promise<number> {
  return new Promise((resolve, reject) => {
    const lines = [`GET ${target} HTTP/1.1`, `Host: 127.0.0.1:${port}`, 'Connection: close'];
    for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
    const socket = connect(port, '127.0.0.1', () => socket.write(`${lines.join('\r\n')}\r\n\r\n`));
    let text = '';
    socket.on('data', (chunk) => {
      text += chunk.toString();
    });
    socket.on('close', () => resolve(Number(text.split(' ')[1])));
    socket.on('error', reject);
  });
}

/** Stops the proxy and resolves with its whole stderr. */
async function stopProxy(proxy: ProxyProcess): Promise<string> {
  proxy.child.kill('SIGTERM');
  expect(await proxy.exit).toBe(0);
  return proxy.stderr();
}

describe('oura proxy: the key never reaches the log', () => {
  it('whatever the shape of the path the key is placed in', async () => {
    const proxy = await startProxyCli(['--port', '0']);
    const key = proxy.url.split('/').pop() ?? '';
    const port = Number(new URL(proxy.url).port);
    const encoded = [...key].map((c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`).join('');
    const api = '/v2/usercollection/personal_info';
    const targets = [
      `/${key}${api}`,
      `/v2/${key}/usercollection/personal_info`,
      `/x/${key}${api}`,
      `/${key}/v2/usercollection/${key}`,
      `/${key}/v2/usercollection/sleep/${key}`,
      `/${key}/v2/usercollection/sleep/doc-${key}-x`,
      `/${key}/v2/usercollection/sleep/${key.slice(0, -1)}`,
      `/${key}${api}?next_token=${key}`,
      `/v2/usercollection/personal_info?key=${key}`,
      `/${key}%2Fv2/usercollection/personal_info`,
      `/v2%2F${key}/usercollection/personal_info`,
      `/${key}/v2/usercollection%2F${key}`,
      `/${key}/v2/usercollection/${encoded}`,
      `/v2/${encoded}/usercollection`,
      `/${encodeURIComponent(`/${key}/`)}/v2`,
      `//${key}${api}`,
      `/${key}//v2/usercollection/personal_info`,
      `/v2//${key}`,
      `/${key};${key}${api}`,
      `/v2;k=${key}/usercollection/personal_info`,
      `/${key}${api};k=${key}`,
      `/${key}${api}#${key}`,
      `/v2#/${key}`,
      `/${key}/v2/usercollection\\${key}`,
    ];
    const statuses = [];
    for (const target of targets) statuses.push(await sendRaw(port, target));
    // The same spellings with the key also in the header.
    for (const target of targets.slice(1, 8)) {
      statuses.push(await sendRaw(port, target, { 'x-oura-proxy-key': key }));
    }
    expect(statuses[0]).toBe(200);
    const stderr = await stopProxy(proxy);
    // Every request was logged, one line each.
    expect(stderr.match(/^GET \S+ \d{3} \d+ms/gm)).toHaveLength(statuses.length);
    expect(stderr).not.toContain(key);
    // Nor any eight characters of it in a row.
    for (let i = 0; i + 8 <= key.length; i++) expect(stderr).not.toContain(key.slice(i, i + 8));
    expect(stderr).toMatch(/^GET \/v2\/<hidden>\/usercollection\/personal_info 401 \d+ms/m);
    expect(stderr).toMatch(/^GET \/v2\/usercollection\/<hidden> 404 \d+ms/m);
  });
});

describe('oura proxy with a stored login: when it refreshes', () => {
  let loggedIn: { emulator: Emulator; profile: TestProfile };
  const credentials = () => join(loggedIn.profile.configDir, 'credentials', 'default.json');
  const storedTokens = async (): Promise<{ access_token: string; refresh_token: string }> =>
    JSON.parse(JSON.parse(await readFile(credentials(), 'utf8')).tokens);

  beforeAll(async () => {
    loggedIn = await startLoggedInProfile();
  });
  afterAll(async () => loggedIn?.emulator.close());

  it('a path that always answers 401 (webhooks want the client secret) spends no refresh token', async () => {
    const { emulator, profile } = loggedIn;
    const before = await storedTokens();
    const refreshes = emulator.stats.refreshGrants;
    const proxy = await startProxyCli(['--port', '0'], profile.env);
    const url = `${proxy.url}/v2/webhook/subscription`;
    const statuses = [];
    for (let i = 0; i < 20; i++) statuses.push((await fetch(url)).status);
    statuses.push(
      ...(await Promise.all(Array.from({ length: 20 }, async () => (await fetch(url)).status))),
    );
    expect(statuses).toEqual(Array(40).fill(401));
    expect(emulator.stats.refreshGrants).toBe(refreshes);
    expect(await storedTokens()).toEqual(before);
    expect((await fetch(`${proxy.url}/v2/usercollection/personal_info`)).status).toBe(200);
    const stderr = await stopProxy(proxy);
    expect(stderr).toMatch(
      /^GET \/v2\/webhook\/subscription 401 \d+ms \(not refreshed: this 401 is not about the token\)$/m,
    );
    expectNoSecrets({ stdout: '', stderr }, [before.access_token, before.refresh_token]);
  });

  it('a token Oura dropped is refreshed once for all requests, concurrent and later, which then succeed', async () => {
    const { emulator, profile } = loggedIn;
    const file = JSON.parse(await readFile(credentials(), 'utf8'));
    const dropped = { ...JSON.parse(file.tokens), access_token: 'dropped-by-oura-access-token' };
    await writeFile(credentials(), JSON.stringify({ ...file, tokens: JSON.stringify(dropped) }), {
      mode: 0o600,
    });
    const refreshes = emulator.stats.refreshGrants;
    const proxy = await startProxyCli(['--port', '0'], profile.env);
    const url = `${proxy.url}/v2/usercollection/personal_info`;
    const statuses = await Promise.all(
      Array.from({ length: 20 }, async () => (await fetch(url)).status),
    );
    for (let i = 0; i < 20; i++) statuses.push((await fetch(url)).status);
    expect(statuses).toEqual(Array(40).fill(200));
    expect(emulator.stats.refreshGrants).toBe(refreshes + 1);
    const after = await storedTokens();
    expect(after.access_token).not.toBe(dropped.access_token);
    expect(after.refresh_token).not.toBe(dropped.refresh_token);
    const stderr = await stopProxy(proxy);
    expect(stderr.match(/^GET \/v2\/usercollection\/personal_info 200 \d+ms$/gm)).toHaveLength(40);
    expectNoSecrets({ stdout: '', stderr }, [
      after.access_token,
      after.refresh_token,
      dropped.refresh_token,
      DEMO_CLIENT.clientSecret,
    ]);
  });
});
