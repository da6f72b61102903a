import { readFileSync } from 'node:fs';
import { findSpec, specCandidates } from '../../scripts/spec-path.js';
import { describeOrSkip, peerAvailable } from './requirements.js';

/**
 * Oura's OpenAPI document: read at test time, never committed. Found where
 * `npm run spec:download` puts it and `gen:types` reads it (scripts/spec-path.js).
 */
const found = findSpec();
export const SPEC_PATH = found ?? specCandidates().join(' or ');

const missing = `expected at ${SPEC_PATH}: run \`npm run spec:download\`, or set OURA_OPENAPI_SPEC`;

/** False (with a visible message) when the spec is missing; under CI (any non-empty CI) that fails instead. */
export const specAvailable = peerAvailable("Oura's OpenAPI spec", found !== undefined, missing);

/** Why the spec's tests did not run. */
export const SPEC_MISSING = `Oura's OpenAPI spec is missing (${missing})`;

/** A `describe` whose tests need the spec: without it, a visibly skipped stand-in (see describeOrSkip). */
export function describeWithSpec(name: string, body: () => void): void {
  describeOrSkip(specAvailable, SPEC_MISSING, name, body);
}

/** The parsed spec, or an empty one when it is missing (the tests using it are skipped then). */
export function readSpec<T>(): T {
  const empty = { paths: {}, components: { schemas: {} } };
  return (found && specAvailable ? JSON.parse(readFileSync(found, 'utf8')) : empty) as T;
}
