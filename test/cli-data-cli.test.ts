/**
 * `oura get`, `oura types` and `oura api` as real processes against the
 * emulator (OURA_API_URL + a minted OURA_ACCESS_TOKEN). Usage errors must exit
 * 2 before any request or credential lookup; the token never reaches output.
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, localDay } from '../src/calendar/days.js';
import { type Emulator, startEmulator } from '../src/emulator/index.js';
import {
  cleanEnv,
  expectNoSecrets,
  OURA_BIN,
  runCli,
  startCli,
  tempConfigDir,
} from './helpers/cli.js';
import { parseCsv } from './helpers/csv.js';
import { present } from './helpers/fixture.js';
import { heartRateInstants, heartRateSamples } from './helpers/heart-rate.js';
import { trackChild } from './helpers/processes.js';

let emulator: Emulator;
let token: string;
let configDir: string;
const today = localDay();

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, edgeQuirks: true });
  token = emulator.mintTokens().access_token;
  configDir = await tempConfigDir();
});
afterAll(async () => {
  await emulator?.close();
});

function env(extra: Record<string, string | undefined> = {}) {
  return cleanEnv({
    OURA_ACCESS_TOKEN: token,
    OURA_API_URL: emulator.url,
    OURA_CONFIG_DIR: configDir,
    ...extra,
  });
}

async function oura(args: string[], extra: Record<string, string | undefined> = {}) {
  const result = await runCli(args, { env: env(extra) });
  expectNoSecrets(result, [token, extra.OURA_ACCESS_TOKEN]);
  return result;
}

describe('usage errors: exit 2, no request, no credential lookup', () => {
  const cases: [string, string[], RegExp][] = [
    ['unknown type', ['get', 'sleepz_all'], /unknown data type "sleepz_all".*daily_activity/],
    ['near-miss type', ['get', 'vo2_max'], /did you mean "vO2_max"/],
    [
      'bad date',
      ['get', 'daily_sleep', '--start', '2024-02-30'],
      /--start "2024-02-30" is not a date/,
    ],
    [
      'reversed dates',
      ['get', 'daily_sleep', '--start', '2024-03-02', '--end', '2024-03-01'],
      /before --start/,
    ],
    [
      'datetime on a type listed by days',
      ['get', 'daily_sleep', '--start', '2026-11-24T10:00'],
      /--start "2026-11-24T10:00" is a datetime; only heartrate and ring_battery_level take datetimes/,
    ],
    [
      'datetimes out of order',
      ['get', 'heartrate', '--start', '2026-11-24T12:00', '--end', '2026-11-24T10:00'],
      /--end 2026-11-24T10:00 is not after --start 2026-11-24T12:00/,
    ],
    ['--id without document route', ['get', 'heartrate', '--id', 'x'], /no single-document route/],
    ['--latest unsupported', ['get', 'daily_sleep', '--latest'], /does not support --latest/],
    [
      '--latest on sandbox',
      ['get', 'heartrate', '--latest', '--sandbox'],
      /not available on the sandbox/,
    ],
    ['bad format', ['get', 'daily_sleep', '--format', 'xml'], /unknown format "xml"/],
    [
      'dates on undated type',
      ['get', 'ring_configuration', '--start', 'today'],
      /not organised by day/,
    ],
    ['personal_info sandbox', ['get', 'personal_info', '--sandbox'], /no sandbox route/],
    ['bad api path', ['api', 'v2/usercollection/tag'], /must start with "\/"/],
    ['bad -f', ['api', '/v2/usercollection/tag', '-f', 'novalue'], /KEY=VALUE/],
  ];
  for (const [name, args, message] of cases) {
    it(name, async () => {
      const before = emulator.stats.apiRequests;
      // No token and an empty config dir: reaching the credential lookup would exit 4, not 2.
      const result = await oura(args, { OURA_ACCESS_TOKEN: undefined });
      expect(result.stderr).toMatch(message);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(emulator.stats.apiRequests).toBe(before);
    });
  }
});

describe('oura get', () => {
  it('json: every document of the asked days once, despite edge quirks', async () => {
    const start = addDays(today, -20);
    const result = await oura(['get', 'daily_sleep', '--start', start, '--end', today]);
    expect(result.code, result.stderr).toBe(0);
    const docs = JSON.parse(result.stdout) as { id: string; day: string }[];
    const days = docs.map((d) => d.day);
    expect(days[0]).toBe(start);
    expect(days.at(-1)).toBe(today);
    expect(new Set(days).size).toBe(21);
    expect(new Set(docs.map((d) => d.id)).size).toBe(docs.length);
  });

  it('defaults to the 7 days ending today, json when stdout is not a terminal', async () => {
    const result = await oura(['get', 'daily_readiness']);
    expect(result.code, result.stderr).toBe(0);
    const days = (JSON.parse(result.stdout) as { day: string }[]).map((d) => d.day);
    expect(days).toEqual(Array.from({ length: 7 }, (_, i) => addDays(today, i - 6)));
    const single = await oura(['get', 'sleep', '--start', 'yesterday', '--end', 'yesterday']);
    expect(single.code, single.stderr).toBe(0);
    expect(
      (JSON.parse(single.stdout) as { day: string }[]).every((d) => d.day === addDays(today, -1)),
    ).toBe(true);
  });

  it('ndjson heart rate over four months: each sample of those days exactly once, in order', async () => {
    const start = addDays(today, -121);
    const end = addDays(today, -1);
    const result = await oura([
      'get',
      'heartrate',
      '--start',
      start,
      '--end',
      end,
      '--format',
      'ndjson',
    ]);
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    const samples = lines.map((l) => JSON.parse(l) as { timestamp: string; source: string });
    const keys = samples.map((s) => `${Date.parse(s.timestamp)}|${s.source}`);
    expect(new Set(keys).size).toBe(samples.length);
    const times = samples.map((s) => Date.parse(s.timestamp));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    const from = new Date(`${start}T00:00:00`).getTime();
    const to = new Date(`${addDays(end, 1)}T00:00:00`).getTime();
    expect(times.every((t) => t >= from && t < to)).toBe(true);
    // Every 5-minute slot of the asked local days, and the 5-second samples of workouts.
    expect(times.filter((t) => t % 300_000 === 0)).toHaveLength((to - from) / 300_000);
    expect(samples.length).toBe(await heartRateSamples(emulator, start, end));
  });

  it('series types take datetimes: --start/--end narrow the samples to those instants', async () => {
    const day = addDays(today, -1);
    const result = await oura([
      'get',
      'heartrate',
      '--start',
      `${day}T10:00`,
      '--end',
      `${day}T12:00`,
      '--format',
      'ndjson',
    ]);
    expect(result.code, result.stderr).toBe(0);
    const times = result.stdout
      .trimEnd()
      .split('\n')
      .map((line) => Date.parse((JSON.parse(line) as { timestamp: string }).timestamp));
    // Local time, as written without an offset; the end is exclusive: two hours of 5-minute
    // samples, and the 5-second ones of a workout in them (a Monday's yesterday has a 10:00 run).
    const from = new Date(`${day}T10:00:00`).getTime();
    const to = new Date(`${day}T12:00:00`).getTime();
    expect(times.every((t) => t >= from && t < to)).toBe(true);
    expect(times.filter((t) => t % 300_000 === 0)).toHaveLength(24);
    expect(times).toHaveLength(await heartRateInstants(emulator, from, to));

    const offset = await oura(['get', 'ring_battery_level', '--start', `${day}T00:00:00Z`]);
    expect(offset.code, offset.stderr).toBe(0);
    const levels = JSON.parse(offset.stdout) as { timestamp: string }[];
    expect(levels.length).toBeGreaterThan(0);
    expect(levels.every((l) => Date.parse(l.timestamp) >= Date.parse(`${day}T00:00:00Z`))).toBe(
      true,
    );
  });

  it('ndjson streams: the first lines arrive while requests are still being made', async () => {
    emulator.setFaults({ latencyMs: 40 });
    try {
      const child = trackChild(
        spawn(
          process.execPath,
          [
            OURA_BIN,
            'get',
            'heartrate',
            '--start',
            addDays(today, -365),
            '--end',
            today,
            '--format',
            'ndjson',
          ],
          { env: env(), stdio: ['ignore', 'pipe', 'pipe'] },
        ),
      );
      const before = emulator.stats.apiRequests;
      let atFirstOutput: number | undefined;
      let lines = 0;
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => {
        atFirstOutput ??= emulator.stats.apiRequests - before;
        for (const byte of chunk) if (byte === 10) lines++;
      });
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect(code, stderr).toBe(0);
      expect(stderr).not.toContain(token);
      const total = emulator.stats.apiRequests - before;
      expect(lines).toBeGreaterThan(360 * 288 * 0.9);
      expect(atFirstOutput).toBeDefined();
      expect(atFirstOutput ?? total).toBeLessThan(total);
    } finally {
      emulator.setFaults({ latencyMs: 0 });
    }
  });

  it('a json stream cut short says on stderr through which day the data is whole, and exits non-zero', async () => {
    // A token of its own, revoked once data flows: the requests still to come are refused.
    const doomed = emulator.mintTokens().access_token;
    emulator.setFaults({ latencyMs: 40 });
    try {
      const start = addDays(today, -365);
      const run = startCli(
        ['get', 'heartrate', '--start', start, '--end', today, '--format', 'json'],
        { env: env({ OURA_ACCESS_TOKEN: doomed }) },
      );
      await run.waitForStdout(/"bpm"/);
      await fetch(`${emulator.legacy.revokeUrl}?access_token=${doomed}`);
      const result = await run.result;
      expectNoSecrets(result, [doomed]);
      expect(result.code).toBe(4);
      expect(() => JSON.parse(result.stdout)).toThrow();
      const said =
        /holds every document through (\d{4}-\d{2}-\d{2}), the last complete day written\. It is not valid JSON .* --start (\d{4}-\d{2}-\d{2})\./.exec(
          result.stderr,
        );
      expect(said, result.stderr).not.toBeNull();
      const [, lastDay = '', resume = ''] = said ?? [];
      expect(resume).toBe(addDays(lastDay, 1));
      // The claim holds: the samples written end on that day, and that day is whole.
      const samples = JSON.parse(`${result.stdout}\n]`) as { timestamp: string }[];
      const days = samples.map((sample) => localDay(new Date(sample.timestamp)));
      expect(days.at(-1)).toBe(lastDay);
      expect(days.filter((day) => day === lastDay)).toHaveLength(
        await heartRateSamples(emulator, lastDay, lastDay),
      );
      expect(lastDay < today).toBe(true);
    } finally {
      emulator.setFaults({ latencyMs: 0 });
    }
  });

  it('a reader that closes the pipe early (| head) ends the command quietly with 0', async () => {
    const child = trackChild(
      spawn(
        process.execPath,
        [OURA_BIN, 'get', 'heartrate', '--start', addDays(today, -365), '--format', 'ndjson'],
        { env: env(), stdio: ['ignore', 'pipe', 'pipe'] },
      ),
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('csv: flattened header, one row per document, every cell as the JSON has it', async () => {
    // sleep: nested objects (flattened with dots) and arrays (kept as JSON, full of commas and quotes).
    // A day lists its night first, so the header has readiness; a nap has none (an empty cell).
    const args = ['get', 'sleep', '--start', addDays(today, -2), '--end', today];
    const result = await oura([...args, '--format', 'csv']);
    expect(result.code, result.stderr).toBe(0);
    const [header = [], ...rows] = parseCsv(result.stdout);
    const docs = JSON.parse((await oura(args)).stdout) as Record<string, unknown>[];
    expect(rows).toHaveLength(docs.length);
    expect(header).toContain('day');
    expect(header).toContain('readiness.contributors.hrv_balance');
    expect(header).toContain('heart_rate.items');
    rows.forEach((row, i) => {
      expect(row).toHaveLength(header.length);
      const cell = (name: string) => row[header.indexOf(name)];
      const doc = docs[i] as {
        id: string;
        day: string;
        readiness: { contributors: { hrv_balance: number | null } } | null;
        heart_rate: { items: unknown[] };
      };
      expect(cell('id')).toBe(doc.id);
      expect(cell('day')).toBe(doc.day);
      expect(cell('readiness.contributors.hrv_balance')).toBe(
        String(doc.readiness?.contributors.hrv_balance ?? ''),
      );
      expect(JSON.parse(cell('heart_rate.items') ?? '')).toEqual(doc.heart_rate.items);
    });

    // tag: string arrays, whose JSON text has quotes to double.
    const tagArgs = ['get', 'tag', '--start', addDays(today, -60), '--end', today];
    const tagCsv = parseCsv((await oura([...tagArgs, '--format', 'csv'])).stdout);
    const tags = JSON.parse((await oura(tagArgs)).stdout) as {
      text: string | null;
      tags: string[];
    }[];
    expect(tags.length).toBeGreaterThan(0);
    const [tagHeader = [], ...tagRows] = tagCsv;
    expect(tagRows.map((row) => JSON.parse(row[tagHeader.indexOf('tags')] ?? ''))).toEqual(
      tags.map((tag) => tag.tags),
    );
    // null is an empty cell.
    expect(tagRows.map((row) => row[tagHeader.indexOf('text')])).toEqual(
      tags.map((t) => t.text ?? ''),
    );
  });

  it('table: the columns a person wants, durations as 7h 32m', async () => {
    const result = await oura(['get', 'sleep', '--start', addDays(today, -3), '--format', 'table']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.split('\n')[0]).toMatch(/^day\s+type\s+bed\s+up\s+asleep/);
    expect(result.stdout).toMatch(/\b\d+h \d{2}m\b/);
    const hr = await oura([
      'get',
      'heartrate',
      '--start',
      'yesterday',
      '--end',
      'yesterday',
      '--format',
      'table',
    ]);
    expect(hr.code, hr.stderr).toBe(0);
    expect(hr.stdout.split('\n')[0]).toMatch(/^hour\s+samples\s+min\s+avg\s+max/);
    expect(hr.stdout.trimEnd().split('\n').length).toBeGreaterThanOrEqual(2 + 23);
  });

  it('daily_sleep table: the contributor columns are labelled as scores, not durations', async () => {
    const args = ['get', 'daily_sleep', '--start', 'yesterday', '--end', 'yesterday'];
    const table = await oura([...args, '--format', 'table']);
    expect(table.code, table.stderr).toBe(0);
    const [header = '', , row = ''] = table.stdout.split('\n');
    expect(header).toMatch(/^day\s+score\s+total sleep score\s+efficiency score\s/);
    expect(header).not.toMatch(/total sleep(?! score)/);
    // --fields naming the day too: the day column once.
    const trimmed = await oura([...args, '--fields', 'day,score', '--format', 'table']);
    expect(trimmed.stdout.split('\n')[0]?.trim().split(/\s+/)).toEqual(['day', 'score']);
    const [first] = JSON.parse((await oura(args)).stdout) as {
      score: number;
      contributors: { total_sleep: number };
    }[];
    const doc = present(first, "yesterday's daily_sleep (one a day)");
    expect(row.split(/\s+/).slice(1, 3)).toEqual([
      String(doc.score),
      String(doc.contributors.total_sleep),
    ]);
  });

  it('personal_info and --id print one object; --fields trims', async () => {
    const info = await oura(['get', 'personal_info']);
    expect(info.code, info.stderr).toBe(0);
    expect(JSON.parse(info.stdout)).toMatchObject({ id: expect.any(String) });

    const list = JSON.parse(
      (await oura(['get', 'workout', '--start', addDays(today, -30)])).stdout,
    ) as { id: string }[];
    expect(list.length).toBeGreaterThan(0);
    const one = await oura([
      'get',
      'workout',
      '--id',
      present(list[0]?.id, 'a workout in the last 30 days'),
    ]);
    expect(one.code, one.stderr).toBe(0);
    expect(JSON.parse(one.stdout)).toMatchObject({ id: list[0]?.id });

    const missing = await oura(['get', 'workout', '--id', 'no-such-document']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/not found/);

    const trimmed = await oura([
      'get',
      'daily_activity',
      '--fields',
      'steps',
      '--start',
      'yesterday',
    ]);
    expect(trimmed.code, trimmed.stderr).toBe(0);
    const docs = JSON.parse(trimmed.stdout) as Record<string, unknown>[];
    expect(docs.length).toBe(2);
    expect(docs.every((d) => 'steps' in d && !('met' in d))).toBe(true);
  });

  it('--latest prints the most recent sample; --sandbox prints the sandbox, not the account', async () => {
    const samples = (result: { stdout: string }) =>
      result.stdout
        .trimEnd()
        .split('\n')
        .map((line) => Date.parse((JSON.parse(line) as { timestamp: string }).timestamp));
    const todays = samples(
      await oura(['get', 'heartrate', '--start', 'today', '--format', 'ndjson']),
    );
    const latest = await oura(['get', 'heartrate', '--latest', '--format', 'ndjson']);
    expect(latest.code, latest.stderr).toBe(0);
    const newest = samples(latest);
    expect(newest).toHaveLength(1);
    // Newer than every sample of today, by at most the one 5-minute slot that may have begun since.
    const before = Math.max(...todays);
    expect(newest[0]).toBeGreaterThanOrEqual(before);
    expect((newest[0] ?? 0) - before).toBeLessThanOrEqual(300_000);

    const args = ['get', 'daily_sleep', '--start', 'yesterday'];
    const sandbox = await oura([...args, '--sandbox']);
    expect(sandbox.code, sandbox.stderr).toBe(0);
    const sandboxIds = (JSON.parse(sandbox.stdout) as { id: string }[]).map((d) => d.id);
    const ownIds = (JSON.parse((await oura(args)).stdout) as { id: string }[]).map((d) => d.id);
    expect(sandboxIds.length).toBeGreaterThan(0);
    expect(sandboxIds.filter((id) => ownIds.includes(id))).toEqual([]);
  });

  it('403 names the missing scope and how to grant it; a refused token exits 4', async () => {
    const narrow = emulator.mintTokens({ scopes: ['daily', 'personal'] }).access_token;
    const denied = await oura(['get', 'heartrate', '--start', 'yesterday'], {
      OURA_ACCESS_TOKEN: narrow,
    });
    expect(denied.code).toBe(1);
    expect(denied.stderr).toMatch(/"heartrate" scope/);
    expect(denied.stderr).toMatch(/oura auth login` and leave "heartrate" ticked/);

    const bogus = 'not-a-real-token-0123456789';
    const refused = await oura(['get', 'daily_sleep'], { OURA_ACCESS_TOKEN: bogus });
    expect(refused.code).toBe(4);
    expect(refused.stderr).toContain('Set a valid OURA_ACCESS_TOKEN');
  });

  it('an API that cannot be reached: exit 1 naming the address and what to check', async () => {
    const unreachable = await oura(['get', 'daily_sleep'], { OURA_API_URL: 'http://127.0.0.1:9' });
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toContain('reaching http://127.0.0.1:9');
    expect(unreachable.stderr).toContain('OURA_API_URL');
  });
});

describe('oura types', () => {
  it('lists every type with scope and parameters: JSON when piped, like get', async () => {
    for (const args of [['types'], ['types', '--json'], ['types', '--format', 'json']]) {
      const result = await oura(args);
      expect(result.code, result.stderr).toBe(0);
      const json = JSON.parse(result.stdout) as { type: string; document_route: boolean }[];
      expect(json).toHaveLength(19);
      expect(json.find((t) => t.type === 'heartrate')?.document_route).toBe(false);
      expect(json.find((t) => t.type === 'vO2_max')?.document_route).toBe(true);
    }
    const table = await oura(['types', '--format', 'table']);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^heartrate\s+heartrate\s+--start --end \(as datetimes\)/m);
    const bad = await oura(['types', '--format', 'yaml']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown format "yaml"; use table or json/);
  });
});

describe('oura api', () => {
  it('prints the JSON body of any path', async () => {
    const result = await oura(['api', '/v2/usercollection/personal_info']);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ id: emulator.user.id });
  });

  it('--paginate follows next_token and prints one {"data": [...]}', async () => {
    const start = addDays(today, -5);
    const before = emulator.stats.apiRequests;
    const result = await oura([
      'api',
      '/v2/usercollection/heartrate',
      '-f',
      `start_datetime=${start}T00:00:00Z`,
      '-f',
      `end_datetime=${today}T00:00:00Z`,
      '--paginate',
    ]);
    expect(result.code, result.stderr).toBe(0);
    const body = JSON.parse(result.stdout) as { data: { timestamp: string }[] };
    expect(body.data.length).toBeGreaterThan(1000); // more than one 1000-sample page
    expect(new Set(body.data.map((d) => d.timestamp)).size).toBe(body.data.length);
    expect(emulator.stats.apiRequests - before).toBeGreaterThan(1);
  });

  it('API errors exit 1 with the server detail', async () => {
    const result = await oura([
      'api',
      '/v2/usercollection/heartrate',
      '-f',
      'start_datetime=yesterday',
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/GET \/v2\/usercollection\/heartrate/);
    expect(result.stderr).toContain('query.start_datetime: Input should be a valid datetime');
  });
});
