/**
 * `oura emulator`: runs the local Oura stand-in until SIGINT/SIGTERM and prints
 * the `export OURA_...=...` lines that point `oura` at it (stdout), with a
 * short explanation (stderr).
 */
import { resolve } from 'node:path';
import { isDay } from '../../calendar/days.js';
import type { EmulatorOptions, PlantedEffect } from '../../emulator/index.js';
import { parsePlantSpec } from '../../emulator/plant-spec.js';
import { OuraError, UsageError } from '../../errors.js';
import { ENDPOINTS, isDataType } from '../../oura/data-types.js';
import { untilStopped } from '../../until-stopped.js';
import type { CommandRun } from '../command-run.js';
import { parseOptionalInteger } from '../options.js';

/** Default port of `oura emulator`, fixed so the printed URLs stay the same between runs. */
const DEFAULT_EMULATOR_PORT = 7878;

/** More accounts than a consent page can list usefully is a typo. */
const MAX_CLI_ACCOUNTS = 10_000;

/**
 * The profile the printed lines select: a login to the emulator then lives
 * beside the person's real one (and its own history file) instead of
 * replacing the `default` profile's client, tokens and token endpoint.
 */
export const EMULATOR_PROFILE = 'emulator';

/** Flags of `oura emulator`, as commander parses them. */
export interface EmulatorFlags {
  port?: string;
  latencyMs?: string;
  failureRate?: string;
  pageSize?: string;
  rateLimit?: string;
  rateWindow?: string;
  appRateLimit?: string;
  appRateWindow?: string;
  accessTokenTtl?: string;
  codeTtl?: string;
  webhookTtl?: string;
  force429?: string;
  redirectUri?: string[];
  edgeQuirks?: boolean;
  state?: string;
  startDay?: string;
  holdToday?: string;
  plant?: string[];
  seed?: string;
  accounts?: string;
}

function redirectUri(raw: string): string {
  try {
    const url = new URL(raw);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('scheme');
    return raw;
  } catch {
    throw new UsageError(`--redirect-uri must be an absolute http(s) URL, got "${raw}".`);
  }
}

function plantedEffect(spec: string): PlantedEffect {
  try {
    return parsePlantSpec(spec);
  } catch (error) {
    throw new UsageError(`--plant "${spec}": ${(error as Error).message}.`, {
      hint: 'See `oura emulator --help` for the spelling.',
    });
  }
}

/** Turns flags into emulator options; throws {@link UsageError} on bad values. */
export function emulatorOptionsFromFlags(flags: EmulatorFlags): {
  options: EmulatorOptions & { port: number };
  redirectUris: string[];
} {
  const options: EmulatorOptions & { port: number } = {
    port: parseOptionalInteger('--port', flags.port, 0, 65535) ?? DEFAULT_EMULATOR_PORT,
  };
  if (flags.failureRate !== undefined) {
    const failureRate = Number(flags.failureRate);
    if (flags.failureRate.trim() === '' || !(failureRate >= 0 && failureRate <= 1)) {
      throw new UsageError(
        `--failure-rate must be a number from 0 to 1, got "${flags.failureRate}".`,
      );
    }
    options.failureRate = failureRate;
  }
  const numbers = {
    latencyMs: parseOptionalInteger('--latency-ms', flags.latencyMs, 0),
    pageSize: parseOptionalInteger('--page-size', flags.pageSize, 1),
    accessTokenLifetimeSeconds: parseOptionalInteger('--access-token-ttl', flags.accessTokenTtl, 1),
    codeLifetimeSeconds: parseOptionalInteger('--code-ttl', flags.codeTtl, 1),
    webhookLifetimeSeconds: parseOptionalInteger('--webhook-ttl', flags.webhookTtl, 1),
    force429: parseOptionalInteger('--force-429', flags.force429, 0),
    accounts: parseOptionalInteger('--accounts', flags.accounts, 1, MAX_CLI_ACCOUNTS),
  };
  for (const [key, value] of Object.entries(numbers) as [
    keyof typeof numbers,
    number | undefined,
  ][]) {
    if (value !== undefined) options[key] = value;
  }
  const limit = parseOptionalInteger('--rate-limit', flags.rateLimit, 1);
  const windowSeconds = parseOptionalInteger('--rate-window', flags.rateWindow, 1);
  if (limit !== undefined || windowSeconds !== undefined) {
    options.rateLimit = { limit: limit ?? 5000, windowSeconds: windowSeconds ?? 300 };
  }
  const appLimit = parseOptionalInteger('--app-rate-limit', flags.appRateLimit, 1);
  const appWindow = parseOptionalInteger('--app-rate-window', flags.appRateWindow, 1);
  if (appLimit !== undefined || appWindow !== undefined) {
    options.appRateLimit = { limit: appLimit ?? 5000, windowSeconds: appWindow ?? 300 };
  }
  if (flags.edgeQuirks) options.edgeQuirks = true;
  if (flags.state !== undefined) {
    if (flags.state.trim() === '') throw new UsageError('--state needs a file name.');
    options.stateFile = resolve(flags.state);
  }
  if (flags.startDay !== undefined) {
    if (!isDay(flags.startDay)) {
      throw new UsageError(`--start-day must be YYYY-MM-DD, got "${flags.startDay}".`);
    }
    options.startDay = flags.startDay;
  }
  if (flags.holdToday !== undefined) {
    options.holdToday = flags.holdToday
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean);
    const unknown = options.holdToday.filter((t) => !isDataType(t) || ENDPOINTS[t].kind !== 'date');
    if (unknown.length > 0) {
      throw new UsageError(
        `--hold-today takes types listed by day (e.g. sleep,daily_sleep); not: ${unknown.join(', ')}.`,
        { hint: 'See `oura types` for the types.' },
      );
    }
  }
  if (flags.plant !== undefined) options.effects = flags.plant.map(plantedEffect);
  if (flags.seed !== undefined) {
    if (flags.seed === '') throw new UsageError('--seed needs a value.');
    options.seed = flags.seed;
  }
  return { options, redirectUris: (flags.redirectUri ?? []).map(redirectUri) };
}

