/**
 * The hooks tests drive a running emulator by: tokens without a browser,
 * faults switched at runtime, documents revised, deleted or held back, and
 * webhook events sent on demand.
 */
import { SCOPES } from '../oura/data-types.js';
import type { AccountRef, Accounts } from './accounts.js';
import type { FaultState, Faults } from './faults.js';
import type { EmulatorClient } from './options.js';
import type { Emulator } from './running-emulator.js';
import { bareScope, grantedScopeString } from './scopes.js';
import { randomToken, type TokenStore } from './token-store.js';
import { check } from './validate-options.js';
import type { createWebhookHandler } from './webhooks.js';

/** The part of {@link Emulator} that changes a running emulator from a test. */
export type TestHooks = Pick<
  Emulator,
  | 'mintTokens'
  | 'setFaults'
  | 'reviseDocument'
  | 'deleteDocument'
  | 'deliverWebhook'
  | 'webhookSubscriptions'
  | 'holdDay'
  | 'releaseDay'
  | 'accounts'
>;

/** The parts of the running emulator the hooks act on. */
export interface TestHookDeps {
  clients: EmulatorClient[];
  /** The client minted tokens belong to when the test names none. */
  defaultClientId: string;
  store: TokenStore;
  faults: Faults;
  accounts: Accounts;
  webhooks: ReturnType<typeof createWebhookHandler>;
  /** `expires_in` of minted tokens when the test gives none. */
  accessTokenLifetimeSeconds: number;
  /** Lets hung token requests go when the token fault is cleared. */
  releaseHung: () => void;
}

/** The test hooks over one running emulator's parts. */
export function createTestHooks(deps: TestHookDeps): TestHooks {
  const { clients, store, faults, accounts, webhooks } = deps;
  /** The account a hook names (default the first), or a `RangeError` naming the hook. */
  const account = (hook: string, ref: AccountRef = 0) => {
    const index = accounts.indexOf(ref);
    const summary = index === undefined ? undefined : accounts.list[index];
    if (index === undefined || summary === undefined) {
      throw new RangeError(`startEmulator: ${hook}: no account ${ref}`);
    }
    return { userId: summary.userId, data: () => accounts.source(index) };
  };
  return {
    accounts: accounts.list.map((summary) => ({ ...summary })),
    mintTokens(mint = {}) {
      const clientId = mint.clientId ?? deps.defaultClientId;
      check(
        clients.some((client) => client.clientId === clientId),
        `mintTokens: unknown client ${clientId}`,
      );
      const scopes = (mint.scopes ?? [...SCOPES]).map((scope) => {
        const bare = bareScope(scope, 'any');
        check(bare !== undefined, `mintTokens: unknown scope ${scope}`);
        return bare as string;
      });
      const expiresIn = mint.expiresIn ?? deps.accessTokenLifetimeSeconds;
      const { userId } = account('mintTokens', mint.account);
      const pair = store.issue(
        { clientId, userId, scopes, server: 'any', grantId: randomToken(12) },
        expiresIn,
      );
      return {
        token_type: 'bearer',
        access_token: pair.accessToken,
        expires_in: expiresIn,
        refresh_token: pair.refreshToken,
        scope: grantedScopeString(scopes),
        id_token: null,
      };
    },
    setFaults(change) {
      const next: Partial<FaultState> = {};
      if (change.token !== undefined) next.token = change.token;
      if (change.failureRate !== undefined) {
        check(
          change.failureRate >= 0 && change.failureRate <= 1,
          'failureRate must be between 0 and 1',
        );
        next.failureRate = change.failureRate;
      }
      if (change.force429 !== undefined) next.force429 = change.force429;
      if (change.latencyMs !== undefined) next.latencyMs = change.latencyMs;
      Object.assign(faults.state, next);
      if (change.token === null) deps.releaseHung();
    },
    reviseDocument(type, id, patch, ref) {
      const { userId, data } = account('reviseDocument', ref);
      const doc = data().findDocument(type, id);
      check(doc !== undefined, `reviseDocument: no ${type} document ${id}`);
      const revised = { ...doc, ...patch, id };
      data().changes.revise(revised);
      void webhooks.deliver({ event_type: 'update', data_type: type, object_id: id, userId });
      return revised;
    },
    deleteDocument(type, id, ref) {
      const { userId, data } = account('deleteDocument', ref);
      check(
        data().findDocument(type, id) !== undefined,
        `deleteDocument: no ${type} document ${id}`,
      );
      data().changes.delete(id);
      void webhooks.deliver({ event_type: 'delete', data_type: type, object_id: id, userId });
    },
    deliverWebhook: ({ account: ref, ...event }) =>
      webhooks.deliver({ ...event, userId: account('deliverWebhook', ref).userId }),
    webhookSubscriptions: () => webhooks.list(),
    holdDay: (type, day, ref) => account('holdDay', ref).data().changes.hold(type, day),
    releaseDay: (type, day, ref) => account('releaseDay', ref).data().changes.release(type, day),
  };
}
