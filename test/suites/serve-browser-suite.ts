/**
 * `oura serve` driven the way people meet it: the MCP SDK's own client (its
 * Streamable HTTP transport and OAuth client provider) discovers the server,
 * registers, sends its person through the consent pages in Chromium (ours,
 * then the emulator's Oura consent, choosing the account), exchanges the
 * code and calls tools — for the owner (claim code) and an invited second
 * person, and neither sees the other's data. Then the account page: revoke
 * an assistant (its next call gets 401), disconnect and delete.
 *
 * One suite, run on each store of the web state (`serve-browser.test.ts`,
 * `serve-browser-postgres.test.ts`).
 */

import { createServer, type Server } from 'node:http';
import type { OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type {
  OAuthClientInformationMixed,
  OAuthTokens,
} from '@modelcontextprotocol/sdk/shared/auth.js';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type TestBrowser } from '../helpers/browser.js';
import { chromiumAvailable } from '../helpers/requirements.js';
import {
  mcpCall,
  type ServeFixture,
  type ServeStateKind,
  startServeFixture,
} from '../helpers/serve.js';

/** An assistant's OAuth state, kept in memory as the SDK asks of a provider. */
class AssistantAuth implements OAuthClientProvider {
  info: OAuthClientInformationMixed | undefined;
  saved: OAuthTokens | undefined;
  verifier = '';
  authorizationUrl: URL | undefined;
  constructor(readonly redirectUrl: string) {}
  get clientMetadata() {
    return {
      client_name: 'Chromium Test Assistant',
      redirect_uris: [this.redirectUrl],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    };
  }
  clientInformation() {
    return this.info;
  }
  saveClientInformation(info: OAuthClientInformationMixed) {
    this.info = info;
  }
  tokens() {
    return this.saved;
  }
  saveTokens(tokens: OAuthTokens) {
    this.saved = tokens;
  }
  redirectToAuthorization(url: URL) {
    this.authorizationUrl = url;
  }
  saveCodeVerifier(verifier: string) {
    this.verifier = verifier;
  }
  codeVerifier() {
    return this.verifier;
  }
}

