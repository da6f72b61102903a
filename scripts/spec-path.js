/**
 * Where Oura's OpenAPI document is looked for, shared by `npm run
 * spec:download` (which writes the project-local copy), `npm run gen:types`
 * and the tests: `$OURA_OPENAPI_SPEC` alone when set; else `spec/oura-openapi.json`
 * in the project (git-ignored: the spec is Oura's text and is never committed),
 * then `../shared/oura-openapi.json` beside the repository.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The project-local copy that `npm run spec:download` writes. */
export const LOCAL_SPEC_PATH = path.join(repoRoot, 'spec', 'oura-openapi.json');

/** The paths searched, in order. */
export function specCandidates(env = process.env) {
  if (env.OURA_OPENAPI_SPEC) return [path.resolve(env.OURA_OPENAPI_SPEC)];
  return [LOCAL_SPEC_PATH, path.resolve(repoRoot, '..', 'shared', 'oura-openapi.json')];
}

/** The first candidate that exists, or undefined. */
export function findSpec(env = process.env) {
  return specCandidates(env).find((candidate) => existsSync(candidate));
}
