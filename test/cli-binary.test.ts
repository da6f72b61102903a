/**
 * Each command once through the real `oura` binary, end to end: most CLI
 * tests run the commands in-process (test/helpers/cli.ts), so this file is
 * what proves the installed entry point, its start-up and its exit codes.
 * Commands that only a process can run (emulator, proxy, mcp, run, webhook
 * listen, sync --every) have their own files, all through the binary.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, localDay } from '../src/calendar/days.js';
import { DEMO_CLIENT, type Emulator } from '../src/emulator/index.js';
import { type CliResult, runCli } from './helpers/cli.js';
import { startLoggedInProfile, type TestProfile } from './helpers/login.js';
import { tempDir } from './helpers/temp.js';

let emulator: Emulator;
let profile: TestProfile;

beforeAll(async () => {
  ({ emulator, profile } = await startLoggedInProfile());
  // The history of this file's own: the run's shared data dir is other files' default.
  profile.env.OURA_DATA_DIR = await tempDir('oura-binary-data-');
});
afterAll(async () => {
  await emulator?.close();
});

function oura(args: string[], input?: string): Promise<CliResult> {
  return runCli(args, {
    env: profile.env,
    mode: 'process',
    ...(input === undefined ? {} : { input }),
  });
}

async function succeeds(args: string[]): Promise<CliResult> {
  const result = await oura(args);
  expect(result.code, `oura ${args.join(' ')}: ${result.stderr}`).toBe(0);
  return result;
}

describe('the oura binary, one command after another against the emulator', () => {
  it('reads data: types, get, api', async () => {
    expect(JSON.parse((await succeeds(['types', '--json'])).stdout).length).toBeGreaterThan(10);
    const sleep = JSON.parse((await succeeds(['get', 'daily_sleep'])).stdout);
    expect(sleep.length).toBeGreaterThan(0);
    const me = JSON.parse((await succeeds(['api', '/v2/usercollection/personal_info'])).stdout);
    expect(me).toHaveProperty('id');
  });

  it('keeps a history: sync, sql, get --local, export, report, insights', async () => {
    const types = 'sleep,daily_sleep,daily_readiness,daily_activity,workout,tag,enhanced_tag';
    const since = addDays(localDay(), -30);
    const synced = JSON.parse(
      (await succeeds(['sync', '--types', types, '--since', since, '--json'])).stdout,
    );
    expect(synced.requests).toBeGreaterThan(0);
    const rows = JSON.parse(
      (await succeeds(['sql', 'SELECT count(*) AS n FROM daily_sleep'])).stdout,
    );
    expect(rows[0].n).toBeGreaterThan(0);
    expect((await succeeds(['get', 'daily_sleep', '--local'])).stdout).toContain('"day"');
    const out = await tempDir('oura-binary-');
    await succeeds(['export', '--format', 'csv', '--out', out, '--types', 'daily_sleep']);
    const report = await succeeds(['report', '--no-open', '--out', join(out, 'report.html')]);
    expect(report.stdout.trim()).toBe(join(out, 'report.html'));
    expect((await succeeds(['insights', '--json'])).stdout).toContain('sleep_debt');
  });

  it('manages the login: auth status, token, refresh, list, switch; doctor', async () => {
    expect(JSON.parse((await succeeds(['auth', 'status', '--json'])).stdout).logged_in).toBe(true);
    expect((await succeeds(['auth', 'token'])).stdout.trim()).toMatch(/^emu_at_/);
    expect((await succeeds(['auth', 'refresh'])).stderr).toContain('Refreshed');
    expect((await succeeds(['auth', 'list'])).stdout).toContain('default');
    expect((await succeeds(['auth', 'switch', 'default'])).stderr).toContain('Default profile');
    const doctor = await oura(['doctor', '--json']);
    expect([0, 1]).toContain(doctor.code);
    expect(JSON.parse(doctor.stdout).checks.length).toBeGreaterThan(3);
  });

  it('prints what tools need: skill path, completion, webhook list, --jq', async () => {
    expect((await succeeds(['skill', 'path'])).stdout).toMatch(/SKILL\.md\n$/);
    expect((await succeeds(['completion', 'bash'])).stdout).toContain('complete');
    expect((await succeeds(['webhook', 'list', '--json'])).stdout.trim()).toBe('[]');
    const id = await succeeds(['api', '/v2/usercollection/personal_info', '--jq', '.id']);
    expect(id.stdout.trim()).toMatch(/^[\w-]+$/);
  });

  it('is silent with --quiet, and keeps data on stdout', async () => {
    const quiet = await succeeds(['--quiet', 'sync', '--types', 'daily_sleep', '--json']);
    expect(quiet.stderr).toBe('');
    expect(JSON.parse(quiet.stdout)).toHaveProperty('types');
  });

  it('exits 2 on a usage error and 4 after logout, --jq keeping the 4', async () => {
    expect((await oura(['get', 'no_such_type'])).code).toBe(2);
    await succeeds(['auth', 'logout']);
    expect((await oura(['get', 'daily_sleep'])).code).toBe(4);
    const status = await oura(['auth', 'status', '--offline', '--jq', '.logged_in']);
    expect(status.code, status.stderr).toBe(4);
    expect(status.stdout).toBe('false\n');
  });

  it('sets up a profile with the client secret on stdin', async () => {
    const setup = await runCli(
      [
        '--profile',
        'second',
        'setup',
        '--client-id',
        DEMO_CLIENT.clientId,
        '--client-secret-stdin',
        '--no-login',
        '--no-browser',
      ],
      { env: profile.env, mode: 'process', input: `${DEMO_CLIENT.clientSecret}\n` },
    );
    expect(setup.code, setup.stderr).toBe(0);
    const listed = JSON.parse((await succeeds(['auth', 'list', '--json'])).stdout);
    expect(listed.map((entry: { profile: string }) => entry.profile)).toContain('second');
  });
});
