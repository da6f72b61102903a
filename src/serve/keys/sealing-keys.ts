/**
 * Sealed values: the secrets `oura serve` keeps in its database (Oura access
 * and refresh tokens, the Oura app's client secret) encrypted with AES-256-GCM
 * (NIST SP 800-38D) from node:crypto, each carrying the id of the key that
 * sealed it, so keys can be rotated while older values still open.
 *
 * The sealed form is one line of text, `v1.<kid>.<iv>.<ciphertext>.<tag>`,
 * the last three base64url (RFC 4648 §5). The caller's context (which row,
 * which person: `oura-token:<userId>`) is bound as additional authenticated
 * data together with the version and key id, so a value copied to another
 * row, or relabelled with another key id, fails to open.
 *
 * https://nvlpubs.nist.gov/nistpubs/Legacy/SP/nistspecialpublication800-38d.pdf
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { SealedValueError } from './key-errors.js';

const CIPHER = 'aes-256-gcm';
const VERSION = 'v1';
/** AES-256 keys are 32 bytes. */
export const SEALING_KEY_BYTES = 32;
/** 96-bit IVs, random for every seal: SP 800-38D §8.2.2's random construction. */
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Key ids sit between the dots of a sealed value: base64url's alphabet, never a dot. */
const KEY_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** One AES-256 key and the id sealed values name it by. */
export interface SealingKey {
  readonly id: string;
  /** 32 bytes. */
  readonly key: Uint8Array;
}

/**
 * The id of a key, derived from the key itself (like a JWK thumbprint,
 * RFC 7638): 48 bits of a domain-separated SHA-256, base64url. Because it
 * depends on nothing else, a key moved from the key file into
 * `OURA_SERVE_KEY` (or between servers) keeps its id and its values open.
 * https://www.rfc-editor.org/rfc/rfc7638
 */
export function sealingKeyId(key: Uint8Array): string {
  return createHash('sha256')
    .update('oura-connect serve key id\0')
    .update(key)
    .digest()
    .subarray(0, 6)
    .toString('base64url');
}

/** A fresh random key with its id. */
export function generateSealingKey(): SealingKey {
  const key = randomBytes(SEALING_KEY_BYTES);
  return { id: sealingKeyId(key), key };
}

/**
 * The current key, which seals, and older keys by id, which only open. Keys
 * are held in private fields: logging or serialising the object shows the
 * ids only.
 */
export class SealingKeys {
  readonly #current: string;
  readonly #keys: ReadonlyMap<string, Uint8Array>;

  /** @param current seals new values; `older` keys open values sealed before a rotation. */
  constructor(current: SealingKey, older: readonly SealingKey[] = []) {
    const keys = new Map<string, Uint8Array>();
    for (const { id, key } of [current, ...older]) {
      if (!KEY_ID.test(id)) {
        throw new TypeError('A sealing key id is 1 to 64 characters of A-Z, a-z, 0-9, _ and -.');
      }
      if (key.byteLength !== SEALING_KEY_BYTES) {
        throw new TypeError(
          `Sealing key ${id} is ${key.byteLength} bytes; AES-256 needs ${SEALING_KEY_BYTES}.`,
        );
      }
      if (keys.has(id)) throw new TypeError(`Sealing key id ${id} is given twice.`);
      keys.set(id, Uint8Array.from(key));
    }
    this.#current = current.id;
    this.#keys = keys;
  }

  /** The id of the key new values are sealed under. */
  get currentId(): string {
    return this.#current;
  }

