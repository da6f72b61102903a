/**
 * The sealed form of the credential file: its entries encrypted with
 * AES-256-GCM under a key derived from a passphrase with scrypt (RFC 7914),
 * both from Node's crypto. The file's marker, version, KDF parameters, salt
 * and cipher name are authenticated as associated data, so a file whose
 * parameters were altered fails to open just as a wrong passphrase does.
 */
import { createCipheriv, createDecipheriv, randomBytes, scrypt } from 'node:crypto';
import { promisify } from 'node:util';

const scryptAsync = promisify(scrypt) as (
  passphrase: string,
  salt: Buffer,
  keyLength: number,
  options: { N: number; r: number; p: number; maxmem: number },
) => Promise<Buffer>;

const MARKER = 'oura-connect sealed credentials';
const VERSION = 1;
const CIPHER = 'aes-256-gcm';
const KEY_BYTES = 32;
const SALT_BYTES = 16;
/** 96-bit nonces, fresh for every write (NIST SP 800-38D's recommended length). */
const NONCE_BYTES = 12;

/**
 * scrypt at N=2^17, r=8, p=1: 128 MiB and roughly half a second per
 * derivation, paid once per process. Files may carry other parameters, but
 * never more memory than {@link MAX_SCRYPT_MEMORY}: a file cannot make us
 * allocate without bound.
 */
const DEFAULT_KDF = { name: 'scrypt', N: 2 ** 17, r: 8, p: 1 } as const;
const MAX_SCRYPT_MEMORY = 256 * 1024 * 1024;

export interface KdfParams {
  name: 'scrypt';
  N: number;
  r: number;
  p: number;
  /** base64 */
  salt: string;
}

export interface SealedFile {
  sealed: typeof MARKER;
  version: typeof VERSION;
  kdf: KdfParams;
  cipher: typeof CIPHER;
  /** base64 */
  nonce: string;
  /** base64 */
  ciphertext: string;
  /** base64, the GCM authentication tag */
  tag: string;
}

/** A key derived from a passphrase, with the parameters that name it. */
export interface SealingKey {
  kdf: KdfParams;
  key: Buffer;
}

/** Whether parsed JSON is a sealed credential file (rather than the plain entries). */
export function isSealed(parsed: unknown): parsed is { sealed: string } {
  return typeof parsed === 'object' && parsed !== null && 'sealed' in parsed;
}

/** The ways a sealed file can fail to open, for the store to turn into a message. */
export type OpenFailure = 'unsupported' | 'wrong-passphrase';

export class SealedFileError extends Error {
  readonly failure: OpenFailure;
  constructor(failure: OpenFailure) {
    super(failure);
    this.failure = failure;
  }
}

/** Derives a key for a new file: a fresh random salt and the default parameters. */
export async function newSealingKey(passphrase: string): Promise<SealingKey> {
  const kdf: KdfParams = { ...DEFAULT_KDF, salt: randomBytes(SALT_BYTES).toString('base64') };
  return { kdf, key: await deriveKey(passphrase, kdf) };
}

/** Derives the key a sealed file names (its salt and parameters) from a passphrase. */
export async function keyForFile(file: SealedFile, passphrase: string): Promise<SealingKey> {
  const kdf = checkedKdf(file);
  return { kdf, key: await deriveKey(passphrase, kdf) };
}

/** Whether `key` was derived with the parameters and salt this file names. */
export function keyFits(key: SealingKey, file: SealedFile): boolean {
  const { kdf } = file;
  return (
    kdf?.name === key.kdf.name &&
    kdf.N === key.kdf.N &&
    kdf.r === key.kdf.r &&
    kdf.p === key.kdf.p &&
    kdf.salt === key.kdf.salt
  );
}

/** Encrypts `plaintext` under `key` with a fresh nonce. */
export function seal(plaintext: string, key: SealingKey): SealedFile {
  const nonce = randomBytes(NONCE_BYTES);
  const header = { sealed: MARKER, version: VERSION, kdf: key.kdf, cipher: CIPHER } as const;
  const cipher = createCipheriv(CIPHER, key.key, nonce);
  cipher.setAAD(associatedData(header));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return {
    ...header,
    nonce: nonce.toString('base64'),
    ciphertext: ciphertext.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
  };
}

/**
 * Decrypts a sealed file. Throws `SealedFileError('wrong-passphrase')` when
 * the tag does not verify: the passphrase is wrong, or the file was altered
 * (GCM cannot tell the two apart, and neither may we).
 */
export function unseal(file: SealedFile, key: SealingKey): string {
  checkedKdf(file);
  const decipher = createDecipheriv(CIPHER, key.key, Buffer.from(file.nonce, 'base64'));
  decipher.setAAD(associatedData(file));
  decipher.setAuthTag(Buffer.from(file.tag, 'base64'));
  try {
    return Buffer.concat([
      decipher.update(Buffer.from(file.ciphertext, 'base64')),
      decipher.final(),
    ]).toString('utf8');
  } catch {
    throw new SealedFileError('wrong-passphrase');
  }
}

/** The header, serialised in one fixed order so writer and reader authenticate the same bytes. */
function associatedData(header: Pick<SealedFile, 'sealed' | 'version' | 'kdf' | 'cipher'>): Buffer {
  const { kdf } = header;
  return Buffer.from(
    JSON.stringify([
      header.sealed,
      header.version,
      kdf.name,
      kdf.N,
      kdf.r,
      kdf.p,
      kdf.salt,
      header.cipher,
    ]),
  );
}

/** The file's KDF parameters, if this version can read it and they stay within bounds. */
function checkedKdf(file: SealedFile): KdfParams {
  const { kdf } = file;
  const fieldsOk =
    file.sealed === MARKER &&
    file.version === VERSION &&
    file.cipher === CIPHER &&
    typeof file.nonce === 'string' &&
    typeof file.ciphertext === 'string' &&
    typeof file.tag === 'string' &&
    Buffer.from(file.tag, 'base64').length === 16;
  const kdfOk =
    kdf?.name === 'scrypt' &&
    typeof kdf.salt === 'string' &&
    [kdf.N, kdf.r, kdf.p].every(Number.isSafeInteger) &&
    kdf.N >= 2 ** 14 &&
    (kdf.N & (kdf.N - 1)) === 0 &&
    kdf.r >= 1 &&
    kdf.p >= 1 &&
    kdf.p <= 16 &&
    scryptMemory(kdf) <= MAX_SCRYPT_MEMORY;
  if (!fieldsOk || !kdfOk) throw new SealedFileError('unsupported');
  return { name: kdf.name, N: kdf.N, r: kdf.r, p: kdf.p, salt: kdf.salt };
}

/** What scrypt allocates for these parameters (Node's own estimate, 128·N·r). */
function scryptMemory(kdf: Pick<KdfParams, 'N' | 'r'>): number {
  return 128 * kdf.N * kdf.r;
}

function deriveKey(passphrase: string, kdf: KdfParams): Promise<Buffer> {
  return scryptAsync(passphrase.normalize('NFC'), Buffer.from(kdf.salt, 'base64'), KEY_BYTES, {
    N: kdf.N,
    r: kdf.r,
    p: kdf.p,
    // Node refuses above 32 MiB by default; leave room above the estimate.
    maxmem: scryptMemory(kdf) + 16 * 1024 * 1024,
  });
}
