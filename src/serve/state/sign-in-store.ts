/**
 * A sign-in in progress, from the consent page to Oura's callback. It is
 * bound to the browser that started it (a cookie whose hash is stored), so a
 * callback or a form post from another browser is refused: that is the CSRF
 * and login-fixation defence of both legs. Rows live ten minutes. Kept in the
 * SQLite state (`sqlite-sign-in-store.ts`) or the shared PostgreSQL database
 * (`state-pg/pg-sign-in-store.ts`), where the consent page and Oura's callback
 * may reach different web processes.
 */
import { hashSecret, sameHash } from './secret-values.js';
import type { Sealer } from './user-store.js';

export const SIGN_IN_SECONDS = 600;
/** What a sign-in's sealed Oura PKCE verifier is bound to. */
export const verifierContext = (signInId: string) => `oura-verifier:${signInId}`;
/** What a sign-in's sealed claim or invite code is bound to. */
export const admissionContext = (signInId: string) => `admission:${signInId}`;
export type SignInPurpose = 'mcp' | 'account' | 'enroll';
export interface SignIn {
  id: string;
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  clientState: string | undefined;
  scopes: string[];
  resource: string;
  /** The claim or invite code the person gave on the consent page. */
  admission: string | undefined;
  /**
   * `mcp`: an assistant asked; `account`: the person signs in to the account
   * (or admin) page; `enroll`: a participant joins a cohort by its link.
   */
  purpose: SignInPurpose;
}

export type SignInStart = Omit<SignIn, 'id' | 'admission' | 'purpose'> & {
  purpose?: SignIn['purpose'];
};
export type ToOura = { ouraState: string; ouraVerifier: string; admission: string | undefined };
export type TakenSignIn = SignIn & { ouraVerifier: string };

export interface SignInStore {
  /** Starts a sign-in; answers its id and the browser secret to set as a cookie. */
  start(input: SignInStart): Promise<{ id: string; browserSecret: string }>;
  /** The sign-in with this id, if the browser presenting it is the one that started it. */
  find(id: string, browserSecret: string | undefined): Promise<SignIn | undefined>;
  /** The person allowed it: remember the Oura leg's state and verifier, and any code they typed. */
  toOura(id: string, input: ToOura): Promise<void>;
  /**
   * Takes (and deletes) the sign-in an Oura callback belongs to: its `state`
   * must be one we sent, from the same browser, not expired. Once: a second
   * callback with the same state finds nothing.
   */
  takeForCallback(
    ouraState: string,
    browserSecret: (signInId: string) => string | undefined,
  ): Promise<TakenSignIn | undefined>;
  /** The person refused, or the sign-in ended some other way. */
  delete(id: string): Promise<void>;
}

/** A stored sign-in's row, as both stores keep it (times in epoch seconds). */
export interface SignInRow {
  id: string;
  browser_hash: string;
  client_id: string;
  redirect_uri: string;
  code_challenge: string;
  client_state: string | null;
  scopes: string;
  resource: string;
  oura_verifier: string | null;
  admission: string | null;
  purpose: SignInPurpose;
  expires_at: number | string;
}

export const signInFromRow = (row: SignInRow, sealer: Sealer): SignIn => ({
  id: row.id,
  clientId: row.client_id,
  redirectUri: row.redirect_uri,
  codeChallenge: row.code_challenge,
  clientState: row.client_state ?? undefined,
  scopes: row.scopes === '' ? [] : row.scopes.split(' '),
  resource: row.resource,
  admission: row.admission ? sealer.open(row.admission, admissionContext(row.id)) : undefined,
  purpose: row.purpose,
});

/** Whether the row is live and the presented browser secret is the one that started it. */
export function belongsTo(
  row: SignInRow,
  browserSecret: string | undefined,
  nowSeconds: number,
): boolean {
  return (
    browserSecret !== undefined &&
    Number(row.expires_at) > nowSeconds &&
    sameHash(row.browser_hash, hashSecret(browserSecret))
  );
}
