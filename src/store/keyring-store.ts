import type { AsyncEntry as AsyncEntryType } from '@napi-rs/keyring';
import { OuraError } from '../errors.js';
import type { SecretStore } from './secret-store.js';

/** Keychain service name under which every entry of this tool is filed. */
export const KEYRING_SERVICE = 'oura-connect';

/** A keychain that does not answer a read within this time is treated as unusable. */
export const KEYRING_TIMEOUT_MS = 3_000;

/**
 * Writes may wait for a person: macOS can ask to allow access, a locked
 * Secret Service to unlock. A rotated refresh token is written once and the
 * old one is already dead, so a write gets this much longer to finish.
 */
export const KEYRING_WRITE_TIMEOUT_MS = 60_000;

/**
 * Secrets in the OS keychain (macOS Keychain, Windows Credential Manager,
 * Secret Service on Linux). On Linux the store is pinned to the Secret Service:
 * the library's default silently falls back to the kernel keyring, which lives
 * in RAM only and would lose the login at reboot.
 */
export class KeyringSecretStore implements SecretStore {
  readonly kind = 'keyring' as const;
  readonly path: string;
  readonly #profile: string;
  readonly #AsyncEntry: typeof AsyncEntryType;
  readonly #writeTimeoutMs: number;

  private constructor(profile: string, AsyncEntry: typeof AsyncEntryType, writeTimeoutMs: number) {
    this.#profile = profile;
    this.#AsyncEntry = AsyncEntry;
    this.#writeTimeoutMs = writeTimeoutMs;
    this.path = `${keychainName()} (service "${KEYRING_SERVICE}")`;
  }

  /** Loads the native module lazily: only commands that touch secrets pay for it. */
  static async open(
    profile: string,
    options: { writeTimeoutMs?: number } = {},
  ): Promise<KeyringSecretStore> {
    const { AsyncEntry } = await import('@napi-rs/keyring');
    return new KeyringSecretStore(
      profile,
      AsyncEntry,
      options.writeTimeoutMs ?? KEYRING_WRITE_TIMEOUT_MS,
    );
  }

  async get(name: string): Promise<string | undefined> {
    const value = await this.#call(
      'read',
      (entry, signal) => entry.getPassword(signal),
      name,
      KEYRING_TIMEOUT_MS,
    );
    return value ?? undefined;
  }

  async set(name: string, value: string): Promise<void> {
    await this.#call(
      'write',
      (entry, signal) => entry.setPassword(value, signal),
      name,
      this.#writeTimeoutMs,
    );
  }

  async delete(name: string): Promise<void> {
    await this.#call(
      'delete',
      (entry, signal) => entry.deletePassword(signal),
      name,
      KEYRING_TIMEOUT_MS,
    );
  }

  async #call<T>(
    action: string,
    fn: (entry: AsyncEntryType, signal: AbortSignal) => Promise<T>,
    name: string,
    timeoutMs: number,
  ): Promise<T> {
    // One deadline for the call. The library drops a call still queued when the
    // signal fires, but cannot interrupt one a hung provider is holding, so we
    // also stop waiting for it at that moment.
    const signal = AbortSignal.timeout(timeoutMs);
    try {
      // The constructor itself fails when no Secret Service is reachable.
      const entry = new this.#AsyncEntry(KEYRING_SERVICE, `${this.#profile}/${name}`, {
        linux: { store: 'secret-service' },
      });
      return await untilAborted(fn(entry, signal), signal, timeoutMs);
    } catch (error) {
      throw new OuraError(
        'KEYRING_FAILED',
        `Could not ${action} the ${name} in the ${keychainName()}: ${describe(error)}`,
        {
          cause: error,
          hint: 'Unlock the keychain (or start a Secret Service such as gnome-keyring), or set OURA_CREDENTIAL_STORE=file (or auto) and run `oura setup` again.',
        },
      );
    }
  }
}

/**
 * Checks that the keychain answers a full write/read/delete round trip within
 * the timeout. Returns the reason when it does not (no session bus, locked,
 * hung provider), so the caller can say why it fell back.
 */
export async function probeKeyring(): Promise<{ ok: true } | { ok: false; reason: string }> {
  try {
    // A probe must answer quickly: a keychain that needs a person is no choice to make silently.
    const store = await KeyringSecretStore.open('probe', { writeTimeoutMs: KEYRING_TIMEOUT_MS });
    const marker = `probe-${process.pid}-${Date.now()}`;
    await store.set('probe', marker);
    const back = await store.get('probe');
    await store.delete('probe');
    if (back !== marker) return { ok: false, reason: 'it did not return what was written' };
    return { ok: true };
  } catch (error) {
    const cause = error instanceof OuraError && error.cause !== undefined ? error.cause : error;
    return { ok: false, reason: describe(cause) };
  }
}

function keychainName(): string {
  if (process.platform === 'darwin') return 'macOS Keychain';
  if (process.platform === 'win32') return 'Windows Credential Manager';
  return 'Secret Service keyring';
}

function describe(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0] ?? text;
}

/** `promise`, or a rejection naming the deadline as soon as `signal` (a timeout) fires. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal, timeoutMs: number): Promise<T> {
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(new Error(`no answer within ${timeoutMs / 1000} s`));
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  return Promise.race([promise, aborted]).finally(() => {
    if (onAbort) signal.removeEventListener('abort', onAbort);
  });
}
