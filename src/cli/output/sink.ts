/**
 * Writing to stdout with backpressure, so streamed output (ndjson, csv) never
 * piles up in memory when the reader is slower than the network.
 */
import type { Writable } from 'node:stream';

/** A text sink that resolves once the stream can take more. */
export interface Sink {
  write(text: string): Promise<void>;
}

/**
 * The reader closed the pipe (`oura get … | head`): not a failure of ours.
 * Commands stop producing and exit 0 quietly (see reportError).
 */
export class OutputClosedError extends Error {
  constructor() {
    super('the reader of the output closed the pipe');
    this.name = 'OutputClosedError';
  }
}

/**
 * Wraps a writable stream. A stream error (EPIPE when the reader went away)
 * is kept and rejects the pending and every later write, so the command
 * unwinds through its own `finally` blocks instead of the process being ended
 * from inside the listener.
 */
export function streamSink(stream: Writable): Sink {
  let failure: Error | undefined;
  const failed = new Promise<never>((_resolve, reject) => {
    stream.once('error', (error: NodeJS.ErrnoException) => {
      failure = error.code === 'EPIPE' ? new OutputClosedError() : error;
      reject(failure);
    });
  });
  // Only seen through write(); nobody may be waiting when the error comes.
  failed.catch(() => undefined);
  return {
    write(text) {
      if (failure) return Promise.reject(failure);
      if (stream.write(text)) return Promise.resolve();
      return Promise.race([new Promise<void>((resolve) => stream.once('drain', resolve)), failed]);
    },
  };
}

/** Collects everything written, for tests and for callers that want a string. */
export function memorySink(): Sink & { text(): string } {
  const chunks: string[] = [];
  return {
    write(text) {
      chunks.push(text);
      return Promise.resolve();
    },
    text: () => chunks.join(''),
  };
}
