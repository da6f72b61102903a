import { openProfile } from '../../profile/open-profile.js';
import type { CliContext } from '../context.js';
import { notice, out } from '../io.js';

/** `oura auth token`: the one command that prints a token, on purpose, and nothing else on stdout. */
export async function runToken(ctx: CliContext): Promise<void> {
  await using profile = openProfile(ctx);
  out(`${await profile.token()}\n`);
}

/** `oura auth refresh`: refresh now, whatever the expiry says. */
export async function runRefresh(ctx: CliContext): Promise<void> {
  if (ctx.env.OURA_ACCESS_TOKEN) {
    notice('OURA_ACCESS_TOKEN is set: it is used as is and cannot be refreshed.');
    return;
  }
  await using profile = openProfile(ctx);
  await profile.token({ force: true });
  const { expires_at } = await profile.status();
  notice(
    `Refreshed. Access token valid until ${expires_at ?? 'an unknown time (the server gave no expiry)'}.`,
  );
}
