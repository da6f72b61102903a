import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nowMs } from '../src/clock.js';
import { DEMO_CLIENT, type Emulator } from '../src/emulator/index.js';
import { expectNoSecrets, runCli, startCli } from './helpers/cli.js';
import { loginOverHttp, startLoggedInProfile, type TestProfile } from './helpers/login.js';

describe('refresh across processes', () => {
  let emulator: Emulator;
  let profile: TestProfile;

  beforeAll(async () => {
    ({ emulator, profile } = await startLoggedInProfile());
  });
  afterAll(async () => emulator?.close());

  /** Makes the stored access token look expired, as it would be the next morning. */
  async function expireStoredToken(): Promise<void> {
    const path = join(profile.configDir, 'credentials', 'default.json');
    const file = JSON.parse(await readFile(path, 'utf8'));
    file.tokens = JSON.stringify({ ...JSON.parse(file.tokens), expires_at: nowMs() - 1000 });
    await writeFile(path, JSON.stringify(file));
  }

  it('eight processes starting at once with an expired token cause exactly one refresh, and all succeed', async () => {
    await expireStoredToken();
    const before = emulator.stats.refreshGrants;
    const runs = Array.from(
      { length: 8 },
      () => startCli(['auth', 'token'], { env: profile.env, mode: 'process' }).result,
    );
    const results = await Promise.all(runs);
    for (const result of results) expect(result.code, result.stderr).toBe(0);
    expect(emulator.stats.refreshGrants - before).toBe(1);
    const printed = new Set(results.map((r) => r.stdout.trim()));
    expect(printed.size).toBe(1);
    const [token] = [...printed];
    const api = await fetch(`${emulator.url}/v2/usercollection/personal_info`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(api.status).toBe(200);
  });

  it('invalid_grant exits 4, says to log in, and deletes nothing', async () => {
    const path = join(profile.configDir, 'credentials', 'default.json');
    const stale = await readFile(path, 'utf8');
    // Another device refreshes the chain; this machine still holds the old, now dead, pair.
    expect((await runCli(['auth', 'refresh'], { env: profile.env })).code).toBe(0);
    await writeFile(path, stale);
    await expireStoredToken();
    const stale2 = await readFile(path, 'utf8');
    const staleTokens = JSON.parse(JSON.parse(stale).tokens);

    const token = await runCli(['auth', 'token'], { env: profile.env });
    expect(token.code).toBe(4);
    expect(token.stderr).toContain('oura auth login');
    expect(token.stderr).toContain('invalid_grant');
    expectNoSecrets(token, [staleTokens.access_token, staleTokens.refresh_token]);
    expect(await readFile(path, 'utf8')).toBe(stale2);

    const status = await runCli(['auth', 'status', '--json'], { env: profile.env });
    expect(status.code).toBe(4);
    const report = JSON.parse(status.stdout);
    expect(report).toMatchObject({
      logged_in: false,
      client_id: DEMO_CLIENT.clientId,
      user: emulator.user.email,
    });
    expect(report.scopes.length).toBeGreaterThan(0);
    expect(report.problem).toContain('oura auth login');
    // The refusal was Oura's answer: checked, and refused.
    expect(report.verified).toBe(false);

    // An access token of the dead grant that has not yet expired is no longer handed out.
    await writeFile(path, stale);
    const unexpired = await runCli(['auth', 'token'], { env: profile.env });
    expect(unexpired.code).toBe(4);
    expect(unexpired.stdout).toBe('');
    expect(unexpired.stderr).toContain('oura auth login');
    expectNoSecrets(unexpired, [staleTokens.access_token, staleTokens.refresh_token]);

    // Logging in again clears the problem.
    const login = await loginOverHttp(profile);
    expect(login.code, login.stderr).toBe(0);
    const healed = JSON.parse(
      (await runCli(['auth', 'status', '--json'], { env: profile.env })).stdout,
    );
    expect(healed.logged_in).toBe(true);
    expect(healed.problem).toBeUndefined();
  });
});
