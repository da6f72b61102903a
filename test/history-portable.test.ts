/**
 * The history read by the SQLite people have, not only by the one this
 * package bundles: Debian 12's sqlite3 shell and Python's sqlite3 module
 * (SQLite 3.40 here, before JSONB existed) open a synced file and read every
 * view, the columns and `json_extract(doc, …)`, with the values better-sqlite3
 * gives; so do they a file the webhook worker wrote. A file written in the former layout (documents as JSONB, schema 2) is
 * migrated on open and then reads the same as a fresh sync.
 */
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OuraClient } from '../src/api/client.js';
import { type Emulator, startEmulator } from '../src/emulator/index.js';
import { openForRead, openForWrite } from '../src/history/database.js';
import { openHistory } from '../src/history/history.js';
import * as layout from '../src/history/layout.js';
import { MIGRATIONS } from '../src/history/migrations.js';
import { getLocal, listLocal } from '../src/history/reader.js';
import * as schema from '../src/history/schema.js';
import { syncHistory } from '../src/history/sync.js';
import { storeDocument } from '../src/history/webhook-documents.js';
import { writeWindow } from '../src/history/writer.js';
import { buildCheckin, fetchCheckinSources } from '../src/mcp/checkin.js';
import { mcpHistory } from '../src/mcp/history.js';
import { DATA_TYPES, ENDPOINTS } from '../src/oura/data-types.js';
import { dumpHistory, queryHistory } from './helpers/history.js';
import { PYTHON3 } from './helpers/python.js';
import { describeOrSkip, peerAvailable } from './helpers/requirements.js';
import { tempDir } from './helpers/temp.js';

const run = promisify(execFile);
const SQLITE3 = process.env.SQLITE3_PATH ?? '/usr/bin/sqlite3';

function versionOf(command: string, args: string[]): string | undefined {
  try {
    return execFileSync(command, args, { encoding: 'utf8' }).trim().split(' ')[0];
  } catch {
    return undefined;
  }
}
const sqliteVersion = existsSync(SQLITE3) ? versionOf(SQLITE3, ['--version']) : undefined;
const pythonSqliteVersion = versionOf(PYTHON3, [
  '-c',
  'import sqlite3; print(sqlite3.sqlite_version)',
]);

type Row = Record<string, unknown>;

/** Rows as the sqlite3 shell prints them in its JSON mode (reals with 17+ digits: exact). */
async function viaShell(path: string, sql: string): Promise<Row[]> {
  const { stdout } = await run(SQLITE3, ['-bail', '-json', path, sql]);
  return stdout.trim() === '' ? [] : (JSON.parse(stdout) as Row[]);
}

const PYTHON_QUERIES = `
import json, sqlite3, sys
con = sqlite3.connect(sys.argv[1])
answers = []
for sql in json.loads(sys.stdin.read()):
    cur = con.execute(sql)
    names = [d[0] for d in cur.description]
    answers.append([dict(zip(names, row)) for row in cur])
print(json.dumps(answers))
`;

/** Every query of this file that Python reads, answered by one Python process per file. */
const pythonAnswers = new Map<string, Promise<Map<string, Row[]>>>();

/** Rows as Python's sqlite3 module reads them (floats printed by repr: exact). */
function viaPython(path: string, sql: string): Promise<Row[]> {
  let answers = pythonAnswers.get(path);
  if (!answers) {
    const sqls = [...QUERIES.map(([, query]) => query), WEBHOOK_QUERY];
    answers = new Promise<string>((resolve, reject) => {
      const child = execFile(PYTHON3, ['-c', PYTHON_QUERIES, path], (error, stdout) =>
        error ? reject(error) : resolve(stdout),
      );
      child.stdin?.end(JSON.stringify(sqls));
    }).then((stdout) => {
      const rows = JSON.parse(stdout) as Row[][];
      return new Map(sqls.map((query, i) => [query, rows[i] ?? []]));
    });
    pythonAnswers.set(path, answers);
  }
  return answers.then((all) => {
    const rows = all.get(sql);
    if (!rows) throw new Error(`not a query of this file: ${sql}`);
    return rows;
  });
}

