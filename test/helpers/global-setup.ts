import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Tests spawn the built CLI: make sure `npm test` built it first. */
export default function setup(): void {
  const root = resolve(import.meta.dirname, '..', '..');
  if (!existsSync(join(root, 'dist', 'cli', 'main.js'))) {
    throw new Error('dist/ is missing: run `npm test` (it builds first) or `npm run build`.');
  }
}
