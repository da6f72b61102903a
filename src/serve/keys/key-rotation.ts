/**
 * `oura serve rotate-key` and the retirement that follows it. Rotation adds a
 * new current key to the key file and keeps the old ones, so every stored
 * value still opens; the store then re-seals each value whose
 * `needsResealing` is true, and only then may the old keys be retired.
 * A running server keeps the keys it loaded (old values open, new ones are
 * sealed under the old key) until it loads them again.
 */
import { writeFileAtomic } from '../../files/atomic-file.js';
import { withLock } from '../../store/lock.js';
import { SERVE_KEY_VARIABLE } from './env-key.js';
import { ServeKeyError } from './key-errors.js';
import { readKeyFile, type SealingKeysOptions, serveKeyFilePath } from './key-file.js';
import { formatKeyFile, type KeyFileContent, type StoredSealingKey } from './key-file-format.js';
import { MAKE_A_KEY } from './key-text.js';
import { generateSealingKey } from './sealing-keys.js';

/**
 * Adds a new key to the key file and makes it current; returns its id. The
 * old keys stay. Throws a {@link ServeKeyError} when the keys come from
 * `OURA_SERVE_KEY` (whoever sets it rotates them) or there is no key file.
 */
export async function rotateKey(options: SealingKeysOptions = {}): Promise<string> {
  const now = options.now ?? (() => new Date());
  return changeKeyFile(options, 'rotate', (content) => {
    let key = generateSealingKey();
    // 48-bit ids: a repeat is all but impossible, and would be two keys under one name.
    while (content.keys.some((known) => known.id === key.id)) key = generateSealingKey();
    const added: StoredSealingKey = { ...key, created: now().toISOString() };
    return { content: { current: key.id, keys: [added, ...content.keys] }, result: key.id };
  });
}

/**
 * Removes every key but the current one from the key file; returns the ids
 * removed. Values still sealed under them can never be opened again: call it
 * only once the store has re-sealed every value and no running server still
 * seals under an older key.
 */
export async function retireOldKeys(options: SealingKeysOptions = {}): Promise<string[]> {
  return changeKeyFile(options, 'retire keys in', (content) => ({
    content: {
      current: content.current,
      keys: content.keys.filter((key) => key.id === content.current),
    },
    result: content.keys.filter((key) => key.id !== content.current).map((key) => key.id),
  }));
}

/**
 * Reads, changes and replaces the key file under a cross-process lock, so
 * two rotations at once both land (neither writes over the other's key).
 * The replacement is atomic: a server starting meanwhile reads the old file
 * or the new one.
 */
async function changeKeyFile<T>(
  options: SealingKeysOptions,
  verb: string,
  change: (content: KeyFileContent) => { content: KeyFileContent; result: T },
): Promise<T> {
  const env = options.env ?? process.env;
  if (env[SERVE_KEY_VARIABLE] !== undefined) {
    throw new ServeKeyError(
      `Cannot ${verb} the key file: the keys come from ${SERVE_KEY_VARIABLE}, which only whoever sets it can change.`,
      {
        hint: `Put a new key first and keep the old one after it (${SERVE_KEY_VARIABLE}=NEW,OLD), restart, and drop OLD once every value is re-sealed. ${MAKE_A_KEY}`,
      },
    );
  }
  const path = serveKeyFilePath(options);
  return withLock(`${path}.lock`, async () => {
    const content = await readKeyFile(path);
    if (content === undefined) {
      throw new ServeKeyError(`Cannot ${verb} the key file: there is none at ${path}.`, {
        hint: 'Start `oura serve` once to create it, or point OURA_SERVE_KEY_FILE (or OURA_DATA_DIR) at the one the service uses.',
      });
    }
    const changed = change(content);
    await writeFileAtomic(path, formatKeyFile(changed.content), { what: 'the serve key file' });
    return changed.result;
  });
}
