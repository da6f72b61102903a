/**
 * Two `oura serve` web processes on one PostgreSQL database behind one public
 * URL, each with a data directory of its own: the second knows the owner and
 * the Oura application the first stored (sealed), honours the tokens the first
 * issued, and a refresh token rotated at one is spent at the other.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEFAULT_SCOPES, resolveEndpoints } from '../dist/auth/servers.js';
import { type RunningServe, startServe } from '../dist/serve/start-serve.js';
import { postgresAvailable } from './helpers/postgres.js';
import { describeOrSkip } from './helpers/requirements.js';
import {
  assistantTokens,
  mcpCall,
  registerClient,
  type ServeFixture,
  startServeFixture,
  tokenRequest,
} from './helpers/serve.js';
import { tempDir } from './helpers/temp.js';

const REDIRECT = 'http://127.0.0.1:1/assistant/callback';
const hasPostgres = await postgresAvailable();
let fx: ServeFixture;
let second: RunningServe;
let clientId: string;
let tokens: { access_token: string; refresh_token: string };

/** Another web process on the same database, behind the same public URL (a load balancer), on its own port and data directory. */
async function anotherWebProcess(): Promise<RunningServe> {
  return startServe({
    serveDir: join(await tempDir('oura-serve-other-'), 'serve'),
    host: '127.0.0.1',
    port: 0,
    publicUrl: fx.serve.publicUrl,
    databaseUrl: fx.databaseUrl as string,
    allow: [],
    // No credentials: the application the first process stored, sealed, is used.
    app: {
      endpoints: resolveEndpoints('oura', fx.emulator.env()),
      scopes: [...DEFAULT_SCOPES],
      apiUrl: fx.emulator.url,
    },
    sealer: fx.sealer,
    version: '0.0.0-test',
    log: () => {},
    console: () => {},
  });
}

let claimCodes: (string | undefined)[];

beforeAll(async () => {
  if (!hasPostgres) return;
  fx = await startServeFixture({ emulator: { historyDays: 5 }, state: 'postgres' });
  second = await anotherWebProcess();
  claimCodes = [fx.serve.claimCode, second.claimCode];
  // The owner claims the server through the first process, with the code it printed.
  clientId = (await registerClient(fx.serve.publicUrl, REDIRECT)).client_id;
  tokens = await assistantTokens({
    publicUrl: fx.serve.publicUrl,
    clientId,
    redirectUri: REDIRECT,
    code: fx.serve.claimCode ?? '',
  });
}, 60_000);

afterAll(async () => {
  await second?.close();
  await fx?.serve.close();
});

describeOrSkip(
  hasPostgres,
  'PostgreSQL is not reachable',
  'two web processes, one database',
  () => {
    it('the second knows the owner, answers the first one’s tokens, and shares the refresh rotation', async () => {
      // Started before the claim, both printed the one code (neither start killed the other's).
      expect(claimCodes[0]).toEqual(expect.any(String));
      expect(claimCodes[1]).toBe(claimCodes[0]);
      // Started after it, a third knows the owner: no claim code to print.
      const third = await anotherWebProcess();
      expect(third.claimCode).toBeUndefined();
      await third.close();

      const status = await mcpCall(second.listenUrl, tokens.access_token, 'tools/call', {
        name: 'oura_status',
        arguments: {},
      });
      expect(status.status).toBe(200);
      expect(
        (status.body.result as { structuredContent: { user: string } }).structuredContent.user,
      ).toBe(fx.emulator.user.email);

      const rotated = await tokenRequest(fx.serve.publicUrl, {
        grant_type: 'refresh_token',
        refresh_token: tokens.refresh_token,
        client_id: clientId,
      });
      expect(rotated.status).toBe(200);
      const replayed = await tokenRequest(second.listenUrl, {
        grant_type: 'refresh_token',
        refresh_token: tokens.refresh_token,
        client_id: clientId,
      });
      expect(replayed.status).toBe(400);
      expect(replayed.body.error).toBe('invalid_grant');
      // The replay revoked the family, wherever it was presented.
      const after = await mcpCall(
        fx.serve.publicUrl,
        rotated.body.access_token as string,
        'tools/list',
      );
      expect(after.status).toBe(401);
    });
  },
);
