import type { TokenProvider } from '../api/http.js';
import { nowMs } from '../clock.js';

/** How long one answer of the token provider is reused (the session re-reads the store on every call). */
const TOKEN_REUSE_MS = 60_000;

/** Refreshes remembered, so late 401s for an old token reuse its replacement (older ones are the session's to sort out). */
const REMEMBERED_REFRESHES = 16;

/**
 * The proxy's view of the session: one token shared by concurrent requests,
 * asked for again after a minute, and renewed at most once per token it
 * handed out, however many requests saw that token refused, at once or later.
 *
 * Oura's refresh tokens are single use: each refresh rotates the chain. So a
 * token that a refresh has just produced is not refreshed for again until the
 * API has served a request with it: when the API refuses it straight away,
 * the refusal was not about the token's age, and a second refresh would only
 * rotate the chain once more for nothing.
 */
export class TokenSource {
  readonly #provider: Exclude<TokenProvider, string>;
  readonly #now: () => number;
  #current: Promise<string> | undefined;
  #askedAt = 0;
  /** Rejected token → its replacement (pending or settled), oldest first. */
  readonly #refreshes = new Map<string, Promise<string>>();
  /** Tokens a refresh produced that the API has not yet served a request with. */
  readonly #unproven = new Set<string>();

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

  /**
   * A new token after the API said `rejected` is invalid, or undefined when
   * no refresh may be made for it (it came from a refresh and was refused
   * before it was ever accepted). Every caller with the same rejected token
   * gets the same answer: one refresh at most.
   */
  renew(rejected: string): Promise<string> | undefined {
    const known = this.#refreshes.get(rejected);
    if (known) return known;
    if (this.#unproven.has(rejected)) return undefined;
    const token = this.#provider({ rejectedToken: rejected });
    this.#refreshes.set(rejected, token);
    if (this.#refreshes.size > REMEMBERED_REFRESHES) {
      const [oldest] = this.#refreshes.keys();
      if (oldest !== undefined) this.#refreshes.delete(oldest);
    }
    token.then(
      (fresh) => {
        if (fresh === rejected) return;
        this.#unproven.add(fresh);
        if (this.#unproven.size > REMEMBERED_REFRESHES) {
          const [oldest] = this.#unproven;
          if (oldest !== undefined) this.#unproven.delete(oldest);
        }
      },
      // A failed refresh rotated nothing: the next refusal of this token may try again.
      () => {
        if (this.#refreshes.get(rejected) === token) this.#refreshes.delete(rejected);
      },
    );
    this.#remember(token);
    return token;
  }

  /** The API served a request sent with `token`: it may be refreshed once when it is refused later. */
  accepted(token: string): void {
    this.#unproven.delete(token);
  }

  #remember(token: Promise<string>): void {
    this.#current = token;
    this.#askedAt = this.#now();
    // A failure (not logged in) is answered once, then asked again next time.
    token.catch(() => {
      if (this.#current === token) this.#current = undefined;
    });
  }
}
