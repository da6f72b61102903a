/**
 * The people who signed in with Oura: their Oura account id (the identity),
 * their role, and their Oura tokens, sealed with the service's key and bound
 * to the user they belong to (a sealed value copied onto another row does not
 * open). Kept in the SQLite state (`sqlite-user-store.ts`) or the shared
 * PostgreSQL database (`state-pg/pg-user-store.ts`).
 */
import type { StoredTokens } from '../../auth/tokens.js';

/** Seals secrets at rest; `context` is bound into the seal. */
export interface Sealer {
  seal(plaintext: string, context: string): string;
  open(sealed: string, context: string): string;
}

export interface ServeUser {
  id: string;
  email: string | undefined;
  role: 'owner' | 'member';
  createdAt: number;
  lastSyncAt: number | undefined;
  /** Why the stored Oura login no longer works, when it does not. */
  ouraProblem: string | undefined;
}

/** What a person's sealed Oura tokens are bound to. */
export const tokensContext = (userId: string) => `oura-tokens:${userId}`;

export interface UserStore {
  get(userId: string): Promise<ServeUser | undefined>;
  /** Everyone, first to join first. */
  all(): Promise<ServeUser[]>;
  /** Adds or updates a person after a sign-in, with the Oura tokens it brought. */
  saveSignIn(input: {
    id: string;
    email: string | undefined;
    role: 'owner' | 'member';
    tokens: StoredTokens;
  }): Promise<void>;
  /** The person's Oura tokens, or undefined when none are stored. */
  tokens(userId: string): Promise<StoredTokens | undefined>;
  saveTokens(userId: string, tokens: StoredTokens): Promise<void>;
  /** The Oura login is dead (`invalid_grant`): keep the person, say what to do. */
  markProblem(userId: string, problem: string): Promise<void>;
  markSynced(userId: string): Promise<void>;
  /** Forgets the person and, through the foreign keys, every grant and session they had. */
  delete(userId: string): Promise<void>;
}
