/**
 * `oura serve --database` as a deployment runs it, from the built binary:
 * `--role web` and `--role worker` processes in front of a real emulator,
 * sharing one PostgreSQL database, and people signed in over HTTP through
 * the web process the way a browser and an assistant would.
 */
import { request } from 'node:http';
import { join } from 'node:path';
import type { Emulator } from '../../dist/emulator/index.js';
import { type CliRun, cleanEnv, startCli } from './cli.js';
import { assistantTokens, registerClient } from './serve.js';
import { tempDir } from './temp.js';

/** The assistant every sign-in goes through (one registration: the server limits them per address). */
const ASSISTANT_REDIRECT = 'http://127.0.0.1:1/assistant/callback';

/** How long a process may take to start on a loaded machine. */
const START_TIMEOUT_MS = 60_000;

export interface DeploymentApp {
  clientId: string;
  clientSecret: string;
}

/**
 * The environment every process of the deployment shares: the emulator's
 * endpoints and the Oura application, a data directory of its own, and
 * `extra` (e.g. `OURA_SERVE_KEY`, so the test knows the sealing key).
 */
export async function deploymentEnv(
  emulator: Emulator,
  app: DeploymentApp,
  extra: Record<string, string> = {},
): Promise<NodeJS.ProcessEnv> {
  const dataDir = await tempDir('oura-serve-deployment-');
  return cleanEnv({
    ...emulator.env(),
    OURA_CLIENT_ID: app.clientId,
    OURA_CLIENT_SECRET: app.clientSecret,
    OURA_DATA_DIR: dataDir,
    OURA_CONFIG_DIR: join(dataDir, 'config'),
    ...extra,
  });
}

export interface WebProcess {
  run: CliRun;
  publicUrl: string;
  /** The owner's claim code, as the web process printed it for the first sign-in. */
  claim: string;
}

/** `oura serve --role web` on `port`, started once it printed the owner's claim code. */
export async function startWebProcess(
  env: NodeJS.ProcessEnv,
  options: { port: number; databaseUrl: string; allow?: string[] },
): Promise<WebProcess> {
  const args = ['serve', '--port', String(options.port), '--database', options.databaseUrl];
  if (options.allow?.length) args.push('--allow', options.allow.join(','));
  const run = startCli([...args, '--role', 'web'], { env, mode: 'process' });
  const [, claim] = await run.waitForStderr(
    /type this code on the consent page: (\S+)/,
    START_TIMEOUT_MS,
  );
  return { run, publicUrl: `http://127.0.0.1:${options.port}`, claim: claim ?? '' };
}

/**
 * `oura serve --role worker`, started once it said so. Without the Oura
 * application in its environment: it finds the one the web process sealed.
 */
export async function startWorkerProcess(
  env: NodeJS.ProcessEnv,
  databaseUrl: string,
): Promise<CliRun> {
  const run = startCli(['serve', '--database', databaseUrl, '--role', 'worker'], {
    env: { ...env, OURA_CLIENT_ID: undefined, OURA_CLIENT_SECRET: undefined },
    mode: 'process',
  });
  await run.waitForStderr(/worker started/, START_TIMEOUT_MS);
  return run;
}

/**
 * A browser at its own loopback address (any of 127.0.0.0/8 reaches the
 * server): the server limits sign-ins per address, and many people are
 * many browsers. Enough of `fetch` for a sign-in (no redirects followed).
 */
export function browserAt(localAddress: string): typeof fetch {
  return (async (target: string | URL, init: RequestInit = {}) => {
    const url = new URL(target);
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, name) => {
      headers[name] = value;
    });
    return new Promise<Response>((resolve, reject) => {
      const sent = request(
        url,
        { method: init.method ?? 'GET', headers, localAddress },
        (answer) => {
          const chunks: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => chunks.push(chunk));
          answer.on('error', reject);
          answer.on('end', () => {
            const received = new Headers();
            for (const [name, value] of Object.entries(answer.headers)) {
              for (const one of [value ?? []].flat()) received.append(name, one);
            }
            const status = answer.statusCode ?? 0;
            const empty = status === 204 || status === 304;
            resolve(
              new Response(empty ? null : Buffer.concat(chunks), { status, headers: received }),
            );
          });
        },
      );
      sent.on('error', reject);
      sent.end(typeof init.body === 'string' ? init.body : undefined);
    });
  }) as typeof fetch;
}

/** Signs people in through a web process, as their assistant would, and answers their MCP tokens. */
export async function assistantFor(publicUrl: string): Promise<{
  signIn(input: { account?: number; code?: string; fetch?: typeof fetch }): Promise<string>;
}> {
  const { client_id: clientId } = await registerClient(publicUrl, ASSISTANT_REDIRECT);
  return {
    async signIn(input) {
      const tokens = await assistantTokens({
        publicUrl,
        clientId,
        redirectUri: ASSISTANT_REDIRECT,
        ...input,
      });
      return tokens.access_token;
    },
  };
}
