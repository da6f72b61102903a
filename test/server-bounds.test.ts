/**
 * Every server we run is bounded (src/net/bounded-server.ts): the webhook
 * receiver, the proxy (TCP and Unix socket), the login callback listener and
 * the emulator, each started for real and attacked over real sockets:
 * (a) a connection that sends half a request head (or half a body) and stalls
 *     is destroyed, not half-closed, within its timeout (the server keeps no
 *     descriptor for it);
 * (b) thousands of such connections do not keep a legitimate request out: the
 *     server holds at most its cap of them, and the request gets its answer;
 * (c) an over-limit body gets 413, where bodies are accepted.
 * Timeouts are shortened through each server's `bounds` option; the production
 * defaults are checked to be finite.
 */
import { readFileSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import { type AddressInfo, connect, type Socket } from 'node:net';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { type CallbackAnswer, LOOPBACK_BOUNDS, startLoopbackServer } from '../src/auth/loopback.js';
import { EMULATOR_BOUNDS } from '../src/emulator/bounds.js';
import { type Emulator, startEmulator } from '../src/emulator/index.js';
import { openForWrite } from '../src/history/database.js';
import { webhookStore } from '../src/history/webhook-store.js';
import { inThreadWriter } from '../src/history/window-writer.js';
import { resolveBounds, type ServerBounds } from '../src/net/bounded-server.js';
import { PROXY_BOUNDS } from '../src/proxy/bounds.js';
import { startProxy } from '../src/proxy/server.js';
import { RECEIVER_BOUNDS, type Receiver, startReceiver } from '../src/webhook/receiver.js';
import { freePort } from './helpers/ports.js';
import { tempDir } from './helpers/temp.js';
import { post, signedPost, until } from './helpers/webhook.js';

/** Where to connect: a TCP port on 127.0.0.1, or a Unix socket. */
type Target = { port: number } | { path: string };

/** Short timeouts for (a); Node checks them every tenth (here 30 ms). */
const SHORT: Partial<ServerBounds> = { headersTimeoutMs: 300, requestTimeoutMs: 600 };
/** For (b): the stalled connections must not time out during the test, only be pushed out. */
const LONG: Partial<ServerBounds> = { headersTimeoutMs: 60_000, requestTimeoutMs: 60_000 };
/** Stalled connections opened in (b): well over every cap. */
const STALLED = 2500;

const HALF_HEAD = 'POST /oura/webhook HTTP/1.1\r\nHost: 127.0.0.1\r\n';

function open(target: Target, allowHalfOpen: boolean): Socket {
  return 'path' in target
    ? connect({ path: target.path, allowHalfOpen })
    : connect({ port: target.port, host: '127.0.0.1', allowHalfOpen });
}

/**
 * Whether the server still holds a descriptor for its side of `ports` (a TCP
 * connection on 127.0.0.1), from Linux's socket table: a socket its owner
 * closed but that is still saying goodbye in the kernel is listed with inode
 * 0. A server that only half-closed (sent its FIN) keeps the descriptor, as
 * long as the client likes. Undefined where /proc/net/tcp cannot tell.
 */
function serverHolds(ports: { server: number; client: number }): boolean | undefined {
  let table: string;
  try {
    table = readFileSync('/proc/net/tcp', 'utf8');
  } catch {
    return undefined;
  }
  const hex = (port: number) => `:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  for (const line of table.split('\n').slice(1)) {
    const [, local, remote, , , , , , , inode] = line.trim().split(/\s+/);
    if (local?.endsWith(hex(ports.server)) && remote?.endsWith(hex(ports.client))) {
      return inode !== '0';
    }
  }
  return false;
}

/**
 * Sends `text` and then nothing, like a client that never finishes its
 * request, and never closes its side. Resolves with the milliseconds from
 * connecting to the moment the server let go of the socket: after its FIN,
 * the server side has no descriptor left (TCP on Linux), or else (a Unix
 * socket) a byte written now and then is answered with a reset.
 */
function stallUntilReleased(target: Target, text: string, deadlineMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = open(target, true);
    let connectedAt = 0;
    let ports: { server: number; client: number } | undefined;
    let ended = false;
    const finish = (outcome: Error | undefined) => {
      clearInterval(poll);
      clearTimeout(deadline);
      socket.destroy();
      if (outcome) reject(outcome);
      else resolve(performance.now() - connectedAt);
    };
    const poll = setInterval(() => {
      if (!ended) return;
      const held = ports ? serverHolds(ports) : undefined;
      if (held === false) finish(undefined);
      else if (held === undefined && !socket.destroyed) socket.write('x');
    }, 25);
    const deadline = setTimeout(() => {
      const how = ended ? 'half-closed, still held' : 'still open';
      finish(new Error(`${how} ${deadlineMs} ms after sending ${JSON.stringify(text)}`));
    }, deadlineMs);
    socket.once('connect', () => {
      connectedAt = performance.now();
      if (!('path' in target) && socket.localPort !== undefined) {
        ports = { server: target.port, client: socket.localPort };
      }
      socket.write(text);
    });
    socket.on('data', () => {});
    socket.once('end', () => {
      ended = true;
    });
    socket.on('error', () => {});
    socket.once('close', () => {
      if (ended && !ports) finish(undefined);
    });
  });
}

/** Connections that sent half a request head and wait; `closed` counts those the server dropped. */
class Stalled {
  readonly sockets: Socket[] = [];
  closed = 0;

  async open(target: Target, count: number, text: string): Promise<void> {
    // In batches below the listen backlog (511), so no TCP connect waits for a SYN retry.
    for (let done = 0; done < count; done += 200) {
      await Promise.all(
        Array.from({ length: Math.min(200, count - done) }, () => this.openOne(target, text)),
      );
    }
  }

  /**
   * Resolves once connected and the text is sent (or the server already
   * dropped it). A Unix socket refuses with EAGAIN while its backlog is full
   * (Node accepts from it slowly): a patient attacker tries again.
   */
  private openOne(target: Target, text: string): Promise<void> {
    return new Promise((resolve) => {
      const socket = open(target, false);
      let connected = false;
      socket.once('connect', () => {
        connected = true;
        this.sockets.push(socket);
        socket.write(text);
        resolve();
      });
      socket.on('error', () => {});
      socket.once('close', () => {
        if (connected) this.closed++;
        else setTimeout(() => this.openOne(target, text).then(resolve), 5);
      });
    });
  }

  destroy(): void {
    for (const socket of this.sockets) socket.destroy();
  }
}

/**
 * (b): fills the server with stalled connections until it has pushed out all
 * but `cap` of them, then checks that `legitimate` still gets its answer.
 */
async function servesWhileStalled(
  target: Target,
  cap: number,
  legitimate: () => Promise<number>,
  expected = 200,
): Promise<void> {
  const stalled = new Stalled();
  try {
    await stalled.open(target, STALLED, HALF_HEAD);
    await until(
      () => stalled.closed >= STALLED - cap,
      `server dropped all but its cap (${cap}) of ${STALLED} stalled connections (dropped ${stalled.closed})`,
      30_000,
    );
    expect(await legitimate()).toBe(expected);
    // The legitimate request took the place of one stalled connection at most.
    expect(stalled.closed).toBeLessThanOrEqual(STALLED - cap + 1);
  } finally {
    stalled.destroy();
  }
}

/** A GET over a fresh connection (no pooling), for a TCP port or a Unix socket. */
function get(
  target: Target,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    // The proxy checks Host against its own names.
    const where =
      'path' in target
        ? { socketPath: target.path, host: 'localhost' }
        : { host: '127.0.0.1', port: target.port };
    const req = httpRequest({ ...where, path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** POSTs `size` bytes in chunks, with no content-length: the limit must be found while reading. */
function postChunked(port: number, path: string, size: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        agent: false,
        headers: { 'content-type': 'application/json' },
      },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    // The server answers without reading the rest; an error before that answer fails the test.
    req.on('error', reject);
    const chunk = Buffer.alloc(8 * 1024, 'x');
    for (let sent = 0; sent < size; sent += chunk.length) req.write(chunk);
    req.end();
  });
}

const portOf = (url: string) => Number(new URL(url).port);

it.skipIf(process.platform !== 'linux')(
  "the probe tells a half-closed socket (the receiver's old timeout handling) from a destroyed one",
  async () => {
    for (const [how, onError] of [
      ['half-closed', (socket: Duplex) => socket.end('HTTP/1.1 408 Request Timeout\r\n\r\n')],
      ['destroyed', (socket: Duplex) => socket.destroy()],
    ] as const) {
      const server = createServer({ headersTimeout: 200, connectionsCheckingInterval: 20 });
      server.on('clientError', (_error, socket) => onError(socket));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        const stalled = stallUntilReleased(
          { port: (server.address() as AddressInfo).port },
          HALF_HEAD,
          1500,
        );
        if (how === 'destroyed') expect(await stalled).toBeGreaterThanOrEqual(200 - 20);
        else await expect(stalled).rejects.toThrow(/half-closed, still held/);
      } finally {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
    }
  },
);

it('the production limits are finite, and each server names its own', () => {
  for (const [name, bounds] of Object.entries({
    RECEIVER_BOUNDS,
    PROXY_BOUNDS,
    LOOPBACK_BOUNDS,
    EMULATOR_BOUNDS,
  })) {
    // Positive integers, headers within request (what resolveBounds checks).
    expect(resolveBounds(bounds), name).toEqual(bounds);
    expect(bounds.headersTimeoutMs, name).toBeLessThanOrEqual(10_000);
    expect(bounds.requestTimeoutMs, name).toBeLessThanOrEqual(30_000);
    expect(bounds.idleTimeoutMs, name).toBeLessThanOrEqual(120_000);
    expect(bounds.keepAliveTimeoutMs, name).toBeLessThanOrEqual(65_000);
    expect(bounds.maxConnections, name).toBeLessThanOrEqual(1024);
  }
  // The receiver keeps idle connections 65 s (see RECEIVER_BOUNDS) and is the tightest.
  expect(RECEIVER_BOUNDS.keepAliveTimeoutMs).toBe(65_000);
  expect(RECEIVER_BOUNDS.requestTimeoutMs).toBe(10_000);
  expect(() => resolveBounds(RECEIVER_BOUNDS, { headersTimeoutMs: 0 })).toThrow(RangeError);
  expect(() => resolveBounds(RECEIVER_BOUNDS, { headersTimeoutMs: 20_000 })).toThrow(
    /headersTimeoutMs/,
  );
});

describe('the webhook receiver', () => {
  const secret = 'receiver-test-secret';
  const userId = 'user-under-test';

  async function start(bounds: Partial<ServerBounds>): Promise<Receiver> {
    const db = await openForWrite(join(await tempDir('oura-bounds-'), 'history.sqlite'));
    const store = webhookStore(db, inThreadWriter(db));
    const receiver = await startReceiver({
      host: '127.0.0.1',
      port: 0,
      path: '/oura/webhook',
      clientSecret: secret,
      verificationToken: async () => 'verification-token',
      userId,
      store,
      onQueued: () => {},
      log: () => {},
      bounds,
    });
    return {
      url: receiver.url,
      close: async () => {
        await receiver.close();
        await store.close();
      },
    };
  }

  const delivery = (id: string) => ({
    event_type: 'update',
    data_type: 'daily_sleep',
    object_id: id,
    event_time: new Date().toISOString(),
    user_id: userId,
  });

  it('(a) destroys a connection stalled in its request head or its body', async () => {
    const receiver = await start(SHORT);
    try {
      const target = { port: portOf(receiver.url) };
      const [head, body] = await Promise.all([
        stallUntilReleased(target, HALF_HEAD, 5000),
        stallUntilReleased(
          target,
          `${HALF_HEAD}content-type: application/json\r\ncontent-length: 100\r\n\r\n{"event_type"`,
          5000,
        ),
      ]);
      expect(head).toBeGreaterThanOrEqual(300 - 20);
      expect(body).toBeGreaterThanOrEqual(600 - 20);
    } finally {
      await receiver.close();
    }
  });

  it(`(b) accepts a signed delivery while ${STALLED} stalled connections come in`, async () => {
    const receiver = await start(LONG);
    try {
      await servesWhileStalled({ port: portOf(receiver.url) }, RECEIVER_BOUNDS.maxConnections, () =>
        signedPost(receiver.url, secret, delivery('doc-under-siege')),
      );
    } finally {
      await receiver.close();
    }
  });

  it('(c) answers an over-limit body 413, declared or streamed', async () => {
    const receiver = await start({});
    try {
      const big = JSON.stringify({ ...delivery('big'), padding: 'x'.repeat(70 * 1024) });
      expect(await post(receiver.url, big)).toBe(413);
      expect(await postChunked(portOf(receiver.url), '/oura/webhook', 100 * 1024)).toBe(413);
      // And it carries on.
      expect(await signedPost(receiver.url, secret, delivery('after-413'))).toBe(200);
    } finally {
      await receiver.close();
    }
  });
});

describe('the proxy', () => {
  async function withProxy(
    bounds: Partial<ServerBounds>,
    socketPath: string | undefined,
    run: (target: Target, base: string) => Promise<void>,
  ): Promise<void> {
    const emulator = await startEmulator();
    const proxy = await startProxy({
      apiUrl: emulator.url,
      token: emulator.mintTokens().access_token,
      bounds,
      ...(socketPath === undefined ? {} : { socketPath }),
    });
    try {
      const target = socketPath === undefined ? { port: portOf(proxy.url) } : { path: socketPath };
      // The path prefix a request needs: the key on TCP, nothing on the socket.
      const base = socketPath === undefined ? new URL(proxy.url).pathname : '';
      await run(target, base);
    } finally {
      await proxy.close();
      await emulator.close();
    }
  }

  for (const kind of ['TCP', 'Unix socket'] as const) {
    const socketPath = async () =>
      kind === 'TCP' ? undefined : join(await tempDir('oura-bounds-'), 'proxy.sock');

    it.skipIf(kind !== 'TCP' && process.platform === 'win32')(
      `(a) on ${kind}: destroys a connection stalled in its request head`,
      async () => {
        await withProxy(SHORT, await socketPath(), async (target) => {
          const elapsed = await stallUntilReleased(target, 'GET /v2/usercollection/', 5000);
          expect(elapsed).toBeGreaterThanOrEqual(300 - 20);
        });
      },
    );

    it.skipIf(kind !== 'TCP' && process.platform === 'win32')(
      `(b) on ${kind}: forwards a request while ${STALLED} stalled connections come in`,
      async () => {
        await withProxy(LONG, await socketPath(), async (target, base) => {
          await servesWhileStalled(
            target,
            PROXY_BOUNDS.maxConnections,
            async () => (await get(target, `${base}/v2/usercollection/personal_info`)).status,
          );
        });
      },
    );
  }
});

describe('the login callback listener', () => {
  async function withListener(
    bounds: Partial<ServerBounds>,
    run: (target: Target, callback: string) => Promise<void>,
  ): Promise<void> {
    const port = await freePort();
    const listener = await startLoopbackServer({
      redirectUri: `http://localhost:${port}/callback`,
      expectedState: 'the-state',
      onCallback: async (): Promise<CallbackAnswer> => ({
        ok: true,
        title: 'Logged in',
        detail: 'You can close this tab.',
      }),
      bounds,
    });
    try {
      await run({ port }, '/callback?state=the-state&code=the-code');
    } finally {
      await listener.close();
    }
  }

  it('(a) destroys a connection stalled in its request head', async () => {
    await withListener(SHORT, async (target) => {
      const elapsed = await stallUntilReleased(target, 'GET /callback?state=', 5000);
      expect(elapsed).toBeGreaterThanOrEqual(300 - 20);
    });
  });

  it(`(b) takes the browser's callback while ${STALLED} stalled connections come in`, async () => {
    await withListener(LONG, async (target, callback) => {
      await servesWhileStalled(
        target,
        LOOPBACK_BOUNDS.maxConnections,
        async () => (await get(target, callback)).status,
      );
    });
  });
});

