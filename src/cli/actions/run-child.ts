import { UsageError } from '../../errors.js';
import { runWithProxy } from '../../proxy/run-command.js';
import type { CommandRun } from '../command-run.js';
import { formatRequestEvent } from '../output/request-log.js';

/**
 * `oura run -- COMMAND [ARGS...]`: exits with the program's exit code.
 * Only refused or failed requests are logged: the child's own output shares
 * the terminal, and those are the lines that explain a failure.
 */
export async function runCommand(run: CommandRun<{ words: string[] }>): Promise<void> {
  const [command, ...args] = run.flags.words;
  if (!command) throw new UsageError('Name the program to run: oura run -- COMMAND [ARGS...]');
  const ctx = await run.context();
  await using profile = await run.openProfile();
  // Not logged in: exit 4 now, not after the program has started and failed.
  await profile.token();
  // Awaited, not returned: the profile stays open until the program has ended.
  run.io.exitCode = await runWithProxy({
    command,
    args,
    env: ctx.env,
    apiUrl: ctx.apiUrl,
    token: profile.token,
    onRequest: (event) => {
      if (event.status === 0 || event.status >= 400)
        run.io.notice(`oura run: ${formatRequestEvent(event)}`);
    },
  });
}
