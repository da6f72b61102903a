/**
 * A one-line progress indicator on stderr, shown only when stderr is a
 * terminal (never in pipes, logs or tests) and redrawn at most ~10 times a second.
 */
import type { ListProgress } from '../../api/client.js';
import type { CliIo } from '../cli-io.js';

export interface Progress {
  update(progress: ListProgress): void;
  done(): void;
}

/** On the invocation's stderr; nothing with --quiet or when stderr is not a terminal. */
export function progressLine(io: CliIo): Progress {
  const stream = io.stderr;
  if (!stream.isTTY || io.quiet) return { update() {}, done() {} };
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
