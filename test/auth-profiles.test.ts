/**
 * Profiles as people coming from gh and rclone expect them:
 * `oura auth list`, `oura auth switch`, and a mistyped name answered as
 * such. Real processes, file store; no server is needed (setup --no-login).
 */
import { describe, expect, it } from 'vitest';
import { cleanEnv, runCli, tempConfigDir } from './helpers/cli.js';

const SECRET = 'profile-test-client-secret';

/** A config dir with the named profiles set up (client stored, nobody logged in). */
async function configWith(...profiles: string[]): Promise<NodeJS.ProcessEnv> {
  const configDir = await tempConfigDir();
  const env = cleanEnv({
    OURA_CONFIG_DIR: configDir,
    OURA_DATA_DIR: `${configDir}/data`,
    OURA_CREDENTIAL_STORE: 'file',
  });
  for (const profile of profiles) {
    const setup = await runCli(
      [
        'setup',
        '--profile',
        profile,
        '--client-id',
        `id-${profile}`,
        '--client-secret-stdin',
      ].concat(['--no-login', '--no-browser']),
      { env, input: `${SECRET}\n` },
    );
    expect(setup.code, setup.stderr).toBe(0);
  }
  return env;
}

interface Listed {
  profile: string;
  default: boolean;
  active: boolean;
  client_id: string | null;
  store: string | null;
}

async function list(env: NodeJS.ProcessEnv, args: string[] = []): Promise<Listed[]> {
  const result = await runCli(['auth', 'list', '--json', ...args], { env });
  expect(result.code, result.stderr).toBe(0);
  expect(result.stdout).not.toContain(SECRET);
  return JSON.parse(result.stdout) as Listed[];
}

/** The profile a command runs with, as `auth status --offline` names it. */
async function profileUsed(env: NodeJS.ProcessEnv, args: string[] = []): Promise<string> {
  const status = await runCli(['auth', 'status', '--offline', '--json', ...args], { env });
  expect(status.code, status.stderr).toBe(4);
  return (JSON.parse(status.stdout) as { profile: string }).profile;
}

describe('oura auth list', () => {
  it('lists every profile with its client and store, and marks the default', async () => {
    const env = await configWith('default', 'work');
    expect(await list(env)).toEqual([
      {
        profile: 'default',
        default: true,
        active: true,
        user: null,
        client_id: 'id-default',
        store: 'file',
      },
      {
        profile: 'work',
        default: false,
        active: false,
        user: null,
        client_id: 'id-work',
        store: 'file',
      },
    ]);
    const human = await runCli(['auth', 'list'], { env });
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^\* default\s+-\s+file$/m);
    expect(human.stdout).toMatch(/^ {2}work\s+-\s+file$/m);
  });

  it('with nothing set up, says how to start (exit 0, empty JSON array)', async () => {
    const env = await configWith();
    expect(await list(env)).toEqual([]);
    const human = await runCli(['auth', 'list'], { env });
    expect(human.code).toBe(0);
    expect(human.stderr).toContain('oura setup');
  });
});

describe('oura auth switch', () => {
  it('chooses the default profile; OURA_PROFILE and --profile still win, in that order', async () => {
    const env = await configWith('default', 'work', 'home');
    expect(await profileUsed(env)).toBe('default');

    const switched = await runCli(['auth', 'switch', 'work'], { env });
    expect(switched.code, switched.stderr).toBe(0);
    expect(switched.stderr).toContain('Default profile is now "work"');
    expect(await profileUsed(env)).toBe('work');
    expect((await list(env)).filter((p) => p.default).map((p) => p.profile)).toEqual(['work']);

    const withEnv = { ...env, OURA_PROFILE: 'home' };
    expect(await profileUsed(withEnv)).toBe('home');
    expect(await profileUsed(withEnv, ['--profile', 'default'])).toBe('default');
  });

  it('refuses a profile that does not exist: exit 2, a did-you-mean, the default unchanged', async () => {
    const env = await configWith('default', 'work');
    const typo = await runCli(['auth', 'switch', 'wrok'], { env });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain("no such profile 'wrok'; did you mean 'work'?");
    expect(typo.stderr).toContain('oura auth list');
    expect(await profileUsed(env)).toBe('default');
  });
});

describe('a switched default that is gone', () => {
  it('says so and how to choose another, exit 2', async () => {
    const env = await configWith('default', 'work');
    expect((await runCli(['auth', 'switch', 'work'], { env })).code).toBe(0);
    const logout = await runCli(['auth', 'logout', '--all', '--profile', 'work'], { env });
    expect(logout.code, logout.stderr).toBe(0);
    expect((await list(env)).map((p) => p.profile)).toEqual(['default']);
    const result = await runCli(['auth', 'token'], { env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      "the default profile 'work' (chosen with `oura auth switch`) no longer exists",
    );
    expect(result.stderr).toContain('oura auth switch NAME');
  });
});

describe('a mistyped --profile', () => {
  it('is "no such profile" with the nearest name, exit 2, not "not logged in"', async () => {
    const env = await configWith('default', 'work');
    for (const args of [
      ['auth', 'status', '--profile', 'wrok'],
      ['get', 'daily_sleep', '--profile', 'wokr'],
      ['sql', 'SELECT 1', '--profile', 'Work'],
    ]) {
      const result = await runCli(args, { env });
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(/no such profile '(wrok|wokr|Work)'; did you mean 'work'\?/);
      expect(result.stderr).toContain('oura auth list');
      expect(result.stderr).not.toMatch(/not logged in/i);
    }
    const viaEnv = await runCli(['auth', 'token'], { env: { ...env, OURA_PROFILE: 'wrok' } });
    expect(viaEnv.code).toBe(2);
    expect(viaEnv.stderr).toContain("no such profile 'wrok'");
  });

  it('leaves the other answers as they were: logged out is exit 4, a new profile can be set up', async () => {
    const env = await configWith('default', 'work');
    const loggedOut = await runCli(['auth', 'token', '--profile', 'work'], { env });
    expect(loggedOut.code).toBe(4);
    expect(loggedOut.stderr).toContain('oura auth login');

    const fresh = await runCli(
      ['setup', '--profile', 'new', '--client-id', 'id-new', '--client-secret-stdin', '--no-login'],
      { env, input: `${SECRET}\n` },
    );
    expect(fresh.code, fresh.stderr).toBe(0);
    expect((await list(env)).map((p) => p.profile)).toEqual(['default', 'new', 'work']);
  });

  it('with no profile at all, the first run still says to set up (exit 4), not "no such profile"', async () => {
    const env = await configWith();
    const result = await runCli(['auth', 'token', '--profile', 'work'], { env });
    expect(result.code).toBe(4);
    expect(result.stderr).not.toContain('no such profile');
  });
});

describe('a mistyped data type', () => {
  it('gets a did-you-mean (exit 2, before any request)', async () => {
    const env = await configWith();
    const result = await runCli(['get', 'daily_slep'], { env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown data type "daily_slep"; did you mean "daily_sleep"?');
    const far = await runCli(['get', 'xyzzy'], { env });
    expect(far.code).toBe(2);
    expect(far.stderr).toMatch(/unknown data type "xyzzy"\. Valid types: daily_activity/);
  });
});
