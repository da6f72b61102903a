/**
 * A client whose `client_id` is an https URL (a client ID metadata document,
 * MCP authorization 2025-11-25) signs in through `oura serve` with no
 * registration; a document the checks refuse is `invalid_client` with its
 * reason. The fetch itself (its SSRF rules) is tested in
 * serve-client-metadata.test.ts; here it is replaced by documents served from
 * memory, through the same validation the real fetch applies, and by the
 * default fetch refusing addresses no client document may live at.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientMetadataError } from '../dist/serve/client-metadata/client-metadata-error.js';
import { validateClientMetadataDocument } from '../dist/serve/client-metadata/client-metadata-validate.js';
import {
  pkcePair,
  type ServeFixture,
  signInOverHttp,
  startServeFixture,
  tokenRequest,
} from './helpers/serve.js';

const REDIRECT = 'http://127.0.0.1:1/assistant/callback';
const GOOD = 'https://assistant.example/oauth/client.json';
const BAD = 'https://assistant.example/oauth/bad.json';

const documents: Record<string, unknown> = {
  [GOOD]: {
    client_id: GOOD,
    client_name: 'Document Assistant',
    redirect_uris: [REDIRECT],
    token_endpoint_auth_method: 'none',
  },
  [BAD]: { client_id: 'https://someone-else.example/client.json', redirect_uris: [REDIRECT] },
};

let fx: ServeFixture;

beforeAll(async () => {
  fx = await startServeFixture({
    emulator: { historyDays: 5 },
    serve: {
      fetchMetadataDocument: async (url) => {
        const document = documents[url];
        if (document === undefined)
          throw new ClientMetadataError(`No document at ${new URL(url).origin}.`);
        return validateClientMetadataDocument(document, new URL(url));
      },
    },
  });
}, 60_000);

afterAll(async () => {
  await fx?.serve.close();
});

describe('client ID metadata documents', () => {
  it('signs in a client known only by its document URL, and shows the document’s name', async () => {
    const authorize = new URL(`${fx.serve.publicUrl}/authorize`);
    const pkce = await pkcePair();
    authorize.search = new URLSearchParams({
      response_type: 'code',
      client_id: GOOD,
      redirect_uri: REDIRECT,
      code_challenge: pkce.challenge,
      code_challenge_method: 'S256',
    }).toString();
    expect(await (await fetch(authorize)).text()).toContain('Document Assistant');
    const signedIn = await signInOverHttp({
      publicUrl: fx.serve.publicUrl,
      clientId: GOOD,
      redirectUri: REDIRECT,
      challenge: pkce.challenge,
      code: fx.serve.claimCode ?? '',
    });
    expect(signedIn.code, signedIn.location).toBeDefined();
    const tokens = await tokenRequest(fx.serve.publicUrl, {
      grant_type: 'authorization_code',
      code: signedIn.code ?? '',
      code_verifier: pkce.verifier,
      client_id: GOOD,
      redirect_uri: REDIRECT,
    });
    expect(tokens.status).toBe(200);
  });

  it('refuses a document that names another client, with the reason and no redirect', async () => {
    const authorize = new URL(`${fx.serve.publicUrl}/authorize`);
    authorize.search = new URLSearchParams({
      response_type: 'code',
      client_id: BAD,
      redirect_uri: REDIRECT,
      code_challenge: 'x'.repeat(43),
      code_challenge_method: 'S256',
    }).toString();
    const answer = await fetch(authorize, { redirect: 'manual' });
    expect(answer.status).toBe(400);
    expect(answer.headers.get('location')).toBeNull();
    const body = (await answer.json()) as { error: string; error_description: string };
    expect(body.error).toBe('invalid_client');
    expect(body.error_description).toContain('https://assistant.example');
  });

  it('refuses a redirect URI the document does not list', async () => {
    const authorize = new URL(`${fx.serve.publicUrl}/authorize`);
    authorize.search = new URLSearchParams({
      response_type: 'code',
      client_id: GOOD,
      redirect_uri: 'https://attacker.example/cb',
      code_challenge: 'x'.repeat(43),
      code_challenge_method: 'S256',
    }).toString();
    const answer = await fetch(authorize, { redirect: 'manual' });
    expect(answer.status).toBe(400);
    expect(answer.headers.get('location')).toBeNull();
  });
});

describe('the default fetch', () => {
  it('refuses a document URL on a private address through /authorize, without fetching it', async () => {
    const server = await startServeFixture({ emulator: { historyDays: 1 } });
    const authorize = new URL(`${server.serve.publicUrl}/authorize`);
    authorize.search = new URLSearchParams({
      response_type: 'code',
      client_id: 'https://169.254.169.254/latest/meta-data.json',
      redirect_uri: REDIRECT,
      code_challenge: 'x'.repeat(43),
      code_challenge_method: 'S256',
    }).toString();
    const answer = await fetch(authorize, { redirect: 'manual' });
    expect(answer.status).toBe(400);
    expect(((await answer.json()) as { error: string }).error).toBe('invalid_client');
    await server.serve.close();
  });
});
