/**
 * Where a person's Oura login is kept, as the token keeper needs it: the
 * server's SQLite state (one process owns it, so an in-process queue
 * serializes refreshes) or the shared PostgreSQL database
 * (`state-pg/pg-person-tokens.ts`, where an advisory lock does, across
 * every process).
 */
import type { StoredTokens } from '../auth/tokens.js';
import type { UserStore } from './state/user-store.js';

/** A person's stored login, or why it no longer works. */
export interface StoredLogin {
  /** False when no such person is known. */
  known: boolean;
  tokens: StoredTokens | undefined;
  problem: string | undefined;
}

export interface PersonTokens {
  read(person: string): Promise<StoredLogin>;
  save(person: string, tokens: StoredTokens): Promise<void>;
  /** The login is dead (`invalid_grant`): keep the person, say what to do. */
  markProblem(person: string, problem: string): Promise<void>;
  /** Runs `work` while no other refresh of this person's login runs. */
  exclusive<T>(person: string, work: () => Promise<T>): Promise<T>;
}

/** A user store whose refreshes one process serializes per person (the SQLite state's). */
export function userStoreTokens(users: UserStore): PersonTokens {
  const queues = new Map<string, Promise<unknown>>();
  return {
    read: async (person) => {
      const user = await users.get(person);
      return {
        known: user !== undefined,
        tokens: user ? await users.tokens(person) : undefined,
        problem: user?.ouraProblem,
      };
    },
    save: (person, tokens) => users.saveTokens(person, tokens),
    markProblem: (person, problem) => users.markProblem(person, problem),
    exclusive(person, work) {
      const previous = queues.get(person) ?? Promise.resolve();
      const next = previous.then(work, work);
      const settled = next.then(
        () => {},
        () => {},
      );
      queues.set(person, settled);
      void settled.then(() => {
        if (queues.get(person) === settled) queues.delete(person);
      });
      return next;
    },
  };
}
