/**
 * docs/cli.md is generated from the command tree (scripts/gen-cli-docs.js),
 * docs/error-codes.md from the catalogue of error codes
 * (scripts/gen-error-docs.js): each must be what the current code says, so a
 * changed flag, help text or error code without `npm run docs` fails here.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CLI_DOCS_PATH, renderCliReference } from '../scripts/gen-cli-docs.js';
import { ERROR_DOCS_PATH, renderErrorCodes } from '../scripts/gen-error-docs.js';

describe('docs/cli.md', () => {
  it('is up to date with the commands (run `npm run docs` when this fails)', async () => {
    expect(readFileSync(CLI_DOCS_PATH, 'utf8')).toBe(await renderCliReference());
  });

  it('covers every command with its usage, flags and examples', async () => {
    const reference = await renderCliReference();
    expect(reference).toContain(
      '## oura auth login\n\nLog in through the browser and store the tokens\n',
    );
    expect(reference).toContain('```\noura get [options] <type>\n```');
    expect(reference).toContain(
      '| `--format <format>` | table, json, ndjson or csv (default: table on a terminal, json otherwise) |',
    );
    expect(reference).toContain(
      '| `--revisit-days <n>` | re-read the last N days for revised or deleted data (default: 7) |',
    );
    expect(reference).toContain(
      'oura completion bash > ~/.local/share/bash-completion/completions/oura',
    );
    expect(reference).toContain('| `--jq <expression>` |');
    expect(reference).toContain('[error-codes.md](error-codes.md)');
  });
});

describe('docs/error-codes.md', () => {
  it('is up to date with the catalogue (run `npm run docs` when this fails)', async () => {
    expect(readFileSync(ERROR_DOCS_PATH, 'utf8')).toBe(await renderErrorCodes());
  });

  it('lists the exit codes and every code with its exit code and meaning', async () => {
    const reference = await renderErrorCodes();
    expect(reference).toContain('| exit code | meaning |');
    expect(reference).toMatch(/^\| 4 \| authentication needed: .*`oura auth login` \|$/m);
    expect(reference).toContain('| code | exit code | meaning |');
    expect(reference).toMatch(/^\| `USAGE` \| 2 \| .+ \|$/m);
    expect(reference).toMatch(/^\| `LOGIN_REQUIRED` \| 4 \| .+ \|$/m);
    expect(reference).toMatch(/^\| `API_RATE_LIMITED` \| 1 \| .+ \|$/m);
  });
});
