/**
 * `oura serve` in the test's process (from dist/), in front of a real
 * emulator whose registered application redirects to the server's
 * `/oura/callback`, with its own data directory; and a sign-in driven over
 * HTTP the way a browser would (cookies kept, redirects followed by hand).
 */

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { DEFAULT_SCOPES, resolveEndpoints } from '../../dist/auth/servers.js';
import { submitConsent } from '../../dist/emulator/consent-client.js';
import type { EmulatorOptions } from '../../dist/emulator/index.js';
import { startEmulator } from '../../dist/emulator/index.js';
import type { AuditEntry } from '../../dist/serve/cohort-data/audit-log.js';
import { openPgAuditLog } from '../../dist/serve/cohort-data/pg-audit-log.js';
import { sqliteAuditLog } from '../../dist/serve/cohort-data/sqlite-audit-log.js';
import { loadSealingKeys } from '../../dist/serve/keys/key-file.js';
import { historySchemaOf } from '../../dist/serve/person-schema.js';
import { type RunningServe, type ServeOptions, startServe } from '../../dist/serve/start-serve.js';
import type { CohortStore } from '../../dist/serve/state/cohort-store.js';
import { sqliteInviteStore } from '../../dist/serve/state/invite-store.js';
import { sqliteCohortStore } from '../../dist/serve/state/sqlite-cohort-store.js';
import { SqliteUserStore } from '../../dist/serve/state/sqlite-user-store.js';
import { openStateDb } from '../../dist/serve/state/state-db.js';
import type { UserStore } from '../../dist/serve/state/user-store.js';
import { openPgCohortStore } from '../../dist/serve/state-pg/pg-cohort-store.js';
import { openPgInviteStore } from '../../dist/serve/state-pg/pg-invite-store.js';
import { openPgUserStore } from '../../dist/serve/state-pg/pg-user-store.js';
import { userDirectory } from '../../dist/serve/user-engines.js';
import { closeClientSockets } from './client-sockets.js';
import { freePort } from './ports.js';
import { createTestDatabase } from './postgres.js';
import { onCleanup } from './processes.js';
import { tempDir } from './temp.js';

export { freePort };

export const SERVE_APP = { clientId: 'serve-app', clientSecret: 'serve-app-secret' } as const;

export interface ServeFixture {
  emulator: Awaited<ReturnType<typeof startEmulator>>;
  serve: RunningServe;
  dataDir: string;
  /** The PostgreSQL database holding the web state and the histories, when the fixture's state is `postgres`. */
  databaseUrl: string | undefined;
  /** The key the server seals with (from the data directory's key file). */
  sealer: ServeOptions['sealer'];
  logs: string[];
  /** Starts the server again on the same directory and port (after `serve.close()`), with other options if given. */
  restart(overrides?: Partial<ServeOptions>): Promise<RunningServe>;
  /** An invite's code, made as `oura serve invite` makes it, in the state the server uses; `now` moves its clock. */
  invite(seconds?: number, now?: () => number): Promise<string>;
  /** An enrollment link's code into `cohort`, made as `oura serve invite --cohort` makes it; `now` moves its clock. */
  enrollmentLink(cohort: string, seconds?: number, now?: () => number): Promise<string>;
  /** Emulator account `account` claims the server over HTTP with the printed claim code (its owner). */
  claimAsOwner(account: number): Promise<void>;
  /**
   * Makes `people` members and participants of `cohort` straight in the
   * state, as their enrollment would, each with a made-up Oura login (no
   * account at the emulator: nothing asks for their sync); answers their
   * participant ids.
   */
  enrollWithoutOura(cohort: string, people: string[]): Promise<string[]>;
  /** The newest entries of the server's audit log (who read whose data), newest first. */
  audit(filter?: { cohort?: string; participant?: string }): Promise<AuditEntry[]>;
  /** A person's stored Oura tokens, opened with the server's key (undefined once they left). */
  ouraTokens(userId: string): Promise<{ access_token: string } | undefined>;
  /** How many documents a person's history holds: in their file, or their PostgreSQL schema (0 when there is none). */
  historyDocuments(userId: string): Promise<number>;
}

/** Where a fixture's server keeps its web state: the data directory's SQLite file, or a fresh PostgreSQL database. */
export type ServeStateKind = 'sqlite' | 'postgres';

