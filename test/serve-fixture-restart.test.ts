/**
 * The serve fixture's restart, as the tests that stop and start a server use
 * it: a POST sent the moment the server is back on its port reaches the new
 * server. Without the fixture closing the test's own kept-alive connections
 * (helpers/client-sockets.ts), every other round here failed with "fetch
 * failed: other side closed", as serve-webhooks once did in CI.
 */
import { beforeAll, expect, it } from 'vitest';
import {
  assistantTokens,
  mcpCall,
  registerClient,
  type ServeFixture,
  startServeFixture,
} from './helpers/serve.js';

const REDIRECT = 'http://127.0.0.1:1/assistant/callback';

let fx: ServeFixture;
let token: string;

beforeAll(async () => {
  fx = await startServeFixture({ emulator: { accounts: 1, historyDays: 3 } });
  const publicUrl = fx.serve.publicUrl;
  const clientId = (await registerClient(publicUrl, REDIRECT)).client_id;
  const tokens = await assistantTokens({
    publicUrl,
    clientId,
    redirectUri: REDIRECT,
    account: 0,
    code: fx.serve.claimCode ?? '',
  });
  token = tokens.access_token;
}, 60_000);

it('a POST right after a restart on the same port reaches the new server', async () => {
  for (let round = 0; round < 10; round++) {
    expect((await mcpCall(fx.serve.publicUrl, token, 'tools/list')).status).toBe(200);
    await fx.serve.close();
    await fx.restart();
    expect((await mcpCall(fx.serve.publicUrl, token, 'tools/list')).status, `round ${round}`).toBe(
      200,
    );
  }
}, 60_000);
