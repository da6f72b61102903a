/**
 * Contract: Stoplight Prism mocks Oura's OpenAPI document and validates every
 * request; it answers 400/422 with an `sl-violations` header on anything the
 * spec does not allow. Every request shape the client makes must pass, and
 * every query parameter sent must be one the spec lists for that route.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { OuraClient } from '../src/api/client.js';
import { DATA_TYPES, type DataType, ENDPOINTS } from '../src/oura/data-types.js';
import { freePort } from './helpers/ports.js';
import { trackChild } from './helpers/processes.js';
import { describeOrSkip, ON_CI } from './helpers/requirements.js';
import { readSpec, SPEC_MISSING, specAvailable, SPEC_PATH as specPath } from './helpers/spec.js';

const repoRoot = resolve(import.meta.dirname, '..');
const prismBin = resolve(repoRoot, 'node_modules/.bin/prism');
const havePrism = existsSync(prismBin);
const available = havePrism && specAvailable;
const unavailable = havePrism
  ? SPEC_MISSING
  : `Prism is missing at ${prismBin} (npm ci installs @stoplight/prism-cli@5.14)`;
if (!available && ON_CI) {
  throw new Error(`CI is set, and Prism or the spec is missing (${prismBin}, ${specPath})`);
}

const spec = readSpec<{
  paths: Record<string, { get?: { parameters?: { name: string; in: string }[] } }>;
}>();

interface Exchange {
  url: URL;
  status: number;
  violations: string | null;
}

let prism: ChildProcess | undefined;
let baseUrl = '';
const exchanges: Exchange[] = [];

/** Records each exchange and ends pagination after one page (Prism's next_token never ends). */
const recordingFetch: typeof fetch = async (input, init) => {
  const response = await fetch(input, init);
  const url = new URL(String(input));
  exchanges.push({
    url,
    status: response.status,
    violations: response.headers.get('sl-violations'),
  });
  if (!response.ok) return response;
  const body = (await response.json()) as Record<string, unknown>;
  if ('next_token' in body) body.next_token = null;
  return new Response(JSON.stringify(body), { status: response.status, headers: response.headers });
};

beforeAll(async () => {
  if (!available) return;
  const port = await freePort();
  // Stopped after the file's last test (test/helpers/processes.ts), even when it never came up.
  prism = trackChild(
    spawn(prismBin, ['mock', specPath, '-p', String(port), '-h', '127.0.0.1'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  let log = '';
  prism.stdout?.on('data', (c: Buffer) => {
    log += c.toString();
  });
  prism.stderr?.on('data', (c: Buffer) => {
    log += c.toString();
  });
  baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 45_000;
  for (;;) {
    try {
      const r = await fetch(`${baseUrl}/v2/usercollection/personal_info`, {
        headers: { authorization: 'Bearer x' },
      });
      if (r.status < 500) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline || prism.exitCode !== null)
      throw new Error(`Prism did not start:\n${log}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}, 60_000);

function client(sandbox: boolean) {
  return new OuraClient({
    token: 'contract-token',
    baseUrl,
    fetch: recordingFetch,
    sandbox,
    concurrency: 4,
  });
}

async function drain(iterable: AsyncIterable<unknown>) {
  for await (const _ of iterable) {
    /* first pages only; see recordingFetch */
  }
}

function checkExchanges(from: number) {
  const mine = exchanges.slice(from);
  expect(mine.length).toBeGreaterThan(0);
  for (const e of mine) {
    expect(e.violations, `${e.url.pathname}${e.url.search}`).toBeNull();
    expect(e.status, `${e.url.pathname}${e.url.search}`).toBe(200);
    const route = e.url.pathname.replace(/\/(usercollection\/[^/]+)\/[^/]+$/, '/$1/{document_id}');
    const allowed = new Set(
      (spec.paths[route]?.get?.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
    );
    for (const name of e.url.searchParams.keys())
      expect(allowed, `${name} on ${route}`).toContain(name);
  }
}

const range = { start: '2024-03-01', end: '2024-03-03' };
const long = { start: '2024-01-01', end: '2024-03-15' };

describeOrSkip(available, unavailable, 'Prism accepts every request the client makes', () => {
  for (const sandbox of [false, true]) {
    for (const type of DATA_TYPES) {
      const e = ENDPOINTS[type];
      if (sandbox && e.sandboxQuery === null) continue;
      it(`${sandbox ? 'sandbox ' : ''}${type}`, async () => {
        const from = exchanges.length;
        const c = client(sandbox);
        if (type === 'personal_info') {
          await c.personalInfo();
          await c.request(e.path);
          return checkExchanges(from);
        }
        const t = type as Exclude<DataType, 'personal_info'>;
        if (e.kind === 'none') {
          await drain(c.list(t));
          await drain(c.list(t, undefined, { fields: ['id', 'color'] }));
        } else {
          await drain(c.list(t, range));
          await drain(c.list(t, long));
          await drain(c.list(t, range, { fields: ['id'] }));
          if (!sandbox && e.query.includes('latest'))
            await drain(c.list(t, undefined, { latest: true }));
        }
        if (e.documentRoute) await c.get(t, 'doc-123');
        checkExchanges(from);
        if (!sandbox && e.query.includes('fields') && !e.fieldsIgnoredByServer) {
          expect(exchanges.slice(from).some((x) => x.url.searchParams.has('fields'))).toBe(true);
        }
      });
    }
  }

  it('catches a request the spec forbids (the referee works)', async () => {
    const r = await fetch(`${baseUrl}/v2/usercollection/heartrate?start_datetime=not-a-date`, {
      headers: { authorization: 'Bearer x' },
    });
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.headers.get('sl-violations')).not.toBeNull();
  });
});
