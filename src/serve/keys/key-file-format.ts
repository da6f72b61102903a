/**
 * The text of the serve key file: JSON naming the current key and holding
 * every key not yet retired, so values sealed before a rotation still open.
 *
 * ```json
 * { "format": "oura-connect serve keys", "version": 1, "current": "<id>",
 *   "keys": [{ "id": "<id>", "key": "<32 bytes, base64url>", "created": "<ISO 8601>" }] }
 * ```
 *
 * Each id is the key's own ({@link sealingKeyId}); one that does not match
 * its key means a hand-edited or damaged key, refused here rather than found
 * later as every value failing to open.
 */
import { decodeSealingKey, encodeSealingKey } from './key-text.js';
import { type SealingKey, SealingKeys, sealingKeyId } from './sealing-keys.js';

const FORMAT = 'oura-connect serve keys';
const VERSION = 1;

/** One key of the file. */
export interface StoredSealingKey extends SealingKey {
  /** When it was added (ISO 8601), for the person deciding what to retire. */
  readonly created: string;
}

/** The file's content. */
export interface KeyFileContent {
  readonly current: string;
  /** The current key among them. */
  readonly keys: readonly StoredSealingKey[];
}

/** The file's text for `content`. */
export function formatKeyFile(content: KeyFileContent): string {
  const keys = content.keys.map(({ id, key, created }) => ({
    id,
    key: encodeSealingKey(key),
    created,
  }));
  return `${JSON.stringify({ format: FORMAT, version: VERSION, current: content.current, keys }, null, 2)}\n`;
}

/**
 * The content of a key file's text, or a sentence (to follow "<path> ")
 * saying what is wrong with it; never a key.
 */
export function parseKeyFile(text: string): KeyFileContent | string {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return text.trim() === '' ? 'is empty.' : 'is not JSON.';
  }
  if (!isRecord(data) || data.format !== FORMAT) return `is not an ${FORMAT} file.`;
  if (data.version !== VERSION) {
    return `is version ${String(data.version)} of the key file; this oura reads version ${VERSION}.`;
  }
  if (!Array.isArray(data.keys) || data.keys.length === 0) return 'holds no keys.';
  const keys: StoredSealingKey[] = [];
  for (const [index, entry] of data.keys.entries()) {
    const where = `key ${index + 1}`;
    if (!isRecord(entry) || typeof entry.id !== 'string' || typeof entry.key !== 'string') {
      return `has a ${where} without an id and a key.`;
    }
    const key = decodeSealingKey(entry.key);
    if (typeof key === 'string') return `has a ${where} (${entry.id}) that ${key}`;
    if (sealingKeyId(key) !== entry.id) {
      return `has a ${where} whose key does not match its id ${entry.id}: it was altered.`;
    }
    if (keys.some((known) => known.id === entry.id)) return `holds key ${entry.id} twice.`;
    keys.push({
      id: entry.id,
      key,
      created: typeof entry.created === 'string' ? entry.created : '',
    });
  }
  if (typeof data.current !== 'string' || !keys.some((key) => key.id === data.current)) {
    return 'does not name one of its keys as current.';
  }
  return { current: data.current, keys };
}

/** The keys of a file, ready to seal and open. */
export function sealingKeysOf(content: KeyFileContent): SealingKeys {
  const current = content.keys.find((key) => key.id === content.current);
  // parseKeyFile and the writers only make content whose current key is among its keys.
  if (current === undefined) throw new Error(`The key file names no key ${content.current}.`);
  return new SealingKeys(
    current,
    content.keys.filter((key) => key !== current),
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
