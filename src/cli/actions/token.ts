import { openSession } from '../../auth/session.js';
import type { CliContext } from '../context.js';
import { notice, out } from '../io.js';

/** `oura auth token`: the one command that prints a token, on purpose, and nothing else on stdout. */
export async function runToken(ctx: CliContext): Promise<void> {
  const session = await openSession({ ...ctx, notice });
  out(`${await session.getAccessToken()}\n`);
}

/** `oura auth refresh`: refresh now, whatever the expiry says. */
export async function runRefresh(ctx: CliContext): Promise<void> {
  const session = await openSession({ ...ctx, notice });
  if (session.usesEnvironmentToken) {
    notice('OURA_ACCESS_TOKEN is set: it is used as is and cannot be refreshed.');
    return;
  }
  await session.getAccessToken({ force: true });
  const { readLoginStatus } = await import('../../auth/login-status.js');
  const { expires_at } = await readLoginStatus(ctx);
  notice(
    `Refreshed. Access token valid until ${expires_at ?? 'an unknown time (the server gave no expiry)'}.`,
  );
}
