import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { submitConsent } from '../src/emulator/consent-client.js';
import { getJson } from './helpers/emulator.js';
import { trackChild } from './helpers/processes.js';

/** `oura emulator` as a person runs it: the built CLI in a child process. */

const repoRoot = resolve(import.meta.dirname, '..');
const bin = resolve(repoRoot, 'bin/oura.js');

/** Starts `oura emulator`, killed when the test ends, and waits until it serves. */
function start(
  args: string[],
): Promise<{ child: ChildProcess; env: Record<string, string>; stderr: () => string }> {
  const child = trackChild(
    spawn(process.execPath, [bin, 'emulator', ...args], {
      cwd: repoRoot,
      stdio: 'pipe',
    }),
  );
  let out = '';
  let err = '';
  return new Promise((resolvePromise, reject) => {
    // Generous: a loaded machine can take seconds to start a Node process.
    const timer = setTimeout(
      () => reject(new Error(`not ready within 30 s; stderr: ${err}`)),
      30_000,
    );
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${err}`)));
    // Ready when all exports are out and the explanation (written after them) is complete.
    const check = () => {
      const lines = out.split('\n').filter((line) => line.startsWith('export '));
      if (lines.length < 6 || !err.includes('Ctrl-C')) return;
      clearTimeout(timer);
      const env = Object.fromEntries(
        lines.map((line) => {
          const [name, ...value] = line.slice('export '.length).split('=');
          return [name, value.join('=').replace(/^'|'$/g, '')];
        }),
      );
      resolvePromise({ child, env, stderr: () => err });
    };
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      check();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      err += chunk.toString();
      check();
    });
  });
}

describe('oura emulator', () => {
  it('prints the exports, serves the API and the consent flow, and stops cleanly on SIGTERM', async () => {
    const { child, env, stderr } = await start([
      '--port',
      '0',
      '--redirect-uri',
      'http://localhost:4567/cb',
    ]);
    expect(Object.keys(env).sort()).toEqual([
      'OURA_API_URL',
      'OURA_AUTHORIZE_URL',
      'OURA_CLIENT_ID',
      'OURA_CLIENT_SECRET',
      'OURA_ISSUER',
      'OURA_REVOKE_URL',
      'OURA_TOKEN_URL',
    ]);
    expect(env.OURA_API_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(env.OURA_TOKEN_URL).toBe(`${env.OURA_API_URL}/oauth/v2/ext/oauth-token`);
    expect(stderr()).toContain('oura auth login');
    const sandbox = await getJson(
      `${env.OURA_API_URL}/v2/sandbox/usercollection/daily_sleep`,
      'any',
    );
    expect(sandbox.status).toBe(200);
    const authorize = new URL(env.OURA_AUTHORIZE_URL ?? '');
    authorize.search = new URLSearchParams({
      response_type: 'code',
      client_id: env.OURA_CLIENT_ID ?? '',
      redirect_uri: 'http://localhost:4567/cb',
      scope: 'extapi:daily',
    }).toString();
    const callback = new URL(await submitConsent(authorize.toString(), 'allow'));
    expect(callback.searchParams.get('code')).toBeTruthy();
    // 'close', not 'exit': only then has all of stderr been read.
    const exited = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr()).toContain('stopped');
  });

  it('rejects bad flag values with exit code 2', () => {
    for (const args of [
      ['--failure-rate', '1.5'],
      ['--port', 'abc'],
      ['--page-size', '0'],
      ['--redirect-uri', 'nope'],
      ['--hold-today', 'bogus'],
      ['--hold-today', 'sleep,heartrate'],
    ]) {
      // A bound: an emulator that started serving instead would block this worker for good.
      const result = spawnSync(process.execPath, [bin, 'emulator', ...args], {
        cwd: repoRoot,
        encoding: 'utf8',
        timeout: 30_000,
      });
      expect(result.status, args.join(' ')).toBe(2);
      expect(result.stdout).toBe('');
    }
  });
});
