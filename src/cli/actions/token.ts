import type { CommandRun } from '../command-run.js';

/** `oura auth token`: the one command that prints a token, on purpose, and nothing else on stdout. */
export async function runToken(run: CommandRun<Record<string, never>>): Promise<void> {
  await using profile = await run.openProfile();
  run.io.out(`${await profile.token()}\n`);
}

/** `oura auth refresh`: refresh now, whatever the expiry says. */
export async function runRefresh(run: CommandRun<Record<string, never>>): Promise<void> {
  const { notice } = run.io;
  if (run.io.env.OURA_ACCESS_TOKEN) {
    notice('OURA_ACCESS_TOKEN is set: it is used as is and cannot be refreshed.');
    return;
  }
  await using profile = await run.openProfile();
  await profile.token({ force: true });
  const { expires_at } = await profile.status();
  notice(
    `Refreshed. Access token valid until ${expires_at ?? 'an unknown time (the server gave no expiry)'}.`,
  );
}
