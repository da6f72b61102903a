/** Where `oura serve` keeps its state: `<OURA_DATA_DIR>/serve` (the key file sits there too by default). */
import { join } from 'node:path';
import { defaultDataDir } from '../history/paths.js';

export function serveDirectory(env: NodeJS.ProcessEnv): string {
  return join(env.OURA_DATA_DIR || defaultDataDir(env), 'serve');
}
