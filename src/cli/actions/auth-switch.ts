/** `oura auth switch PROFILE`: the profile used when neither `--profile` nor `OURA_PROFILE` names one. */
import { writeDefaultProfile } from '../../store/default-profile.js';
import { listProfiles } from '../../store/profiles.js';
import type { CliContext } from '../context.js';
import { notice } from '../io.js';
import { noSuchProfile } from '../profile-check.js';

export async function runAuthSwitch(ctx: CliContext, profile: string): Promise<void> {
  const names = (await listProfiles(ctx.configDir, { warn: notice })).map((entry) => entry.name);
  // Only a profile that exists: switching to a typo would break every later command.
  if (!names.includes(profile)) throw noSuchProfile(profile, names);
  await writeDefaultProfile(ctx.configDir, profile);
  notice(`Default profile is now "${profile}".`);
  if (ctx.env.OURA_PROFILE && ctx.env.OURA_PROFILE !== profile) {
    notice(`Note: OURA_PROFILE=${ctx.env.OURA_PROFILE} is set and wins over the default.`);
  }
}
