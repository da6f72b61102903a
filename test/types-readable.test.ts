/**
 * `oura types` after a login says which types that login can read: a narrow
 * consent (two scopes ticked) marks the rest unreadable, without a request.
 */

import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Emulator } from '../src/emulator/index.js';
import { runCli } from './helpers/cli.js';
import { loginOverHttp, startEmulatorWithProfile, type TestProfile } from './helpers/login.js';

let emulator: Emulator;
let profile: TestProfile;

beforeAll(async () => {
  ({ emulator, profile } = await startEmulatorWithProfile());
});
afterAll(async () => {
  await emulator?.close();
});

it('before a login there is no readable column; after a narrow one, it follows the granted scopes', async () => {
  const before = await runCli(['types', '--json'], { env: profile.env });
  expect(before.code, before.stderr).toBe(0);
  expect(JSON.parse(before.stdout)[0]).not.toHaveProperty('readable');

  const login = await loginOverHttp(profile, { scopes: ['extapi:personal', 'extapi:daily'] });
  expect(login.code, login.stderr).toBe(0);
  const requests = emulator.stats.apiRequests;

  const after = await runCli(['types', '--json'], { env: profile.env });
  expect(after.code, after.stderr).toBe(0);
  const readable = Object.fromEntries(
    (JSON.parse(after.stdout) as { type: string; readable: boolean }[]).map((t) => [
      t.type,
      t.readable,
    ]),
  );
  expect(readable).toMatchObject({
    daily_sleep: true,
    personal_info: true,
    heartrate: false,
    workout: false,
  });
  const table = await runCli(['types', '--format', 'table'], { env: profile.env });
  expect(table.stdout).toMatch(/\breadable\b/);
  expect(table.stdout).toMatch(/^heartrate\s+heartrate\s+.*\bno\b/m);
  expect(table.stdout).toMatch(/^daily_sleep\s+daily\s+.*\byes\b/m);
  expect(emulator.stats.apiRequests).toBe(requests);
});
