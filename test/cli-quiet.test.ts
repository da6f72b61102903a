/** `--quiet` (issue 16): no progress or notices on stderr, errors still printed. Real processes, the emulator. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../src/emulator/index.js';
import { cleanEnv, runCli } from './helpers/cli.js';
import { tempDir } from './helpers/temp.js';

describe('--quiet', () => {
  let emulator: Emulator;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    emulator = await startEmulator({ historyDays: 3 });
    const dir = await tempDir('oura-quiet-');
    env = cleanEnv({
      OURA_ACCESS_TOKEN: emulator.mintTokens().access_token,
      OURA_API_URL: emulator.url,
      OURA_CONFIG_DIR: dir,
      OURA_DATA_DIR: dir,
    });
  });
  afterAll(async () => emulator?.close());

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
