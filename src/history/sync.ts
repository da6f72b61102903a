/**
 * `oura sync`: copies the account into the history. Per type, the days still
 * to read are cut into windows; windows are fetched ahead (the client's
 * concurrency limit and rate-limit pause apply to all of them) but committed
 * strictly in day order, each in one transaction with the type's sync state.
 * A killed run therefore resumes from the last committed day, and the
 * revisit window (the last N days, re-read on every run) makes the result
 * equal to an uninterrupted run.
 */

import { PermissionError } from '../api/errors.js';
import { orderedPrefetch } from '../api/paginate.js';
import {
  addDays,
  type Day,
  type DayRange,
  daysBetween,
  localDay,
  splitDaysEvenly,
  startOfLocalDay,
} from '../calendar/days.js';
import { now as clockNow, nowMs } from '../clock.js';
import { type DataType, ENDPOINTS, type Endpoint } from '../oura/data-types.js';
import type { SampleRun } from '../series/heart-rate-page.js';
import type { Db } from './database.js';
import { describeRefusal } from './document-check.js';
import { findFirstDay } from './first-day.js';
import { DEFAULT_REVISIT_DAYS } from './freshness.js';
import { encodeSample } from './heartrate-codec.js';
import type { HistorySource } from './history-source.js';
import { type SampleColumns, SampleColumnsBuilder } from './sample-columns.js';
import { checkDue, recordCheck } from './self-check.js';
import type { HistoryWriter, SyncStateReader, TypeProgress } from './store-contract.js';
import { inThreadWriter } from './window-writer.js';
import {
  type Counts,
  type DocumentType,
  type WindowCounts,
  type WindowSpan,
  type WindowWrite,
  zeroCounts,
} from './writer.js';

/**
 * Longest window per kind. Date types: a few pages each. Series at most 30
 * days ([field]); the longest windows give the fewest part-filled pages
 * (Oura pages series by 1000 samples): 30 days of heart rate is 8640
 * five-minute samples plus the 5-second ones of workouts, ~20 pages; 20 days
 * of battery is 960 rows in one page.
 */
const WINDOW_DAYS = { date: 180, heartrate: 30, series: 20 } as const;
/**
 * Windows of one type fetched ahead of the one being committed. Heart rate is
 * the longest chain of pages (~20 per window): it gets as many chains as the
 * client has requests in flight (8), so that when the other types are done it
 * alone keeps them all busy (npm run bench: 6 took ~4.9 s, 8 ~4.4 s, 12 ~4.5 s).
 */
const LOOKAHEAD = { date: 2, heartrate: 8, series: 2 } as const;

/**
 * Heart rate's window length for `range`: 30 days, or less so that the range
 * makes as many windows as there are chains in flight. A week's revisit (an
 * everyday sync) is then 8 one-day windows fetched side by side, not one
 * window whose ~7 pages follow each other's `next_token` at a round trip
 * each; a day rarely holds more than Oura's 1000 samples a page, so the pages
 * barely grow in number.
 */
function heartRateWindowDays(range: DayRange): number {
  const days = daysBetween(range.start, range.end) + 1;
  return Math.min(WINDOW_DAYS.heartrate, Math.ceil(days / LOOKAHEAD.heartrate));
}

/** Heart rate first, then the other series: the longest work starts first (the limiter is FIFO). */
const startOrder = (type: DataType) =>
  type === 'heartrate' ? 0 : ENDPOINTS[type].kind === 'datetime' ? 1 : 2;

export interface SyncOptions {
  types: readonly DataType[];
  /** First day to backfill from on a first run (else the account's first day). */
  since?: Day | undefined;
  /** Re-read everything from the first day. */
  full?: boolean;
  revisitDays?: number;
  now?: () => Date;
  /** One line for the person (skipped scopes, refused documents). */
  notice?: (line: string) => void;
  onProgress?: (progress: SyncProgress) => void;
  /** Stop starting new windows after this instant (epoch ms); what is committed stays. */
  deadline?: number;
  /** Where windows and meta rows are written; default on `db`, in this thread. */
  writer?: HistoryWriter;
}

export interface SyncProgress {
  type: DataType;
  windowsDone: number;
  windowsTotal: number;
  documents: number;
}

export interface SyncResult {
  types: Partial<Record<DataType, Counts>>;
  /** Types skipped because the login lacks their scope, with the scope. */
  skipped: Partial<Record<DataType, string>>;
  /** False when the deadline stopped the run before every type reached today. */
  complete: boolean;
}

/**
 * Brings the history up to date for `options.types`. `db` is only read (it
 * may be a read-only connection); every write goes through `options.writer`.
 */
