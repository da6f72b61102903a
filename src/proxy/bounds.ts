import type { ServerBounds } from '../net/bounded-server.js';

/**
 * Only programs on this machine reach the proxy, but on TCP any local user
 * can connect (the key is checked only once a request head is in).
 */
export const PROXY_BOUNDS: Readonly<ServerBounds> = Object.freeze({
  // A local program sends its head at once, and no body (GET and HEAD only):
  // 30 s to send a request bounds a body sent anyway, which is read and dropped.
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  // An answer from Oura that moves no byte for 2 minutes is not coming, and a
  // caller that reads nothing for that long has left.
  idleTimeoutMs: 120_000,
  keepAliveTimeoutMs: 5_000,
  // Room for a program that fires hundreds of requests at once (fetch opens a
  // connection per request in flight), below common descriptor limits.
  maxConnections: 1024,
});
