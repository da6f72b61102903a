import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** Names a run may leave in its temp root: the stand-in home, removed with it. */
const HOME_NAME = 'home';

/**
 * Builds nothing; checks that `npm test` built `dist/`, and fences the run in:
 * workers (and the CLI processes they start, see `cleanEnv`) get a temp dir and
 * a home of their own under one run root, so nothing is written to the user's
 * real dirs. At the end, anything a test left in that temp dir fails the run
 * (each test file removes its own dirs, see cleanup.ts), and the root goes.
 */
export default function setup(): () => void {
  const root = resolve(import.meta.dirname, '..', '..');
  if (!existsSync(join(root, 'dist', 'cli', 'main.js'))) {
    throw new Error('dist/ is missing: run `npm test` (it builds first) or `npm run build`.');
  }
  const runRoot = mkdtempSync(join(tmpdir(), 'oura-test-run-'));
  const home = join(runRoot, HOME_NAME);
  mkdirSync(home, { mode: 0o700 });
  Object.assign(process.env, {
    TMPDIR: runRoot,
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_DATA_HOME: join(home, '.local', 'share'),
    XDG_CACHE_HOME: join(home, '.cache'),
    XDG_STATE_HOME: join(home, '.local', 'state'),
  });
  return () => {
    const left = readdirSync(runRoot).filter((name) => name !== HOME_NAME);
    rmSync(runRoot, { recursive: true, force: true });
    if (left.length > 0) {
      // Vitest reports a teardown error but keeps exit code 0: fail the run explicitly.
      process.exitCode = 1;
      throw new Error(
        `tests left ${left.length} entries in the temp dir (make them use tempDir() from test/helpers/temp.ts): ${left.join(', ')}`,
      );
    }
  };
}