describe('the emulator', () => {
  async function withEmulator(
    options: Parameters<typeof startEmulator>[0],
    run: (emulator: Emulator, target: Target, token: string) => Promise<void>,
  ): Promise<void> {
    const emulator = await startEmulator(options);
    try {
      await run(emulator, { port: portOf(emulator.url) }, emulator.mintTokens().access_token);
    } finally {
      await emulator.close();
    }
  }
  const personalInfo = '/v2/usercollection/personal_info';

  it('(a) destroys a connection stalled in its request head or its body', async () => {
    await withEmulator({ bounds: SHORT }, async (_emulator, target) => {
      const [head, body] = await Promise.all([
        stallUntilReleased(target, 'GET /v2/usercollection/', 5000),
        stallUntilReleased(
          target,
          'POST /oauth/token HTTP/1.1\r\nHost: x\r\ncontent-length: 100\r\n\r\ngrant_type=',
          5000,
        ),
      ]);
      expect(head).toBeGreaterThanOrEqual(300 - 20);
      expect(body).toBeGreaterThanOrEqual(600 - 20);
    });
  });

  it('(a) never cuts a slow answer: latencyMs well over the request timeout is served', async () => {
    await withEmulator({ bounds: SHORT, latencyMs: 1500 }, async (_emulator, target, token) => {
      const answer = await get(target, personalInfo, { authorization: `Bearer ${token}` });
      expect(answer.status).toBe(200);
    });
  });

  it('(a) drops a request whose answer moves no byte for idleTimeoutMs (a hung token endpoint)', async () => {
    await withEmulator({ bounds: { ...SHORT, idleTimeoutMs: 400 } }, async (emulator, target) => {
      emulator.setFaults({ token: 'hang' });
      const started = performance.now();
      const body = 'grant_type=refresh_token&refresh_token=x';
      const outcome = await new Promise<string>((resolve) => {
        const req = httpRequest(
          {
            host: '127.0.0.1',
            port: (target as { port: number }).port,
            path: '/oauth/token',
            method: 'POST',
            agent: false,
            headers: {
              'content-type': 'application/x-www-form-urlencoded',
              'content-length': Buffer.byteLength(body),
            },
          },
          (res) => resolve(`answered ${res.statusCode}`),
        );
        req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
        req.end(body);
      });
      expect(outcome).toBe('ECONNRESET');
      expect(performance.now() - started).toBeGreaterThanOrEqual(400 - 20);
    });
  });

  it(`(b) serves the API while ${STALLED} stalled connections come in`, async () => {
    await withEmulator({ bounds: LONG }, async (_emulator, target, token) => {
      await servesWhileStalled(
        target,
        EMULATOR_BOUNDS.maxConnections,
        async () => (await get(target, personalInfo, { authorization: `Bearer ${token}` })).status,
      );
    });
  });

  it('(b) at the cap, requests being answered keep their connections; a newcomer is turned away', async () => {
    await withEmulator(
      { bounds: { ...SHORT, maxConnections: 4 }, latencyMs: 1500 },
      async (emulator, target, token) => {
        const answers = Array.from({ length: 4 }, () =>
          get(target, personalInfo, { authorization: `Bearer ${token}` }),
        );
        await until(() => emulator.stats.apiRequests >= 4, 'four requests being answered');
        await expect(get(target, personalInfo)).rejects.toThrow(/socket hang up|ECONNRESET/);
        expect((await Promise.all(answers)).map((answer) => answer.status)).toEqual([
          200, 200, 200, 200,
        ]);
      },
    );
  });

  it('(c) answers an over-limit body 413, declared or streamed (it was a 500)', async () => {
    await withEmulator({}, async (emulator, target) => {
      const port = (target as { port: number }).port;
      const big = `grant_type=refresh_token&refresh_token=${'x'.repeat(70 * 1024)}`;
      const declared = await fetch(`${emulator.url}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: big,
      });
      expect(declared.status).toBe(413);
      expect(await postChunked(port, '/_emulator/webhook/events', 100 * 1024)).toBe(413);
      // And it carries on.
      const ok = await get(target, '/v2/usercollection/personal_info', {
        authorization: `Bearer ${emulator.mintTokens().access_token}`,
      });
      expect(ok.status).toBe(200);
    });
  });
});
