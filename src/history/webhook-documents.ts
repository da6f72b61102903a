/**
 * Writing one document that a webhook announced into the history: the same
 * check and the same rows as `oura sync` (documents table, content hash, the
 * document's JSON text and its typed columns), so a later sync sees no change
 * where the webhook already brought it, and a document a sync would refuse is
 * refused here too. Each write that changes something records when, for
 * `oura_status`.
 */

import { now as clockNow } from '../clock.js';
import type { DataType } from '../oura/data-types.js';
import type { Db } from './database.js';
import { checkDocument, DocumentRefusedError } from './document-check.js';
import { CHANGED_AT_KEY } from './reader.js';
import { documentWrites, hashOf } from './writer.js';

export type Applied = 'inserted' | 'updated' | 'unchanged' | 'deleted' | 'absent';

function touch(db: Db, now: Date): void {
  db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run(
    CHANGED_AT_KEY,
    now.toISOString(),
  );
}

/**
 * Inserts or updates the document fetched for `objectId`, in one
 * transaction, once it passes the check a sync applies too; throws
 * {@link DocumentRefusedError} (and writes nothing) if it does not.
 */
export function storeDocument(
  db: Db,
  type: DataType,
  objectId: string,
  doc: unknown,
  now = clockNow(),
): Applied {
  // Oura sends no heart-rate webhooks (samples have no id to fetch).
  if (type === 'heartrate') throw new Error('heart rate is not stored as documents');
  const checked = checkDocument(type, doc, objectId);
  if (!checked.ok) throw new DocumentRefusedError(type, checked);
  const { id, day } = checked;
  const text = JSON.stringify(doc);
  const hash = hashOf(text);
  const { insert, update } = documentWrites(db, type, { keepOrd: true });
  return db
    .transaction((): Applied => {
      const before = db
        .prepare('SELECT hash FROM documents WHERE type = ? AND id = ?')
        .get(type, id) as { hash: string } | undefined;
      if (before?.hash === hash) return 'unchanged';
      const row = { type, id, day, hash, doc, text };
      if (before) {
        update(row);
      } else {
        // Last of its day: Oura lists a day's documents in the order they were made.
        const { ord } = db
          .prepare(
            'SELECT coalesce(max(ord) + 1, 0) AS ord FROM documents WHERE type = ? AND day IS ?',
          )
          .get(type, day) as { ord: number };
        insert({ ...row, ts: null, ord });
      }
      touch(db, now);
      return before ? 'updated' : 'inserted';
    })
    .immediate();
}

/** Deletes a document by its id ('absent' when the history never had it). */
export function removeDocument(db: Db, type: DataType, id: string, now = clockNow()): Applied {
  return db
    .transaction((): Applied => {
      const gone = db.prepare('DELETE FROM documents WHERE type = ? AND id = ?').run(type, id);
      if (gone.changes === 0) return 'absent';
      touch(db, now);
      return 'deleted';
    })
    .immediate();
}
