/**
 * Writing to stdout with backpressure, so streamed output (ndjson, csv) never
 * piles up in memory when the reader is slower than the network.
 */
import type { FileHandle } from 'node:fs/promises';
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

/** Text gathered before one write to the file: a system call per 64 KiB rather than per row. */
const FILE_CHUNK_CHARS = 64 * 1024;

/**
 * A sink onto an open file (the temp file of an atomic write). Writes are
 * gathered and written whole (`FileHandle.writeFile` writes every byte or
 * throws, ENOSPC included); `flush()` writes the rest and must be awaited
 * before the file is closed.
 */
export function fileSink(file: FileHandle): Sink & { flush(): Promise<void> } {
  let chunks: string[] = [];
  let size = 0;
  const flush = async () => {
    if (size === 0) return;
    const text = chunks.join('');
    chunks = [];
    size = 0;
    await file.writeFile(text);
  };
  return {
    async write(text) {
      chunks.push(text);
      size += text.length;
      if (size >= FILE_CHUNK_CHARS) await flush();
    },
    flush,
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
