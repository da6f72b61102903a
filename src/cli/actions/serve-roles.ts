/**
 * Where `oura serve` keeps its state and which part of the work this process
 * does: `--database`/`OURA_DATABASE_URL` and `--role`, checked before anything
 * starts; and the worker role's run, which serves no page.
 */
import { UsageError } from '../../errors.js';
import type { OuraApp } from '../../serve/oura-app.js';
import type { Sealer } from '../../serve/state/user-store.js';

export type ServeRole = 'web' | 'worker' | 'all';

const ROLES: readonly ServeRole[] = ['web', 'worker', 'all'];

/** The database and role the flags and environment ask for. The URL is never echoed: it may hold a password. */
export function serveDatabase(
  flags: { database?: string; role: string },
  env: NodeJS.ProcessEnv,
): { databaseUrl: string | undefined; role: ServeRole } {
  if (!ROLES.includes(flags.role as ServeRole)) {
    throw new UsageError(`--role ${flags.role} is not a role: give web, worker or all.`);
  }
  const role = flags.role as ServeRole;
  const databaseUrl = flags.database ?? (env.OURA_DATABASE_URL || undefined);
  if (databaseUrl === undefined) {
    if (role !== 'all') {
      throw new UsageError(
        `--role ${role} shares the work with other processes through PostgreSQL: give --database postgres://… (or OURA_DATABASE_URL).`,
      );
    }
    return { databaseUrl, role };
  }
  let protocol: string | undefined;
  try {
    protocol = new URL(databaseUrl).protocol;
  } catch {
    protocol = undefined;
  }
  if (protocol !== 'postgres:' && protocol !== 'postgresql:') {
    const given = flags.database === undefined ? 'the environment variable' : '--database';
    throw new UsageError(
      `${given === '--database' ? given : `${given} OURA_DATABASE_URL`}: not a PostgreSQL URL.`,
      {
        hint: 'e.g. postgres://oura@db.example.net/oura (a password may come from PGPASSWORD or ~/.pgpass).',
      },
    );
  }
  return { databaseUrl, role };
}

/**
 * `--role worker`: syncs and webhook passes from the database's job queue
 * until `stopped`. The Oura application comes from the environment, else the
 * one a web process sealed in the database.
 */
export async function runWorkerRole(options: {
  databaseUrl: string;
  /** The keys: they open and seal the stored secrets, and their ids are announced (`announceKeys`). */
  sealer: Sealer & { ids: string[]; currentId: string };
  app: Omit<OuraApp, 'credentials'> & { credentials?: OuraApp['credentials'] };
  log: (line: string) => void;
  notice: (line: string) => void;
  stopped: Promise<unknown>;
}): Promise<void> {
  const [
    { connectPgServeState },
    { APP_CREDENTIALS_SETTING, resolveAppCredentials },
    { startWorker },
    { DATA_TYPES },
  ] = await Promise.all([
    import('../../serve/state-pg/pg-serve-state.js'),
    import('../../serve/state/app-credentials.js'),
    import('../../serve/jobs/start-worker.js'),
    import('../../oura/data-types.js'),
  ]);
  const state = await connectPgServeState(
    options.databaseUrl,
    options.sealer,
    Date.now,
    options.log,
  );
  let credentials: OuraApp['credentials'];
  try {
    if (!options.app.credentials && !(await state.settings.read(APP_CREDENTIALS_SETTING.key))) {
      throw new UsageError(
        'No web process has stored the Oura application in this database yet, and this worker was given none.',
        {
          hint: 'Start `oura serve --database … --role web` first (it stores the application from `oura setup` or OURA_CLIENT_ID/OURA_CLIENT_SECRET, sealed), or give this worker OURA_CLIENT_ID and OURA_CLIENT_SECRET.',
        },
      );
    }
    credentials = await resolveAppCredentials(
      state.settings,
      options.sealer,
      options.app.credentials,
    );
  } finally {
    await state.close();
  }
  // Said before the worker seals anything: a rotate-key meanwhile must see it.
  const unannounce = await announceKeys({
    databaseUrl: options.databaseUrl,
    role: 'worker',
    keys: options.sealer,
    log: options.log,
  });
  try {
    const worker = await startWorker({
      databaseUrl: options.databaseUrl,
      sealer: options.sealer,
      app: { ...options.app, credentials },
      types: DATA_TYPES,
      log: options.log,
    });
    options.notice(
      'oura serve: worker started; taking syncs and webhook events from the database.',
    );
    await options.stopped;
    await worker.stop();
  } finally {
    await unannounce();
  }
}

/**
 * Says in the database, while this process runs, which keys it holds and
 * seals under (`pg-process-keys.ts`), for `oura serve rotate-key`; answers
 * how to stop saying it.
 */
export async function announceKeys(options: {
  databaseUrl: string;
  role: ServeRole;
  keys: { ids: string[]; currentId: string };
  log: (line: string) => void;
}): Promise<() => Promise<void>> {
  const [{ default: pg }, { announceProcessKeys }] = await Promise.all([
    import('pg'),
    import('../../serve/state-pg/pg-process-keys.js'),
  ]);
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 1 });
  pool.on('error', () => {});
  const onError = (error: Error) =>
    options.log(`database: could not say which keys this process holds: ${error.message}`);
  try {
    const announced = await announceProcessKeys(
      pool,
      {
        role: options.role,
        pid: process.pid,
        keyIds: options.keys.ids,
        currentKey: options.keys.currentId,
      },
      onError,
    );
    return async () => {
      await announced.stop();
      await pool.end();
    };
  } catch (error) {
    await pool.end();
    const { openingFailure } = await import('../../serve/state-pg/database-error.js');
    throw openingFailure(error);
  }
}
