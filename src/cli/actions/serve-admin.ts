/** `oura serve invite` and `oura serve rotate-key`: changes to a server's state from its console. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { OuraError, UsageError } from '../../errors.js';
import { loadSealingKeys } from '../../serve/keys/key-file.js';
import { retireOldKeys, rotateKey } from '../../serve/keys/key-rotation.js';
import { holdServerLock } from '../../serve/owner-lock.js';
import { serveDirectory } from '../../serve/serve-paths.js';
import { resealAppCredentials } from '../../serve/state/app-credentials.js';
import { COHORT_NAME } from '../../serve/state/cohort-store.js';
import { sqliteInviteStore } from '../../serve/state/invite-store.js';
import type { ServeState } from '../../serve/state/serve-state.js';
import { sqliteSettings } from '../../serve/state/settings.js';
import { sqliteCohortStore } from '../../serve/state/sqlite-cohort-store.js';
import { SqliteUserStore } from '../../serve/state/sqlite-user-store.js';
import { openStateDb } from '../../serve/state/state-db.js';
import { resealWebhookToken } from '../../serve/state/webhook-token.js';
import type { CommandRun } from '../command-run.js';
import { parseDurationOption } from '../options.js';
import type { InviteFlags } from './serve-flags.js';

async function openState(env: NodeJS.ProcessEnv) {
  const dir = serveDirectory(env);
  const path = join(dir, 'state.sqlite');
  if (!existsSync(path)) {
    throw new OuraError(
      'SERVE_NOT_STARTED',
      `No oura serve has started on this data directory (${dir}).`,
      {
        hint: 'Run `oura serve` once (with the same OURA_DATA_DIR), then try again.',
      },
    );
  }
  return { dir, db: await openStateDb(path) };
}

export async function runInvite(run: CommandRun<InviteFlags>): Promise<void> {
  const seconds = Math.floor(parseDurationOption('--expires', run.flags.expires, 60_000) / 1000);
  const cohort = run.flags.cohort;
  if (cohort !== undefined && !COHORT_NAME.test(cohort)) {
    throw new UsageError(
      '--cohort takes a name of letters, digits, dots, dashes and underscores (up to 63), starting with a letter or digit.',
      { hint: 'e.g. --cohort sleep-study-2026' },
    );
  }
  const make = (state: Pick<ServeState, 'invites' | 'cohorts'>) =>
    cohort === undefined
      ? state.invites.create(seconds)
      : state.cohorts.createLink(cohort, seconds);
  const { publicUrl, code } = run.io.env.OURA_DATABASE_URL
    ? await inviteInDatabase(run.io.env, make)
    : await inviteInFile(run.io.env, make);
  const until = new Date(Date.now() + seconds * 1000).toISOString();
  if (cohort === undefined) {
    run.io.notice(`oura: this link lets one more Oura account sign in, until ${until}:`);
    run.io.out(`${publicUrl}/invite/${code}\n`);
    return;
  }
  run.io.notice(
    `oura: this link enrolls one participant into cohort ${cohort}, until ${until} (the cohort is at ${publicUrl}/admin):`,
  );
  run.io.out(`${publicUrl}/enroll/${code}\n`);
}

type MakeLink = (state: Pick<ServeState, 'invites' | 'cohorts'>) => Promise<string>;

async function inviteInFile(env: NodeJS.ProcessEnv, make: MakeLink) {
  const { db } = await openState(env);
  try {
    const publicUrl = (await sqliteSettings(db).read('public_url')) ?? '';
    return {
      publicUrl,
      code: await make({
        invites: sqliteInviteStore(db, Date.now),
        cohorts: sqliteCohortStore(db, Date.now),
      }),
    };
  } finally {
    db.close();
  }
}

/** The link in the database a `--database` deployment shares (`OURA_DATABASE_URL`). */
async function inviteInDatabase(env: NodeJS.ProcessEnv, make: MakeLink) {
  const { serveDatabase } = await import('./serve-roles.js');
  const { databaseUrl } = serveDatabase({ role: 'all' }, env);
  const { keys } = await loadSealingKeys({ env });
  const { connectPgServeState } = await import('../../serve/state-pg/pg-serve-state.js');
  const state = await connectPgServeState(databaseUrl as string, keys, Date.now, () => {});
  try {
    const publicUrl = await state.settings.read('public_url');
    if (!publicUrl) {
      throw new OuraError('SERVE_NOT_STARTED', 'No oura serve has started on this database.', {
        hint: 'Start `oura serve --database …` once, then try again.',
      });
    }
    return { publicUrl, code: await make(state) };
  } finally {
    await state.close();
  }
}

export async function runRotateKey(run: CommandRun<object>): Promise<void> {
  const { io } = run;
  if (io.env.OURA_DATABASE_URL) {
    const { rotateDatabaseKey } = await import('./serve-rotate-database.js');
    await rotateDatabaseKey(run);
    return;
  }
  const { dir, db } = await openState(io.env);
  // The running server holds the old keys in memory: re-sealing under its feet would strand what it writes next.
  const lock = await holdServerLock(join(dir, 'serve.lock')).catch((error: unknown) => {
    db.close();
    throw error;
  });
  try {
    const newId = await rotateKey({ env: io.env });
    const { keys } = await loadSealingKeys({ env: io.env });
    const users = new SqliteUserStore(db, keys, Date.now);
    const reseal = (sealed: string, context: string) =>
      keys.needsResealing(sealed) ? keys.seal(keys.open(sealed, context), context) : sealed;
    const resealed = users.reseal(reseal);
    await resealWebhookToken(sqliteSettings(db), reseal);
    await resealAppCredentials(sqliteSettings(db), reseal);
    // Sign-ins in progress hold sealed values for ten minutes at most: dropping them costs a retry.
    db.prepare('DELETE FROM sign_ins').run();
    const retired = await retireOldKeys({ env: io.env });
    io.notice(
      `oura: the new key is ${newId}; ${resealed} stored Oura login${resealed === 1 ? '' : 's'} re-encrypted; retired ${retired.length ? retired.join(', ') : 'no key'}.`,
    );
  } finally {
    lock.release();
    db.close();
  }
}
