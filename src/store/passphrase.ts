import { type ErrorCode, OuraError, type OuraErrorOptions } from '../errors.js';

/** The environment variable that gives the file store's passphrase (never a flag: argv is visible). */
export const PASSPHRASE_ENV = 'OURA_STORE_PASSPHRASE';

/**
 * Where the file store's passphrase comes from. Given (`OURA_STORE_PASSPHRASE`),
 * it seals the file on every write and opens it on read; otherwise a sealed
 * file is opened by asking the person, when someone can be asked.
 */
export interface PassphraseSource {
  given?: string | undefined;
  /** Hidden-input question on a terminal; resolves undefined when there is no terminal. */
  ask?: (path: string) => Promise<string | undefined>;
}

/** Reads `OURA_STORE_PASSPHRASE`; empty counts as unset. Used exactly as given. */
export function passphraseFromEnv(env: NodeJS.ProcessEnv): string | undefined {
  return env[PASSPHRASE_ENV] || undefined;
}

/**
 * The sealed credential file cannot be opened: exit 4 (authentication
 * needed, as the catalogue says for its STORE_PASSPHRASE_ codes), since the
 * cure is the right passphrase. Nothing is deleted.
 */
export class StorePassphraseError extends OuraError {
  override readonly name = 'StorePassphraseError';
  constructor(
    code: Extract<ErrorCode, `STORE_PASSPHRASE_${string}`>,
    message: string,
    options: OuraErrorOptions = {},
  ) {
    super(code, message, options);
  }
}

export function wrongPassphrase(path: string): StorePassphraseError {
  return new StorePassphraseError(
    'STORE_PASSPHRASE_WRONG',
    `The passphrase did not open the credential file ${path} (a wrong passphrase, or the file was altered); nothing was changed. Set ${PASSPHRASE_ENV} to the passphrase it was sealed with.`,
    {
      hint: `On a terminal, leave ${PASSPHRASE_ENV} unset to be asked instead. A lost passphrase cannot be recovered: remove the file and run \`oura setup\` again.`,
    },
  );
}

export function passphraseNeeded(path: string): StorePassphraseError {
  return new StorePassphraseError(
    'STORE_PASSPHRASE_NEEDED',
    `The credential file ${path} is sealed with a passphrase and there is no terminal to ask for it: set ${PASSPHRASE_ENV} to its passphrase.`,
  );
}
