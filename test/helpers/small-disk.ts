/**
 * A real full disk for tests: a small tmpfs (mounting needs root, as on CI),
 * filled to the last block on demand. Outside CI a machine that cannot mount
 * skips those tests with a visible message; under CI=true it is a failure.
 */
import { execFileSync } from 'node:child_process';
import { statfsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ON_CI } from './requirements.js';
import { tempDir } from './temp.js';

export interface SmallDisk {
  /** Where it is mounted (owner-only). */
  dir: string;
  /** Takes every free block, so the next byte written anywhere on it gets ENOSPC. */
  fill(): void;
  unmount(): void;
}

/** Mounts a tmpfs of `size` (e.g. `2m`), `ro` for a read-only one; undefined (and a warning) where that is not possible outside CI. */
export async function mountSmallDisk(
  size: string,
  options: { readOnly?: boolean } = {},
): Promise<SmallDisk | undefined> {
  const dir = await tempDir('oura-disk-');
  const flags = `size=${size},mode=0700${options.readOnly ? ',ro' : ''}`;
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', flags, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (error) {
    if (ON_CI) throw error;
    console.warn(`SKIPPING the full-disk tests: cannot mount a tmpfs here (${String(error)})`);
    return undefined;
  }
  let fillers = 0;
  return {
    dir,
    fill() {
      const { bavail, bsize } = statfsSync(dir);
      writeFileSync(join(dir, `filler-${fillers++}`), Buffer.alloc(Number(bavail * bsize)));
      const left = statfsSync(dir).bavail;
      if (left !== 0) throw new Error(`the disk at ${dir} still has ${left} free blocks`);
    },
    unmount() {
      execFileSync('umount', [dir], { stdio: 'pipe' });
    },
  };
}
