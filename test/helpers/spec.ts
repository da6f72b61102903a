import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { REPO_ROOT } from './cli.js';
import { peerAvailable } from './requirements.js';

/** Oura's OpenAPI document: read at test time, never copied into the project. */
export const SPEC_PATH =
  process.env.OURA_OPENAPI_SPEC ?? resolve(REPO_ROOT, '../shared/oura-openapi.json');

/** False (with a visible message) when the spec is missing; under CI=true that fails instead. */
export const specAvailable = peerAvailable(
  "Oura's OpenAPI spec",
  existsSync(SPEC_PATH),
  `expected at ${SPEC_PATH}: set OURA_OPENAPI_SPEC, or run \`npm run spec:download\``,
);

/** The parsed spec, or an empty one when it is missing (the tests using it are skipped then). */
export function readSpec<T>(): T {
  const empty = { paths: {}, components: { schemas: {} } };
  return (specAvailable ? JSON.parse(readFileSync(SPEC_PATH, 'utf8')) : empty) as T;
}