export async function startServeFixture(
  options: {
    emulator?: EmulatorOptions;
    serve?: Partial<ServeOptions>;
    state?: ServeStateKind;
  } = {},
): Promise<ServeFixture> {
  const port = await freePort();
  const dataDir = await tempDir('oura-serve-');
  let databaseUrl: string | undefined;
  /** Lets the database go once the last server closed (or never started). */
  let serverClosed = () => {};
  if (options.state === 'postgres') {
    const database = await createTestDatabase();
    // Dropped only after the server closed: cleanups run side by side, and a drop
    // under a running server cuts its job queue's connections (warnings, not failures).
    const closed = new Promise<void>((resolve) => {
      serverClosed = resolve;
    });
    onCleanup(async () => {
      await closed;
      await database.drop();
    });
    databaseUrl = database.url;
  }
  const emulator = await startEmulator({
    ...options.emulator,
    clients: [{ ...SERVE_APP, redirectUris: [`http://127.0.0.1:${port}/oura/callback`] }],
  });
  onCleanup(() => emulator.close());
  const env = { OURA_DATA_DIR: dataDir, ...emulator.env() };
  const { keys } = await loadSealingKeys({ env });
  const logs: string[] = [];
  const start = (overrides: Partial<ServeOptions> = {}) =>
    startServe({
      serveDir: join(dataDir, 'serve'),
      host: '127.0.0.1',
      port,
      allow: [],
      app: {
        endpoints: resolveEndpoints('oura', env),
        credentials: SERVE_APP,
        scopes: [...DEFAULT_SCOPES],
        apiUrl: emulator.url,
      },
      sealer: keys,
      version: '0.0.0-test',
      log: (line) => logs.push(line),
      console: (line) => logs.push(line),
      ...(databaseUrl ? { databaseUrl } : {}),
      ...options.serve,
      ...overrides,
    });
  /** Works on the state the server uses, opened apart from it as the CLI opens it. */
  const inState = async <T>(
    onPostgres: (pool: pg.Pool) => Promise<T>,
    onSqlite: (db: Awaited<ReturnType<typeof openStateDb>>) => Promise<T>,
  ): Promise<T> => {
    if (databaseUrl) {
      const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
      try {
        return await onPostgres(pool);
      } finally {
        await pool.end();
      }
    }
    const db = await openStateDb(join(dataDir, 'serve', 'state.sqlite'));
    try {
      return await onSqlite(db);
    } finally {
      db.close();
    }
  };
  const fixture: ServeFixture = {
    emulator,
    serve: await start().catch((error: unknown) => {
      serverClosed();
      throw error;
    }),
    dataDir,
    databaseUrl,
    sealer: keys,
    logs,
    restart: async (overrides) => {
      // The test's kept-alive connections to the server before would otherwise be reused.
      await closeClientSockets(port);
      fixture.serve = await start(overrides);
      onCleanup(() => fixture.serve.close().finally(serverClosed));
      return fixture.serve;
    },
    invite: (seconds = 3600, now = Date.now) =>
      inState(
        (pool) => openPgInviteStore(pool, now).then((invites) => invites.create(seconds)),
        (db) => sqliteInviteStore(db, now).create(seconds),
      ),
    enrollmentLink: (cohort, seconds = 3600, now = Date.now) =>
      inState(
        (pool) =>
          openPgCohortStore(pool, now).then((cohorts) => cohorts.createLink(cohort, seconds)),
        (db) => sqliteCohortStore(db, now).createLink(cohort, seconds),
      ),
    async claimAsOwner(account) {
      const publicUrl = fixture.serve.publicUrl;
      const redirectUri = 'http://127.0.0.1:9/callback';
      const { client_id } = await registerClient(publicUrl, redirectUri);
      const owner = await signInOverHttp({
        publicUrl,
        clientId: client_id,
        redirectUri,
        challenge: 'c'.repeat(43),
        code: fixture.serve.claimCode ?? '',
        account,
      });
      if (!owner.code) throw new Error(`the owner did not sign in: ${owner.location}`);
    },
    enrollWithoutOura: (cohort, people) => {
      const enroll = async (cohorts: CohortStore, users: UserStore) => {
        const ids: string[] = [];
        for (const person of people) {
          const tokens = { access_token: `made-up-${person}`, issued_at: Date.now() };
          await users.saveSignIn({ id: person, email: undefined, role: 'member', tokens });
          const code = await cohorts.createLink(cohort, 3600);
          const joined = await cohorts.enroll(code, person, Math.floor(Date.now() / 1000));
          if (!joined.enrolled) throw new Error(`${person} was not enrolled: ${joined.state}`);
          ids.push(joined.participant.id);
        }
        return ids;
      };
      return inState(
        async (pool) =>
          enroll(
            await openPgCohortStore(pool, Date.now),
            await openPgUserStore(pool, keys, Date.now),
          ),
        (db) => enroll(sqliteCohortStore(db, Date.now), new SqliteUserStore(db, keys, Date.now)),
      );
    },
    audit: (filter = {}) =>
      inState(
        (pool) =>
          openPgAuditLog(pool, Date.now).then((log) => log.list({ ...filter, limit: 1000 })),
        (db) => sqliteAuditLog(db, Date.now).list({ ...filter, limit: 1000 }),
      ),
    ouraTokens: (userId) =>
      inState(
        (pool) => openPgUserStore(pool, keys, Date.now).then((users) => users.tokens(userId)),
        (db) => new SqliteUserStore(db, keys, Date.now).tokens(userId),
      ),
    historyDocuments: async (userId) => {
      if (!databaseUrl) {
        const file = join(userDirectory(join(dataDir, 'serve', 'users'), userId), 'history.sqlite');
        if (!existsSync(file)) return 0;
        const db = new Database(file, { readonly: true });
        try {
          // The writer makes the file before its schema: a look in between finds no table.
          const made = db
            .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'documents'")
            .get();
          if (!made) return 0;
          return (db.prepare('SELECT count(*) AS n FROM documents').get() as { n: number }).n;
        } finally {
          db.close();
        }
      }
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      try {
        const schema = historySchemaOf(userId);
        const found = await client.query(
          'SELECT 1 FROM information_schema.schemata WHERE schema_name = $1',
          [schema],
        );
        if (found.rowCount !== 1) return 0;
        const counted = await client.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM "${schema}".documents`,
        );
        return counted.rows[0]?.n ?? 0;
      } finally {
        await client.end();
      }
    },
  };
  onCleanup(() => fixture.serve.close().finally(serverClosed));
  return fixture;
}

/** A browser's cookie jar, enough for one host. */
export class CookieJar {
  private readonly cookies = new Map<string, string>();
  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair?.indexOf('=') ?? -1;
      if (!pair || at < 0) continue;
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(line) || value === '')
        this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

/** A client registered over RFC 7591, as an assistant would. */
export async function registerClient(
  publicUrl: string,
  redirectUri: string,
  name = 'Test Assistant',
) {
  const response = await fetch(`${publicUrl}/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      client_name: name,
      redirect_uris: [redirectUri],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    }),
  });
  if (response.status !== 201)
    throw new Error(`register: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as { client_id: string; redirect_uris: string[] };
}

export async function pkcePair(): Promise<{ verifier: string; challenge: string }> {
  const { createHash, randomBytes } = await import('node:crypto');
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export interface HttpSignIn {
  /** Where the server finally sent the browser (the client's redirect URI with code or error). */
  location: string;
  code: string | undefined;
}

/**
 * The whole browser leg over HTTP: /authorize → consent page (type `code`) →
 * Oura's consent (allow, as `account`) → /oura/callback → the client's redirect.
 */
export async function signInOverHttp(input: {
  publicUrl: string;
  clientId: string;
  redirectUri: string;
  challenge: string;
  code?: string;
  state?: string;
  resource?: string;
  account?: number;
  jar?: CookieJar;
  /** Runs once Oura answered, before the browser reaches /oura/callback (the sign-in is in progress). */
  beforeCallback?: () => Promise<void>;
  /** The browser's requests to the server (default the global fetch), e.g. from an address of its own. */
  fetch?: typeof globalThis.fetch;
}): Promise<HttpSignIn> {
  const jar = input.jar ?? new CookieJar();
  const fetch = input.fetch ?? globalThis.fetch;
  const authorize = new URL(`${input.publicUrl}/authorize`);
  authorize.search = new URLSearchParams({
    response_type: 'code',
    client_id: input.clientId,
    redirect_uri: input.redirectUri,
    code_challenge: input.challenge,
    code_challenge_method: 'S256',
    state: input.state ?? 'client-state',
    resource: input.resource ?? `${input.publicUrl}/mcp`,
  }).toString();
  const page = await fetch(authorize, { redirect: 'manual' });
  jar.take(page);
  const pageHtml = await page.text();
  if (page.status !== 200)
    return { location: page.headers.get('location') ?? `status:${page.status}`, code: undefined };
  const signIn = /name="sign_in" value="([^"]+)"/.exec(pageHtml)?.[1] ?? '';
  const consent = await fetch(`${input.publicUrl}/consent`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      cookie: jar.header(),
      origin: input.publicUrl,
    },
    body: new URLSearchParams({
      sign_in: signIn,
      decision: 'allow',
      code: input.code ?? '',
    }).toString(),
  });
  await consent.body?.cancel();
  const toOura = consent.headers.get('location');
  if (consent.status !== 303 || !toOura)
    return { location: `status:${consent.status}`, code: undefined };
  const callback = await submitConsent(
    toOura,
    'allow',
    input.account === undefined ? {} : ({ account: input.account } as never),
  );
  await input.beforeCallback?.();
  const back = await fetch(callback, { redirect: 'manual', headers: { cookie: jar.header() } });
  jar.take(back);
  await back.body?.cancel();
  const location = back.headers.get('location') ?? `status:${back.status}`;
  const code = location.startsWith('status:')
    ? undefined
    : (new URL(location).searchParams.get('code') ?? undefined);
  return { location, code };
}

/** The token endpoint, form-encoded, as a public client. */
export async function tokenRequest(publicUrl: string, params: Record<string, string>) {
  const response = await fetch(`${publicUrl}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(params).toString(),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** One MCP JSON-RPC request with a bearer token. */
export async function mcpCall(
  publicUrl: string,
  token: string,
  method: string,
  params: Record<string, unknown> = {},
) {
  const response = await fetch(`${publicUrl}/mcp`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-protocol-version': '2025-06-18',
    },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
  };
}

