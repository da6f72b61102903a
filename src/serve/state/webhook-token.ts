/**
 * The server's webhook verification token: given to Oura with every
 * subscription, and echoed back by Oura's verification request, which the
 * server checks against it. Oura must be sent the token itself, so it is
 * sealed (not hashed) in the settings, made once per server.
 *
 * https://cloud.ouraring.com/v2/docs#tag/Webhook-Subscription-Routes
 */
import { randomBytes } from 'node:crypto';
import { readSetting, type StateDb, writeSetting } from './state-db.js';
import type { Sealer } from './user-store.js';

const SETTING = 'webhook_verification_token';
const CONTEXT = 'webhook-verification-token';

export class WebhookTokenStore {
  constructor(
    private readonly db: StateDb,
    private readonly sealer: Sealer,
  ) {}

  /**
   * The token, made on first use. One that no longer opens (its key was
   * lost) is replaced: a subscription's token is only checked when Oura
   * verifies a callback, which the next create or move does with the new one.
   */
  get(): string {
    const sealed = readSetting(this.db, SETTING);
    if (sealed !== undefined) {
      try {
        return this.sealer.open(sealed, CONTEXT);
      } catch {
        // Replaced below.
      }
    }
    const token = randomBytes(24).toString('base64url');
    writeSetting(this.db, SETTING, this.sealer.seal(token, CONTEXT));
    return token;
  }

  /** Re-seals the stored token (`oura serve rotate-key`); 1 if there was one, else 0. */
  reseal(reseal: (sealed: string, context: string) => string): number {
    const sealed = readSetting(this.db, SETTING);
    if (sealed === undefined) return 0;
    writeSetting(this.db, SETTING, reseal(sealed, CONTEXT));
    return 1;
  }
}
