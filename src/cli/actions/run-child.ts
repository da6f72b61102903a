import { UsageError } from '../../errors.js';
import { openProfile } from '../../profile/open-profile.js';
import { runWithProxy } from '../../proxy/run-command.js';
import type { CliContext } from '../context.js';
import { notice } from '../io.js';
import { formatRequestEvent } from '../output/request-log.js';

/**
 * `oura run -- COMMAND [ARGS...]`: resolves with the exit code to pass on.
 * Only refused or failed requests are logged: the child's own output shares
 * the terminal, and those are the lines that explain a failure.
 */
export async function runCommand(ctx: CliContext, words: string[]): Promise<number> {
  const [command, ...args] = words;
  if (!command) throw new UsageError('Name the program to run: oura run -- COMMAND [ARGS...]');
  await using profile = openProfile(ctx);
  // Not logged in: exit 4 now, not after the program has started and failed.
  await profile.token();
  // Awaited, not returned: the profile stays open until the program has ended.
  return await runWithProxy({
    command,
    args,
    env: ctx.env,
    apiUrl: ctx.apiUrl,
    token: profile.token,
    onRequest: (event) => {
      if (event.status === 0 || event.status >= 400)
        notice(`oura run: ${formatRequestEvent(event)}`);
    },
  });
}
