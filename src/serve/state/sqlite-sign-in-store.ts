/** Sign-ins in progress in the server's SQLite state. */
import { hashSecret, newSecret } from './secret-values.js';
import {
  admissionContext,
  belongsTo,
  SIGN_IN_SECONDS,
  type SignIn,
  type SignInRow,
  type SignInStart,
  type SignInStore,
  signInFromRow,
  type TakenSignIn,
  type ToOura,
  verifierContext,
} from './sign-in-store.js';
import type { StateDb } from './state-db.js';
import type { Sealer } from './user-store.js';

export class SqliteSignInStore implements SignInStore {
  constructor(
    private readonly db: StateDb,
    private readonly sealer: Sealer,
    private readonly now: () => number,
  ) {}

  private seconds(): number {
    return Math.floor(this.now() / 1000);
  }

  async start(input: SignInStart): Promise<{ id: string; browserSecret: string }> {
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
        this.seconds() + SIGN_IN_SECONDS,
      );
    return { id, browserSecret };
  }

  async find(id: string, browserSecret: string | undefined): Promise<SignIn | undefined> {
    const row = this.db.prepare('SELECT * FROM sign_ins WHERE id = ?').get(id) as
      | SignInRow
      | undefined;
    if (!this.belongs(row, browserSecret)) return undefined;
    return signInFromRow(row as SignInRow, this.sealer);
  }

  async toOura(id: string, input: ToOura): Promise<void> {
    this.db
      .prepare(
        'UPDATE sign_ins SET oura_state_hash = ?, oura_verifier = ?, admission = ? WHERE id = ?',
      )
      .run(
        hashSecret(input.ouraState),
        this.sealer.seal(input.ouraVerifier, verifierContext(id)),
        input.admission ? this.sealer.seal(input.admission, admissionContext(id)) : null,
        id,
      );
  }

  async takeForCallback(
    ouraState: string,
    browserSecret: (signInId: string) => string | undefined,
  ): Promise<TakenSignIn | undefined> {
    return this.db
      .transaction(() => {
        const row = this.db
          .prepare('SELECT * FROM sign_ins WHERE oura_state_hash = ?')
          .get(hashSecret(ouraState)) as SignInRow | undefined;
        if (!row || !this.belongs(row, browserSecret(row.id)) || !row.oura_verifier)
          return undefined;
        this.db.prepare('DELETE FROM sign_ins WHERE id = ?').run(row.id);
        return {
          ...signInFromRow(row, this.sealer),
          ouraVerifier: this.sealer.open(row.oura_verifier, verifierContext(row.id)),
        };
      })
      .immediate();
  }

  async delete(id: string): Promise<void> {
    this.db.prepare('DELETE FROM sign_ins WHERE id = ?').run(id);
  }

  private belongs(row: SignInRow | undefined, browserSecret: string | undefined): boolean {
    return row !== undefined && belongsTo(row, browserSecret, this.seconds());
  }
}
