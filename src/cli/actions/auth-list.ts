/** `oura auth list`: every profile with something stored, its user, its store, and which is the default. */
import { BUILT_IN_DEFAULT_PROFILE, readDefaultProfile } from '../../store/default-profile.js';
import { listProfiles } from '../../store/profiles.js';
import type { CommandRun } from '../command-run.js';

/** One element of `oura auth list --json`. Never a secret. */
export interface ProfileListEntry {
  profile: string;
  /** Used when neither `--profile` nor `OURA_PROFILE` names one (`oura auth switch`). */
  default: boolean;
  /** The profile this command ran with (`--profile`, `OURA_PROFILE` or the default). */
  active: boolean;
  user: string | null;
  client_id: string | null;
  store: 'keyring' | 'file' | null;
  problem?: string;
}

export async function runAuthList(run: CommandRun<{ json?: boolean }>): Promise<void> {
  const { flags, io } = run;
  const ctx = await run.context();
  const defaultName = readDefaultProfile(ctx.configDir) ?? BUILT_IN_DEFAULT_PROFILE;
  const entries: ProfileListEntry[] = (await listProfiles(ctx.configDir, { warn: io.notice })).map(
    (profile) => ({
      profile: profile.name,
      default: profile.name === defaultName,
      active: profile.name === ctx.profile,
      user: profile.config?.user ?? null,
      client_id: profile.config?.clientId ?? null,
      store: profile.store,
      ...(profile.config?.problem ? { problem: profile.config.problem } : {}),
    }),
  );
  if (flags.json) {
    io.out(`${JSON.stringify(entries, null, 2)}\n`);
    return;
  }
  if (entries.length === 0) {
    io.notice('No profiles yet: run `oura setup` (add --profile NAME for one besides "default").');
    return;
  }
  io.out(formatList(entries));
}

function formatList(entries: ProfileListEntry[]): string {
  const rows = entries.map((entry) => [
    `${entry.default ? '*' : ' '} ${entry.profile}`,
    entry.user ?? '-',
    entry.store ?? '-',
    entry.problem ?? '',
  ]);
  const header = ['  PROFILE', 'USER', 'STORE', 'PROBLEM'];
  const widths = header.map((title, i) =>
    Math.max(title.length, ...rows.map((row) => (row[i] ?? '').length)),
  );
  const line = (cells: string[]) =>
    `${cells
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd()}\n`;
  return `${[header, ...rows].map(line).join('')}(* the default: used without --profile or OURA_PROFILE; change it with \`oura auth switch\`)\n`;
}
