// Start-up cost of the CLI: `oura --version`, `oura --help` and a one-request
// `oura get` (against a 0 ms emulator in its own process) wall time against
// `node -e 0` (the floor any Node CLI pays), measured in the same run; and the
// cost of importing the library (dist/index.js) against the same floor.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startEmulatorProcess } from './helpers.js';

const OURA = fileURLToPath(new URL('../bin/oura.js', import.meta.url));
const LIBRARY = new URL('../dist/index.js', import.meta.url).href;

/** Median wall time of running `command` with `args` (the `oura` side runs bin/oura.js itself, shebang and all). */
function medianMs(command, args, runs, env = process.env) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    const child = spawnSync(command, args, { stdio: 'ignore', env });
    if (child.status !== 0) throw new Error(`${args.join(' ')} exited ${child.status}`);
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

export async function run({ runs = 30 } = {}) {
  // Warm the file cache so neither side pays for the first read.
  medianMs(process.execPath, ['-e', '0'], 3);
  medianMs(OURA, ['--version'], 3);
  const node = medianMs(process.execPath, ['-e', '0'], runs);
  const version = medianMs(OURA, ['--version'], runs);
  const help = medianMs(OURA, ['--help'], runs);
  const library = medianMs(
    process.execPath,
    ['--input-type=module', '-e', `await import(${JSON.stringify(LIBRARY)})`],
    runs,
  );
  const emulator = await startEmulatorProcess({ port: 0 });
  const getEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    OURA_ACCESS_TOKEN: emulator.token,
    OURA_API_URL: emulator.url,
  };
  const getArgs = ['get', 'daily_sleep', '--start', 'today', '--format', 'json'];
  let get;
  try {
    medianMs(OURA, getArgs, 3, getEnv);
    get = medianMs(OURA, getArgs, runs, getEnv);
  } finally {
    await emulator.close();
  }
  return [
    {
      name: 'node -e 0 (baseline)',
      value: node,
      unit: 'ms',
      target: '',
      note: `median of ${runs}`,
    },
    {
      name: 'oura --version / node -e 0',
      value: version / node,
      unit: 'x',
      target: '<= 1.5',
      note: `${version.toFixed(1)} ms`,
    },
    {
      name: 'oura get (one request, 0 ms emulator) / node -e 0',
      value: get / node,
      unit: 'x',
      target: '<= 2.0',
      note: `${get.toFixed(1)} ms`,
    },
    {
      name: 'import oura-connect (dist/index.js) / node -e 0',
      value: library / node,
      unit: 'x',
      target: '<= 1.3',
      note: `${library.toFixed(1)} ms`,
    },
    {
      name: 'oura --help / node -e 0',
      value: help / node,
      unit: 'x',
      target: '',
      note: `${help.toFixed(1)} ms`,
    },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const row of await run()) console.log(row);
}
