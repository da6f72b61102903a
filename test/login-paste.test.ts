import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitConsent } from '../src/emulator/consent-client.js';
import type { Emulator } from '../src/emulator/index.js';
import { startCli } from './helpers/cli.js';
import { startEmulatorWithProfile, type TestProfile } from './helpers/login.js';

/** `--paste`: the browser cannot reach this machine; the person pastes the redirected URL. */
describe('auth login --paste', () => {
  let emulator: Emulator;
  let profile: TestProfile;

  beforeAll(async () => {
    ({ emulator, profile } = await startEmulatorWithProfile());
  });
  afterAll(async () => emulator?.close());

  it('exchanges the pasted redirect at once, without any listener', async () => {
    const run = startCli(['auth', 'login', '--paste'], { env: profile.env });
    const [, authorizeUrl = ''] = await run.waitForStderr(/^(http\S+oauth\S+)$/m);
    const callback = await submitConsent(authorizeUrl, 'allow');
    // Nothing listens on the redirect port in paste mode.
    await expect(fetch(callback)).rejects.toThrow();
    run.stdin.end(`${callback}\n`);
    const result = await run.result;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(`Connected as ${emulator.user.email}`);
    expect(result.stderr).not.toContain(new URL(callback).searchParams.get('code') ?? '');
  });

  it('refuses a pasted URL from another login attempt (state mismatch), exit 1', async () => {
    const run = startCli(['auth', 'login', '--paste'], { env: profile.env });
    await run.waitForStderr(/^(http\S+oauth\S+)$/m);
    run.stdin.end(`${profile.redirectUri}?code=abc&state=not-this-login\n`);
    const result = await run.result;
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('does not belong to this login');
    expect(result.stderr).not.toContain('not-this-login');
  });

  it('something that is not a URL is a usage error, exit 2', async () => {
    const run = startCli(['auth', 'login', '--paste'], { env: profile.env });
    await run.waitForStderr(/^(http\S+oauth\S+)$/m);
    run.stdin.end('just some words\n');
    expect((await run.result).code).toBe(2);
  });
});
