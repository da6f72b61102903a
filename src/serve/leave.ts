/**
 * A person leaving the server, the one way it is done (the account page's
 * "Disconnect and delete", a participant's withdrawal): the Oura grant is
 * revoked at Oura, then their history and the person are deleted here, the
 * Oura tokens and every grant and session with them. A revocation that fails
 * at Oura does not stop the deletion; the caller is told, to tell the person.
 */

import { giveBackGrant } from './oura-account.js';
import type { OuraApp } from './oura-app.js';
import type { UserStore } from './state/user-store.js';
import type { UserEngines } from './user-engines.js';

export interface LeaveDeps {
  app: OuraApp;
  users: UserStore;
  engines: UserEngines;
  /** Stops what else works on the person's history (their webhook queue) before it is deleted. */
  beforeDelete: (userId: string) => Promise<void>;
  /** Deletes what still names the person once they are gone (their jobs on the job queue). */
  afterDelete?: (userId: string) => Promise<void>;
  log: (line: string) => void;
}

/** Revokes at Oura (best effort), then deletes; answers whether Oura confirmed the revocation. */
export async function leave(deps: LeaveDeps, userId: string): Promise<{ revokedAtOura: boolean }> {
  // A login that no longer opens (its key was lost) cannot be revoked: delete here all the same.
  const tokens = await deps.users.tokens(userId).catch(() => undefined);
  const revokedAtOura = tokens
    ? await giveBackGrant(deps.app, tokens, () =>
        deps.log('leave: revoking at Oura failed; deleting here anyway'),
      )
    : false;
  await deps.beforeDelete(userId);
  await deps.engines.drop(userId);
  await deps.users.delete(userId);
  await deps.engines.deleteHistory(userId);
  // Best effort: the person is gone already, and pg-boss empties its tables of them within hours.
  await deps
    .afterDelete?.(userId)
    .catch((error: Error) =>
      deps.log(
        `leave: the job queue's rows of a departed person stay until they expire: ${error.message}`,
      ),
    );
  return { revokedAtOura };
}
