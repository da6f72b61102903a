/**
 * `oura serve`, `oura serve invite`, `oura serve rotate-key`. Flags and help
 * only; the work is in `../actions/serve*.ts`, loaded when a command runs.
 */
import type { Command } from 'commander';
import type { InviteFlags, ServeFlags } from '../actions/serve-flags.js';
import type { CliIo } from '../cli-io.js';
import { commandRun } from '../command-run.js';
import { withHelp } from '../help.js';
import { parseIntegerOption } from '../options.js';

export function registerServe(program: Command, io: CliIo): void {
  const serve = withHelp(program.command('serve'), {
    summary: 'Serve your Oura data to assistants in the cloud',
    description:
      'Runs a remote MCP server (Streamable HTTP at /mcp) with its own OAuth 2.1 authorization server, ' +
      'for assistants that live in a browser tab or on a phone (Claude.ai connectors, ChatGPT). People ' +
      'sign in with their Oura account through your Oura application (register the redirect URI ' +
      '<public URL>/oura/callback); each gets their own history, synced in the background.\n\n' +
      'Nobody may sign in until you claim the server with the one-time code it prints at start. Then ' +
      'others need an invite (`oura serve invite`) or a place on --allow. Off loopback it needs TLS: ' +
      'a reverse proxy in front (--public-url https://…) or --tls-cert/--tls-key.\n\n' +
      'With --database everything (people, tokens, histories, webhook events, jobs) is in PostgreSQL, and ' +
      'any number of web and worker processes, on any number of machines, may share it.',
    examples: [
      'oura serve',
      'oura serve --public-url https://oura.example.net',
      'oura serve invite --expires 3d',
      'oura serve --database postgres://oura@db/oura --role web',
      'oura serve --database postgres://oura@db/oura --role worker',
    ],
  })
    .option('--public-url <url>', 'the https address people and assistants reach this server at')
    .option('--host <addr>', 'address to listen on', '127.0.0.1')
    .option('--port <n>', 'port to listen on, 0 = any free port (default 8790)', (v) =>
      parseIntegerOption('--port', v, 0, 65535),
    )
    .option('--tls-cert <file>', 'serve HTTPS with this certificate (PEM)')
    .option('--tls-key <file>', 'and this private key (PEM)')
    .option(
      '--allow <accounts>',
      'Oura account ids or emails that may sign in without an invite, comma-separated',
    )
    .option(
      '--database <url>',
      'keep everything in PostgreSQL (postgres://…; or OURA_DATABASE_URL) instead of SQLite files',
    )
    .option(
      '--role <role>',
      'with --database: web (pages, OAuth, MCP), worker (syncs and webhook events) or all',
      'all',
    )
    .action(async (flags: ServeFlags, command: Command) => {
      const { runServe } = await import('../actions/serve.js');
      await runServe(commandRun(command, io, flags));
    });

  withHelp(serve.command('invite'), {
    summary: 'Make an invite link, or an enrollment link into a cohort',
    description:
      'Prints a link that lets one more Oura account sign in to this server (once). With --cohort, the link ' +
      'enrolls one participant into that cohort (made if new): they read what is collected, consent and ' +
      'connect through Oura, and get a link to withdraw; the owner sees the cohort at /admin. The server must ' +
      'have started once on this data directory (or on the database in OURA_DATABASE_URL); it need not be running.',
    examples: [
      'oura serve invite',
      'oura serve invite --expires 1d',
      'oura serve invite --cohort sleep-study',
    ],
  })
    .option('--cohort <name>', 'an enrollment link into this cohort (letters, digits, . _ -)')
    .option('--expires <duration>', 'how long the link stays valid', '7d')
    .option('--database <url>', DATABASE_OF_DEPLOYMENT)
    .action(async (flags: InviteFlags & { database?: string }, command: Command) => {
      const { runInvite } = await import('../actions/serve-admin.js');
      await runInvite(commandRun(command, withDatabase(io, command, flags), flags));
    });

  withHelp(serve.command('rotate-key'), {
    summary: 'Encrypt the stored Oura tokens under a new key',
    description:
      'Adds a new key to the key file (OURA_SERVE_KEY_FILE), re-encrypts every stored Oura token under it, ' +
      'then removes the old keys. Stop the server first; start it again afterwards.\n\n' +
      'With OURA_DATABASE_URL (a --database deployment) it makes no key and changes no key file (one on ' +
      'this machine would reach none of the others): it re-encrypts, under the current key of OURA_SERVE_KEY ' +
      '(or the key file), every value in the database still under an older key, while the servers run, and ' +
      'says how many and whether the older key may be dropped. While a running process does not seal under ' +
      'the current key yet, it re-encrypts nothing and names that process (exit 1). The steps: (1) give every process ' +
      'OURA_SERVE_KEY=OLD,NEW, restarting them one at a time; (2) then NEW,OLD, one at a time; (3) run ' +
      'this command with NEW,OLD; (4) once it says every value is under NEW, give every process NEW alone.',
    examples: [
      'oura serve rotate-key',
      'OURA_SERVE_KEY=NEW,OLD OURA_DATABASE_URL=postgres://oura@db/oura oura serve rotate-key',
    ],
  })
    .option('--database <url>', DATABASE_OF_DEPLOYMENT)
    .action(async (flags: { database?: string }, command: Command) => {
      const { runRotateKey } = await import('../actions/serve-admin.js');
      await runRotateKey(commandRun(command, withDatabase(io, command, flags), {}));
    });
}

const DATABASE_OF_DEPLOYMENT =
  'the PostgreSQL database of a --database deployment (or OURA_DATABASE_URL)';

/**
 * `--database`, given to the subcommand or to `serve` before it, as the
 * subcommand's actions read it: `OURA_DATABASE_URL`. Without it here, commander
 * took the flag as `serve`'s and dropped it, and the command went to the
 * SQLite server of this data directory instead.
 */
function withDatabase(io: CliIo, command: Command, flags: { database?: string }): CliIo {
  const database = flags.database ?? (command.optsWithGlobals() as { database?: string }).database;
  if (database !== undefined) io.env.OURA_DATABASE_URL = database;
  return io;
}
