#!/usr/bin/env node
/**
 * Generates `src/api/schema.gen.ts` from Oura's OpenAPI document with
 * openapi-typescript (https://openapi-ts.dev/node).
 *
 * The spec is found as scripts/spec-path.js says (`$OURA_OPENAPI_SPEC`, else
 * the git-ignored `spec/oura-openapi.json`, else `../shared/oura-openapi.json`);
 * it is never committed. Doc comments are
 * stripped from the output so the file holds type shapes only, not Oura's prose.
 *
 * Usage: npm run gen:types [-- <spec path>]
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findSpec, specCandidates } from './spec-path.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const specPath = process.argv[2] ?? findSpec() ?? specCandidates().join(' or ');
const outPath = path.join(repoRoot, 'src/api/schema.gen.ts');

const { default: openapiTS, astToString } = await import('openapi-typescript');

let spec;
try {
  spec = JSON.parse(await readFile(specPath, 'utf8'));
} catch (error) {
  process.stderr.write(
    `gen-types: cannot read the OpenAPI spec at ${specPath}: ${error.message}\n` +
      'Set OURA_OPENAPI_SPEC or run `npm run spec:download`.\n',
  );
  process.exit(1);
}

const ast = await openapiTS(spec, { alphabetize: false, exportType: false });
const body = stripDocComments(astToString(ast));

const header = `/*
 * GENERATED FILE - do not edit.
 * Type shapes of the Oura API V2 (spec revision ${spec.info?.version ?? 'unknown'}), produced by
 * \`npm run gen:types\` (scripts/gen-types.js, openapi-typescript) from the spec at
 * $OURA_OPENAPI_SPEC, spec/oura-openapi.json or ../shared/oura-openapi.json. Doc comments are stripped on purpose.
 */
/* eslint-disable */
`;
await writeFile(outPath, header + body);
process.stderr.write(`gen-types: wrote ${path.relative(process.cwd(), outPath)}\n`);

/** Removes every block comment (the spec's descriptions) and the blank lines they leave. */
function stripDocComments(source) {
  return `${source
    .replace(/\/\*\*[\s\S]*?\*\/\n?/g, '')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .join('\n')}\n`;
}
