import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createClientMetadataCache } from '../src/serve/client-metadata/client-metadata-cache.js';
import {
  type ClientMetadataFetchOptions,
  fetchClientMetadataDocument,
} from '../src/serve/client-metadata/client-metadata-document.js';
import { ClientMetadataError } from '../src/serve/client-metadata/client-metadata-error.js';
import { selfSignedCert } from './helpers/tls.js';

const HOST = 'client.test';
let key: string;
let cert: string;

beforeAll(() => {
  ({ key, cert } = selfSignedCert(`DNS:${HOST}`));
});

interface TestServer {
  port: number;
  /** Paths requested, in order. */
  paths: string[];
  /** Sockets accepted, including those that never sent a request. */
  sockets: Socket[];
  /** The local address each accepted socket was reached at. */
  reachedAt: string[];
  server: Server;
}

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function startServer(
  handler: (req: IncomingMessage, res: ServerResponse, server: TestServer) => void,
  { host = '127.0.0.1', port = 0 } = {},
): Promise<TestServer> {
  const server = createServer({ key, cert });
  const state: TestServer = { port: 0, paths: [], sockets: [], reachedAt: [], server };
  server.on('secureConnection', (socket) => {
    state.sockets.push(socket);
    state.reachedAt.push(socket.localAddress ?? '');
  });
  server.on('request', (req, res) => {
    state.paths.push(req.url ?? '');
    handler(req, res, state);
  });
  servers.push(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  state.port = (server.address() as AddressInfo).port;
  return state;
}

const clientId = (port: number, path = '/client.json') => `https://${HOST}:${port}${path}`;

function documentFor(id: string, extra: Record<string, unknown> = {}) {
  return {
    client_id: id,
    client_name: 'Test Client',
    client_uri: 'https://client.example/',
    redirect_uris: ['https://client.example/callback', 'http://127.0.0.1:33418/callback'],
    ...extra,
  };
}

function serveJson(body: unknown, headers: Record<string, string> = {}) {
  return (_req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(200, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
}

const toLoopback = async () => [{ address: '127.0.0.1', family: 4 }];

/** What every test that needs a document to arrive passes: 127.0.0.1 let through, and nothing else. */
const reachLoopback: ClientMetadataFetchOptions = {
  lookup: toLoopback,
  get ca() {
    return cert;
  },
  dangerouslyAllowNonPublicAddress: (address) => address === '127.0.0.1',
};

async function refusal(promise: Promise<unknown>): Promise<ClientMetadataError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ClientMetadataError);
  const refused = error as ClientMetadataError;
  expect(refused.code).toBe('CLIENT_METADATA_REFUSED');
  expect(refused.oauthError).toBe('invalid_client');
  return refused;
}

describe('fetchClientMetadataDocument: the success path', () => {
  it('returns the client, named by its URL, as a public client', async () => {
    let seen: { host: string | undefined; servername: unknown } | undefined;
    const server = await startServer((req, res, state) => {
      seen = { host: req.headers.host, servername: (req.socket as TLSSocket).servername };
      serveJson(documentFor(clientId(state.port), { extra_field: 'kept out' }))(req, res);
    });
    const id = clientId(server.port);
    const metadata = await fetchClientMetadataDocument(id, reachLoopback);
    expect(metadata).toEqual({
      client_id: id,
      client_name: 'Test Client',
      client_uri: 'https://client.example/',
      redirect_uris: ['https://client.example/callback', 'http://127.0.0.1:33418/callback'],
      token_endpoint_auth_method: 'none',
    });
    // TLS and HTTP name the client's host, though the socket went to the vetted address.
    expect(seen).toEqual({ host: `${HOST}:${server.port}`, servername: HOST });
  });

  it('refuses a server whose certificate is not trusted', async () => {
    const server = await startServer((req, res, state) =>
      serveJson(documentFor(clientId(state.port)))(req, res),
    );
    const { ca: _ca, ...untrusting } = reachLoopback;
    const error = await refusal(fetchClientMetadataDocument(clientId(server.port), untrusting));
    expect(error.message).toMatch(/could not be fetched \(.*CERT.*\)/i);
  });
});

describe('fetchClientMetadataDocument: the URL', () => {
  it.each([
    ['http://client.example/client.json', /must use https/],
    ['https://user:pw@client.example/client.json', /user name or password/],
    ['https://client.example/client.json#top', /fragment/],
    ['https://client.example/', /must have a path/],
    ['https://client.example', /must have a path/],
    ['https://client.example/a/../client.json', /canonical/],
    ['https://CLIENT.example/client.json', /canonical/],
    ['https://client.example:443/client.json', /canonical/],
    [`https://client.example/${'a'.repeat(1100)}`, /longer than/],
    ['not a url', /not a valid URL/],
  ])('refuses %s before any lookup', async (url, message) => {
    let lookups = 0;
    const error = await refusal(
      fetchClientMetadataDocument(url, {
        lookup: async () => {
          lookups++;
          return [{ address: '8.8.8.8', family: 4 }];
        },
      }),
    );
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain('pw@');
    expect(lookups).toBe(0);
  });
});

describe('fetchClientMetadataDocument: the default address policy', () => {
  it.each([
    '127.0.0.1',
    '[::1]',
    '10.0.0.1',
    '192.168.1.1',
    '169.254.169.254',
    '[fe80::1]',
    '[::ffff:7f00:1]',
  ])('refuses the literal address %s', async (host) => {
    const error = await refusal(fetchClientMetadataDocument(`https://${host}/client.json`));
    expect(error.message).toMatch(/not public/);
  });

  it('refuses a live loopback server without ever connecting to it', async () => {
    const server = await startServer((req, res, state) =>
      serveJson(documentFor(`https://127.0.0.1:${state.port}/client.json`))(req, res),
    );
    await refusal(
      fetchClientMetadataDocument(`https://127.0.0.1:${server.port}/client.json`, { ca: cert }),
    );
    const { ca: _ca, dangerouslyAllowNonPublicAddress: _allow, ...byName } = reachLoopback;
    const error = await refusal(
      fetchClientMetadataDocument(clientId(server.port), { ...byName, ca: cert }),
    );
    expect(error.message).toContain(`https://${HOST}:${server.port}`);
    expect(error.message).not.toContain('127.0.0.1');
    expect(server.sockets).toHaveLength(0);
  });

  it('refuses `localhost` as the real resolver answers it', async () => {
    const error = await refusal(fetchClientMetadataDocument('https://localhost/client.json'));
    expect(error.message).toMatch(/not public/);
  });

  it('refuses a name when any one of its addresses is not public', async () => {
    const error = await refusal(
      fetchClientMetadataDocument(`https://${HOST}/client.json`, {
        lookup: async () => [
          { address: '8.8.8.8', family: 4 },
          { address: '2606:4700:4700::1111', family: 6 },
          { address: '::ffff:10.1.2.3', family: 6 },
        ],
      }),
    );
    expect(error.message).toMatch(/not public/);
  });

  it('refuses a name with no address, and a name that does not resolve', async () => {
    await refusal(
      fetchClientMetadataDocument(`https://${HOST}/c.json`, { lookup: async () => [] }),
    );
    const error = await refusal(fetchClientMetadataDocument('https://no-such-host.invalid/c.json'));
    expect(error.message).toMatch(/could not be resolved/);
  });
});

describe('fetchClientMetadataDocument: DNS rebinding', () => {
  it('connects to the address it checked, and asks DNS only once', async () => {
    const good = await startServer((req, res, state) =>
      serveJson(documentFor(clientId(state.port)))(req, res),
    );
    // The second answer, where a naive client would go: same port, another loopback address.
    const evil = await startServer(
      (req, res) => serveJson(documentFor(clientId(good.port)))(req, res),
      {
        host: '127.0.0.2',
        port: good.port,
      },
    );
    const answers: string[] = [];
    const rebinding = async () => {
      const address = answers.length === 0 ? '127.0.0.1' : '127.0.0.2';
      answers.push(address);
      return [{ address, family: 4 }];
    };
    const metadata = await fetchClientMetadataDocument(clientId(good.port), {
      ...reachLoopback,
      lookup: rebinding,
    });
    expect(metadata.client_id).toBe(clientId(good.port));
    expect(answers).toEqual(['127.0.0.1']);
    expect(good.paths).toEqual(['/client.json']);
    expect(good.reachedAt).toEqual(['127.0.0.1']);
    expect(evil.sockets).toHaveLength(0);
  });
});

describe('fetchClientMetadataDocument: the answer', () => {
  it('refuses a redirect without following it', async () => {
    const server = await startServer((req, res, state) => {
      if (req.url === '/client.json') {
        res.writeHead(302, { location: clientId(state.port, '/moved.json') });
        res.end();
      } else serveJson(documentFor(clientId(state.port, '/moved.json')))(req, res);
    });
    const error = await refusal(fetchClientMetadataDocument(clientId(server.port), reachLoopback));
    expect(error.message).toMatch(/redirect \(HTTP 302\), which is not followed/);
    expect(server.paths).toEqual(['/client.json']);
  });

  it('drops an endless body as soon as it passes the cap', async () => {
    let closed = false;
    const server = await startServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(1024, 0x20);
      const pump = () => {
        while (!res.destroyed && res.write(chunk)) {}
        if (!res.destroyed) res.once('drain', pump);
      };
      req.socket.on('close', () => {
        closed = true;
      });
      pump();
    });
    const started = performance.now();
    const error = await refusal(
      fetchClientMetadataDocument(clientId(server.port), { ...reachLoopback, timeoutMs: 20_000 }),
    );
    expect(error.message).toMatch(/larger than 5120 bytes/);
    // Well under the deadline: it was the cap that ended it, not the timeout.
    expect(performance.now() - started).toBeLessThan(10_000);
    await expect.poll(() => closed, { timeout: 5000 }).toBe(true);
  });

  it('refuses a declared content-length over the cap unread', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '6000' });
      res.write('{');
    });
    const error = await refusal(
      fetchClientMetadataDocument(clientId(server.port), { ...reachLoopback, timeoutMs: 20_000 }),
    );
    expect(error.message).toMatch(/larger than 5120 bytes/);
  });

  it('gives up on a slow server at its deadline', async () => {
    const server = await startServer(() => {
      // Never answers.
    });
    const started = performance.now();
    const error = await refusal(
      fetchClientMetadataDocument(clientId(server.port), { ...reachLoopback, timeoutMs: 300 }),
    );
    const elapsed = performance.now() - started;
    expect(error.message).toBe(`https://${HOST}:${server.port} did not answer within 300 ms.`);
    expect(elapsed).toBeGreaterThanOrEqual(250);
    expect(elapsed).toBeLessThan(5000);
    expect(server.paths).toEqual(['/client.json']);
  });

  it('gives up on a lookup that hangs, at the deadline', async () => {
    const error = await refusal(
      fetchClientMetadataDocument(`https://${HOST}/client.json`, {
        lookup: () => new Promise(() => {}),
        timeoutMs: 200,
      }),
    );
    expect(error.message).toMatch(/did not answer within 200 ms/);
  });

  it.each([
    ['a 404', 404, 'application/json', /answered HTTP 404/],
    ['HTML', 200, 'text/html', /did not answer with JSON/],
  ])('refuses %s', async (_name, status, type, message) => {
    const server = await startServer((_req, res, state) => {
      res.writeHead(status, { 'content-type': type });
      res.end(JSON.stringify(documentFor(clientId(state.port))));
    });
    const error = await refusal(fetchClientMetadataDocument(clientId(server.port), reachLoopback));
    expect(error.message).toMatch(message);
  });

  it('accepts an +json media type with parameters', async () => {
    const server = await startServer((req, res, state) =>
      serveJson(documentFor(clientId(state.port)), {
        'content-type': 'application/client+json; charset=utf-8',
      })(req, res),
    );
    await expect(
      fetchClientMetadataDocument(clientId(server.port), reachLoopback),
    ).resolves.toMatchObject({
      client_name: 'Test Client',
    });
  });
});

