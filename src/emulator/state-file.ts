/**
 * `oura emulator --state FILE`: the emulator's grants (access and refresh
 * tokens) kept in an owner-only file, so a restarted emulator still honours
 * the logins it issued. Written whole after every change (atomically: temp
 * file, fsync, rename), so a killed emulator leaves the last complete state.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { writeFileAtomicSync } from '../files/atomic-file.js';
import type { GrantsSnapshot, SavedGrants, TokenStore } from './token-store.js';

/** The state file cannot be used; the message names it and what to do. */
export class EmulatorStateError extends Error {
  override readonly name = 'EmulatorStateError';
}

interface StateFile extends GrantsSnapshot {
  format: 'oura-emulator-state';
  version: 1;
}

/** A state file as read: one written before accounts has grants without `userId`. */
interface SavedStateFile extends SavedGrants {
  format: 'oura-emulator-state';
  version: 1;
}

/**
 * Loads `path` into `store` (a missing file is a fresh start) and keeps the
 * file up to date from then on. Each grant names its account; one saved before
 * grants did belongs to `defaultUserId`. Returns how many refresh tokens were restored.
 */
export function persistGrants(store: TokenStore, path: string, defaultUserId: string): number {
  let restored = 0;
  const text = readOrUndefined(path);
  if (text !== undefined) {
    const state = parse(text, path);
    store.restoreGrants(state, defaultUserId);
    restored = state.refresh.length;
  }
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const save = () => {
    const state: StateFile = { format: 'oura-emulator-state', version: 1, ...store.grants() };
    // Tokens: owner-only, like everything oura keeps. Synchronous, so two saves never overtake each other.
    writeFileAtomicSync(path, JSON.stringify(state), { what: 'the emulator state' });
  };
  save();
  store.onGrantsChanged = save;
  return restored;
}

function readOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new EmulatorStateError(
      `cannot read the emulator state file ${path}: ${(error as Error).message}`,
    );
  }
}

function parse(text: string, path: string): SavedStateFile {
  let state: Partial<SavedStateFile> | undefined;
  try {
    state = JSON.parse(text) as Partial<SavedStateFile>;
  } catch {
    state = undefined;
  }
  if (
    state?.format !== 'oura-emulator-state' ||
    state.version !== 1 ||
    !Array.isArray(state.access) ||
    !Array.isArray(state.refresh) ||
    !Array.isArray(state.revokedGrants)
  ) {
    throw new EmulatorStateError(
      `${path} is not an emulator state file (written by \`oura emulator --state\`): move it away or name another file.`,
    );
  }
  return state as SavedStateFile;
}
