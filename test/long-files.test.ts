/**
 * Files in src/ stay short enough to read in one sitting: one over 400 lines
 * says why at its top, in a line of its first comment starting with
 * `Long because:`. The generated types (src/api/schema.gen.ts) are exempt.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './helpers/cli.js';

const MAX_LINES = 400;
const GENERATED = new Set(['src/api/schema.gen.ts']);

/** The lines of the comment the file opens with (a block comment or a run of `//` lines), unadorned. */
function firstCommentLines(text: string): string[] {
  const start = text.trimStart();
  if (start.startsWith('/*')) {
    const end = start.indexOf('*/');
    return start
      .slice(2, end === -1 ? undefined : end)
      .split('\n')
      .map((line) => line.replace(/^\s*\*?\s?/, '').trim());
  }
  const lines: string[] = [];
  for (const line of start.split('\n')) {
    if (!line.trimStart().startsWith('//')) break;
    lines.push(line.trimStart().slice(2).trim());
  }
  return lines;
}

function lineCount(text: string): number {
  return text.endsWith('\n') ? text.split('\n').length - 1 : text.split('\n').length;
}

/** Committed files under src/ over the limit whose first comment gives no reason. */
function longFilesWithoutReason(): string[] {
  const files = execFileSync('git', ['ls-files', 'src'], { cwd: REPO_ROOT, encoding: 'utf8' })
    .split('\n')
    .filter((file) => /\.[cm]?[jt]s$/.test(file) && !GENERATED.has(file));
  return files.filter((file) => {
    const text = readFileSync(join(REPO_ROOT, file), 'utf8');
    if (lineCount(text) <= MAX_LINES) return false;
    return !firstCommentLines(text).some((line) => line.startsWith('Long because:'));
  });
}

describe(`files in src/ over ${MAX_LINES} lines`, () => {
  it('reads the reason from the first comment, block or line comments', () => {
    expect(
      firstCommentLines('/**\n * What it is.\n *\n * Long because: one table.\n */\nx'),
    ).toContain('Long because: one table.');
    expect(
      firstCommentLines('// What it is.\n// Long because: one table.\nconst x = 1;'),
    ).toContain('Long because: one table.');
    expect(firstCommentLines('const x = 1;\n/** Long because: too late. */')).toEqual([]);
  });

  it('each says why at its top (`Long because:` in its first comment)', () => {
    expect(longFilesWithoutReason()).toEqual([]);
  });
});