  /** Every key id held, the current one first. */
  get ids(): string[] {
    return [...this.#keys.keys()];
  }

  /**
   * Encrypts `plaintext` under the current key with a fresh random IV.
   * `context` says where the value belongs (`oura-token:<userId>`); the
   * same context must be given to {@link open}.
   */
  seal(plaintext: string, context: string): string {
    const kid = this.#current;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(CIPHER, this.#key(kid), iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(associatedData(kid, context));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, kid, iv, ciphertext, cipher.getAuthTag()]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join('.');
  }

  /**
   * Decrypts a value made by {@link seal} with the same `context`. Throws a
   * {@link SealedValueError} naming the key id (never the value) when the
   * value is not in the sealed form, names a key not held, or fails its
   * authentication (altered, or sealed for another context).
   */
  open(sealed: string, context: string): string {
    const { kid, iv, ciphertext, tag } = parse(sealed);
    const key = this.#keys.get(kid);
    if (key === undefined) {
      throw new SealedValueError(
        'unknown-key',
        kid,
        `Cannot open a stored secret: it was sealed under key ${kid}, which is not among the keys loaded (${this.ids.join(', ')}).`,
        {
          hint: 'Restore the key file (or OURA_SERVE_KEY) that holds that key; a retired key cannot be brought back otherwise.',
        },
      );
    }
    const decipher = createDecipheriv(CIPHER, key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(associatedData(kid, context));
    decipher.setAuthTag(tag);
    try {
      return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
    } catch (error) {
      throw new SealedValueError(
        'rejected',
        kid,
        `Cannot open a stored secret sealed under key ${kid} for ${context}: it failed authentication (altered, or sealed for another row or person).`,
        { cause: error },
      );
    }
  }

  /** The key id a sealed value names (throws a {@link SealedValueError} if it is not one). */
  keyIdOf(sealed: string): string {
    return parse(sealed).kid;
  }

  /**
   * True when `sealed` is not under the current key: after a rotation, the
   * store opens and seals such values again, after which the older keys can
   * be retired.
   */
  needsResealing(sealed: string): boolean {
    return this.keyIdOf(sealed) !== this.#current;
  }

  /** Key material never leaves through JSON. */
  toJSON(): { currentId: string; ids: string[] } {
    return { currentId: this.#current, ids: this.ids };
  }

  [inspect.custom](): string {
    return `SealingKeys { current: ${this.#current}, ids: [${this.ids.join(', ')}] }`;
  }

  #key(kid: string): Uint8Array {
    const key = this.#keys.get(kid);
    if (key === undefined) throw new Error(`No sealing key ${kid}.`);
    return key;
  }
}

/** The version and key id are authenticated with the context, so none can be swapped. */
function associatedData(kid: string, context: string): Buffer {
  // An empty context would bind the value to nothing, which is what it is there to prevent.
  if (context === '')
    throw new TypeError('A sealed value needs a context (e.g. oura-token:<userId>).');
  return Buffer.from(`oura-connect sealed ${VERSION}\0${kid}\0${context}`, 'utf8');
}

interface ParsedValue {
  kid: string;
  iv: Buffer;
  ciphertext: Buffer;
  tag: Buffer;
}

function parse(sealed: string): ParsedValue {
  const parts = sealed.split('.');
  const [version, kid, iv, ciphertext, tag] = parts;
  if (
    parts.length !== 5 ||
    version !== VERSION ||
    kid === undefined ||
    !KEY_ID.test(kid) ||
    iv === undefined ||
    ciphertext === undefined ||
    tag === undefined
  ) {
    throw malformed(kid !== undefined && KEY_ID.test(kid) ? kid : undefined);
  }
  const decoded = {
    kid,
    iv: strictBase64url(iv),
    ciphertext: strictBase64url(ciphertext),
    tag: strictBase64url(tag),
  };
  if (
    decoded.iv?.length !== IV_BYTES ||
    decoded.tag?.length !== TAG_BYTES ||
    decoded.ciphertext === undefined
  ) {
    throw malformed(kid);
  }
  return decoded as ParsedValue;
}

/**
 * Node's decoder skips characters outside the alphabet and ignores trailing
 * bits; a value whose text differs from the canonical encoding of its bytes
 * was not written by {@link SealingKeys.seal}.
 */
function strictBase64url(text: string): Buffer | undefined {
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? bytes : undefined;
}

function malformed(kid: string | undefined): SealedValueError {
  return new SealedValueError(
    'malformed',
    kid,
    kid === undefined
      ? 'Cannot open a stored secret: it is not a sealed value (v1.<key id>.<iv>.<ciphertext>.<tag>).'
      : `Cannot open a stored secret sealed under key ${kid}: it is not a whole sealed value (v1.<key id>.<iv>.<ciphertext>.<tag>).`,
  );
}
