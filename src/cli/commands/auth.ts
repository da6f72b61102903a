import type { Command } from 'commander';
import { resolveContext } from '../context.js';
import { parseIntegerOption } from '../options.js';

/** `oura auth login|status|token|refresh|logout`. */
export function registerAuth(program: Command): void {
  const auth = program.command('auth').description('log in to Oura and manage the stored login');

  auth
    .command('login')
    .description('log in through the browser and store the tokens')
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
      await runLogin(resolveContext(command), options);
    });

  auth
    .command('status')
    .description('show the stored login (never a secret) and check it with one request to Oura')
    .option('--json', 'print a JSON object')
    .option('--offline', 'only read the stored login; send no request')
    .action(async (options: { json?: boolean; offline?: boolean }, command: Command) => {
      const { runStatus } = await import('../actions/status.js');
      await runStatus(resolveContext(command), options);
    });

  auth
    .command('token')
    .description(
      'print a fresh access token (for scripts: curl -H "Authorization: Bearer $(oura auth token)")',
    )
    .action(async (_options, command: Command) => {
      const { runToken } = await import('../actions/token.js');
      await runToken(resolveContext(command));
    });

  auth
    .command('refresh')
    .description('refresh the access token now')
    .action(async (_options, command: Command) => {
      const { runRefresh } = await import('../actions/token.js');
      await runRefresh(resolveContext(command));
    });

  auth
    .command('logout')
    .description('revoke the login at Oura, then delete the stored tokens')
    .option('--all', 'also delete the stored client ID and secret')
    .action(async (options: { all?: boolean }, command: Command) => {
      const { runLogout } = await import('../actions/logout.js');
      await runLogout(resolveContext(command), options);
    });
}
