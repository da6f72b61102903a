import { type LoginMode, login } from '../../auth/login.js';
import { parseScopes } from '../../auth/servers.js';
import type { CliContext } from '../context.js';
import { bold, notice, openInBrowser } from '../io.js';
import { readLine } from '../prompts.js';

export interface LoginFlags {
  scopes?: string;
  browser?: boolean;
  paste?: boolean;
  port?: number;
  timeout?: number;
  pkce?: boolean;
}

export async function runLogin(ctx: CliContext, flags: LoginFlags): Promise<void> {
  const mode: LoginMode = flags.paste ? 'paste' : flags.browser === false ? 'print' : 'browser';
  const result = await login(
    { ...ctx, notice },
    {
      ...(flags.scopes ? { scopes: parseScopes(flags.scopes) } : {}),
      ...(flags.port !== undefined ? { port: flags.port } : {}),
      ...(flags.timeout !== undefined ? { timeoutSeconds: flags.timeout } : {}),
      pkce: flags.pkce !== false,
      mode,
      apiUrl: ctx.apiUrl,
      showUrl: (url) => {
        notice(
          mode === 'paste' ? 'Open this URL in any browser and log in:' : 'Log in to Oura at:',
        );
        // The URL alone on its line, so it can be copied whole.
        notice(url);
      },
      openUrl: openInBrowser,
      readRedirect: () =>
        readLine(
          "After allowing access, the browser lands on a page that may not load. Paste that page's full address here: ",
        ),
    },
  );
  notice(
    `${bold('Connected as')} ${result.displayName ?? '(unknown user: the personal scope was not granted)'}`,
  );
  if (result.expiresAt)
    notice(`Access token valid until ${result.expiresAt}; it is refreshed automatically.`);
}
