/**
 * `OURA_SERVE_KEY`: the sealing keys given by the environment instead of the
 * key file (the CLI contract, `oura serve`): one key, or several separated by
 * commas with the current one first. The list is how keys given this way
 * rotate without downtime: give every server `NEW,OLD`, let the store
 * re-seal, then drop `OLD`. A server may first get `OLD,NEW` (knowing the new
 * key before any server seals with it) when several share one database.
 */
import { ServeKeyError } from './key-errors.js';
import { decodeSealingKey, MAKE_A_KEY } from './key-text.js';
import { type SealingKey, SealingKeys, sealingKeyId } from './sealing-keys.js';

/** The variable holding the keys. */
export const SERVE_KEY_VARIABLE = 'OURA_SERVE_KEY';

/**
 * The keys in `value` (the variable's text), or a {@link ServeKeyError}
 * saying which entry is wrong and how, without any of the text itself.
 */
export function sealingKeysFromEnv(value: string): SealingKeys {
  const entries = value.trim().split(',');
  const keys: SealingKey[] = [];
  entries.forEach((entry, index) => {
    const decoded = decodeSealingKey(entry.trim());
    const where =
      entries.length === 1
        ? SERVE_KEY_VARIABLE
        : `${SERVE_KEY_VARIABLE} (key ${index + 1} of ${entries.length})`;
    if (typeof decoded === 'string') {
      throw new ServeKeyError(`${where} ${decoded}`, {
        hint: `Set ${SERVE_KEY_VARIABLE} to one key, or several separated by commas with the current one first. ${MAKE_A_KEY}`,
      });
    }
    const id = sealingKeyId(decoded);
    if (keys.some((key) => key.id === id)) {
      throw new ServeKeyError(`${where} repeats key ${id}.`, {
        hint: `Give each key once in ${SERVE_KEY_VARIABLE}.`,
      });
    }
    keys.push({ id, key: decoded });
  });
  const [current, ...older] = keys;
  // split() always yields one entry, which either decoded or threw.
  if (current === undefined) throw new ServeKeyError(`${SERVE_KEY_VARIABLE} is empty.`);
  return new SealingKeys(current, older);
}
