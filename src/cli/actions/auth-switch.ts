/** `oura auth switch PROFILE`: the profile used when neither `--profile` nor `OURA_PROFILE` names one. */
import { writeDefaultProfile } from '../../store/default-profile.js';
import { listProfiles } from '../../store/profiles.js';
import type { CommandRun } from '../command-run.js';
import { noSuchProfile } from '../profile-check.js';

export async function runAuthSwitch(run: CommandRun<{ profile: string }>): Promise<void> {
  const { io } = run;
  const { profile } = run.flags;
  const ctx = await run.context();
  const names = (await listProfiles(ctx.configDir, { warn: io.notice })).map((entry) => entry.name);
  // Only a profile that exists: switching to a typo would break every later command.
  if (!names.includes(profile)) throw noSuchProfile(profile, names);
  await writeDefaultProfile(ctx.configDir, profile);
  io.notice(`Default profile is now "${profile}".`);
  if (ctx.env.OURA_PROFILE && ctx.env.OURA_PROFILE !== profile) {
    io.notice(`Note: OURA_PROFILE=${ctx.env.OURA_PROFILE} is set and wins over the default.`);
  }
}