/** The `/authorize` URL an assistant sends its person to. */
export function authorizeUrl(publicUrl: string, params: Record<string, string>): URL {
  const url = new URL(`${publicUrl}/authorize`);
  url.search = new URLSearchParams({
    response_type: 'code',
    code_challenge_method: 'S256',
    ...params,
  }).toString();
  return url;
}

/**
 * An assistant's whole flow over HTTP: sign the person (`account`, typing
 * `code` if given) in, exchange the code, and answer the tokens.
 */
export async function assistantTokens(input: {
  publicUrl: string;
  clientId: string;
  redirectUri: string;
  account?: number;
  code?: string;
  fetch?: typeof globalThis.fetch;
}): Promise<{ access_token: string; refresh_token: string }> {
  const pkce = await pkcePair();
  const signedIn = await signInOverHttp({ ...input, challenge: pkce.challenge });
  if (!signedIn.code) throw new Error(`sign-in got no code: ${signedIn.location}`);
  const answer = await tokenRequest(input.publicUrl, {
    grant_type: 'authorization_code',
    code: signedIn.code,
    code_verifier: pkce.verifier,
    client_id: input.clientId,
    redirect_uri: input.redirectUri,
    resource: `${input.publicUrl}/mcp`,
  });
  if (answer.status !== 200)
    throw new Error(`token exchange: HTTP ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body as { access_token: string; refresh_token: string };
}

/**
 * A participant's whole way in over HTTP: the enrollment link's page, its
 * consent, Oura's consent as `account` (granting `scopes` if given), back;
 * answers the last page's status and HTML.
 */
export async function enrollOverHttp(
  publicUrl: string,
  code: string,
  account: number,
  options: { jar?: CookieJar; scopes?: string[] } = {},
): Promise<{ status: number; html: string }> {
  const jar = options.jar ?? new CookieJar();
  const page = await fetch(`${publicUrl}/enroll/${code}`);
  jar.take(page);
  const html = await page.text();
  if (page.status !== 200) return { status: page.status, html };
  const signIn = /name="sign_in" value="([^"]+)"/.exec(html)?.[1] ?? '';
  const consent = await fetch(`${publicUrl}/enroll/${code}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.header() },
    body: new URLSearchParams({ sign_in: signIn, consent: 'yes' }).toString(),
  });
  const toOura = consent.headers.get('location');
  if (consent.status !== 303 || !toOura)
    return { status: consent.status, html: await consent.text() };
  const callback = await submitConsent(toOura, 'allow', {
    account,
    ...(options.scopes ? { scopes: options.scopes } : {}),
  });
  const back = await fetch(callback, { redirect: 'manual', headers: { cookie: jar.header() } });
  return { status: back.status, html: await back.text() };
}

/** The withdrawal link an enrolled page shows. */
export const withdrawLinkIn = (html: string) =>
  /id="withdraw-link" href="([^"]+)"/.exec(html)?.[1] ?? '';
