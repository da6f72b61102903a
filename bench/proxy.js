// Proxy overhead: the same small GET sent directly to the emulator and through
// `oura proxy` (a real process, as a user runs it), interleaved in the same
// run; then 50 concurrent requests through the proxy. Emulator, proxy and
// client are three processes, so no side gets the others' event loop for free.
//
// Run after `npm run build`: `node bench/proxy.js` (or via bench/run.js).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { benchDir, startEmulatorProcess } from './helpers.js';

const OURA = fileURLToPath(new URL('../bin/oura.js', import.meta.url));
const PATH = '/v2/usercollection/personal_info';
const CONCURRENT = 50;

/** Starts `oura proxy --port 0` with the token in its environment; resolves with its base URL. */
async function startProxyProcess(apiUrl, token) {
  const child = spawn(OURA, ['proxy', '--port', '0'], {
    env: {
      PATH: process.env.PATH,
      OURA_API_URL: apiUrl,
      OURA_ACCESS_TOKEN: token,
      OURA_CONFIG_DIR: benchDir('oura-bench-'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Its request log is read (as a terminal would) so that logging is part of the cost.
  child.stderr.resume();
  const url = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      if (out.includes('\n')) resolve(out.split('\n')[0]);
    });
    child.on('exit', (code) => reject(new Error(`oura proxy exited (${code})`)));
  });
  return {
    url,
    close: () =>
      new Promise((resolve) => {
        child.on('exit', resolve);
        child.kill('SIGTERM');
      }),
  };
}

async function timedGet(url, headers) {
  const started = process.hrtime.bigint();
  const response = await fetch(url, { headers });
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`${url}: HTTP ${response.status}`);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

export async function run({ rounds = 400 } = {}) {
  const emulator = await startEmulatorProcess({
    port: 0,
    rateLimit: { limit: 1_000_000, windowSeconds: 300 },
  });
  const proxy = await startProxyProcess(emulator.url, emulator.token);
  try {
    const direct = [];
    const proxied = [];
    const bearer = { authorization: `Bearer ${emulator.token}` };
    for (let i = 0; i < 50; i++) {
      await timedGet(`${emulator.url}${PATH}`, bearer);
      await timedGet(`${proxy.url}${PATH}`, {});
    }
    // Interleaved, so drift (CPU frequency, other load) hits both sides alike.
    for (let i = 0; i < rounds; i++) {
      direct.push(await timedGet(`${emulator.url}${PATH}`, bearer));
      proxied.push(await timedGet(`${proxy.url}${PATH}`, {}));
    }
    const overhead = median(proxied) - median(direct);

    const started = process.hrtime.bigint();
    const outcomes = await Promise.allSettled(
      Array.from({ length: CONCURRENT }, () =>
        timedGet(`${proxy.url}/v2/usercollection/daily_sleep`, {}),
      ),
    );
    const burstMs = Number(process.hrtime.bigint() - started) / 1e6;
    const failed = outcomes.filter((o) => o.status === 'rejected').length;

    return [
      {
        name: 'GET direct to emulator (baseline)',
        value: median(direct),
        unit: 'ms',
        target: '',
        note: `median of ${rounds}, keep-alive`,
      },
      {
        name: 'GET through oura proxy',
        value: median(proxied),
        unit: 'ms',
        target: '',
        note: `median of ${rounds}, interleaved with the baseline`,
      },
      {
        name: 'proxy overhead per request (median)',
        value: overhead,
        unit: 'ms',
        target: '<= 2',
        note: `p90 ${(percentile(proxied, 0.9) - percentile(direct, 0.9)).toFixed(2)} ms`,
      },
      {
        name: `${CONCURRENT} concurrent requests through the proxy: errors`,
        // A string, so the table prints "0", not "0.00".
        value: String(failed),
        unit: '',
        target: '0',
        note: `${burstMs.toFixed(0)} ms for all ${CONCURRENT}`,
      },
    ];
  } finally {
    await proxy.close();
    await emulator.close();
  }
}

function percentile(values, p) {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length * p)];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const row of await run()) console.log(row);
}