/** What every reader must agree on: the README's and the issue's queries, and every view. */
const QUERIES: [string, string][] = [
  ['daily sleep scores', 'SELECT day, score FROM daily_sleep ORDER BY day'],
  [
    'heart rate per day',
    'SELECT day, count(*) AS samples, min(bpm) AS low, max(bpm) AS high FROM heartrate GROUP BY day ORDER BY day',
  ],
  ['heart rate samples', 'SELECT * FROM heartrate ORDER BY timestamp, source LIMIT 300'],
  [
    'a field of doc',
    "SELECT day, json_extract(doc, '$.contributors.deep_sleep') AS deep FROM daily_sleep ORDER BY day",
  ],
  [
    'the README join',
    `SELECT s.day, s.average_hrv, r.score AS readiness FROM sleep s JOIN daily_readiness r USING (day)
     WHERE s.type = 'long_sleep' ORDER BY s.day`,
  ],
  ...DATA_TYPES.map((type): [string, string] => [
    `${type}: SELECT * … LIMIT 1`,
    `SELECT * FROM "${type}" ORDER BY id LIMIT 1`,
  ]),
  ...DATA_TYPES.map((type): [string, string] => [
    `${type}: rows`,
    `SELECT count(*) AS n FROM "${type}"`,
  ]),
];

let emulator: Emulator;
/** A history synced by this build: 30 days of every type. */
let synced: string;
/** A history whose documents came by webhook only (see {@link storeByWebhook}). */
let byWebhook: string;

/** Syncs every type from the emulator into `path`, with the clock pinned to the day after its last day. */
async function syncInto(path: string): Promise<void> {
  const db = await openForWrite(path);
  try {
    const client = new OuraClient({
      token: emulator.mintTokens().access_token,
      baseUrl: emulator.url,
    });
    const result = await syncHistory(db, client, {
      types: DATA_TYPES,
      now: () => new Date('2025-06-16T12:00:00'),
    });
    expect(result.complete).toBe(true);
  } finally {
    db.close();
  }
}

/**
 * What the webhook worker writes: a document inserted and then revised, and
 * one inserted (the worker's insert and update statements both).
 */
async function storeByWebhook(path: string): Promise<void> {
  const db = await openForWrite(path);
  try {
    const sleep = (score: number) => ({
      id: 'ds-webhook',
      day: '2025-06-01',
      score,
      contributors: { deep_sleep: score - 10 },
    });
    expect(storeDocument(db, 'daily_sleep', 'ds-webhook', sleep(71))).toBe('inserted');
    expect(storeDocument(db, 'daily_sleep', 'ds-webhook', sleep(74))).toBe('updated');
    const workout = { id: 'w-webhook', day: '2025-06-02', activity: 'cycling', calories: 310.5 };
    expect(storeDocument(db, 'workout', 'w-webhook', workout)).toBe('inserted');
  } finally {
    db.close();
  }
}

/** The webhook's documents as every reader must read them. */
const WEBHOOK_QUERY = `SELECT d.id, d.day, d.score, json_extract(d.doc, '$.contributors.deep_sleep') AS deep,
  w.activity, w.calories FROM daily_sleep d, workout w`;

beforeAll(async () => {
  emulator = await startEmulator({ today: '2025-06-15', historyDays: 30 });
  synced = join(await tempDir('oura-portable-'), 'history.sqlite');
  await syncInto(synced);
  byWebhook = join(await tempDir('oura-portable-webhook-'), 'history.sqlite');
  await storeByWebhook(byWebhook);
});
afterAll(async () => {
  await emulator?.close();
});