describe('fetchClientMetadataDocument: the document', () => {
  const SECRET_LOOKING = 'do-not-echo-this-value';
  it.each([
    [
      'another client_id',
      { client_id: 'https://elsewhere.example/client.json' },
      /another client_id/,
    ],
    ['a client_secret', { client_secret: SECRET_LOOKING }, /client_secret/],
    [
      'private_key_jwt',
      { token_endpoint_auth_method: 'private_key_jwt' },
      /private_key_jwt.*not support/,
    ],
    [
      'a shared-secret method',
      { token_endpoint_auth_method: 'client_secret_basic' },
      /shared-secret/,
    ],
    ['no redirect_uris', { redirect_uris: [] }, /no redirect_uris/],
    [
      'a relative redirect URI',
      { redirect_uris: ['/callback'] },
      /redirect_uris\[0\] is not an absolute URL/,
    ],
    ['a javascript: redirect URI', { redirect_uris: ['javascript:alert(1)'] }, /javascript:/],
    ['plain http to a remote host', { redirect_uris: ['http://client.example/cb'] }, /plain http/],
    ['a bad client_uri', { client_uri: SECRET_LOOKING }, /client_uri/],
  ])('refuses %s', async (_name, extra, message) => {
    const server = await startServer((req, res, state) =>
      serveJson(documentFor(clientId(state.port), extra))(req, res),
    );
    const error = await refusal(fetchClientMetadataDocument(clientId(server.port), reachLoopback));
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain(SECRET_LOOKING);
  });

  it('refuses a body that is not JSON, without echoing it', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"client_id": do-not-echo-this-value');
    });
    const error = await refusal(fetchClientMetadataDocument(clientId(server.port), reachLoopback));
    expect(error.message).toMatch(/not valid JSON/);
    expect(error.message).not.toContain('do-not-echo');
  });
});

