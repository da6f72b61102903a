#!/usr/bin/env node
/**
 * Downloads Oura's published OpenAPI document for people who want the newest
 * one (e.g. to regenerate `src/api/schema.gen.ts` with `npm run gen:types`).
 * The project never ships the spec; it is Oura's text.
 *
 * Usage: npm run spec:download [-- <revision> [<output path>]]
 *   revision defaults to 1.37; output defaults to spec/oura-openapi.json in the
 *   project (git-ignored), where `gen:types` and the tests look for it.
 * Source: https://cloud.ouraring.com/v2/docs (links the versioned JSON).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { LOCAL_SPEC_PATH } from './spec-path.js';

const DEFAULT_REVISION = '1.37';
const revision = process.argv[2] ?? DEFAULT_REVISION;
if (!/^\d+\.\d+$/.test(revision)) {
  fail(`"${revision}" is not a spec revision like ${DEFAULT_REVISION}.`);
}
const outPath = path.resolve(process.argv[3] ?? LOCAL_SPEC_PATH);
const url = `https://cloud.ouraring.com/v2/static/json/openapi-${revision}.json`;

let response;
try {
  response = await fetch(url, { signal: AbortSignal.timeout(30_000) });
} catch (error) {
  const reason = error instanceof Error ? (error.cause?.message ?? error.message) : String(error);
  fail(`could not reach ${url}: ${reason}. Check your network connection or proxy.`);
}
if (!response.ok) {
  fail(
    `${url} answered HTTP ${response.status}. ` +
      (response.status === 404
        ? 'That revision may not exist; see https://cloud.ouraring.com/v2/docs.'
        : ''),
  );
}
const text = await response.text();
let spec;
try {
  spec = JSON.parse(text);
} catch {
  fail(`${url} did not return JSON.`);
}
if (typeof spec.openapi !== 'string' || typeof spec.paths !== 'object') {
  fail(`${url} is not an OpenAPI document.`);
}
await mkdir(path.dirname(outPath), { recursive: true });
await writeFile(outPath, text);
const searched = outPath === LOCAL_SPEC_PATH;
process.stderr.write(
  `spec:download: saved revision ${revision} (${Object.keys(spec.paths).length} paths) to ${outPath}\n` +
    (searched
      ? 'The tests and `npm run gen:types` read it from there (unless OURA_OPENAPI_SPEC names another file).\n'
      : `Point the tests and gen:types at it with: OURA_OPENAPI_SPEC=${outPath}\n`),
);

function fail(message) {
  process.stderr.write(`spec:download: ${message}\n`);
  process.exit(1);
}
