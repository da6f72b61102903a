/**
 * The global output flags, through real processes against the
 * emulator: `--quiet` (no progress or notices on stderr, errors still
 * printed) and `--jq EXPR` (jq over a command's JSON output, in process by
 * jq-wasm).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../src/emulator/index.js';
import { cleanEnv, runCli } from './helpers/cli.js';
import { tempDir } from './helpers/temp.js';

let emulator: Emulator;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  emulator = await startEmulator({ historyDays: 10 });
  const dir = await tempDir('oura-output-flags-');
  env = cleanEnv({
    OURA_ACCESS_TOKEN: emulator.mintTokens().access_token,
    OURA_API_URL: emulator.url,
    OURA_CONFIG_DIR: dir,
    OURA_DATA_DIR: dir,
  });
});
afterAll(async () => emulator?.close());

describe('--quiet', () => {
  it("silences a sync's progress and notices; the data on stdout is unchanged", async () => {
    const loud = await runCli(['sync', '--types', 'daily_sleep'], { env });
    expect(loud.code, loud.stderr).toBe(0);
    expect(loud.stderr).toMatch(/oura: synced 1 types into/);

    const quiet = await runCli(['--quiet', 'sync', '--types', 'daily_sleep'], { env });
    expect(quiet.code, quiet.stderr).toBe(0);
    expect(quiet.stderr).toBe('');

    const json = await runCli(['sync', '--quiet', '--json', '--types', 'daily_sleep'], { env });
    expect(json.code).toBe(0);
    expect(json.stderr).toBe('');
    expect(JSON.parse(json.stdout)).toHaveProperty('types.daily_sleep');
  });

  it('still prints errors, with their exit code', async () => {
    const result = await runCli(['--quiet', 'get', 'daily_slep'], { env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown data type "daily_slep"');
  });
});

describe('--jq', () => {
  it('applies the expression to `get --format json`, strings printed raw as gh does', async () => {
    const plain = await runCli(['get', 'daily_sleep', '--format', 'json'], { env });
    expect(plain.code, plain.stderr).toBe(0);
    const documents = JSON.parse(plain.stdout) as { day: string }[];
    expect(documents.length).toBeGreaterThan(0);

    const first = await runCli(['get', 'daily_sleep', '--format', 'json', '--jq', '.[0].day'], {
      env,
    });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toBe(`${documents[0]?.day}\n`);

    // Without --format, --jq asks for JSON; several results come one per line.
    const days = await runCli(['--jq', '.[].day', 'get', 'daily_sleep'], { env });
    expect(days.code, days.stderr).toBe(0);
    expect(days.stdout).toBe(documents.map((doc) => `${doc.day}\n`).join(''));
  });

  it('works on --json commands, implying --json', async () => {
    const status = await runCli(['auth', 'status', '--jq', '.store'], { env });
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toBe('env\n');

    // The command's exit code stays (jq's runtime must not replace it): 4 for a rejected token.
    const garbage = { ...env, OURA_ACCESS_TOKEN: 'garbage-token-for-jq-test' };
    const rejected = await runCli(['auth', 'status', '--jq', '.logged_in'], { env: garbage });
    expect(rejected.code).toBe(4);
    expect(rejected.stdout).toBe('false\n');
  });

  it('is exit 2 with a non-JSON format, or on a command without JSON output, before any request', async () => {
    const before = emulator.stats.apiRequests;
    const csv = await runCli(['get', 'daily_sleep', '--format', 'csv', '--jq', '.[0]'], { env });
    expect(csv.code).toBe(2);
    expect(csv.stderr).toContain('--jq reads JSON: use --format json');
    const types = await runCli(['types', '--jq', '.'], { env });
    expect(types.code).toBe(2);
    expect(types.stderr).toContain('--jq works on JSON output');
    expect(emulator.stats.apiRequests).toBe(before);
  });

  it("a bad expression is exit 2 naming jq's complaint, before any request", async () => {
    const before = emulator.stats.apiRequests;
    const bad = await runCli(['get', 'daily_sleep', '--jq', '.[0'], { env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^oura: --jq: jq: error: syntax error/m);
    expect(bad.stdout).toBe('');
    expect(emulator.stats.apiRequests).toBe(before);
  });
});
