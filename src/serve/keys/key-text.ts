/**
 * A sealing key as text: 32 bytes in base64 or base64url (RFC 4648 §4, §5),
 * padded or not, as `openssl rand -base64 32` prints one. What is wrong with
 * a key is said by its length and alphabet, never by echoing it.
 * https://www.rfc-editor.org/rfc/rfc4648
 */
import { SEALING_KEY_BYTES } from './sealing-keys.js';

const BASE64_TEXT = /^[A-Za-z0-9+/_-]+={0,2}$/;

/** How to make a key, said wherever one is refused. */
export const MAKE_A_KEY = 'Make one with `openssl rand -base64 32`.';

/**
 * The 32 bytes of `text`, or a sentence (to follow "<where> ") saying why it
 * is not a key: a different length or characters outside base64.
 */
export function decodeSealingKey(text: string): Uint8Array | string {
  if (text === '') return 'is empty.';
  if (!BASE64_TEXT.test(text)) {
    return `is not base64 or base64url: it holds characters outside A-Z a-z 0-9 + / - _ =.`;
  }
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length !== SEALING_KEY_BYTES) {
    return `decodes to ${bytes.length} bytes; an AES-256 key is ${SEALING_KEY_BYTES} bytes (44 characters of base64).`;
  }
  return bytes;
}

/** The key as the key file stores it. */
export function encodeSealingKey(key: Uint8Array): string {
  return Buffer.from(key).toString('base64url');
}