export function syncHistory(
  db: Db,
  source: HistorySource,
  options: SyncOptions,
): Promise<SyncResult> {
  return syncStore(sqliteSyncState(db), options.writer ?? inThreadWriter(db), source, options);
}

/** What a sync reads of its progress in a SQLite file. */
export function sqliteSyncState(db: Db): SyncStateReader {
  const meta = db.prepare('SELECT value FROM meta WHERE key = ?').pluck();
  const progress = db.prepare('SELECT start_day, through_day FROM sync_state WHERE type = ?');
  return {
    meta: async (key) => meta.get(key) as string | undefined,
    typeProgress: async (type) => progress.get(type) as TypeProgress | undefined,
  };
}

/** The sync itself, on any store: it reads through `state` and writes through `writer` only. */
export async function syncStore(
  state: SyncStateReader,
  writer: HistoryWriter,
  source: HistorySource,
  options: SyncOptions,
): Promise<SyncResult> {
  const now = options.now ?? clockNow;
  const today = localDay(now());
  const revisit = Math.max(1, options.revisitDays ?? DEFAULT_REVISIT_DAYS);
  let firstDay: Promise<Day> | undefined;
  const accountStart = () => {
    firstDay ??= state.meta('first_day').then(
      (stored) =>
        stored ??
        findFirstDay(source, today).then(async (day) => {
          await writer.setMeta('first_day', day);
          return day;
        }),
    );
    return firstDay;
  };
  const result: SyncResult = { types: {}, skipped: {}, complete: true };
  // Once one type fails for good, the others stop at their next window instead of running on.
  const stop = { failed: false };
  // Handed to the writer before any window, so it runs while the first windows are fetched.
  let damage: unknown;
  const checked = checkDue(await state.meta('checked_at'), now(), options.full ?? false)
    ? writer.check().then(
        () => recordCheck(writer, now()),
        (error: unknown) => {
          stop.failed = true;
          damage = error;
          throw error;
        },
      )
    : undefined;

  const syncing = Promise.all(
    [...options.types]
      .sort((a, b) => startOrder(a) - startOrder(b))
      .map(async (type) => {
        const endpoint = ENDPOINTS[type];
        const counts = zeroCounts();
        result.types[type] = counts;
        try {
          const range =
            endpoint.kind === 'none'
              ? undefined
              : await rangeToRead(state, type, {
                  today,
                  revisit,
                  since: options.since,
                  full: options.full ?? false,
                  accountStart,
                });
          const done = await syncType(writer, source, endpoint, range, counts, options, stop);
          if (done) await writer.markSynced(type, now().toISOString());
          else result.complete = false;
        } catch (error) {
          if (!(error instanceof PermissionError)) {
            stop.failed = true;
            throw error;
          }
          delete result.types[type];
          result.skipped[type] = endpoint.scope;
        }
      }),
  );
  try {
    await Promise.all([checked, syncing]);
  } catch (error) {
    // The writer refuses windows after a failed check: the finding, not a refused window, is the news.
    throw damage ?? error;
  }
  const skipped = skippedNotice(result.skipped);
  if (skipped) options.notice?.(skipped);
  if (result.complete) await writer.setMeta('synced_at', now().toISOString());
  return result;
}

/** One line for every type the login's scopes leave out (a narrow login skips a dozen). */
function skippedNotice(skipped: SyncResult['skipped']): string | undefined {
  const types = Object.keys(skipped);
  if (types.length === 0) return undefined;
  const scopes = [...new Set(Object.values(skipped))].sort().map((scope) => `"${scope}"`);
  const lacks = `the login lacks the ${scopes.join(', ')} scope${scopes.length > 1 ? 's' : ''}`;
  const them = scopes.length > 1 ? 'them' : 'it';
  return `skipped ${types.sort().join(', ')}: ${lacks} (run \`oura auth login\` and keep ${them} ticked to add ${them}).`;
}

/**
 * The days to read for a type: a backfill from `--since` or the account's
 * first day; after that, what follows the last committed day plus the revisit
 * window. `--full` re-reads from the first day covered.
 */
async function rangeToRead(
  stateOf: SyncStateReader,
  type: DataType,
  plan: {
    today: Day;
    revisit: number;
    since: Day | undefined;
    full: boolean;
    accountStart: () => Promise<Day>;
  },
): Promise<DayRange> {
  const state = await stateOf.typeProgress(type);
  const covered = state?.start_day ?? undefined;
  // A --since earlier than what is covered extends the history backwards.
  const first =
    plan.since !== undefined && (covered === undefined || plan.since < covered)
      ? plan.since
      : (covered ?? (await plan.accountStart()));
  let start = first;
  const extending = plan.since !== undefined && plan.since < (covered ?? '');
  if (!plan.full && state?.through_day && !extending) {
    const next = addDays(state.through_day, 1);
    const revisitFrom = addDays(plan.today, -(plan.revisit - 1));
    start = latest(first, earliest(next, revisitFrom));
  }
  return { start: earliest(start, plan.today), end: plan.today };
}

