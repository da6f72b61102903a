import type { Command } from 'commander';
import type { CliIo } from '../cli-io.js';
import { commandRun } from '../command-run.js';
import { withHelp } from '../help.js';
import { parseIntegerOption } from '../options.js';

/** `oura auth login|status|token|refresh|logout|list|switch`. */
export function registerAuth(program: Command, io: CliIo): void {
  const auth = withHelp(program.command('auth'), {
    summary: 'Log in to Oura and manage the stored login',
    description:
      'Logs in with OAuth2 (after `oura setup`), shows the stored login, prints or refreshes the access ' +
      'token for scripts, and logs out. Tokens are kept in the OS keychain or an owner-only file and refreshed automatically.',
    examples: ['oura auth login', 'oura auth status --json', 'oura auth logout'],
  });

  withHelp(auth.command('login'), {
    summary: 'Log in through the browser and store the tokens',
    description:
      "Opens Oura's consent page in your browser and catches the redirect on localhost (the redirect URI " +
      'registered with `oura setup`), exchanges the code at once and stores the tokens. The login URL is ' +
      'always printed too.\n\nOn a machine whose browser cannot reach this one (SSH, containers), use --paste ' +
      'and paste the address the browser lands on.\n\nWith the owner-only file store, OURA_STORE_PASSPHRASE seals the ' +
      'file the tokens are written to (a sealed file stays sealed); a sealed file is opened with it, or with the ' +
      'passphrase typed at a prompt on a terminal.',
    examples: [
      'oura auth login',
      'oura auth login --no-browser   # print the URL instead of opening it',
      'oura auth login --paste --scopes daily,heartrate',
    ],
  })
    .option('--scopes <list>', 'scopes to ask for, comma or space separated (default: all)')
    .option('--no-browser', 'print the login URL instead of opening a browser')
    .option('--paste', 'paste the redirected URL instead of catching it on localhost')
    .option('--port <n>', 'port for the callback (register the matching redirect URI)', (v) =>
      parseIntegerOption('--port', v, 1, 65535),
    )
    .option('--timeout <seconds>', 'how long to wait for the browser', (v) =>
      parseIntegerOption('--timeout', v, 1, 86_400),
    )
    .option('--no-pkce', 'do not send a PKCE challenge (for servers that reject it)')
    .action(async (options, command: Command) => {
      const { runLogin } = await import('../actions/login.js');
      await runLogin(commandRun(command, io, options));
    });

  withHelp(auth.command('status'), {
    summary: 'Show the stored login',
    description:
      'Shows the profile, the client, the granted scopes, when the access token expires, where the secrets ' +
      'are kept and what needs doing, if anything, and checks the token with one request to Oura (--offline ' +
      'skips it). Never prints a secret or a token. Exits 0 when logged in, 4 when not.',
    examples: ['oura auth status', 'oura auth status --json', 'oura auth status --offline'],
  })
    .option('--json', 'print a JSON object')
    .option('--offline', 'only read the stored login; send no request')
    .action(async (options: { json?: boolean; offline?: boolean }, command: Command) => {
      const { runStatus } = await import('../actions/auth-status.js');
      await runStatus(commandRun(command, io, options));
    });

  withHelp(auth.command('token'), {
    summary: 'Print a fresh access token',
    description:
      'Prints the access token (refreshed first if it is about to expire) and a newline, nothing else, for scripts.',
    examples: [
      'curl -H "Authorization: Bearer $(oura auth token)" https://api.ouraring.com/v2/usercollection/personal_info',
    ],
  }).action(async (_options, command: Command) => {
    const { runToken } = await import('../actions/token.js');
    await runToken(commandRun(command, io, {}));
  });

  withHelp(auth.command('refresh'), {
    summary: 'Refresh the access token now',
    description:
      'Exchanges the stored refresh token for a new token pair now, instead of when the access token is about to expire.',
    examples: ['oura auth refresh'],
  }).action(async (_options, command: Command) => {
    const { runRefresh } = await import('../actions/token.js');
    await runRefresh(commandRun(command, io, {}));
  });

  withHelp(auth.command('logout'), {
    summary: 'Revoke the login and delete the stored tokens',
    description:
      'Revokes the login at Oura, then deletes the stored tokens; a failed revoke is reported and the tokens ' +
      'are deleted anyway. With --all the client ID and secret go too.',
    examples: ['oura auth logout', 'oura auth logout --all --profile work'],
  })
    .option('--all', 'also delete the stored client ID and secret')
    .action(async (options: { all?: boolean }, command: Command) => {
      const { runLogout } = await import('../actions/logout.js');
      await runLogout(commandRun(command, io, options));
    });

  withHelp(auth.command('list'), {
    summary: 'List the profiles',
    description:
      'Lists every profile with something stored: its user, where its secrets are, and which one is the ' +
      'default (used when neither --profile nor OURA_PROFILE names one). Reads only what is stored.',
    examples: ['oura auth list', 'oura auth list --json'],
  })
    .option('--json', 'print a JSON array')
    .action(async (options: { json?: boolean }, command: Command) => {
      const { runAuthList } = await import('../actions/auth-list.js');
      await runAuthList(commandRun(command, io, options));
    });

  withHelp(auth.command('switch').argument('<profile>', 'an existing profile'), {
    summary: 'Choose the default profile',
    description:
      'Makes PROFILE the one used when neither --profile nor OURA_PROFILE names one (precedence: ' +
      '--profile, then OURA_PROFILE, then this default, then "default"). The choice is kept in the config dir.',
    examples: ['oura auth switch work', 'oura auth list'],
  }).action(async (profile: string, _options, command: Command) => {
    const { runAuthSwitch } = await import('../actions/auth-switch.js');
    await runAuthSwitch(commandRun(command, io, { profile }));
  });
}
