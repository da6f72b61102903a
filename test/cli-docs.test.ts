/**
 * docs/cli.md is generated from the command tree (scripts/gen-cli-docs.js):
 * it must be what the current commands say, so a changed flag or help text
 * without `npm run docs` fails here.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CLI_DOCS_PATH, renderCliReference } from '../scripts/gen-cli-docs.js';

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
  });
});
