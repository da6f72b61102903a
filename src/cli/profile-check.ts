/**
 * `--profile typo` must not say "not logged in": a name someone
 * gave that has nothing stored at all, while other profiles exist, is a
 * mistake in the name. It is refused as a usage error (exit 2) before the
 * command runs, with the closest existing name and `oura auth list`.
 */
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import { historyPath } from '../history/paths.js';
import { closestName } from '../text/closest-name.js';
import type { CliIo } from './cli-io.js';
import { resolveContext } from './context.js';

/**
 * Commands that create a profile (`setup`, `auth login`) or do not use one.
 * Named by their path under `oura`, e.g. `auth login`.
 */
const PROFILE_FREE = new Set([
  'setup',
  'auth login',
  'auth list',
  'auth switch',
  'types',
  'emulator',
  'demo',
  'skill install',
  'skill path',
]);

/** Throws "no such profile" when the profile `command` will use is a name given by mistake. */
export async function assertProfileExists(command: Command, io: CliIo): Promise<void> {
  if (PROFILE_FREE.has(commandPath(command))) return;
  const ctx = resolveContext(command, io);
  // A token in the environment is used as is: no profile is read.
  if (ctx.env.OURA_ACCESS_TOKEN) return;
  if (ctx.profileSource === 'built-in') return;
  const { listProfiles } = await import('../store/profiles.js');
  const profiles = (await listProfiles(ctx.configDir, { warn: io.notice })).map(
    (profile) => profile.name,
  );
  if (profiles.includes(ctx.profile) || profiles.length === 0) return;
  // A profile whose login is gone may still have its history.
  if (existsSync(historyPath(ctx.profile, ctx.env))) return;
  throw noSuchProfile(ctx.profile, profiles, ctx.profileSource === 'switched');
}

/**
 * The usage error for a profile name nothing is stored under. `switched`: the
 * name is the default `oura auth switch` chose, and the profile is gone since.
 */
export function noSuchProfile(
  name: string,
  existing: readonly string[],
  switched = false,
): UsageError {
  const near = closestName(name, existing);
  const what = switched
    ? `the default profile '${name}' (chosen with \`oura auth switch\`) no longer exists`
    : `no such profile '${name}'`;
  return new UsageError(`${what}${near ? `; did you mean '${near}'?` : '.'}`, {
    hint: switched
      ? 'Run `oura auth list` to see the profiles, then `oura auth switch NAME`.'
      : 'Run `oura auth list` to see the profiles, or `oura setup --profile NAME` to create one.',
  });
}

/** A command's words under `oura`, e.g. `auth login`. */
export function commandPath(command: Command): string {
  const words: string[] = [];
  for (let at: Command | null = command; at?.parent; at = at.parent) words.unshift(at.name());
  return words.join(' ');
}
