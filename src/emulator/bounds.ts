import type { ServerBounds } from '../net/bounded-server.js';

/**
 * The emulator listens on 127.0.0.1 for tests and demos; its limits keep a
 * stuck client from holding it, and stay out of the way of its own faults.
 */
export const EMULATOR_BOUNDS: Readonly<ServerBounds> = Object.freeze({
  // Requests are small forms and JSON objects, sent at once.
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  // Must outlast the answers it delays on purpose: `latencyMs` (tests use up
  // to 10 s) and a token request held by the `hang` fault until a test
  // releases it or gives up. Those count as answering, not as slow requests.
  idleTimeoutMs: 120_000,
  keepAliveTimeoutMs: 5_000,
  // Benchmarks and sync tests run tens of requests at once; the rest is margin.
  maxConnections: 1024,
});