describe('createClientMetadataCache', () => {
  async function countingServer(headers: Record<string, string>) {
    return startServer((req, res, state) =>
      serveJson(documentFor(clientId(state.port)), headers)(req, res),
    );
  }

  it('fetches once for a burst, and again after max-age', async () => {
    const server = await countingServer({ 'cache-control': 'max-age=120' });
    let now = 0;
    const cache = createClientMetadataCache({ fetch: reachLoopback, now: () => now });
    const id = clientId(server.port);
    const burst = await Promise.all([cache.get(id), cache.get(id), cache.get(id)]);
    expect(burst.map((m) => m.client_id)).toEqual([id, id, id]);
    now = 119_000;
    await cache.get(id);
    expect(server.paths).toHaveLength(1);
    now = 121_000;
    await cache.get(id);
    expect(server.paths).toHaveLength(2);
  });

  it('keeps even a no-store document for the floor, and a long max-age only to the ceiling', async () => {
    const noStore = await countingServer({ 'cache-control': 'no-store' });
    const forever = await countingServer({ 'cache-control': 'max-age=31536000' });
    let now = 0;
    const cache = createClientMetadataCache({ fetch: reachLoopback, now: () => now });
    await cache.get(clientId(noStore.port));
    await cache.get(clientId(forever.port));
    now = 59_000;
    await cache.get(clientId(noStore.port));
    expect(noStore.paths).toHaveLength(1);
    now = 61_000;
    await cache.get(clientId(noStore.port));
    expect(noStore.paths).toHaveLength(2);
    now = 86_401_000;
    await cache.get(clientId(forever.port));
    expect(forever.paths).toHaveLength(2);
  });

  it('drops the least recently used beyond its size, and keeps no failure', async () => {
    const a = await countingServer({});
    const b = await countingServer({});
    const cache = createClientMetadataCache({ fetch: reachLoopback, maxEntries: 1 });
    await cache.get(clientId(a.port));
    await cache.get(clientId(b.port));
    await cache.get(clientId(a.port));
    expect(a.paths).toHaveLength(2);
    await refusal(cache.get(`http://${HOST}/client.json`));
    await refusal(cache.get(`http://${HOST}/client.json`));
  });
});
