/**
 * The server's webhook verification token: given to Oura with every
 * subscription, and echoed back by Oura's verification request, which the
 * server checks against it. Oura must be sent the token itself, so it is
 * sealed (not hashed) in the settings, made once per server.
 *
 * https://cloud.ouraring.com/v2/docs#tag/Webhook-Subscription-Routes
 */
import { randomBytes } from 'node:crypto';
import type { Settings } from './settings.js';
import type { Sealer } from './user-store.js';

/** The setting holding the sealed token, and what the seal is bound to. */
export const WEBHOOK_TOKEN_SETTING = {
  key: 'webhook_verification_token',
  context: 'webhook-verification-token',
};
const SETTING = WEBHOOK_TOKEN_SETTING.key;
const CONTEXT = WEBHOOK_TOKEN_SETTING.context;

/**
 * The token, made on first use. One that no longer opens (its key was
 * lost) is replaced: a subscription's token is only checked when Oura
 * verifies a callback, which the next create or move does with the new one.
 * Two processes making it at once keep the first one stored.
 */
export async function webhookVerificationToken(
  settings: Settings,
  sealer: Sealer,
): Promise<string> {
  const sealed = await settings.read(SETTING);
  if (sealed !== undefined) {
    try {
      return sealer.open(sealed, CONTEXT);
    } catch {
      const token = randomBytes(24).toString('base64url');
      await settings.write(SETTING, sealer.seal(token, CONTEXT));
      return token;
    }
  }
  const token = randomBytes(24).toString('base64url');
  if (await settings.claim(SETTING, sealer.seal(token, CONTEXT))) return token;
  return webhookVerificationToken(settings, sealer);
}

/** Re-seals the stored token (`oura serve rotate-key`); 1 if there was one, else 0. */
export async function resealWebhookToken(
  settings: Settings,
  reseal: (sealed: string, context: string) => string,
): Promise<number> {
  const sealed = await settings.read(SETTING);
  if (sealed === undefined) return 0;
  await settings.write(SETTING, reseal(sealed, CONTEXT));
  return 1;
}