export function serveBrowserSuite(state: ServeStateKind): void {
  let fx: ServeFixture;
  let browser: TestBrowser;
  let assistantServer: Server;
  let assistantRedirect: string;
  const codes = new Map<string, (code: string) => void>();

  /** Where the assistant's redirect lands: hands the code to the waiting test by `state`. */
  async function startAssistantRedirect(): Promise<void> {
    assistantServer = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      // Chromium also asks for /favicon.ico, which must not answer a waiting consent.
      if (url.pathname !== '/callback') {
        res.writeHead(404).end();
        return;
      }
      const state = url.searchParams.get('state') ?? '';
      const code = url.searchParams.get('code');
      res.writeHead(200, { 'content-type': 'text/plain' }).end(code ? 'connected' : 'refused');
      codes.get(state)?.(
        code ??
          `error: ${url.searchParams.get('error')} ${url.searchParams.get('error_description') ?? ''}`,
      );
    });
    await new Promise<void>((resolve) => assistantServer.listen(0, '127.0.0.1', resolve));
    assistantRedirect = `http://127.0.0.1:${(assistantServer.address() as { port: number }).port}/callback`;
  }

  /** The person's part in Chromium: our consent page (with a code to type), then Oura's (choosing the account). */
  async function consentInBrowser(
    page: Page,
    authorizationUrl: URL,
    account: number,
    typed: string | undefined,
  ): Promise<string> {
    const state = authorizationUrl.searchParams.get('state') ?? '';
    const answer = new Promise<string>((resolve) => codes.set(state, resolve));
    await page.goto(authorizationUrl.href);
    expect(await page.locator('h1').textContent()).toContain('Chromium Test Assistant');
    if (typed !== undefined) await page.fill('input[name=code]', typed);
    await page.click('button[name=decision][value=allow]');
    await page.waitForSelector('form#consent input[name=account]');
    await page.check(`input[name=account][value="${fx.emulator.accounts[account]?.userId}"]`);
    await page.click('button[name=decision][value=allow]');
    const code = await Promise.race([
      answer,
      page
        .waitForTimeout(20_000)
        .then(
          async () =>
            `no answer; the browser is at ${page.url()}: ${(await page.content()).replace(/<[^>]+>/g, ' ').slice(0, 300)}`,
        ),
    ]);
    if (code.includes(' ')) throw new Error(`the assistant got no code: ${code}`);
    // The code reaches the assistant before Chromium commits the page that
    // carried it; closing a tab mid-commit can hang Chromium's close for good
    // (seen in CI), so the caller closes it only once that page has loaded.
    await page.waitForURL((url) => url.href.startsWith(assistantRedirect));
    return code;
  }

  /** The SDK client all the way: 401 → discovery → registration → browser → token → connected. */
  async function connectAssistant(account: number, typed: string | undefined) {
    const url = new URL(`${fx.serve.publicUrl}/mcp`);
    const auth = new AssistantAuth(assistantRedirect);
    const first = new StreamableHTTPClientTransport(url, { authProvider: auth });
    await expect(
      new Client({ name: 'test-assistant', version: '1.0.0' }).connect(first),
    ).rejects.toBeInstanceOf(UnauthorizedError);
    expect(auth.info?.client_id).toBeTruthy();
    const page = await browser.newPage();
    const code = await consentInBrowser(page, auth.authorizationUrl as URL, account, typed);
    await page.close();
    await first.finishAuth(code);
    const client = new Client({ name: 'test-assistant', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(url, { authProvider: auth }));
    return { client, auth };
  }

  describe.skipIf(!chromiumAvailable())('oura serve with the MCP SDK client and Chromium', () => {
    let owner: Awaited<ReturnType<typeof connectAssistant>>;
    let invited: Awaited<ReturnType<typeof connectAssistant>>;

    beforeAll(async () => {
      fx = await startServeFixture({ emulator: { accounts: 2, historyDays: 30 }, state });
      browser = await launchBrowser();
      await startAssistantRedirect();
    }, 60_000);

    afterAll(async () => {
      await browser?.close();
      await new Promise<void>((resolve) =>
        assistantServer ? assistantServer.close(() => resolve()) : resolve(),
      );
    });

    it('signs the owner in with the claim code and answers their tools', async () => {
      owner = await connectAssistant(0, fx.serve.claimCode);
      const tools = await owner.client.listTools();
      expect(tools.tools.map((tool) => tool.name)).toContain('oura_summary');
      const status = await owner.client.callTool({ name: 'oura_status', arguments: {} });
      expect((status.structuredContent as { user: string }).user).toBe(
        fx.emulator.accounts[0]?.email,
      );
    }, 60_000);

    it("signs an invited second person in, and neither sees the other's data", async () => {
      const invite = await fx.invite();
      const page = await browser.newPage();
      await page.goto(`${fx.serve.publicUrl}/invite/${invite}`);
      expect(await page.locator('h1').textContent()).toContain('invited');
      await page.close();
      // The consent page finds the invite in the browser's cookie: nothing to type.
      invited = await connectAssistant(1, undefined);
      const status = await invited.client.callTool({ name: 'oura_status', arguments: {} });
      expect((status.structuredContent as { user: string }).user).toBe(
        fx.emulator.accounts[1]?.email,
      );

      const sleepOf = async (client: Client) => {
        const answer = await client.callTool({
          name: 'oura_get',
          arguments: { type: 'daily_sleep' },
        });
        return ((answer.structuredContent as { documents: { id: string }[] }).documents ?? []).map(
          (doc) => doc.id,
        );
      };
      const ownerIds = await sleepOf(owner.client);
      const invitedIds = await sleepOf(invited.client);
      expect(ownerIds.length).toBeGreaterThan(0);
      expect(invitedIds.length).toBeGreaterThan(0);
      expect(ownerIds.filter((id) => invitedIds.includes(id))).toEqual([]);
      // Asking by id for the other person's document finds nothing.
      const crossed = await invited.client.callTool({
        name: 'oura_get',
        arguments: { type: 'daily_sleep', document_id: ownerIds[0] },
      });
      expect(crossed.isError).toBe(true);
    }, 60_000);

    it('revokes an assistant from the account page: its next call gets 401', async () => {
      const page = await browser.newPage();
      await page.goto(`${fx.serve.publicUrl}/account`);
      await page.click('form#sign-in button');
      await page.waitForSelector('form#consent input[name=account]');
      await page.check(`input[name=account][value="${fx.emulator.accounts[1]?.userId}"]`);
      await page.click('button[name=decision][value=allow]');
      await page.waitForSelector('tr.assistant');
      expect(await page.locator('body').textContent()).toContain(
        String(fx.emulator.accounts[1]?.email),
      );
      expect(await page.locator('tr.assistant td').first().textContent()).toBe(
        'Chromium Test Assistant',
      );
      await page.click('tr.assistant form.revoke button');
      await page.waitForSelector('text=Revoked');
      const token = invited.auth.saved?.access_token ?? '';
      expect((await mcpCall(fx.serve.publicUrl, token, 'tools/list')).status).toBe(401);
      // The owner's assistant is untouched.
      expect((await owner.client.listTools()).tools.length).toBeGreaterThan(0);

      // Disconnect and delete: the person and their history are gone.
      const person = String(fx.emulator.accounts[1]?.userId);
      await fx.serve.sync.idle();
      expect(await fx.historyDocuments(person)).toBeGreaterThan(0);
      // Synced since they signed in (in process, or by a worker from the job queue): answers come from the history.
      const fromHistory = await owner.client.callTool({
        name: 'oura_get',
        arguments: { type: 'daily_sleep' },
      });
      expect(fromHistory.structuredContent).toMatchObject({ source: 'local' });
      await page.check('form#delete input[name=confirm]');
      await page.click('form#delete button');
      await page.waitForSelector('text=Deleted');
      expect(await fx.historyDocuments(person)).toBe(0);
      await page.goto(`${fx.serve.publicUrl}/account`);
      expect(await page.locator('form#sign-in').count()).toBe(1);
      await page.close();
    }, 60_000);
  });
}