/** The accounts in a line: the one address, or how many and the first few. */
function whom(accounts: { email: string }[]): string {
  const first = accounts[0]?.email ?? '';
  if (accounts.length === 1) return first;
  const shown = accounts.slice(0, 3).map((account) => account.email);
  const more = accounts.length > shown.length ? ', ...' : '';
  return `${accounts.length} accounts: ${shown.join(', ')}${more}; the consent page asks who signs in`;
}

/** Quotes a value for a POSIX shell `export` line. */
function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`;
}

export async function runEmulator(run: CommandRun<EmulatorFlags>): Promise<void> {
  const { flags, io } = run;
  const { options, redirectUris } = emulatorOptionsFromFlags(flags);
  const { DEMO_CLIENT, EmulatorStateError, startEmulator } = await import(
    '../../emulator/index.js'
  );
  const client = {
    ...DEMO_CLIENT,
    redirectUris: [...new Set([...DEMO_CLIENT.redirectUris, ...redirectUris])],
  };
  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  try {
    emulator = await startEmulator({ ...options, clients: [client] });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new OuraError('PORT_IN_USE', `Port ${options.port} is taken.`, {
        hint: 'Choose another with --port (0 = any free port).',
      });
    }
    if (error instanceof EmulatorStateError) {
      throw new OuraError('EMULATOR_STATE', error.message);
    }
    throw error;
  }
  // These are the emulator's own made-up demo credentials, not a real secret.
  for (const [name, value] of Object.entries({
    OURA_PROFILE: EMULATOR_PROFILE,
    ...emulator.env(),
  })) {
    io.out(`export ${name}=${shellQuote(value)}\n`);
  }
  io.stderr.write(
    [
      `Oura emulator listening on ${emulator.url} (synthetic data for ${whom(emulator.accounts)}).`,
      "In another shell, paste the export lines above (they are the emulator's made-up demo",
      'credentials), then run `oura auth login` (or `oura setup --no-browser`); the consent page',
      'is served by the emulator. Or start it as `oura emulator > env.sh &` and `. ./env.sh`.',
      `They select the profile "${EMULATOR_PROFILE}": a login there leaves your other profiles' logins as they are.`,
      `Redirect URIs accepted: ${client.redirectUris.join(', ')}`,
      'Sandbox data: /v2/sandbox/usercollection/... (any bearer). Ctrl-C to stop.',
      options.stateFile
        ? `Logins are kept in ${options.stateFile}${emulator.restoredLogins > 0 ? ` (${emulator.restoredLogins} restored)` : ''}: a restart on the same port keeps them.`
        : 'Logins live in memory: stopping the emulator ends them (`oura auth login` again), unless it runs with --state FILE.',
      '',
    ].join('\n'),
  );
  await untilStopped();
  await emulator.close();
  io.stderr.write('Oura emulator stopped.\n');
}
