/**
 * The data client's default transport, on `node:http`/`node:https` rather than
 * the global `fetch`: Node 20 compiles fetch (undici) on first use, which cost a
 * one-request `oura get` 60–110 ms of its start-up, against ~11 ms for a GET
 * through `node:http`; a long sync spent most of a second of main thread in it.
 *
 * - `node:http`, `node:https` and `node:zlib` are loaded on first need, so
 *   importing the library loads none of them and an `http:` emulator never
 *   loads TLS.
 * - One keep-alive agent per protocol for the whole process: every client (a
 *   service holds one per person) reuses the same connections to Oura, and
 *   each client's own limiter bounds its requests in flight.
 * - Bodies are asked for compressed (gzip, deflate, br) and decoded here, as
 *   fetch did, and read at once into memory, up to a bound; the answer is
 *   handed over when its body is in, so a request's slot spans its connection's use.
 * - The request's signal ends it before the answer and while the body
 *   streams: the promise or the body rejects with the signal's reason, as
 *   fetch's do, so the client tells a timeout from a network failure the same
 *   way. A body cut off mid-way rejects too (the client retries it).
 */
import type {
  Agent,
  ClientRequest,
  IncomingHttpHeaders,
  IncomingMessage,
  RequestOptions,
} from 'node:http';
import { createRequire } from 'node:module';
import type { Transform } from 'node:stream';
import {
  AnswerTooLargeError,
  type HttpTransport,
  type TransportAnswer,
  type TransportRequest,
} from './transport.js';

/** Far above any page Oura answers (a month of heart rate is a few MB), far below what hurts. */
const MAX_BODY_BYTES = 64 * 1024 * 1024;

export interface NodeTransportOptions {
  /** The most bytes a body may hold once decoded (default 64 MiB). */
  maxBodyBytes?: number;
}

type Send = (url: URL, options: RequestOptions) => ClientRequest;

interface Protocol {
  send: Send;
  agent: Agent;
}

/** Made on first use of each protocol; shared by every transport of the process. */
const protocols = new Map<string, Protocol>();

function protocolFor(name: string): Protocol {
  let made = protocols.get(name);
  if (made === undefined) {
    made = loadProtocol(name);
    protocols.set(name, made);
  }
  return made;
}

function loadProtocol(name: string): Protocol {
  // Node 20's own global agents keep connections alive the same way (lifo, 5 s idle).
  const options = { keepAlive: true, scheduling: 'lifo', timeout: 5000 } as const;
  // Required, not imported: from Node 22 on, node:http exports WebSocket, CloseEvent
  // and MessageEvent from undici, and an ES import reads every export, which loads
  // undici (~70 ms of start-up on Node 24). The CommonJS object reads them on use only.
  const require = createRequire(import.meta.url);
  if (name === 'https:') {
    const https: typeof import('node:https') = require('node:https');
    return { send: https.request, agent: new https.Agent(options) };
  }
  if (name === 'http:') {
    const http: typeof import('node:http') = require('node:http');
    return { send: http.request, agent: new http.Agent(options) };
  }
  throw new TypeError(`unsupported protocol ${name}`);
}

/** The default {@link HttpTransport}: GET over `node:http`/`node:https`. */
export function nodeTransport(options: NodeTransportOptions = {}): HttpTransport {
  const maxBytes = options.maxBodyBytes ?? MAX_BODY_BYTES;
  return async (url, request) => {
    request.signal.throwIfAborted();
    return exchange(protocolFor(url.protocol), url, request, maxBytes);
  };
}

function exchange(
  { send, agent }: Protocol,
  url: URL,
  { method, headers, signal }: TransportRequest,
  maxBytes: number,
): Promise<TransportAnswer> {
  return new Promise<TransportAnswer>((resolve, reject) => {
    const req = send(url, {
      method,
      headers: { ...headers, 'accept-encoding': 'gzip, deflate, br' },
      agent,
    });
    /** Until the head has come, an abort rejects the answer; then the body reader sees it. */
    const onAbort = () => {
      reject(signal.reason);
      req.destroy();
    };
    signal.addEventListener('abort', onAbort, { once: true });
    req.on('error', (error) => {
      signal.removeEventListener('abort', onAbort);
      reject(signal.aborted ? signal.reason : error);
    });
    req.on('response', (res) => {
      signal.removeEventListener('abort', onAbort);
      const body = readBody(res, signal, maxBytes);
      const text = () => body.then((bytes) => bytes.toString('utf8'));
      const status = res.statusCode ?? 0;
      const answer: TransportAnswer = {
        status,
        ok: status >= 200 && status < 300,
        headers: { get: (name) => headerValue(res.headers, name) },
        json: () => text().then((body) => JSON.parse(body) as unknown),
        text,
        arrayBuffer: () => body.then(ownBuffer),
      };
      // Handed over once the body is in (a failed body rejects when it is read):
      // the client's limiter holds a request's slot until then. Released at the
      // head, the next request found this connection still busy with the body
      // and the agent opened another, a TLS handshake each with Oura (a year
      // of the daily types at 8 in flight opened 11 to 15 where 8 serve).
      const settled = () => resolve(answer);
      body.then(settled, settled);
    });
    req.end();
  });
}

/** The bytes' own ArrayBuffer: a small body may sit in Node's shared pool, and is then copied out. */
function ownBuffer(bytes: Buffer): ArrayBuffer {
  const { buffer, byteOffset, byteLength } = bytes;
  return byteOffset === 0 && byteLength === buffer.byteLength
    ? (buffer as ArrayBuffer)
    : (buffer.slice(byteOffset, byteOffset + byteLength) as ArrayBuffer);
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | null {
  const value = headers[name.toLowerCase()];
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(', ') : value;
}

/**
 * The whole body, decoded; rejects if it is cut off (Node's parser fails a
 * connection closed before the declared length or the last chunk), too large,
 * badly encoded or aborted.
 */
async function readBody(res: IncomingMessage, signal: AbortSignal, maxBytes: number) {
  const onAbort = () => res.destroy(signal.reason as Error);
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    if (signal.aborted) throw signal.reason;
    const decoded = await decode(res);
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of decoded as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > maxBytes) {
        res.destroy();
        throw new AnswerTooLargeError(maxBytes);
      }
      chunks.push(chunk);
    }
    return Buffer.concat(chunks, size);
  } catch (error) {
    throw signal.aborted ? signal.reason : error;
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

/** `res` itself, or the stream that decodes its content codings (RFC 9110 §8.4), last applied first. */
async function decode(res: IncomingMessage): Promise<NodeJS.ReadableStream> {
  const codings = (res.headers['content-encoding'] ?? '')
    .split(',')
    .map((coding) => coding.trim().toLowerCase())
    .filter((coding) => coding !== '' && coding !== 'identity')
    .reverse();
  if (codings.length === 0) return res;
  const [zlib, { pipeline }] = await Promise.all([import('node:zlib'), import('node:stream')]);
  const decoders: Transform[] = codings.map((coding) => {
    if (coding === 'gzip' || coding === 'x-gzip') return zlib.createGunzip();
    if (coding === 'deflate') return zlib.createInflate();
    if (coding === 'br') return zlib.createBrotliDecompress();
    res.destroy();
    throw new Error(`the answer came in an encoding that was not asked for (${coding})`);
  });
  // An error of any stage (a cut connection, a broken gzip) ends the last one, which is read.
  pipeline([res, ...decoders], () => undefined);
  return decoders[decoders.length - 1] ?? res;
}
