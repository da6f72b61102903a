import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ACTIONS = 'src/cli/actions';

/** Every module an action file imports, statically, by type or lazily. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(ACTIONS, file), 'utf8');
  return [...text.matchAll(/(?:from\s+|import\()\s*'([^']+)'/g)].map((match) => match[1] ?? '');
}

describe('the CLI layers', () => {
  it('actions import nothing from commands/: flag types live beside the action', () => {
    const upward = readdirSync(ACTIONS)
      .filter((file) => file.endsWith('.ts'))
      .flatMap((file) =>
        importsOf(file)
          .filter((target) => target.includes('/commands/'))
          .map((target) => `${file} -> ${target}`),
      );
    expect(upward).toEqual([]);
  });
});
