/**
 * The work of `oura export`. CSV and NDJSON hold the documents exactly as
 * `oura get --format csv|ndjson` prints them (same flattening); Parquet holds
 * the view's typed columns (see `history/parquet.ts`).
 */
import { join } from 'node:path';
import type { Command } from 'commander';
import { addDays, type DayRange, localDay } from '../../api/days.js';
import { DATA_TYPES, type DataType, ENDPOINTS, isDataType } from '../../api/endpoints.js';
import { OuraError, UsageError } from '../../errors.js';
import { makeDir, writeAtomically } from '../../files/atomic-file.js';
import { toFileWriteError } from '../../files/write-error.js';
import type { ExportFlags } from '../commands/export.js';
import { resolveContext } from '../context.js';
import { parseDay } from '../dates.js';
import { listFormatter } from '../output/formatters.js';
import { fileSink } from '../output/sink.js';

const EXPORT_FORMATS = ['csv', 'ndjson', 'parquet'] as const;
type ExportFormat = (typeof EXPORT_FORMATS)[number];

interface ExportPlan {
  format: ExportFormat;
  out: string;
  types: DataType[];
  range: DayRange | undefined;
  rawCsv: boolean;
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
  return { format, out: flags.out, types, range, rawCsv: flags.rawCsv ?? false };
}

export async function runExport(flags: ExportFlags, command: Command): Promise<void> {
  const plan = planExport(flags);
  const [{ historyPath }, { openForRead }, { asHistoryError }, { listLocal }] = await Promise.all([
    import('../../history/paths.js'),
    import('../../history/database.js'),
    import('../../history/errors.js'),
    import('../../history/reader.js'),
  ]);
  const ctx = resolveContext(command);
  const path = historyPath(ctx.profile, ctx.env);
  const db = await openForRead(path);
  // Health data: the exported files are owner-only like the history itself.
  await makeDir(plan.out, 0o700).catch((error: NodeJS.ErrnoException) => {
    db.close();
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
    for (const type of plan.types) {
      const endpoint = ENDPOINTS[type];
      const file = join(plan.out, `${type}.${plan.format}`);
      const dated = endpoint.kind !== 'none';
      const range = dated ? plan.range : undefined;
      // Owner-only from the first byte, written beside and renamed: a full disk
      // or a kill leaves the previous file (or none), a symlink there is replaced.
      const count = await writeAtomically(file, async (handle) => {
        if (plan.format === 'parquet') {
          const { writeParquet } = await import('../../history/parquet.js');
          return writeParquet(db, type, range, handle.fd);
        }
        // The series reader takes days; without --start/--end, everything there is.
        const all = dated
          ? (range ?? { start: '1970-01-01', end: addDays(localDay(), 1) })
          : undefined;
        const sink = fileSink(handle);
        const out = listFormatter(plan.format, sink, {
          type,
          dayKey: endpoint.dayKey,
          warn: (message) => process.stderr.write(`oura: ${type}: ${message}\n`),
          rawCsv: plan.rawCsv,
        });
        let rows = 0;
        for (const doc of listLocal(db, endpoint, all)) {
          await out.write(doc);
          rows++;
        }
        await out.end();
        await sink.flush();
        return rows;
      });
      process.stderr.write(`oura: ${file}: ${count} rows\n`);
    }
  } catch (error) {
    // A damaged page is met by the read that reaches it, types into the export.
    throw asHistoryError(error, path);
  } finally {
    db.close();
  }
}
