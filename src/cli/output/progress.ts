/**
 * A one-line progress indicator on stderr, shown only when stderr is a
 * terminal (never in pipes, logs or tests) and redrawn at most ~10 times a second.
 */
import type { ListProgress } from '../../api/client.js';
import { isQuiet } from '../io.js';

export interface Progress {
  update(progress: ListProgress): void;
  done(): void;
}

export function progressLine(stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY || isQuiet()) return { update() {}, done() {} };
  let last = 0;
  let shown = false;
  return {
    update(p) {
      const now = Date.now();
      if (now - last < 100 && p.windowsDone < p.windowsTotal) return;
      last = now;
      shown = true;
      const windows = p.windowsTotal > 1 ? ` ${p.windowsDone}/${p.windowsTotal} windows,` : '';
      stream.write(
        `\r\x1b[K${p.type}:${windows} ${p.documents} ${p.documents === 1 ? 'document' : 'documents'}`,
      );
    },
    done() {
      if (shown) stream.write('\r\x1b[K');
      shown = false;
    },
  };
}
