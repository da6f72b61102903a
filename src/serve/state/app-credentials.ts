/**
 * The server's Oura application (client ID and secret), kept sealed in the
 * state once the server has started with it, so that later starts need it
 * neither in the environment nor in a credential store: the one copy at rest
 * is encrypted like the people's tokens.
 */
import type { ClientCredentials } from '../../auth/oauth.js';
import { UsageError } from '../../errors.js';
import type { Settings } from './settings.js';
import type { Sealer } from './user-store.js';

/** The setting holding the sealed credentials, and what the seal is bound to. */
export const APP_CREDENTIALS_SETTING = { key: 'oura_application', context: 'oura-application' };
const SETTING = APP_CREDENTIALS_SETTING.key;
const CONTEXT = APP_CREDENTIALS_SETTING.context;

/** The credentials given this start (then remembered), else the remembered ones. */
export async function resolveAppCredentials(
  settings: Settings,
  sealer: Sealer,
  given: ClientCredentials | undefined,
): Promise<ClientCredentials> {
  if (given) {
    await settings.write(SETTING, sealer.seal(JSON.stringify(given), CONTEXT));
    return given;
  }
  const sealed = await settings.read(SETTING);
  if (!sealed) {
    throw new UsageError('oura serve has no Oura application to sign people in with.', {
      hint: 'Run `oura setup --no-login` (redirect URI <public URL>/oura/callback), or set OURA_CLIENT_ID and OURA_CLIENT_SECRET, for the first start.',
    });
  }
  return JSON.parse(sealer.open(sealed, CONTEXT)) as ClientCredentials;
}

/** Re-seals the remembered credentials (`oura serve rotate-key`). */
export async function resealAppCredentials(
  settings: Settings,
  reseal: (sealed: string, context: string) => string,
): Promise<void> {
  const sealed = await settings.read(SETTING);
  if (sealed) await settings.write(SETTING, reseal(sealed, CONTEXT));
}
