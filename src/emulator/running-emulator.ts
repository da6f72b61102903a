/** What a started emulator offers: its addresses, its counters and the hooks tests drive it by. */
import type { AccountRef } from './accounts.js';
import type { FaultState } from './faults.js';
import type { DeliveryOutcome, WebhookStats } from './webhooks.js';

/** Token pair in the shape Oura's token endpoint returns it. */
export interface EmulatorTokenResponse {
  token_type: 'bearer';
  access_token: string;
  expires_in: number;
  refresh_token: string;
  scope: string;
  id_token: null;
}

/** Counters for tests. */
export interface EmulatorStats extends WebhookStats {
  authorizationCodeGrants: number;
  refreshGrants: number;
  revocations: number;
  apiRequests: number;
  rateLimited: number;
}

export interface Emulator {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** The issuer every callback names in `iss`: `${url}/oauth/v2/ext/oauth-anonymous`, as moi's. */
  issuer: string;
  /** Endpoints of the current ("oura"/moi) server: `${url}/oauth/v2/ext/oauth-authorize|oauth-token|oauth-revoke`. */
  authorizeUrl: string;
  tokenUrl: string;
  revokeUrl: string;
  /** Endpoints of the legacy server: `${url}/oauth/authorize`, `/oauth/token`, `/oauth/revoke`. */
  legacy: { authorizeUrl: string; tokenUrl: string; revokeUrl: string };
  /** The `OURA_*` variables pointing `oura` at this emulator (moi endpoints, the first client's credentials). */
  env(): Record<string, string>;
  /** Counters for tests. */
  stats: EmulatorStats;
  /**
   * Test hook: issue a token pair directly (no browser). Scopes default to
   * all, spelled bare; `expiresIn` defaults to `accessTokenLifetimeSeconds`;
   * `account` (a position in {@link accounts} or a user id) to the first.
   * The refresh token works at either token endpoint.
   */
  mintTokens(options?: {
    clientId?: string;
    scopes?: string[];
    expiresIn?: number;
    account?: AccountRef;
  }): EmulatorTokenResponse;
  /** Test hook: change fault injection at runtime. `token: null` clears the token fault. */
  setFaults(faults: {
    token?: FaultState['token'];
    failureRate?: number;
    force429?: number;
    latencyMs?: number;
  }): void;
  /** The demo user (the first account), as `personal_info` serves them. */
  user: { id: string; email: string };
  /**
   * Every account, in the order of `EmulatorOptions.accounts`: `userId` is
   * its `personal_info.id` and the `user_id` of its webhook events. The
   * hooks below take an `account`, a position here or a user id; default 0.
   */
  accounts: { userId: string; email: string }[];
  /** Logins (refresh tokens) restored from `stateFile` at start. */
  restoredLogins: number;
  /**
   * Test hook: from now on, serve the document `id` of `type` with `patch`
   * applied (a revision, as Oura makes when activity or sleep is recomputed).
   * Returns the revised document; throws if there is no such document.
   */
  reviseDocument(
    type: string,
    id: string,
    patch: Record<string, unknown>,
    account?: AccountRef,
  ): Record<string, unknown>;
  /** Test hook: the document is deleted at Oura (a removed tag or workout). */
  deleteDocument(type: string, id: string, account?: AccountRef): void;
  /** Test hook: documents of `type` on `day` are not served until released (data that appears late). */
  holdDay(type: string, day: string, account?: AccountRef): void;
  releaseDay(type: string, day: string, account?: AccountRef): void;
  /**
   * Test hook: Oura sends this event to every live subscription for its
   * (event, data type), signed, retrying failures. `data_type` may be the REST
   * name; its `user_id` is that of `account`. Resolves when each delivery
   * succeeded or ran out of retries.
   * {@link reviseDocument} and {@link deleteDocument} send `update`/`delete` themselves.
   */
  deliverWebhook(event: {
    event_type: 'create' | 'update' | 'delete';
    data_type: string;
    object_id: string;
    account?: AccountRef;
  }): Promise<DeliveryOutcome[]>;
  /** The webhook subscriptions, as Oura lists them. */
  webhookSubscriptions(): {
    id: string;
    callback_url: string;
    event_type: string;
    data_type: string;
    expiration_time: string;
  }[];
  /** Stops listening and drops open connections (including hung token requests). */
  close(): Promise<void>;
}
