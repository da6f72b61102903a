/**
 * The two ways the secrets at rest of `oura serve` fail: the key itself cannot
 * be had (a bad `OURA_SERVE_KEY`, a key file open to others or damaged), or a
 * stored value cannot be opened with the keys at hand. Messages name paths,
 * variables and key ids, never a key or a value.
 */
import { OuraError, type OuraErrorOptions } from '../../errors.js';

/** The sealing key could not be loaded, created or rotated. */
export class ServeKeyError extends OuraError {
  override readonly name = 'ServeKeyError';
  constructor(message: string, options: OuraErrorOptions = {}) {
    super('SERVE_KEY', message, options);
  }
}

/** Why a sealed value did not open (see {@link SealedValueError}). */
export type SealedValueFailure = 'malformed' | 'unknown-key' | 'rejected';

/**
 * A sealed value did not open: it is not in the sealed form (`malformed`), it
 * was sealed under a key this process does not hold (`unknown-key`), or the
 * AES-GCM tag did not verify (`rejected`: altered, or moved from the row or
 * person it was sealed for).
 */
export class SealedValueError extends OuraError {
  override readonly name = 'SealedValueError';
  readonly reason: SealedValueFailure;
  /** The key id the value names, when it could be read. */
  readonly keyId: string | undefined;

  constructor(
    reason: SealedValueFailure,
    keyId: string | undefined,
    message: string,
    options: OuraErrorOptions = {},
  ) {
    super('SEALED_VALUE', message, options);
    this.reason = reason;
    this.keyId = keyId;
  }
}