/** Days compare as strings (`YYYY-MM-DD`). */
const earliest = (a: Day, b: Day): Day => (a < b ? a : b);
const latest = (a: Day, b: Day): Day => (a > b ? a : b);

async function syncType(
  writer: HistoryWriter,
  source: HistorySource,
  endpoint: Endpoint,
  range: DayRange | undefined,
  counts: Counts,
  options: SyncOptions,
  stop: { failed: boolean },
): Promise<boolean> {
  const type = endpoint.type;
  const add = (more: WindowCounts) => {
    counts.inserted += more.inserted;
    counts.updated += more.updated;
    counts.deleted += more.deleted;
    for (const refusal of more.refused ?? []) {
      options.notice?.(
        `refused ${describeRefusal(type, refusal)}; it is not stored${refusal.id === undefined ? '' : ' (the history keeps what it had under that id)'}.`,
      );
    }
  };

  if (range === undefined) {
    const listedFrom = nowMs();
    const docs =
      type === 'personal_info'
        ? [await source.personalInfo()]
        : await collect(source.listBatches(type as never));
    const day = localDay(options.now?.() ?? clockNow());
    // Only undated types come here (heart rate is read by days).
    const span = { kind: 'all' } as const;
    const write = { type: type as DocumentType, span, docs, listedFrom };
    add(await writer.write(write, { start: day, through: day }));
    options.onProgress?.({ type, windowsDone: 1, windowsTotal: 1, documents: docs.length });
    return true;
  }

  const max =
    endpoint.kind === 'date'
      ? WINDOW_DAYS.date
      : type === 'heartrate'
        ? heartRateWindowDays(range)
        : WINDOW_DAYS.series;
  const windows = splitDaysEvenly(range, max);
  const progress: SyncProgress = {
    type,
    windowsDone: 0,
    windowsTotal: windows.length,
    documents: 0,
  };
  options.onProgress?.({ ...progress });
  const load = async (
    window: DayRange,
  ): Promise<{ window: DayRange; write: WindowWrite; count: number } | undefined> => {
    if (stop.failed) return undefined;
    if (options.deadline !== undefined && Date.now() > options.deadline) return undefined;
    const listedFrom = nowMs();
    const span = spanOf(endpoint, window);
    if (type === 'heartrate') {
      const samples = await collectSamples(source.heartRateBatches(window));
      return { window, write: { type, span, samples }, count: samples.count };
    }
    const docs = await collect(source.listBatches(type as never, window));
    const write = { type, span, docs, listedFrom };
    return { window, write, count: docs.length };
  };
  const ahead =
    endpoint.kind === 'date'
      ? LOOKAHEAD.date
      : type === 'heartrate'
        ? LOOKAHEAD.heartrate
        : LOOKAHEAD.series;
  for await (const loaded of orderedPrefetch(windows, load, ahead)) {
    if (!loaded) return false;
    const { window, write, count } = loaded;
    add(await writer.write(write, { start: range.start, through: window.end }));
    progress.windowsDone++;
    progress.documents += count;
    options.onProgress?.({ ...progress });
  }
  return true;
}

/** What a window of days covers: those days, or for series the instants from their first to the next day's. */
function spanOf(endpoint: Endpoint, window: DayRange): WindowSpan {
  return endpoint.kind === 'date'
    ? { kind: 'days', start: window.start, end: window.end }
    : {
        kind: 'instants',
        start: window.start,
        end: window.end,
        fromMs: startOfLocalDay(window.start).getTime(),
        toMs: startOfLocalDay(addDays(window.end, 1)).getTime(),
      };
}

/**
 * Heart-rate samples encoded as they arrive: a window waiting its turn to be
 * committed holds columns, not 8640 or more parsed objects with their strings.
 * A page the client read into columns is copied as it is.
 */
async function collectSamples(
  batches: AsyncIterable<readonly unknown[] | SampleRun>,
): Promise<SampleColumns> {
  const columns = new SampleColumnsBuilder();
  for await (const batch of batches) {
    if (!isDocuments(batch)) {
      columns.pushRun(batch);
      continue;
    }
    for (const doc of batch) {
      const row = encodeSample(doc);
      if (row) columns.push(row);
    }
  }
  return columns.build();
}

const isDocuments = (batch: readonly unknown[] | SampleRun): batch is readonly unknown[] =>
  Array.isArray(batch);

async function collect(batches: AsyncIterable<readonly unknown[]>): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const batch of batches) for (const doc of batch) out.push(doc);
  return out;
}
