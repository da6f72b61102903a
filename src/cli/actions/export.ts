/**
 * The work of `oura export`. CSV and NDJSON hold the documents exactly as
 * `oura get --format csv|ndjson` prints them (same flattening); Parquet holds
 * the view's typed columns (see `history/parquet.ts`).
 */
import { join } from 'node:path';
import { addDays, type DayRange, localDay } from '../../calendar/days.js';
import { OuraError, UsageError } from '../../errors.js';
import { makeDir, writeAtomically } from '../../files/atomic-file.js';
import { assertReplaceable } from '../../files/replace-guard.js';
import { toFileWriteError } from '../../files/write-error.js';
import { DATA_TYPES, type DataType, ENDPOINTS, isDataType } from '../../oura/data-types.js';
import type { CommandRun } from '../command-run.js';
import { parseDay } from '../dates.js';
import { listFormatter } from '../output/formatters.js';
import { fileSink } from '../output/sink.js';
import { EXPORT_FORMATS, type ExportFlags } from './export-flags.js';

type ExportFormat = (typeof EXPORT_FORMATS)[number];

interface ExportPlan {
  format: ExportFormat;
  out: string;
  types: DataType[];
  range: DayRange | undefined;
  rawCsv: boolean;
  force: boolean;
}

export function planExport(flags: ExportFlags): ExportPlan {
  const format = flags.format as ExportFormat;
  if (!EXPORT_FORMATS.includes(format)) {
    throw new UsageError(`unknown export format "${flags.format}"; use csv, ndjson or parquet.`);
  }
  if (!flags.out) throw new UsageError('--out needs a directory.');
  let types: DataType[] = [...DATA_TYPES];
  if (flags.types !== undefined) {
    const names = flags.types
      .split(',')
      .map((n) => n.trim())
      .filter(Boolean);
    const unknown = names.filter((n) => !isDataType(n));
    if (names.length === 0 || unknown.length > 0) {
      throw new UsageError(
        `unknown data type in --types: ${unknown.join(', ') || '(none given)'}. Valid types: ${DATA_TYPES.join(', ')}.`,
      );
    }
    types = [...new Set(names)] as DataType[];
  }
  let range: DayRange | undefined;
  if (flags.start !== undefined || flags.end !== undefined) {
    const end = flags.end === undefined ? localDay() : parseDay(flags.end, '--end');
    const start = flags.start === undefined ? '1970-01-01' : parseDay(flags.start, '--start');
    if (start > end) throw new UsageError(`--end ${end} is before --start ${start}.`);
    range = { start, end };
  }
  return {
    format,
    out: flags.out,
    types,
    range,
    rawCsv: flags.rawCsv ?? false,
    force: flags.force ?? false,
  };
}

export async function runExport(run: CommandRun<ExportFlags>): Promise<void> {
  const { io } = run;
  const plan = planExport(run.flags);
  const { asHistoryError } = await import('../../history/errors.js');
  await using profile = await run.openProfile();
  const history = profile.history();
  const { path } = history;
  const reader = await history.open();
  // Health data: the exported files are owner-only like the history itself.
  await makeDir(plan.out, 0o700).catch((error: NodeJS.ErrnoException) => {
    history.close();
    // A full disk or a read-only one is said as such; a file in the way is about --out.
    // Named by the folder that could not be made (`/proc/x` of `/proc/x/y`).
    if (error.code !== 'EEXIST' && error.code !== 'ENOTDIR')
      throw toFileWriteError(error, error.path ?? plan.out);
    throw new OuraError(
      'EXPORT_FOLDER',
      `cannot use ${plan.out} as the export folder (${error.code}).`,
      {
        cause: error,
        hint: '--out names a folder to write one file per type into; pick another path.',
      },
    );
  });
  try {
    // Checked before anything is written: a refusal leaves the folder as it was.
    for (const type of plan.types) {
      await assertReplaceable(join(plan.out, `${type}.${plan.format}`), {
        isOurs: (head) => looksLikeExport(head, plan.format),
        force: plan.force,
        what: `a ${plan.format} export`,
      });
    }
    for (const type of plan.types) {
      const endpoint = ENDPOINTS[type];
      const file = join(plan.out, `${type}.${plan.format}`);
      const dated = endpoint.kind !== 'none';
      const range = dated ? plan.range : undefined;
      // Owner-only from the first byte, written beside and renamed: a full disk
      // or a kill leaves the previous file (or none), a symlink there is replaced.
      const count = await writeAtomically(file, async (handle) => {
        if (plan.format === 'parquet') return reader.writeParquet(type, range, handle.fd);
        // The series reader takes days; without --start/--end, everything there is.
        const all = dated
          ? (range ?? { start: '1970-01-01', end: addDays(localDay(), 1) })
          : undefined;
        const sink = fileSink(handle);
        const out = await listFormatter(plan.format, sink, {
          type,
          dayKey: endpoint.dayKey,
          warn: (message) => io.warn(`${type}: ${message}`),
          rawCsv: plan.rawCsv,
        });
        let rows = 0;
        for (const doc of reader.documents(endpoint, all)) {
          await out.write(doc);
          rows++;
        }
        await out.end();
        await sink.flush();
        return rows;
      });
      io.notice(`oura: ${file}: ${count} rows`);
    }
  } catch (error) {
    // A damaged page is met by the read that reaches it, types into the export.
    throw asHistoryError(error, path);
  } finally {
    history.close();
  }
}

/**
 * Whether a file's first bytes look like an export of `format`, so that a
 * second export into the same folder replaces the first one's files. CSV and
 * NDJSON carry no mark of their writer: a header row of field names, or a
 * JSON object per line, is what ours look like (and an empty file holds
 * nothing to lose). Parquet files start with their magic `PAR1`.
 */
function looksLikeExport(head: Buffer, format: ExportFormat): boolean {
  if (head.length === 0) return true;
  if (format === 'parquet') return head.subarray(0, 4).toString('latin1') === 'PAR1';
  const firstLine = head.toString('utf8').split('\n', 1)[0] ?? '';
  if (format === 'csv') return /^[\w.]+(,[\w.]+)*\r?$/.test(firstLine);
  try {
    const parsed: unknown = JSON.parse(firstLine);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
  } catch {
    // A first line longer than the head read: an object that big is still one of ours.
    return firstLine.length === head.length && firstLine.startsWith('{');
  }
}
