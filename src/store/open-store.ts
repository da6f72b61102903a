import { UsageError } from '../errors.js';
import type { ProfileConfig, StoreKind } from './config.js';
import { FileSecretStore } from './file-store.js';
import { KeyringSecretStore, probeKeyring } from './keyring-store.js';
import type { PassphraseSource } from './passphrase.js';
import type { SecretStore } from './secret-store.js';

export type StoreChoice = 'auto' | StoreKind;

export interface OpenStoreOptions {
  configDir: string;
  profile: string;
  /** `OURA_CREDENTIAL_STORE`: auto (default), keyring, file. */
  choice?: string | undefined;
  /** The profile as stored: a profile keeps the store its secrets were written to. */
  existing?: ProfileConfig | undefined;
  /**
   * Receives the one-line notice when the keychain is skipped, and the file
   * store's warnings about permissions it tightened.
   */
  notice?: (line: string) => void;
  /**
   * Whether a new profile may probe the keychain (a test entry is written and
   * deleted). Only commands that are about to store secrets do; readers of a
   * profile with nothing stored get the empty file store, silently.
   */
  probe?: boolean;
  /** Seals and opens the file store (the keychain has its own protection and ignores it). */
  passphrase?: PassphraseSource;
}

/** Parses `OURA_CREDENTIAL_STORE`. */
function parseStoreChoice(value: string | undefined): StoreChoice {
  const choice = (value ?? '').trim().toLowerCase() || 'auto';
  if (choice === 'auto' || choice === 'keyring' || choice === 'file') return choice;
  throw new UsageError(`OURA_CREDENTIAL_STORE must be auto, keyring or file (got "${value}").`);
}

/**
 * Picks the secret store for a profile. A forced choice wins; otherwise a
 * profile stays with the store it was set up in (so a keychain that is briefly
 * unreachable, e.g. over SSH, is reported rather than silently replaced by an
 * empty file store); a new profile gets the keychain when it answers a probe,
 * the owner-only file otherwise, with a notice saying which file and why.
 */
export async function openSecretStore(options: OpenStoreOptions): Promise<SecretStore> {
  const { configDir, profile } = options;
  const choice = parseStoreChoice(options.choice);
  const file = () =>
    new FileSecretStore(configDir, profile, {
      ...(options.notice ? { warn: options.notice } : {}),
      ...(options.passphrase ? { passphrase: options.passphrase } : {}),
    });

  if (choice === 'file') return file();
  if (choice === 'keyring') return KeyringSecretStore.open(profile);
  if (options.existing?.store === 'file') return file();
  if (options.existing?.store === 'keyring') return KeyringSecretStore.open(profile);

  if (options.probe === false) return file();
  const probe = await probeKeyring();
  if (probe.ok) return KeyringSecretStore.open(profile);
  const store = file();
  options.notice?.(
    `Storing credentials in ${store.path} (owner-only file): the OS keychain is not usable (${probe.reason}).`,
  );
  return store;
}
