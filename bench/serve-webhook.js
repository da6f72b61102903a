/**
 * `oura serve` (issue 19), from an Oura webhook for one person to the new
 * document answering through their /mcp: the emulator (its own process, every
 * data request answered after an emulated API latency) revises a `sleep`
 * document of account 1; the bench delivers the signed event to
 * `/oura/webhook` as Oura would, waits for the server's log line saying it is
 * applied, then reads the document through /mcp (`oura_query`), again until
 * it answers with the new value. Time from sending the event to that answer,
 * one event at a time, beside a plain fetch of the same document from the
 * emulator (the API latency the server must pay) in the same run.
 *
 * Run after `npm run build`: `node bench/serve-webhook.js` (or `node bench/run.js serve-webhook`).
 */
import { createHmac } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { localDay } from '../dist/calendar/days.js';
import { mcpPost } from './serve-load.js';
import { SERVE_BENCH_APP, startServeBench } from './serve-setup.js';

const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 20);
const EVENTS = 50;
const ACCOUNT = 1;
/** An event not answering by then is a failure, not a slow figure. */
const GIVE_UP_MS = 10_000;

const sorted = (values) => [...values].sort((a, b) => a - b);
const percentile = (values, p) =>
  sorted(values)[Math.min(values.length - 1, Math.floor(values.length * p))];

/** Oura's signature: HMAC-SHA256 of timestamp + body with the client secret, upper-case hex. */
function signed(body) {
  const stamp = String(Math.floor(Date.now() / 1000));
  const signature = createHmac('sha256', SERVE_BENCH_APP.clientSecret)
    .update(stamp + body)
    .digest('hex')
    .toUpperCase();
  return { 'x-oura-timestamp': stamp, 'x-oura-signature': signature };
}

/** Resolves when a log line containing `text` arrives (the server logs in this process). */
function logWatcher() {
  const waiting = [];
  return {
    log: (line) => {
      for (const w of [...waiting]) {
        if (line.includes(w.text)) {
          waiting.splice(waiting.indexOf(w), 1);
          w.resolve();
        }
      }
    },
    waitFor: (text) => new Promise((resolve) => waiting.push({ text, resolve })),
  };
}

export async function run() {
  const watcher = logWatcher();
  const bench = await startServeBench({
    emulator: { today: localDay(), historyDays: 60, accounts: 2, latencyMs: LATENCY_MS },
    serve: { webhooks: true, log: watcher.log },
  });
  try {
    if (!bench.serve.webhooks) {
      return [
        {
          name: 'webhook → document through /mcp',
          value: 'not measured',
          unit: '',
          note: 'this build of oura serve receives no webhooks (startServe has no webhooks option)',
        },
      ];
    }
    await bench.serve.webhooks.subscribed;
    const { userId } = bench.emulator.accounts[ACCOUNT];
    const token = bench.tokens[ACCOUNT];
    const mcpUrl = `${bench.serve.publicUrl}/mcp`;
    const hrvThroughMcp = async (id) => {
      const result = await mcpPost(mcpUrl, token, {
        id: 1,
        method: 'tools/call',
        params: {
          name: 'oura_query',
          arguments: {
            sql: `SELECT json_extract(doc, '$.average_hrv') AS hrv FROM documents WHERE type = 'sleep' AND id = '${id}'`,
          },
        },
      });
      return result.structuredContent?.rows?.[0]?.hrv;
    };
    const listed = await mcpPost(mcpUrl, token, {
      id: 1,
      method: 'tools/call',
      params: {
        name: 'oura_query',
        arguments: { sql: "SELECT id FROM documents WHERE type = 'sleep' ORDER BY day DESC" },
      },
    });
    const ids = listed.structuredContent.rows.map((row) => row.id).slice(0, EVENTS);
    if (ids.length < EVENTS) throw new Error(`only ${ids.length} sleep documents to revise`);

    const latencies = [];
    const apiTimes = [];
    let extraReads = 0;
    for (const [index, id] of ids.entries()) {
      // A value no document holds yet, so the answer can only come from this event.
      const hrv = 200 + index;
      const revised = await fetch(
        `${bench.emulator.url}/_emulator/documents/sleep/${id}?account=${ACCOUNT}`,
        { method: 'POST', body: JSON.stringify({ average_hrv: hrv }) },
      );
      await revised.arrayBuffer();
      if (revised.status !== 200) throw new Error(`revise: HTTP ${revised.status}`);
      // The baseline: what the server's own fetch of the document costs at least.
      const fetchStarted = performance.now();
      const direct = await fetch(`${bench.emulator.url}/v2/usercollection/sleep/${id}`, {
        headers: { authorization: `Bearer ${bench.emulator.tokens[ACCOUNT]}` },
      });
      await direct.arrayBuffer();
      apiTimes.push(performance.now() - fetchStarted);

      const body = JSON.stringify({
        event_type: 'update',
        data_type: 'sleep',
        object_id: id,
        event_time: new Date().toISOString(),
        user_id: userId,
      });
      const applied = watcher.waitFor(`applied update sleep ${id}`);
      const started = performance.now();
      const delivered = await fetch(`${bench.serve.publicUrl}/oura/webhook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...signed(body) },
        body,
      });
      await delivered.arrayBuffer();
      if (delivered.status !== 200) throw new Error(`delivery answered ${delivered.status}`);
      const deadline = started + GIVE_UP_MS;
      const late = new Promise((_, reject) =>
        setTimeout(
          () => reject(new Error(`event ${index} not applied in ${GIVE_UP_MS} ms`)),
          GIVE_UP_MS,
        ).unref(),
      );
      await Promise.race([applied, late]);
      while ((await hrvThroughMcp(id)) !== hrv) {
        if (performance.now() > deadline)
          throw new Error(
            `event ${index}: /mcp still answers the old value after ${GIVE_UP_MS} ms`,
          );
        extraReads++;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      latencies.push(performance.now() - started);
    }
    const median = percentile(latencies, 0.5);
    const apiMedian = percentile(apiTimes, 0.5);
    return [
      {
        name: 'GET one document from the emulator (baseline)',
        value: apiMedian,
        unit: 'ms',
        note: `median of ${EVENTS}; ${LATENCY_MS} ms emulated API latency`,
      },
      {
        name: 'webhook → new document through /mcp, median',
        value: median,
        unit: 'ms',
        target: `<= ${150 + LATENCY_MS} (150 + ${LATENCY_MS} ms API latency)`,
        note: `p95 ${percentile(latencies, 0.95).toFixed(1)} ms; ${(median - apiMedian).toFixed(1)} ms over the baseline; ${EVENTS} events one at a time; ${extraReads} extra reads`,
      },
    ];
  } finally {
    await bench.close();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const row of await run()) console.log(row);
}
