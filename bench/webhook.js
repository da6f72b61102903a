/**
 * Webhook benchmarks, against `oura webhook listen` as a real process and the
 * emulator as Oura (it serves the documents, with an emulated latency):
 * - delivery → document in the history: the time from sending a signed event
 *   to the receiver's log line saying the document is stored, median and p95
 *   over 50 events sent one at a time, against the emulated API latency;
 * - a burst of 500 valid events (5 for each of 100 documents, sent 50 at a
 *   time): all applied (every document ends at its revised value, every
 *   queued event done), and no document fetched twice at the same time.
 *
 * Run after `npm run build`: `node bench/webhook.js` (or via bench/run.js).
 */
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { addDays, localDay } from '../dist/calendar/days.js';
import { startEmulator } from '../dist/emulator/index.js';
import { benchDir } from './helpers.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 20);

function oura(args, env) {
  const child = spawn(process.execPath, [join(root, 'bin/oura.js'), ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  const watchers = [];
  child.stderr.on('data', (chunk) => {
    const now = performance.now();
    stderr += chunk;
    for (const line of String(chunk).split('\n')) {
      for (const w of [...watchers]) {
        if (line.includes(w.text)) {
          watchers.splice(watchers.indexOf(w), 1);
          w.resolve(now);
        }
      }
    }
  });
  const done = new Promise((resolve) => child.on('exit', (code) => resolve({ code, stderr })));
  return {
    child,
    done,
    stderr: () => stderr,
    /** Resolves with the time the first stderr line containing `text` arrived. */
    waitFor: (text) => new Promise((resolve) => watchers.push({ text, resolve })),
  };
}

async function run1(args, env) {
  const { code, stderr } = await oura(args, env).done;
  if (code !== 0) throw new Error(`oura ${args.join(' ')} failed: ${stderr}`);
}

const sign = (secret, stamp, body) =>
  createHmac('sha256', secret)
    .update(stamp + body)
    .digest('hex')
    .toUpperCase();

export async function run() {
  const requests = [];
  const emulator = await startEmulator({
    today: addDays(localDay(), -1),
    historyDays: 120,
    log: (line) => requests.push({ line, at: performance.now() }),
  });
  const dir = benchDir('oura-bench-webhook-');
  const { OURA_CLIENT_ID, OURA_CLIENT_SECRET } = emulator.env();
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NO_COLOR: '1',
    OURA_ACCESS_TOKEN: emulator.mintTokens().access_token,
    OURA_API_URL: emulator.url,
    OURA_DATA_DIR: dir,
    OURA_CONFIG_DIR: dir,
    OURA_CREDENTIAL_STORE: 'file',
    OURA_CLIENT_ID,
    OURA_CLIENT_SECRET,
  };
  const secret = OURA_CLIENT_SECRET;
  await run1(['sync', '--types', 'daily_sleep,sleep,daily_activity'], env);
  const listener = oura(['webhook', 'listen', '--port', '0'], env);
  const url = await new Promise((resolve) => {
    const timer = setInterval(() => {
      const match = /listening on (\S+);/.exec(listener.stderr());
      if (match) {
        clearInterval(timer);
        resolve(match[1]);
      }
    }, 10);
  });
  await run1(
    ['webhook', 'subscribe', '--url', url, '--types', 'daily_sleep', '--events', 'update'],
    env,
  );
  emulator.setFaults({ latencyMs: LATENCY_MS });

  const db = new Database(join(dir, 'default.sqlite'), { readonly: true });
  const ids = (type) =>
    db
      .prepare('SELECT id FROM documents WHERE type = ? ORDER BY day')
      .all(type)
      .map((r) => r.id);
  let sequence = 0;
  const revise = async (type, id, patch) => {
    const response = await fetch(`${emulator.url}/_emulator/documents/${type}/${id}`, {
      method: 'POST',
      body: JSON.stringify(patch),
    });
    if (response.status !== 200) throw new Error(`revise ${type} ${id}: ${response.status}`);
  };
  const deliver = async (type, id) => {
    const body = JSON.stringify({
      event_type: 'update',
      data_type: type,
      object_id: id,
      event_time: new Date(Date.now() + sequence++).toISOString(),
      user_id: emulator.user.id,
    });
    const stamp = String(Math.floor(Date.now() / 1000));
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-oura-timestamp': stamp,
        'x-oura-signature': sign(secret, stamp, body),
      },
      body,
    });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`delivery answered ${response.status}`);
  };

  // 1. Latency, one event at a time.
  const latencies = [];
  for (const id of ids('sleep').slice(0, 50)) {
    await revise('sleep', id, { average_hrv: 99 });
    const applied = listener.waitFor(`applied update sleep ${id}`);
    const sent = performance.now();
    await deliver('sleep', id);
    latencies.push((await applied) - sent);
  }
  latencies.sort((a, b) => a - b);
  const median = latencies[Math.floor(latencies.length / 2)];
  const p95 = latencies[Math.floor(latencies.length * 0.95)];

  // 2. A burst of 500 events over 100 documents.
  const burstIds = ids('daily_activity').slice(0, 100);
  if (burstIds.length < 100) throw new Error('not enough documents for the burst');
  for (const [index, id] of burstIds.entries())
    await revise('daily_activity', id, { score: 1 + (index % 99) });
  const events = burstIds.flatMap((id) => Array.from({ length: 5 }, () => id));
  requests.length = 0;
  const queuedBefore = db.prepare('SELECT count(*) AS n FROM webhook_events').get().n;
  const started = performance.now();
  for (let i = 0; i < events.length; i += 50)
    await Promise.all(events.slice(i, i + 50).map((id) => deliver('daily_activity', id)));
  const acked = performance.now() - started;
  const pending = () =>
    db.prepare('SELECT count(*) AS n FROM webhook_events WHERE done_at IS NULL').get().n;
  while (pending() > 0) await new Promise((resolve) => setTimeout(resolve, 10));
  const appliedMs = performance.now() - started;
  const queued = db.prepare('SELECT count(*) AS n FROM webhook_events').get().n - queuedBefore;
  const wrong = burstIds.filter((id, index) => {
    const row = db
      .prepare("SELECT doc FROM documents WHERE type = 'daily_activity' AND id = ?")
      .get(id);
    return !row || JSON.parse(row.doc).score !== 1 + (index % 99);
  }).length;
  // Fetch intervals per document, from the emulator's request log (finish time and duration).
  const intervals = new Map();
  for (const { line, at } of requests) {
    const match = /^GET \/v2\/usercollection\/daily_activity\/(\S+) \d+ (\d+)ms$/.exec(line);
    if (!match) continue;
    const list = intervals.get(match[1]) ?? [];
    list.push([at - Number(match[2]), at]);
    intervals.set(match[1], list);
  }
  let overlaps = 0;
  let fetches = 0;
  for (const list of intervals.values()) {
    fetches += list.length;
    list.sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < list.length; i++) if (list[i][0] < list[i - 1][1] - 1) overlaps++;
  }

  db.close();
  listener.child.kill('SIGTERM');
  await listener.done;
  await emulator.close();
  return [
    {
      name: 'delivery → document in history, median',
      value: median,
      unit: 'ms',
      target: `≤ ${100 + LATENCY_MS} (100 + ${LATENCY_MS} ms API latency)`,
      note: `p95 ${p95.toFixed(1)} ms, 50 events`,
    },
    {
      name: 'burst of 500 events: acknowledged',
      value: acked,
      unit: 'ms',
      note: '50 in flight at a time',
    },
    {
      name: 'burst of 500 events: all applied',
      value: appliedMs,
      unit: 'ms',
      note: `${queued} queued, ${wrong} documents wrong, ${fetches} fetches for 100 documents`,
    },
    {
      name: 'burst: same document fetched twice at once',
      value: overlaps,
      unit: 'times',
      target: '0',
    },
    { name: 'burst: events lost', value: 500 - queued + wrong, unit: 'events', target: '0' },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const row of await run()) console.log(row);
}
