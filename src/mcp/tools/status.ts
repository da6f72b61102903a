/**
 * `oura_status`: is the ring connected, as whom, with which scopes, and what
 * to do if not. Reads the stored login (never a secret), then checks it with
 * one request to `personal_info`, the same connection test as `oura auth login`.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { localDay } from '../../api/days.js';
import { AuthenticationError, PermissionError } from '../../api/errors.js';
import { LoginRequiredError } from '../../errors.js';
import type { OuraMcpDeps } from '../deps.js';
import { describeError, LOGIN_ADVICE, okResult } from '../results.js';
import type { ToolRunner } from './run.js';

/** Output of `oura_status`. */
export const statusOutput = {
  connected: z.boolean(),
  profile: z.string(),
  user: z.string().nullable(),
  scopes: z
    .array(z.string())
    .describe('granted scopes (empty when unknown, e.g. OURA_ACCESS_TOKEN)'),
  token_expires_at: z.string().nullable(),
  credentials: z.enum(['keyring', 'file', 'env']),
  api_check: z.string().describe('result of a live request to Oura, or why none was made'),
  today: z.string().describe("this machine's local day; date arguments are local days"),
  time_zone: z.string(),
  problem: z.string().optional(),
  next_step: z.string().optional(),
};

/** Registers `oura_status`. */
export function registerStatusTool(server: McpServer, deps: OuraMcpDeps, run: ToolRunner): void {
  server.registerTool(
    'oura_status',
    {
      title: 'Oura connection status',
      description:
        "Whether an Oura Ring account is connected: user, granted scopes, token expiry, today's local date, " +
        'and what the user must do when it is not connected. Call this first, or when another tool reports a login problem.',
      outputSchema: statusOutput,
      annotations: { readOnlyHint: true, openWorldHint: true },
    },
    () => run('oura_status', () => status(deps)),
  );
}

async function status(deps: OuraMcpDeps) {
  const report = await deps.status();
  const now = deps.now?.() ?? new Date();
  let connected = report.logged_in;
  let problem = report.problem;
  let user = report.user;
  let apiCheck = 'not tried: no usable login';
  if (connected) {
    try {
      const info = (await deps.client.personalInfo()) as { email?: unknown };
      apiCheck = 'ok: Oura answered personal_info';
      if (!user && typeof info.email === 'string') user = info.email;
    } catch (error) {
      if (error instanceof LoginRequiredError || error instanceof AuthenticationError) {
        connected = false;
        problem = error.message;
        apiCheck = 'failed: the login was rejected';
      } else if (error instanceof PermissionError) {
        apiCheck = 'ok: Oura answered, but the "personal" scope was not granted';
      } else {
        apiCheck = `failed: ${describeError(error)}`;
      }
    }
  }
  const structured = {
    connected,
    profile: report.profile,
    user,
    scopes: report.scopes,
    token_expires_at: report.expires_at,
    credentials: report.store,
    api_check: apiCheck,
    today: localDay(now),
    time_zone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    ...(problem ? { problem } : {}),
    ...(connected ? {} : { next_step: nextStep(problem) }),
  };
  const lines = connected
    ? [
        `Connected to Oura${user ? ` as ${user}` : ''} (profile "${report.profile}").`,
        `Scopes: ${report.scopes.length ? report.scopes.join(', ') : 'not known'}.`,
        `API check: ${apiCheck}. Today is ${structured.today} (${structured.time_zone}).`,
      ]
    : [
        `Not connected to Oura (profile "${report.profile}").${problem ? ` ${problem}` : ''}`,
        nextStep(problem),
      ];
  return okResult(lines.join('\n'), structured);
}

function nextStep(problem: string | undefined): string {
  if (problem?.includes('oura setup')) {
    return 'Ask the user to run `oura setup` in a terminal (it registers their Oura application and logs in), then try again.';
  }
  return LOGIN_ADVICE;
}
