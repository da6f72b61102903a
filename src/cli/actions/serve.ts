/**
 * `oura serve`: the server's Oura application from the profile (`oura setup`
 * or `OURA_CLIENT_ID`/`OURA_CLIENT_SECRET`), the sealing keys, then serve
 * until SIGINT/SIGTERM.
 */
import { readFile } from 'node:fs/promises';
import { DEFAULT_SCOPES } from '../../auth/servers.js';
import { LoginRequiredError, UsageError } from '../../errors.js';
import { loadSealingKeys } from '../../serve/keys/key-file.js';
import { serveDirectory } from '../../serve/serve-paths.js';
import { checkExposure, startServe } from '../../serve/start-serve.js';
import { untilStopped } from '../../until-stopped.js';
import type { CommandRun } from '../command-run.js';
import { packageVersion } from '../package-version.js';
import type { ServeFlags } from './serve-flags.js';
import { announceKeys, runWorkerRole, serveDatabase } from './serve-roles.js';

export async function runServe(run: CommandRun<ServeFlags>): Promise<void> {
  const { flags, io } = run;
  const publicUrl = flags.publicUrl === undefined ? undefined : checkPublicUrl(flags.publicUrl);
  if (Boolean(flags.tlsCert) !== Boolean(flags.tlsKey)) {
    throw new UsageError('--tls-cert and --tls-key go together: give both files, or neither.');
  }
  const { databaseUrl, role } = serveDatabase(flags, io.env);
  if (role !== 'worker') checkExposure(flags.host, publicUrl, Boolean(flags.tlsCert));
  const tls =
    flags.tlsCert && flags.tlsKey
      ? { cert: await readFile(flags.tlsCert), key: await readFile(flags.tlsKey) }
      : undefined;
  // Listening for the stop before the server announces itself: a stop right after the
  // "listening" line must close it cleanly, not end the process mid-way.
  const stopped = untilStopped();
  await using profile = await run.openProfile();
  const account = await profile.account();
  // After the first start the server remembers its application, sealed: the environment may then forget it.
  const credentials = await account.client().catch((error: unknown) => {
    if (error instanceof LoginRequiredError) return undefined;
    throw error;
  });
  const { keys, ...keySource } = await loadSealingKeys({ env: io.env });
  const log = (line: string) => io.stderr.write(`${new Date().toISOString()} ${line}\n`);
  const app = {
    endpoints: account.endpoints(),
    ...(credentials ? { credentials } : {}),
    scopes: account.config?.scopes ?? [...DEFAULT_SCOPES],
    apiUrl: profile.options.apiUrl,
  };
  if (role === 'worker') {
    await runWorkerRole({
      databaseUrl: databaseUrl as string,
      sealer: keys,
      app,
      log,
      notice: (line) => io.notice(line),
      stopped,
    });
    return;
  }
  // Said before the server seals anything: a rotate-key meanwhile must see it.
  const unannounce = databaseUrl
    ? await announceKeys({ databaseUrl, role, keys, log })
    : async () => {};
  try {
    const server = await startServe({
      serveDir: serveDirectory(io.env),
      host: flags.host,
      port: flags.port ?? 8790,
      ...(publicUrl ? { publicUrl } : {}),
      ...(tls ? { tls } : {}),
      allow: (flags.allow ?? '')
        .split(',')
        .map((entry) => entry.trim())
        .filter(Boolean),
      app,
      sealer: keys,
      ...(databaseUrl ? { databaseUrl, role: role === 'web' ? 'web' : 'all' } : {}),
      version: packageVersion(),
      log,
      console: (line) => io.stderr.write(`${line}\n`),
    });
    io.notice(
      keySource.source === 'env'
        ? 'oura serve: Oura tokens are encrypted with the key in OURA_SERVE_KEY.'
        : `oura serve: Oura tokens are encrypted with the key in ${keySource.path}${keySource.created ? ' (created now: back it up)' : ''}.`,
    );
    await stopped;
    await server.close();
  } finally {
    await unannounce();
  }
}

function checkPublicUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(
      `--public-url "${text}" is not a URL: give the address assistants reach, e.g. https://oura.example.net.`,
    );
  }
  if (
    (url.protocol !== 'https:' && url.protocol !== 'http:') ||
    url.search ||
    url.hash ||
    url.username
  ) {
    throw new UsageError(
      `--public-url "${text}" should be a plain https:// address, without query, fragment or credentials.`,
    );
  }
  return url.href.replace(/\/+$/, '');
}
