import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { submitConsent } from '../src/emulator/consent-client.js';
import { getJson } from './helpers/emulator.js';

/** `oura emulator` as a person runs it: the built CLI in a child process. */

const repoRoot = resolve(import.meta.dirname, '..');
const bin = resolve(repoRoot, 'bin/oura.js');
const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

function start(
  args: string[],
): Promise<{ child: ChildProcess; env: Record<string, string>; stderr: () => string }> {
  const child = spawn(process.execPath, [bin, 'emulator', ...args], {
    cwd: repoRoot,
    stdio: 'pipe',
  });
  children.push(child);
  let out = '';
  let err = '';
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`not ready within 10 s; stderr: ${err}`)),
      10_000,
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
      const result = spawnSync(process.execPath, [bin, 'emulator', ...args], {
        cwd: repoRoot,
        encoding: 'utf8',
      });
      expect(result.status, args.join(' ')).toBe(2);
      expect(result.stdout).toBe('');
    }
  });
});