it('stores each document as the JSON text Oura sent, and views that need no JSON function', () => {
  const kinds = queryHistory(synced, 'SELECT DISTINCT typeof(doc) AS kind FROM documents');
  expect(kinds).toEqual([{ kind: 'text' }]);
  // The views of documents read plain columns: no JSON function, whatever SQLite reads them.
  const views = queryHistory<{ name: string; sql: string }>(
    synced,
    "SELECT name, sql FROM sqlite_schema WHERE type = 'view' AND name != 'heartrate'",
  );
  expect(views).toHaveLength(DATA_TYPES.length - 1);
  for (const view of views) expect(view.sql, view.name).not.toMatch(/json/i);
  // Every view has rows to compare (the emulator's 30 days hold every type).
  for (const type of DATA_TYPES) {
    const [{ n }] = queryHistory<{ n: number }>(synced, `SELECT count(*) AS n FROM "${type}"`) as [
      { n: number },
    ];
    expect(n, type).toBeGreaterThan(0);
  }
});

/** Typed columns whose value or type is not json_extract's of the same path in doc. */
function typedMismatches(path: string): unknown[] {
  return DATA_TYPES.flatMap((type) =>
    type === 'heartrate'
      ? []
      : schema.TYPED_COLUMNS[type].flatMap((column) => {
          const stored = schema.storedColumn(type, column.name);
          const extracted = `json_extract(doc, '${column.path ?? `$.${column.name}`}')`;
          return queryHistory(
            path,
            `SELECT type, id, '${column.name}' AS name, ${stored} AS stored, ${extracted} AS extracted
             FROM documents WHERE type = ?
             AND NOT (${stored} IS ${extracted} AND typeof(${stored}) = typeof(${extracted}))`,
            type,
          );
        }),
  );
}

it('stores in the typed columns exactly what json_extract reads from doc', () => {
  expect(typedMismatches(synced)).toEqual([]);
});

it('does so for odd values too: reals, huge numbers, -0, booleans, objects, escapes', async () => {
  const path = join(await tempDir('oura-portable-odd-'), 'history.sqlite');
  const db = await openForWrite(path);
  const span = { kind: 'days', start: '2025-03-01', end: '2025-03-09' } as const;
  const state = { start: '2025-03-01', through: '2025-03-09' };
  const window = (type: 'daily_sleep' | 'tag' | 'daily_spo2', docs: unknown[]) =>
    writeWindow(db, { type, span, docs, listedFrom: Date.now() }, state);
  const odd = [
    0.1,
    1e-7,
    -0,
    1e21,
    2 ** 63,
    2 ** 53 + 2,
    -(2 ** 62),
    85.5,
    true,
    false,
    'x"\\\n\u2028é\u0001',
    [1, { a: null }],
    { b: [] },
    null,
  ];
  window(
    'daily_sleep',
    odd.map((value, n) => ({
      id: `ds-${n}`,
      day: `2025-03-0${(n % 9) + 1}`,
      score: value,
      contributors: n % 3 === 0 ? value : { deep_sleep: value, efficiency: [value] },
      timestamp: value,
    })),
  );
  window(
    'tag',
    odd.map((value, n) => ({ id: `t-${n}`, day: '2025-03-01', text: value, tags: [value, 'a'] })),
  );
  window('daily_spo2', [
    { id: 'o-1', day: '2025-03-01', spo2_percentage: { average: 97.349999999999994 } },
    { id: 'o-2', day: '2025-03-02', spo2_percentage: 96 },
    { id: 'o-3', day: '2025-03-03' },
  ]);
  db.close();
  expect(queryHistory(path, 'SELECT count(*) AS n FROM documents')).toEqual([
    { n: odd.length * 2 + 3 },
  ]);
  expect(typedMismatches(path)).toEqual([]);
});

