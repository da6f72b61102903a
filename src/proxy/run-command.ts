/**
 * `oura run` as a library call: a program runs with `OURA_API_URL` pointing at
 * a private proxy (which adds the token), and without the secrets `oura`
 * itself may have been given in its environment. The key reaches the child
 * only inside `OURA_API_URL`: environment variables are private to the user,
 * while argv is visible to every user of the machine.
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import type { TokenProvider } from '../api/http.js';
import { OuraError } from '../errors.js';
import { type ProxyRequestEvent, startProxy } from './server.js';

/** Variables a child never inherits: with them it would hold the secrets the proxy exists to keep. */
export const WITHHELD_VARIABLES = ['OURA_ACCESS_TOKEN', 'OURA_CLIENT_SECRET'] as const;

/**
 * Signals passed on to the child. A terminal's Ctrl-C reaches the whole
 * foreground process group already; a SIGTERM from a supervisor reaches only
 * us. Either way the child decides when to stop, and the proxy serves until it has.
 */
const FORWARDED_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

export interface RunWithProxyOptions {
  command: string;
  args: string[];
  /** The environment the child starts from (minus the withheld variables). */
  env: NodeJS.ProcessEnv;
  apiUrl: string;
  token: TokenProvider;
  onRequest?: (event: ProxyRequestEvent) => void;
}

/** The child's environment: the parent's, minus secrets, with the proxy as the API. */
export function childEnvironment(env: NodeJS.ProcessEnv, proxyUrl: string): NodeJS.ProcessEnv {
  const child: NodeJS.ProcessEnv = { ...env, OURA_API_URL: proxyUrl };
  for (const name of WITHHELD_VARIABLES) delete child[name];
  return child;
}

/**
 * Runs the command to its end and resolves with the exit code to pass on: the
 * child's own, or 128 + the signal number when a signal ended it (as shells do).
 */
export async function runWithProxy(options: RunWithProxyOptions): Promise<number> {
  const proxy = await startProxy({
    apiUrl: options.apiUrl,
    token: options.token,
    ...(options.onRequest ? { onRequest: options.onRequest } : {}),
  });
  const child = spawn(options.command, options.args, {
    stdio: 'inherit',
    env: childEnvironment(options.env, proxy.url),
  });
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  for (const signal of FORWARDED_SIGNALS) process.on(signal, forward);
  try {
    return await new Promise<number>((resolve, reject) => {
      child.once('error', (error: NodeJS.ErrnoException) => {
        const why = error.code === 'ENOENT' ? 'not found (check the name and PATH)' : error.message;
        reject(new OuraError('COMMAND_FAILED', `Could not start "${options.command}": ${why}.`));
      });
      child.once('exit', (code, signal) => {
        resolve(code ?? 128 + (signal ? constants.signals[signal] : 0));
      });
    });
  } finally {
    for (const signal of FORWARDED_SIGNALS) process.off(signal, forward);
    await proxy.close();
  }
}
