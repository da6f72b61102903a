/**
 * Writing to stdout with backpressure, so streamed output (ndjson, csv) never
 * piles up in memory when the reader is slower than the network.
 */
import type { Writable } from 'node:stream';

/** A text sink that resolves once the stream can take more. */
export interface Sink {
  write(text: string): Promise<void>;
}

/** Wraps a writable stream; a closed pipe (`oura get … | head`) ends the process quietly. */
export function streamSink(stream: Writable): Sink {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  return {
    write(text) {
      if (stream.write(text)) return Promise.resolve();
      return new Promise((resolve) => stream.once('drain', resolve));
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