it('stores what a webhook brings as a sync does: JSON text and the typed columns', () => {
  expect(queryHistory(byWebhook, 'SELECT DISTINCT typeof(doc) AS kind FROM documents')).toEqual([
    { kind: 'text' },
  ]);
  expect(typedMismatches(byWebhook)).toEqual([]);
  expect(queryHistory(byWebhook, WEBHOOK_QUERY)).toEqual([
    {
      id: 'ds-webhook',
      day: '2025-06-01',
      score: 74,
      deep: 64,
      activity: 'cycling',
      calories: 310.5,
    },
  ]);
});

const readers: [
  string,
  string | undefined,
  string,
  (path: string, sql: string) => Promise<Row[]>,
][] = [
  ['the sqlite3 shell', sqliteVersion, 'apt-get install -y sqlite3', viaShell],
  ["Python's sqlite3 module", pythonSqliteVersion, 'apt-get install -y python3', viaPython],
];

for (const [name, version, install, read] of readers) {
  const available = peerAvailable(name, version !== undefined, install);
  describeOrSkip(available, `${name} is not installed`, `${name} (SQLite ${version})`, () => {
    for (const [what, sql] of QUERIES) {
      it(`reads ${what} as better-sqlite3 does`, async () => {
        const expected = queryHistory(synced, sql);
        expect(expected.length).toBeGreaterThan(0);
        expect(await read(synced, sql)).toEqual(expected);
      });
    }
    it('reads the documents a webhook stored as better-sqlite3 does', async () => {
      const expected = queryHistory(byWebhook, WEBHOOK_QUERY);
      expect(expected).toHaveLength(1);
      expect(await read(byWebhook, WEBHOOK_QUERY)).toEqual(expected);
    });
  });
}

/**
 * The former layout, built from a synced file: schema 2's tables with each
 * document as JSONB (a few left as text, as files from before JSONB have
 * them), and the views of that time, which read the documents with json().
 */
function writeFormerLayout(from: string, to: string): void {
  const db = new Database(to);
  try {
    db.pragma('journal_mode = WAL');
    for (const migration of MIGRATIONS.slice(0, 2)) {
      if (typeof migration === 'string') db.exec(migration);
      else migration(db);
    }
    const views = db.prepare("SELECT name FROM sqlite_master WHERE type = 'view'").pluck();
    if (!views.all().includes('heartrate')) db.exec(layout.viewSql('heartrate'));
    for (const type of DATA_TYPES) {
      if (type === 'heartrate') continue;
      const typed = schema.TYPED_COLUMNS[type].map(
        (c) => `, json_extract(documents.doc, '${c.path ?? `$.${c.name}`}') AS "${c.name}"`,
      );
      db.exec(`DROP VIEW IF EXISTS "${type}";
        CREATE VIEW "${type}" AS SELECT id, day, json(documents.doc) AS doc${typed.join('')}
        FROM documents WHERE type = '${type}'`);
    }
    db.exec(`ATTACH '${from}' AS synced;
      INSERT INTO documents (type, id, day, ts, ord, hash, doc)
        SELECT type, id, day, ts, ord, hash, CASE WHEN rowid % 10 = 0 THEN doc ELSE jsonb(doc) END
        FROM synced.documents;
      INSERT INTO heartrate_samples SELECT * FROM synced.heartrate_samples;
      INSERT INTO sync_state SELECT * FROM synced.sync_state;
      INSERT INTO meta SELECT * FROM synced.meta WHERE key IN ('first_day', 'synced_at');
      DETACH synced;
      PRAGMA user_version = 2;
      -- Views someone made with another tool, over the table and over a view.
      CREATE VIEW my_types AS SELECT type, count(*) AS n FROM documents GROUP BY type;
      CREATE VIEW my_sleep AS SELECT day, score FROM daily_sleep WHERE score >= 80;`);
    const kinds = db.prepare('SELECT typeof(doc) AS kind, count(*) AS n FROM documents GROUP BY 1');
    expect(Object.fromEntries(kinds.raw().all() as [string, number][])).toMatchObject({
      blob: expect.any(Number),
      text: expect.any(Number),
    });
  } finally {
    db.close();
  }
}

