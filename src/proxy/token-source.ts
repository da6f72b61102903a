import type { TokenProvider } from '../api/http.js';
import { nowMs } from '../clock.js';

/** How long one answer of the token provider is reused (the session re-reads the store on every call). */
const TOKEN_REUSE_MS = 60_000;

/**
 * The proxy's view of the session: one token shared by concurrent requests,
 * asked for again after a minute, and renewed once per rejected token however
 * many requests saw the same 401 at the same time.
 */
export class TokenSource {
  readonly #provider: Exclude<TokenProvider, string>;
  readonly #now: () => number;
  #current: Promise<string> | undefined;
  #askedAt = 0;
  #renewal: { rejected: string; token: Promise<string> } | undefined;

  constructor(provider: TokenProvider, now: () => number = nowMs) {
    this.#provider = typeof provider === 'string' ? async () => provider : provider;
    this.#now = now;
  }

  /** A token to send now. */
  current(): Promise<string> {
    if (!this.#current || this.#now() - this.#askedAt > TOKEN_REUSE_MS) {
      this.#remember(this.#provider({}));
    }
    return this.#current as Promise<string>;
  }

  /** A new token after the API answered 401 to `rejected`. */
  renew(rejected: string): Promise<string> {
    if (this.#renewal?.rejected !== rejected) {
      const token = this.#provider({ rejectedToken: rejected });
      this.#renewal = { rejected, token };
      this.#remember(token);
    }
    return (this.#renewal as { token: Promise<string> }).token;
  }

  #remember(token: Promise<string>): void {
    this.#current = token;
    this.#askedAt = this.#now();
    // A failure (not logged in) is answered once, then asked again next time.
    token.catch(() => {
      if (this.#current === token) this.#current = undefined;
      if (this.#renewal?.token === token) this.#renewal = undefined;
    });
  }
}
