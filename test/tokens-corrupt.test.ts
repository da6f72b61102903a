import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../src/emulator/index.js';
import { runCli } from './helpers/cli.js';
import { loginOverHttp, startLoggedInProfile, type TestProfile } from './helpers/login.js';

/** Damaged stored tokens are reported as damaged (naming where), never as "not logged in". */
describe('unreadable stored tokens', () => {
  let emulator: Emulator;
  let profile: TestProfile;
  let credentials: string;

  beforeAll(async () => {
    ({ emulator, profile } = await startLoggedInProfile());
    credentials = join(profile.configDir, 'credentials', 'default.json');
    const file = JSON.parse(await readFile(credentials, 'utf8'));
    file.tokens = '{"access_token": "tru';
    await writeFile(credentials, JSON.stringify(file));
  });
  afterAll(async () => emulator?.close());

  it('commands name the file and the way out, exit 1', async () => {
    const token = await runCli(['auth', 'token'], { env: profile.env });
    expect(token.code).toBe(1);
    expect(token.stderr).toContain(`The stored tokens in ${credentials} are not readable`);
    expect(token.stderr).toContain('oura auth login');
    expect(token.stderr).not.toMatch(/Not logged in/);
  });

  it('status says what is wrong, exit 4', async () => {
    const status = await runCli(['auth', 'status', '--json', '--offline'], { env: profile.env });
    expect(status.code).toBe(4);
    expect(JSON.parse(status.stdout).problem).toContain('not readable');
  });

  it('logout deletes them without revoking, and a new login works', async () => {
    const logout = await runCli(['auth', 'logout'], { env: profile.env });
    expect(logout.code, logout.stderr).toBe(0);
    expect(logout.stderr).toContain('Nothing to revoke');
    const file = JSON.parse(await readFile(credentials, 'utf8'));
    expect(file.tokens).toBeUndefined();
    expect((await loginOverHttp(profile)).code).toBe(0);
  });
});