describe('a history in the former layout (documents as JSONB, schema 2)', () => {
  /** Never opened for writing by this build. */
  let former: string;
  let migrated: string;
  beforeAll(async () => {
    former = join(await tempDir('oura-portable-old-'), 'history.sqlite');
    migrated = join(await tempDir('oura-portable-old-'), 'history.sqlite');
    writeFormerLayout(synced, former);
    writeFormerLayout(synced, migrated);
    (await openForWrite(migrated)).close();
  });

  it('is read by this build before a sync converts it (get --local, the check-in)', async () => {
    const range = { start: '2025-05-20', end: '2025-06-15' };
    const read = async (path: string) => {
      const db = await openForRead(path);
      try {
        return {
          sleep: [...listLocal(db, ENDPOINTS.daily_sleep, range)],
          fields: [...listLocal(db, ENDPOINTS.sleep, range, { fields: ['score', 'type'] })],
          one: getLocal(
            db,
            'workout',
            String(queryHistory(synced, 'SELECT id FROM workout')[0]?.id),
          ),
        };
      } finally {
        db.close();
      }
    };
    const expected = await read(synced);
    expect(expected.one).toBeDefined();
    expect(await read(former)).toEqual(expected);
    const checkin = async (path: string) => {
      const local = await mcpHistory(openHistory(path), () =>
        Promise.reject(new Error('no sync')),
      ).localFor(
        ['daily_sleep', 'sleep', 'daily_readiness', 'daily_activity'],
        range,
        new Date('2025-06-16T12:30:00'),
      );
      if (!local) throw new Error(`the history at ${path} does not answer`);
      const { sources, failures } = await fetchCheckinSources(local.client, range);
      expect(failures).toEqual([]);
      return buildCheckin(range, sources, range.end);
    };
    expect(await checkin(former)).toEqual(await checkin(synced));
    expect(queryHistory(former, 'PRAGMA user_version')).toEqual([{ user_version: 2 }]);
  });

  it('is migrated on open: the same documents, as text, each matching its hash', () => {
    expect(dumpHistory(migrated)).toEqual(dumpHistory(synced));
    const rows = queryHistory<{ doc: unknown; hash: string }>(
      migrated,
      'SELECT doc, hash FROM documents',
    );
    for (const { doc, hash } of rows) {
      expect(typeof doc).toBe('string');
      expect(createHash('sha256').update(String(doc)).digest('base64url')).toBe(hash);
    }
    expect(queryHistory(migrated, 'PRAGMA user_version')).toEqual(
      queryHistory(synced, 'PRAGMA user_version'),
    );
  });

  it('has the views of a fresh sync, row for row', () => {
    for (const type of DATA_TYPES) {
      const sql = `SELECT * FROM "${type}" ORDER BY id`;
      expect(queryHistory(migrated, sql), type).toEqual(queryHistory(synced, sql));
    }
  });

  it('keeps the views someone made in the file, reading the migrated tables', () => {
    expect(queryHistory(migrated, 'SELECT * FROM my_types ORDER BY type')).toEqual(
      queryHistory(synced, 'SELECT type, count(*) AS n FROM documents GROUP BY type ORDER BY type'),
    );
    expect(queryHistory(migrated, 'SELECT * FROM my_sleep ORDER BY day')).toEqual(
      queryHistory(synced, 'SELECT day, score FROM daily_sleep WHERE score >= 80 ORDER BY day'),
    );
  });

  describeOrSkip(
    sqliteVersion !== undefined,
    'the sqlite3 shell is not installed',
    `then the sqlite3 shell (SQLite ${sqliteVersion}) reads it`,
    () => {
      for (const [what, sql] of QUERIES) {
        it(`reads ${what}`, async () => {
          expect(await viaShell(migrated, sql)).toEqual(queryHistory(synced, sql));
        });
      }
    },
  );
});
