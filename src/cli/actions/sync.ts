/** The work of `oura sync`: checks, the lock, the client, the summary. */
import type { Day } from '../../calendar/days.js';
import { OuraError, UsageError } from '../../errors.js';
import type { SyncProgress } from '../../history/history.js';
import { DATA_TYPES, type DataType, isDataType } from '../../oura/data-types.js';
import type { Profile } from '../../profile/open-profile.js';
import type { CliIo, OutStream } from '../cli-io.js';
import type { CommandRun } from '../command-run.js';
import { parseDay } from '../dates.js';
import { noticeOnInterrupt } from '../interrupt-notice.js';
import { parseDurationOption } from '../options.js';

/** Flags of `oura sync`, as commander parses them. */
export interface SyncFlags {
  types?: string;
  since?: string;
  full?: boolean;
  revisitDays?: string;
  json?: boolean;
  every?: string;
  rebuild?: boolean;
}

export interface SyncPlan {
  types: DataType[];
  since: Day | undefined;
  full: boolean;
  revisitDays: number;
  json: boolean;
  everyMs: number | undefined;
  rebuild: boolean;
}

/** Checks the flags; any mistake is a UsageError (exit 2) before any request. */
export function planSync(flags: SyncFlags): SyncPlan {
  let types: DataType[] = [...DATA_TYPES];
  if (flags.types !== undefined) {
    const names = flags.types
      .split(',')
      .map((name) => name.trim())
      .filter(Boolean);
    const unknown = names.filter((name) => !isDataType(name));
    if (names.length === 0 || unknown.length > 0) {
      throw new UsageError(
        `unknown data type${unknown.length > 1 ? 's' : ''} in --types: ${unknown.join(', ') || '(none given)'}. Valid types: ${DATA_TYPES.join(', ')}.`,
      );
    }
    types = [...new Set(names)] as DataType[];
  }
  const revisit = flags.revisitDays ?? '7';
  if (!/^\d+$/.test(revisit) || Number(revisit) < 1 || Number(revisit) > 3650) {
    throw new UsageError(
      `--revisit-days "${revisit}" should be a whole number of days from 1 to 3650.`,
    );
  }
  return {
    types,
    since: flags.since === undefined ? undefined : parseDay(flags.since, '--since'),
    full: flags.full ?? false,
    revisitDays: Number(revisit),
    json: flags.json ?? false,
    everyMs:
      flags.every === undefined ? undefined : parseDurationOption('--every', flags.every, 60_000),
    rebuild: flags.rebuild ?? false,
  };
}

export async function runSync(run: CommandRun<SyncFlags>): Promise<void> {
  const { io } = run;
  const plan = planSync(run.flags);
  // One profile for every run of `--every`: its session and stored login are opened once.
  await using profile = await run.openProfile();
  // Awaited here, not returned: the profile stays open until the sync is done.
  if (plan.everyMs === undefined) {
    await syncOnce(plan, profile, io);
    return;
  }
  const { runEvery } = await import('./sync-every.js');
  let current = plan;
  await runEvery({
    periodMs: plan.everyMs,
    log: (line) => io.notice(`oura: ${line}`),
    run: async () => {
      const plan = current;
      // Rebuild once, then keep the rebuilt file: even when this run fails part-way,
      // the windows it committed are kept (as its interrupt notice says), not deleted again.
      current = { ...current, rebuild: false };
      await syncOnce(plan, profile, io);
    },
  });
}

async function syncOnce(plan: SyncPlan, profile: Profile, io: CliIo): Promise<void> {
  const [{ MAX_SERIES_WINDOW_DAYS }, { asHistoryError }] = await Promise.all([
    import('../../api/client.js'),
    import('../../history/errors.js'),
  ]);
  const history = profile.history();
  const { path } = history;
  // Not logged in (exit 4) must stop the sync before it makes a history file.
  await profile.token();
  let requests = 0;
  const client = await profile.client({
    onRequest: () => void requests++,
    // Sync cuts its own windows (history/sync.ts); the client must not cut them again.
    seriesWindowDays: MAX_SERIES_WINDOW_DAYS,
  });
  const notice = (line: string) => io.notice(`oura: ${line}`);
  const started = Date.now();
  const progress = syncProgress(io.stderr, io.quiet);
  let stopNoticing = () => {};
  try {
    const result = await history.sync(client, {
      rebuild: plan.rebuild,
      onWait: () =>
        notice('another `oura sync` is running for this profile; waiting for it to finish.'),
      // Said even with --quiet: like an error, it is news the person needs. Not while
      // waiting for another sync's lock: then nothing of this one has been kept yet.
      onLocked: () => {
        stopNoticing = noticeOnInterrupt(
          'interrupted: every window finished so far is kept; `oura sync` continues where it stopped.',
          io.warn,
          () => progress.done(),
        );
      },
      types: plan.types,
      since: plan.since,
      full: plan.full,
      revisitDays: plan.revisitDays,
      notice,
      onProgress: (p) => progress.update(p),
    });
    progress.done();
    const summary = {
      database: path,
      requests,
      duration_ms: Date.now() - started,
      types: result.types,
    };
    if (plan.json) io.out(`${JSON.stringify(summary)}\n`);
    else {
      const changed = Object.values(result.types).reduce(
        (sum, c) => sum + c.inserted + c.updated + c.deleted,
        0,
      );
      notice(
        `synced ${Object.keys(result.types).length} types into ${path} (${changed} changes, ${requests} requests, ${((Date.now() - started) / 1000).toFixed(1)} s).`,
      );
    }
  } catch (error) {
    // A damaged page met by a write, or by the check of the whole file (history/self-check.ts).
    throw diskFull(error, path) ?? asHistoryError(error, path);
  } finally {
    stopNoticing();
    progress.done();
  }
}

/**
 * A full disk stops the sync between windows: the window being written is
 * rolled back whole, the ones before it stay, and the next run goes on.
 */
function diskFull(error: unknown, path: string): OuraError | undefined {
  const code = (error as { code?: unknown }).code;
  if (code !== 'SQLITE_FULL') return undefined;
  return new OuraError('DISK_FULL', `the disk holding ${path} is full; the sync stopped.`, {
    cause: error,
    hint: 'Everything written before stays, nothing is half-written. Free some space and run `oura sync` again to continue.',
  });
}

/** Progress per type on a terminal: windows, documents and an ETA from the pace so far. */
function syncProgress(stream: OutStream, quiet: boolean) {
  if (!stream.isTTY || quiet) return { update(_p: SyncProgress) {}, done() {} };
  const types = new Map<string, SyncProgress>();
  const started = Date.now();
  let last = 0;
  let shown = false;
  return {
    update(p: SyncProgress) {
      types.set(p.type, p);
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      shown = true;
      let done = 0;
      let total = 0;
      let documents = 0;
      const busy: string[] = [];
      for (const t of types.values()) {
        done += t.windowsDone;
        total += t.windowsTotal;
        documents += t.documents;
        if (t.windowsDone < t.windowsTotal)
          busy.push(`${t.type} ${t.windowsDone}/${t.windowsTotal}`);
      }
      const eta =
        done > 0 ? Math.round((((now - started) / done) * (total - done)) / 1000) : undefined;
      stream.write(
        `\r\x1b[Ksync: ${done}/${total} windows, ${documents} documents${eta === undefined ? '' : `, ~${eta}s left`}${busy.length ? ` (${busy.slice(0, 3).join(', ')})` : ''}`,
      );
    },
    done() {
      if (shown) stream.write('\r\x1b[K');
      shown = false;
    },
  };
}
