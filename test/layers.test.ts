/**
 * The import graph of src/ keeps the layers of docs/architecture.md: no import
 * cycle (type-only imports count), no import from a lower layer into a higher
 * one. The rules are .dependency-cruiser.cjs; `npm run lint` runs the same check,
 * and this test makes `npm test` (what CI runs) run it too.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './helpers/cli.js';

/** The command `npm run lint` runs (dependency-cruiser is a devDependency). */
const DEPCRUISE = join(REPO_ROOT, 'node_modules', '.bin', 'depcruise');

describe('the layers of src/', () => {
  it('dependency-cruiser finds no cycle and no import against the layers', () => {
    const run = spawnSync(
      process.execPath,
      [DEPCRUISE, 'src', '--config', '.dependency-cruiser.cjs'],
      { cwd: REPO_ROOT, encoding: 'utf8', timeout: 100_000 },
    );
    // The report names each cycle and each forbidden import: show it when this fails.
    expect(run.error).toBeUndefined();
    expect(`${run.stdout}${run.stderr}`).toContain('no dependency violations found');
    expect(run.status, `${run.stdout}${run.stderr}`).toBe(0);
    // It reads every file of src/ with the TypeScript compiler: seconds, more on a busy machine.
  }, 120_000);
});
