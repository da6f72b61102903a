/**
 * Temporary directories of a test file, removed after its last test (see
 * test/helpers/cleanup.ts). They hold emulator tokens and client secrets:
 * nothing of a run may stay behind in the shared temp dir.
 */
import { mkdtempSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const made: string[] = [];

/** A fresh directory under the temp dir, removed when the test file ends. */
export async function tempDir(prefix = 'oura-test-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** {@link tempDir} for synchronous callers (building an environment). */
export function tempDirSync(prefix = 'oura-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Removes every directory made so far by this test file. */
export async function removeTempDirs(): Promise<void> {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}
