/**
 * A sign-in in progress, from the consent page to Oura's callback. It is
 * bound to the browser that started it (a cookie whose hash is stored), so a
 * callback or a form post from another browser is refused: that is the CSRF
 * and login-fixation defence of both legs. Rows live ten minutes.
 */

import { hashSecret, newSecret, sameHash } from './secret-values.js';
import type { StateDb } from './state-db.js';
import type { Sealer } from './user-store.js';

const LIFETIME_SECONDS = 600;

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
  /** `mcp`: an assistant asked; `account`: the person signs in to the account page. */
  purpose: 'mcp' | 'account';
}

interface SignInRow {
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
  purpose: 'mcp' | 'account';
  expires_at: number;
}

const toSignIn = (row: SignInRow, sealer: Sealer): SignIn => ({
  id: row.id,
  clientId: row.client_id,
  redirectUri: row.redirect_uri,
  codeChallenge: row.code_challenge,
  clientState: row.client_state ?? undefined,
  scopes: row.scopes === '' ? [] : row.scopes.split(' '),
  resource: row.resource,
  admission: row.admission ? sealer.open(row.admission, `admission:${row.id}`) : undefined,
  purpose: row.purpose,
});

export class SignInStore {
  constructor(
    private readonly db: StateDb,
    private readonly sealer: Sealer,
    private readonly now: () => number,
  ) {}

  private seconds(): number {
    return Math.floor(this.now() / 1000);
  }

  /** Starts a sign-in; answers its id and the browser secret to set as a cookie. */
  start(input: Omit<SignIn, 'id' | 'admission' | 'purpose'> & { purpose?: SignIn['purpose'] }): {
    id: string;
    browserSecret: string;
  } {
    const id = newSecret();
    const browserSecret = newSecret();
    this.db.prepare('DELETE FROM sign_ins WHERE expires_at <= ?').run(this.seconds());
    this.db
      .prepare(
        `INSERT INTO sign_ins (id, browser_hash, client_id, redirect_uri, code_challenge, client_state,
           scopes, resource, purpose, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        id,
        hashSecret(browserSecret),
        input.clientId,
        input.redirectUri,
        input.codeChallenge,
        input.clientState ?? null,
        input.scopes.join(' '),
        input.resource,
        input.purpose ?? 'mcp',
        this.seconds() + LIFETIME_SECONDS,
      );
    return { id, browserSecret };
  }

  /** The sign-in with this id, if the browser presenting it is the one that started it. */
  find(id: string, browserSecret: string | undefined): SignIn | undefined {
    const row = this.db.prepare('SELECT * FROM sign_ins WHERE id = ?').get(id) as
      | SignInRow
      | undefined;
    if (!this.belongs(row, browserSecret)) return undefined;
    return toSignIn(row as SignInRow, this.sealer);
  }

  /** The person allowed it: remember the Oura leg's state and verifier, and any code they typed. */
  toOura(
    id: string,
    input: { ouraState: string; ouraVerifier: string; admission: string | undefined },
  ): void {
    this.db
      .prepare(
        'UPDATE sign_ins SET oura_state_hash = ?, oura_verifier = ?, admission = ? WHERE id = ?',
      )
      .run(
        hashSecret(input.ouraState),
        this.sealer.seal(input.ouraVerifier, `oura-verifier:${id}`),
        input.admission ? this.sealer.seal(input.admission, `admission:${id}`) : null,
        id,
      );
  }

  /**
   * Takes (and deletes) the sign-in an Oura callback belongs to: its `state`
   * must be one we sent, from the same browser, not expired.
   */
  takeForCallback(
    ouraState: string,
    browserSecret: (signInId: string) => string | undefined,
  ): (SignIn & { ouraVerifier: string }) | undefined {
    return this.db
      .transaction(() => {
        const row = this.db
          .prepare('SELECT * FROM sign_ins WHERE oura_state_hash = ?')
          .get(hashSecret(ouraState)) as SignInRow | undefined;
        if (!row || !this.belongs(row, browserSecret(row.id)) || !row.oura_verifier)
          return undefined;
        this.db.prepare('DELETE FROM sign_ins WHERE id = ?').run(row.id);
        return {
          ...toSignIn(row, this.sealer),
          ouraVerifier: this.sealer.open(row.oura_verifier, `oura-verifier:${row.id}`),
        };
      })
      .immediate();
  }

  /** The person refused, or the sign-in ended some other way. */
  delete(id: string): void {
    this.db.prepare('DELETE FROM sign_ins WHERE id = ?').run(id);
  }

  private belongs(row: SignInRow | undefined, browserSecret: string | undefined): boolean {
    return (
      row !== undefined &&
      browserSecret !== undefined &&
      row.expires_at > this.seconds() &&
      sameHash(row.browser_hash, hashSecret(browserSecret))
    );
  }
}
