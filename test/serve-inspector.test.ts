/**
 * Issue 19's "Done when": the MCP Inspector's CLI, a client we did not write,
 * lists `oura serve`'s tools with a bearer token obtained through the
 * server's own OAuth flow (claim, consent, Oura's consent, code exchange).
 * The inspector runs as a real process over a real socket; its
 * `@modelcontextprotocol/inspector-cli` package declares no Node engine and
 * runs on Node 20 (the `@modelcontextprotocol/inspector` launcher asks for 22).
 */
import { execFile } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { REPO_ROOT } from './helpers/cli.js';
import { describeOrSkip, peerAvailable } from './helpers/requirements.js';
import {
  assistantTokens,
  mcpCall,
  registerClient,
  type ServeFixture,
  startServeFixture,
} from './helpers/serve.js';

const INSPECTOR = join(REPO_ROOT, 'node_modules', '.bin', 'mcp-inspector-cli');
const REDIRECT = 'http://127.0.0.1:1/assistant/callback';
const run = promisify(execFile);

const available = peerAvailable(
  'the MCP Inspector CLI',
  existsSync(INSPECTOR),
  'npm install (devDependency @modelcontextprotocol/inspector-cli)',
);

/** `tools/list` through the inspector's CLI mode, as its README shows it for a remote server. */
async function inspectorToolsList(
  url: string,
  token: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return run(
    process.execPath,
    [
      INSPECTOR,
      '--cli',
      url,
      '--transport',
      'http',
      '--method',
      'tools/list',
      '--header',
      `Authorization: Bearer ${token}`,
    ],
    {
      // Its build/index.js picks the package.json it names itself by with a path relative to the
      // working directory (1.0.3): from its own build directory that is its package's.
      cwd: dirname(realpathSync(INSPECTOR)),
      // Generous: it starts a second Node process, slow on a loaded machine.
      timeout: 60_000,
      maxBuffer: 16 * 1024 * 1024,
      env: { ...process.env, NO_COLOR: '1' },
    },
  ).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    // Its error message quotes the command line, token included: keep only what the process said.
    (error: { code?: number | string; stdout?: string; stderr?: string }) => ({
      code: typeof error.code === 'number' ? error.code : -1,
      stdout: error.stdout ?? '',
      stderr: error.stderr ?? '',
    }),
  );
}

describeOrSkip(
  available,
  'the MCP Inspector CLI is not installed',
  'the MCP Inspector CLI against oura serve',
  () => {
    let fx: ServeFixture;
    let token: string;

    beforeAll(async () => {
      fx = await startServeFixture({ emulator: { historyDays: 7 } });
      const publicUrl = fx.serve.publicUrl;
      const { client_id } = await registerClient(publicUrl, REDIRECT, 'MCP Inspector');
      const tokens = await assistantTokens({
        publicUrl,
        clientId: client_id,
        redirectUri: REDIRECT,
        code: fx.serve.claimCode ?? '',
      });
      token = tokens.access_token;
    }, 60_000);

    afterAll(async () => {
      await fx?.serve.close();
    });

    it('lists the same tools the server lists, with the token from the OAuth flow', async () => {
      const { code, stdout, stderr } = await inspectorToolsList(`${fx.serve.publicUrl}/mcp`, token);
      expect(code, stderr).toBe(0);
      const listed = (JSON.parse(stdout) as { tools: { name: string }[] }).tools.map(
        (tool) => tool.name,
      );
      const direct = await mcpCall(fx.serve.publicUrl, token, 'tools/list');
      const served = (direct.body.result as { tools: { name: string }[] }).tools.map(
        (tool) => tool.name,
      );
      expect(listed).toEqual(
        expect.arrayContaining(['oura_status', 'oura_get', 'oura_summary', 'oura_query']),
      );
      expect([...listed].sort()).toEqual([...served].sort());
    }, 90_000);

    it('gets nothing with a token the server did not issue', async () => {
      const refused = await inspectorToolsList(
        `${fx.serve.publicUrl}/mcp`,
        'not-a-token-this-server-issued',
      );
      expect(refused.code).not.toBe(0);
      expect(refused.stdout).not.toContain('oura_status');
    }, 90_000);
  },
);
