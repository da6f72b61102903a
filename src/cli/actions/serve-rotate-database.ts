/**
 * `oura serve rotate-key` with `OURA_DATABASE_URL`: processes on several
 * machines share the database, each with its own keys, and none stops. A
 * key added to a file here would reach none of the others, so on a database
 * the command makes no key: it seals again, under the current key of the keys
 * it is given (as the server would load them), every value still under an
 * older one, and says whether the older key may now be dropped.
 */

import type { Pool } from 'pg';
import { OuraError } from '../../errors.js';
import { SERVE_KEY_VARIABLE } from '../../serve/keys/env-key.js';
import { ServeKeyError } from '../../serve/keys/key-errors.js';
import { loadSealingKeys, readKeyFile, serveKeyFilePath } from '../../serve/keys/key-file.js';
import type { ResealReport } from '../../serve/state-pg/pg-reseal.js';
import type { CommandRun } from '../command-run.js';

/** The rotation of a database deployment, step by step (also in `--help` and the README). */
export const DATABASE_ROTATION_STEPS =
  'On a --database deployment: (1) give every process the new key after its current one ' +
  `(${SERVE_KEY_VARIABLE}=OLD,NEW) and restart them one at a time; (2) then put it first (NEW,OLD), ` +
  `again one at a time; (3) run \`${SERVE_KEY_VARIABLE}=NEW,OLD OURA_DATABASE_URL=… oura serve rotate-key\`; ` +
  `(4) once it says every value is under NEW, drop OLD (${SERVE_KEY_VARIABLE}=NEW).`;

export async function rotateDatabaseKey(run: CommandRun<object>): Promise<void> {
  const { io } = run;
  const { serveDatabase } = await import('./serve-roles.js');
  const { databaseUrl } = serveDatabase({ role: 'all' }, io.env);
  // A key file made now would hold a key no value was ever sealed under.
  if (io.env[SERVE_KEY_VARIABLE] === undefined) {
    const path = serveKeyFilePath({ env: io.env });
    if ((await readKeyFile(path)) === undefined) {
      throw new ServeKeyError(
        `No keys to re-seal with: ${SERVE_KEY_VARIABLE} is unset and there is no key file at ${path}.`,
        {
          hint: DATABASE_ROTATION_STEPS,
        },
      );
    }
  }
  const { keys } = await loadSealingKeys({ env: io.env });
  const [{ default: pg }, { resealServiceState }] = await Promise.all([
    import('pg'),
    import('../../serve/state-pg/pg-reseal.js'),
  ]);
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: 2,
    connectionTimeoutMillis: 10_000,
  });
  pool.on('error', () => {});
  let report: ResealReport;
  try {
    await refuseWhileBehind(pool, keys.currentId).catch(async (error: unknown) => {
      const { openingFailure } = await import('../../serve/state-pg/database-error.js');
      throw openingFailure(error);
    });
    report = await resealServiceState(pool, {
      currentId: keys.currentId,
      reseal: (sealed, context) => keys.seal(keys.open(sealed, context), context),
    });
  } finally {
    await pool.end();
  }
  const current = keys.currentId;
  const done = Object.entries(report.resealed).filter(([, n]) => n > 0);
  io.notice(
    done.length === 0
      ? `oura: nothing to re-seal under key ${current}.`
      : `oura: re-sealed under key ${current}: ${done.map(([kind, n]) => `${n} ${kind}`).join(', ')}.`,
  );
  if (report.changedMeanwhile > 0) {
    io.notice(
      `oura: ${report.changedMeanwhile} changed by a running process while this ran: left as it wrote them.`,
    );
  }
  const unopened = Object.entries(report.unopened);
  if (unopened.length > 0) {
    throw new OuraError(
      'SEALED_VALUE',
      `${describe(unopened)} could not be opened with the keys given (${keys.ids.join(', ')}) and stay as they are.`,
      {
        hint: `Give this command every key the processes hold (${SERVE_KEY_VARIABLE}=NEW,OLD,…), then run it again.`,
      },
    );
  }
  const remaining = Object.entries(report.remaining);
  if (remaining.length > 0) {
    // Written meanwhile by a process whose current key is still an old one: dropping that key would strand them.
    io.notice(
      `oura: ${describe(remaining)} written meanwhile: a process still seals under ${remaining.map(([kid]) => kid).join(', ')}. Keep that key; once every process has ${current} first, run rotate-key again.`,
    );
    io.exitCode = 1;
    return;
  }
  const older = keys.ids.filter((id) => id !== current);
  io.notice(
    older.length > 0
      ? `oura: every sealed value in the database is under ${current}. Once every process has ${current} first, drop ${older.join(', ')} from every process's keys (${SERVE_KEY_VARIABLE}=NEW).`
      : `oura: every sealed value in the database is under ${current}, the only key given. ${DATABASE_ROTATION_STEPS}`,
  );
}

/** "3 values sealed under key abc" for each key id. */
function describe(counts: [string, number][]): string {
  return counts
    .map(([kid, n]) => `${n} value${n === 1 ? '' : 's'} sealed under key ${kid}`)
    .join(', ');
}

/**
 * Refuses while a running process does not seal under `current` yet:
 * re-sealing would leave it values it cannot open (it lacks the key), or it
 * would go on writing under the old one (steps 1 and 2 not done everywhere).
 */
async function refuseWhileBehind(pool: Pool, current: string): Promise<void> {
  const { liveProcessKeys, LIVE_WITHIN_SECONDS } = await import(
    '../../serve/state-pg/pg-process-keys.js'
  );
  const behind = (await liveProcessKeys(pool)).filter((p) => p.currentKey !== current);
  if (behind.length === 0) return;
  const named = behind
    .map(
      (p) =>
        `${p.role} on ${p.host} (pid ${p.pid}; holds ${p.keyIds.join(', ')}; seals under ${p.currentKey}; heard from ${p.secondsAgo} s ago)`,
    )
    .join('; ');
  const count =
    behind.length === 1 ? 'a running process does' : `${behind.length} running processes do`;
  throw new ServeKeyError(
    `Nothing re-sealed: ${count} not seal under key ${current} yet: ${named}.`,
    {
      // One that lacks the new key goes through step 1 first: given NEW,OLD at once, it would
      // seal under NEW values the processes still on OLD alone cannot open.
      hint: `${
        behind.some((p) => !p.keyIds.includes(current))
          ? `Give each that does not hold ${current} ${SERVE_KEY_VARIABLE}=OLD,NEW (step 1), then every process NEW,OLD (step 2)`
          : `Restart each with ${SERVE_KEY_VARIABLE}=NEW,OLD (step 2)`
      }, one at a time, then run this again. A process that was killed is forgotten ${LIVE_WITHIN_SECONDS} s after it was last heard from. ${DATABASE_ROTATION_STEPS}`,
    },
  );
}
