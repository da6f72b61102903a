/**
 * What the data client needs of HTTP: one GET and the parts of its answer it
 * reads. A global `fetch` satisfies it as it is, so a caller may inject one
 * (tests, proxies, other runtimes); by default the client uses
 * `node-transport.ts`, which spares a fresh process the cost of loading fetch.
 */

/** The answer's header fields by name (case-insensitive), as `Headers.get` reads them. */
export interface AnswerHeaders {
  get(name: string): string | null;
}

/** One answer: its head at once, its body read once through `json()`, `text()` or `arrayBuffer()`. */
export interface TransportAnswer {
  readonly status: number;
  /** Status 200–299. */
  readonly ok: boolean;
  readonly headers: AnswerHeaders;
  /**
   * The body parsed. Rejects when the body is cut off, too large or not JSON,
   * and with the signal's reason when it is aborted while the body streams.
   */
  json(): Promise<unknown>;
  text(): Promise<string>;
  /**
   * The body's bytes, undecoded (fetch's answers have it): the client reads
   * heart-rate pages from their bytes. Without it, they are encoded from `text()`.
   */
  arrayBuffer?(): Promise<ArrayBuffer>;
}

/** A request's head; the signal ends it, before the answer or while its body streams. */
export interface TransportRequest {
  method: 'GET';
  headers: Record<string, string>;
  signal: AbortSignal;
}

/**
 * Sends one request. Network failures reject with an error whose `code` (or its
 * `cause`'s) names the system error (`ECONNREFUSED`, `ENOTFOUND`, …); an
 * aborted request rejects with the signal's reason.
 */
export type HttpTransport = (url: URL, request: TransportRequest) => Promise<TransportAnswer>;

/** A body past the transport's bound: refused rather than held in memory. */
export class AnswerTooLargeError extends Error {
  override readonly name = 'AnswerTooLargeError';
  constructor(readonly maxBytes: number) {
    const mib = maxBytes / 2 ** 20;
    super(
      `the answer was larger than ${Number.isInteger(mib) ? `${mib} MiB` : `${maxBytes} bytes`}`,
    );
  }
}
