/**
 * `oura serve` as a person runs it: the real binary against the emulator,
 * the claim code on its console, `serve invite` beside it, the refusal to
 * serve the open network in clear, and `serve rotate-key`.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../dist/emulator/index.js';
import { cleanEnv, runCli, startCli } from './helpers/cli.js';
import { closeClientSockets } from './helpers/client-sockets.js';
import { onCleanup } from './helpers/processes.js';
import { freePort } from './helpers/serve.js';
import { tempDir } from './helpers/temp.js';

let env: NodeJS.ProcessEnv;
let port: number;

beforeAll(async () => {
  port = await freePort();
  const emulator = await startEmulator({
    historyDays: 10,
    clients: [
      {
        clientId: 'serve-cli-app',
        clientSecret: 'serve-cli-secret',
        redirectUris: [`http://127.0.0.1:${port}/oura/callback`],
      },
    ],
  });
  onCleanup(() => emulator.close());
  const dataDir = await tempDir('oura-serve-cli-');
  env = cleanEnv({
    ...emulator.env(),
    OURA_DATA_DIR: dataDir,
    OURA_CONFIG_DIR: join(dataDir, 'config'),
  });
});

afterAll(() => {});

describe('oura serve', () => {
  it('starts on a fresh data directory with its key given in OURA_SERVE_KEY', async () => {
    const fresh = await tempDir('oura-serve-envkey-');
    const server = startCli(['serve', '--port', '0'], {
      env: { ...env, OURA_DATA_DIR: fresh, OURA_SERVE_KEY: randomBytes(32).toString('base64') },
    });
    await server.waitForStderr(/listening on http:\/\/127\.0\.0\.1/, 20_000);
    server.kill('SIGTERM');
    const ended = await server.result;
    expect(ended.code, ended.stderr).toBe(0);
    expect(ended.stderr).toContain('OURA_SERVE_KEY');
  }, 60_000);

  it('refuses to serve the open network over plain HTTP (exit 2)', async () => {
    const result = await runCli(['serve', '--host', '0.0.0.0', '--port', '0'], { env });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/TLS|https/);
  });

  it('prints a claim code at first start, makes invites beside it, and refuses a second server and a key rotation under it; killed, it keeps its registrations', async () => {
    const server = startCli(['serve', '--port', String(port)], { env });
    const [, claim] = await server.waitForStderr(
      /type this code on the consent page: (\S+)/,
      20_000,
    );
    expect(claim).toMatch(/^[A-Z2-9]{5}(-[A-Z2-9]{5}){3}$/);
    const invite = await runCli(['serve', 'invite', '--expires', '1d'], { env });
    expect(invite.code).toBe(0);
    expect(invite.stdout).toMatch(
      new RegExp(`^http://127\\.0\\.0\\.1:${port}/invite/[A-Za-z0-9_-]{43}\\n$`),
    );
    expect((await runCli(['serve', 'invite', '--expires', '10s'], { env })).code).toBe(2);
    // An enrollment link into a cohort; a cohort name that could travel badly in a URL is refused.
    const enroll = await runCli(['serve', 'invite', '--cohort', 'study-a'], { env });
    expect(enroll.code, enroll.stderr).toBe(0);
    expect(enroll.stdout).toMatch(
      new RegExp(`^http://127\\.0\\.0\\.1:${port}/enroll/[A-Za-z0-9_-]{43}\\n$`),
    );
    expect(enroll.stderr).toContain('cohort study-a');
    const badName = await runCli(['serve', 'invite', '--cohort', '../a b'], { env });
    expect(badName.code).toBe(2);
    expect(badName.stderr).toContain('--cohort takes a name');
    // One server per data directory; the key is not rotated under a running server.
    const second = await runCli(['serve', '--port', '0'], { env });
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/Another oura serve is running/);
    expect((await runCli(['serve', 'rotate-key'], { env })).code).toBe(1);
    // Killed outright: the registration made before it is still there after a restart.
    const publicUrl = `http://127.0.0.1:${port}`;
    const registered = (await (
      await fetch(`${publicUrl}/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          client_name: 'Kept',
          redirect_uris: ['http://127.0.0.1:1/cb'],
          token_endpoint_auth_method: 'none',
        }),
      })
    ).json()) as { client_id: string };
    server.kill('SIGKILL');
    await server.result;
    // The registration's kept-alive connection went with the server.
    await closeClientSockets(port);
    const restarted = startCli(['serve', '--port', String(port)], { env });
    await restarted.waitForStderr(/listening on/, 20_000);
    const consent = await fetch(
      `${publicUrl}/authorize?${new URLSearchParams({ response_type: 'code', client_id: registered.client_id, redirect_uri: 'http://127.0.0.1:1/cb', code_challenge: 'x'.repeat(43), code_challenge_method: 'S256' })}`,
    );
    expect(consent.status).toBe(200);
    expect(await consent.text()).toContain('Kept');
    restarted.kill('SIGTERM');
    const ended = await restarted.result;
    expect(ended.code).toBe(0);
    expect(ended.stderr).not.toContain('serve-cli-secret');
  }, 120_000);

  it('rotates the key once stopped, and starts again on the application it sealed, without it in the environment', async () => {
    const keyFile = join(String(env.OURA_DATA_DIR), 'serve', 'serve.key');
    const before = JSON.parse(await readFile(keyFile, 'utf8')) as { current: string };
    const rotated = await runCli(['serve', 'rotate-key'], { env });
    expect(rotated.code, rotated.stderr).toBe(0);
    const after = JSON.parse(await readFile(keyFile, 'utf8')) as {
      current: string;
      keys: unknown[];
    };
    expect(after.current).not.toBe(before.current);
    expect(after.keys).toHaveLength(1);
    expect(rotated.stderr).toContain(after.current);

    // Its Oura application was remembered, sealed (under the new key now): the environment may forget it.
    const { OURA_CLIENT_ID: _id, OURA_CLIENT_SECRET: _secret, ...withoutClient } = env;
    const again = startCli(['serve', '--port', String(port)], { env: withoutClient });
    await again.waitForStderr(/listening on http:\/\/127\.0\.0\.1/, 20_000);
    again.kill('SIGTERM');
    expect((await again.result).code).toBe(0);
  }, 120_000);
});
