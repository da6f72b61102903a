/**
 * `oura_status`: is the ring connected, as whom, with which scopes, and what
 * to do if not. Reads the stored login (never a secret), then checks it with
 * one request to `personal_info`, the same connection test as `oura auth login`.
 */
import type { McpServer, RegisteredTool } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { AuthenticationError, PermissionError } from '../../api/errors.js';
import { localDay } from '../../calendar/days.js';
import { now as clockNow } from '../../clock.js';
import { LoginRequiredError } from '../../errors.js';
import type { OuraMcpDeps } from '../deps.js';
import { describeError, LOGIN_ADVICE, okResult } from '../results.js';
import type { ToolRunner } from './tool-runner.js';

/** Output of `oura_status`. */
export const statusOutput = z.object({
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
  history_changed_at: z
    .string()
    .nullable()
    .optional()
    .describe(
      'when the local history last changed (a sync or a webhook event); null before any sync',
    ),
  webhooks: z
    .object({
      subscriptions: z
        .array(
          z.object({
            id: z.string(),
            event_type: z.string(),
            data_type: z.string(),
            expiration_time: z.string(),
            expired: z.boolean(),
          }),
        )
        .nullable(),
      note: z.string().optional(),
    })
    .optional()
    .describe("Oura's webhook subscriptions for this application (`oura webhook list`)"),
});

/** Registers `oura_status`. */
export function registerStatusTool(
  server: McpServer,
  deps: OuraMcpDeps,
  run: ToolRunner,
): RegisteredTool {
  return server.registerTool(
    'oura_status',
    {
      title: 'Oura connection status',
      description:
        "Whether an Oura Ring account is connected: user, granted scopes, token expiry, today's local date, " +
        'when the local history last changed and the webhook subscriptions that keep it current, ' +
        'and what the user must do when it is not connected. Call this first, or when another tool reports a login problem.',
      outputSchema: statusOutput,
      annotations: { readOnlyHint: true, openWorldHint: true },
    },
    () => run('oura_status', () => status(deps)),
  );
}

async function status(deps: OuraMcpDeps) {
  const report = await deps.status();
  const now = deps.now?.() ?? clockNow();
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
  const freshness = await webhookFreshness(deps, now);
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
    ...(connected ? {} : { next_step: nextStep(problem, deps.loginAdvice) }),
    ...freshness,
  };
  const lines = connected
    ? [
        `Connected to Oura${user ? ` as ${user}` : ''} (profile "${report.profile}").`,
        `Scopes: ${report.scopes.length ? report.scopes.join(', ') : 'not known'}.`,
        `API check: ${apiCheck}. Today is ${structured.today} (${structured.time_zone}).`,
        ...freshnessLines(freshness),
      ]
    : [
        `Not connected to Oura (profile "${report.profile}").${problem ? ` ${problem}` : ''}`,
        nextStep(problem, deps.loginAdvice),
      ];
  return okResult(lines.join('\n'), structured);
}

function nextStep(problem: string | undefined, loginAdvice: string | undefined): string {
  if (loginAdvice) return loginAdvice;
  if (problem?.includes('oura setup')) {
    return 'Ask the user to run `oura setup` in a terminal (it registers their Oura application and logs in), then try again.';
  }
  return LOGIN_ADVICE;
}

/** When the history last changed, and the webhook subscriptions; each optional, never fatal. */
async function webhookFreshness(deps: OuraMcpDeps, now: Date) {
  const { describeSubscriptions } = await import('../../webhook/subscription-status.js');
  const out: {
    history_changed_at?: string | null;
    webhooks?: { subscriptions: ReturnType<typeof describeSubscriptions> | null; note?: string };
  } = {};
  if (deps.history) {
    const read = await deps.history.reader().catch(() => undefined);
    out.history_changed_at = read ? await read.changedAt() : null;
  }
  if (deps.webhookSubscriptions) {
    try {
      out.webhooks = {
        subscriptions: describeSubscriptions(await deps.webhookSubscriptions(), now),
      };
    } catch (error) {
      out.webhooks = { subscriptions: null, note: `not listed: ${describeError(error)}` };
    }
  }
  return out;
}

function freshnessLines(freshness: Awaited<ReturnType<typeof webhookFreshness>>): string[] {
  const lines: string[] = [];
  if (freshness.history_changed_at !== undefined) {
    lines.push(
      freshness.history_changed_at
        ? `Local history last changed ${freshness.history_changed_at}.`
        : 'No local history yet (`oura sync` makes it).',
    );
  }
  const subs = freshness.webhooks?.subscriptions;
  if (subs) {
    const live = subs.filter((sub) => !sub.expired);
    const next = live.map((sub) => sub.expiration_time).sort()[0];
    lines.push(
      `Webhook subscriptions: ${live.length} live${subs.length > live.length ? `, ${subs.length - live.length} expired` : ''}${next ? ` (first to expire: ${next})` : ''}.`,
    );
  } else if (freshness.webhooks?.note)
    lines.push(`Webhook subscriptions ${freshness.webhooks.note}.`);
  return lines;
}
