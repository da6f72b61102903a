/**
 * The one check a document passes before the history stores it, and both
 * ways in applying it alike on a real history file: a sync's window
 * (writeWindow) and a webhook's single document (storeDocument) refuse the
 * same documents for the same reason and keep what the history held.
 */
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { openForWrite } from '../src/history/database.js';
import { checkDocument, DocumentRefusedError } from '../src/history/document-check.js';
import { storeDocument } from '../src/history/webhook-documents.js';
import { writeWindow } from '../src/history/writer.js';
import { tempDir } from './helpers/temp.js';

const UUID = '8f9a5221-639e-4a85-81cb-4065ef23f979';

it('accepts Oura-shaped documents and names what is wrong with the others', () => {
  expect(checkDocument('workout', { id: UUID, day: '2025-03-01' })).toEqual({
    ok: true,
    id: UUID,
    day: '2025-03-01',
  });
  expect(checkDocument('enhanced_tag', { id: 'a', start_day: '2025-03-01' })).toMatchObject({
    ok: true,
    day: '2025-03-01',
  });
  expect(checkDocument('ring_configuration', { id: UUID })).toMatchObject({ ok: true, day: null });
  const at = '2025-03-01T23:55:00+01:00';
  expect(checkDocument('ring_battery_level', { timestamp: at, level: 80 })).toEqual({
    ok: true,
    id: at,
    day: null,
  });

  const refused = (type: Parameters<typeof checkDocument>[0], doc: unknown, id?: string) => {
    const checked = checkDocument(type, doc, id);
    if (checked.ok) throw new Error(`accepted ${JSON.stringify(doc)}`);
    return checked;
  };
  expect(refused('workout', null).reason).toBe('it is not a JSON object');
  expect(refused('workout', [{ id: UUID }]).reason).toBe('it is not a JSON object');
  for (const id of [undefined, 42, '', '..', '../x', 'a b', 'a<b>', 'x'.repeat(201)]) {
    expect(refused('workout', { id, day: '2025-03-01' })).toMatchObject({
      id: undefined,
      reason: expect.stringMatching(/^its id .* is not a document id/),
    });
  }
  for (const day of [
    undefined,
    null,
    '2025-3-1',
    '2025-02-30',
    '2025-03-01T00:00:00',
    '2025-03-0<',
  ]) {
    expect(refused('daily_sleep', { id: UUID, day })).toMatchObject({
      id: UUID,
      reason: expect.stringMatching(/^its day .* is not a day \(YYYY-MM-DD\)$/),
    });
  }
  expect(refused('tag', { id: UUID, day: '2025-03-01' }, 'other').reason).toBe(
    `it answers with the id "${UUID}"`,
  );
  expect(refused('ring_battery_level', { timestamp: '2025-03-01 23:55', level: 1 }).reason).toMatch(
    /^its timestamp "2025-03-01 23:55" is not an ISO 8601 date-time/,
  );
  // What a log line shows of a value is JSON, short: no newline or escape sequence reaches a terminal.
  expect(refused('workout', { id: UUID, day: `\u001b[2J\n${'x'.repeat(100)}` }).reason).toBe(
    `its day "\\u001b[2J\\n${'x'.repeat(45)}… is not a day (YYYY-MM-DD)`,
  );
});

it('a sync window and a webhook refuse the same document alike and keep the stored one', async () => {
  const db = await openForWrite(join(await tempDir('oura-check-'), 'history.sqlite'));
  try {
    const span = { kind: 'days', start: '2025-03-01', end: '2025-03-02' } as const;
    const state = { start: '2025-03-01', through: '2025-03-02' };
    const good = { id: 'w1', day: '2025-03-01', activity: 'walking' };
    const bad = { id: 'w1', day: '2025-03-01<b>', activity: 'running' };
    writeWindow(db, { type: 'workout', span, docs: [good], listedFrom: 0 }, state);
    const stored = () => db.prepare('SELECT id, day, json(doc) AS doc FROM documents').all();
    const before = stored();

    const counts = writeWindow(
      db,
      { type: 'workout', span, docs: [bad, { id: 'bad id', day: '2025-03-02' }], listedFrom: 0 },
      state,
    );
    expect(counts).toEqual({
      inserted: 0,
      updated: 0,
      deleted: 0,
      refused: [
        { ok: false, id: 'w1', reason: 'its day "2025-03-01<b>" is not a day (YYYY-MM-DD)' },
        {
          ok: false,
          id: undefined,
          reason: expect.stringMatching(/^its id "bad id" is not a document id/),
        },
      ],
    });
    expect(stored()).toEqual(before);

    expect(() => storeDocument(db, 'workout', 'w1', bad)).toThrow(DocumentRefusedError);
    expect(() => storeDocument(db, 'workout', 'w1', bad)).toThrow(
      'refused workout w1: its day "2025-03-01<b>" is not a day (YYYY-MM-DD)',
    );
    expect(stored()).toEqual(before);
  } finally {
    db.close();
  }
});
