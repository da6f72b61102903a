/**
 * What a fresh process loads, without timing it (the timings are in `npm run
 * bench`, start-up rows): importing the library, and a one-request `oura get`,
 * must not load the heavy modules only other commands use. A module-resolution
 * hook in the child process writes down every module it imports.
 */
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../src/emulator/index.js';
import { tempDir } from './helpers/temp.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));

/** Modules a one-request command never needs: OAuth, SQLite, the MCP SDK and its schemas, the keychain. */
const HEAVY = ['oauth4webapi', 'better-sqlite3', '@modelcontextprotocol', 'zod', 'ajv', '@napi-rs'];

let dir: string;
let emulator: Emulator;

beforeAll(async () => {
  dir = await tempDir();
  writeFileSync(
    join(dir, 'hooks.mjs'),
    `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  appendFileSync(process.env.LOADED_LOG, resolved.url + '\\n');
  return resolved;
}
`,
  );
  // Node's own modules are listed too (process.moduleLoadList): fetch, Headers and
  // Response load undici there on first use, and it is written down as it was named.
  writeFileSync(
    join(dir, 'register.mjs'),
    `import { appendFileSync } from 'node:fs';
import { register } from 'node:module';
register('./hooks.mjs', import.meta.url);
process.on('exit', () => {
  const builtins = process.moduleLoadList.filter((name) => name.startsWith('NativeModule '));
  appendFileSync(process.env.LOADED_LOG, builtins.map((name) => name.slice(13) + '\\n').join(''));
});
`,
  );
  emulator = await startEmulator({ port: 0 });
});

afterAll(async () => {
  await emulator?.close();
});

/** Runs node with `args` and the hook; resolves with the modules imported, in order. */
async function loadedBy(name: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const log = join(dir, `${name}.log`);
  writeFileSync(log, '');
  const { stdout } = await run(
    process.execPath,
    ['--import', pathToFileURL(join(dir, 'register.mjs')).href, ...args],
    { env: { PATH: process.env.PATH, HOME: dir, ...env, LOADED_LOG: log }, cwd: root },
  );
  return { stdout, modules: readFileSync(log, 'utf8').split('\n').filter(Boolean) };
}

describe('start-up loads only what is used', () => {
  it('importing the library loads no OAuth, HTTP server or child process module', async () => {
    const entry = pathToFileURL(join(root, 'dist/index.js')).href;
    const { modules } = await loadedBy('library', [
      '--input-type=module',
      '-e',
      `const lib = await import(${JSON.stringify(entry)}); if (typeof lib.login !== 'function') process.exit(3);`,
    ]);
    expect(modules).toContain(entry);
    const unwanted = ['node:http', 'node:https', 'node:net', 'node:child_process'];
    expect(modules.filter((url) => unwanted.includes(url))).toEqual([]);
    // An ES import of node:fs reads every export, and its stream classes load
    // Node's streams: the history imports it on first use.
    expect(modules.filter((url) => url === 'node:fs' || url === 'node:fs/promises')).toEqual([]);
    expect(modules.filter((url) => HEAVY.some((name) => url.includes(`/${name}`)))).toEqual([]);
    // The statistics are `oura-connect/insights`, a subpath of their own.
    expect(modules.filter((url) => url.includes('/dist/insights/'))).toEqual([]);
    // Loaded on first use: the stored login (secret stores, sealed file), an
    // environment token's check, the HTTP layer, the list windows, the reading
    // of an error answer, and node:crypto (a webhook signature's HMAC).
    const onFirstUse = [
      '/dist/auth/account.js',
      '/dist/store/',
      '/dist/auth/env-token.js',
      '/dist/api/http.js',
      '/dist/api/node-transport.js',
      '/dist/api/list-windows.js',
      '/dist/api/paginate.js',
      '/dist/api/answer-detail.js',
    ];
    const firstUseLoaded = modules.filter(
      (url) => onFirstUse.some((part) => url.includes(part)) && !url.endsWith('/store/paths.js'),
    );
    expect(firstUseLoaded).toEqual([]);
    expect(modules.filter((name) => name === 'crypto' || name === 'node:crypto')).toEqual([]);
  });

  it('a one-request `oura get` answers without loading the heavy modules', async () => {
    const { stdout, modules } = await loadedBy(
      'get',
      [join(root, 'bin/oura.js'), 'get', 'daily_sleep', '--start', 'today', '--format', 'json'],
      { OURA_ACCESS_TOKEN: emulator.mintTokens().access_token, OURA_API_URL: emulator.url },
    );
    expect(Array.isArray(JSON.parse(stdout))).toBe(true);
    expect(modules.some((url) => url.endsWith('/dist/cli/actions/get.js'))).toBe(true);
    expect(modules.filter((url) => HEAVY.some((name) => url.includes(`/${name}`)))).toEqual([]);
    // The data client's GET goes through node:http: the global fetch (undici), whose
    // first use cost 60-110 ms of start-up, is never initialised.
    expect(modules).toContain('http');
    expect(modules.filter((name) => name.includes('undici'))).toEqual([]);
  });
});
