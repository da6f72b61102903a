/**
 * A view of the history as a Parquet file: one column per view column with
 * its proper Parquet type (`parquet-columns.ts`), written by hyparquet-writer
 * (loaded only here).
 */
import { writeFileSync } from 'node:fs';
import type { ByteWriter } from 'hyparquet-writer';
import type { DayRange } from '../calendar/days.js';
import type { DataType } from '../oura/data-types.js';
import type { Db } from './database.js';
import { exportColumns } from './export-columns.js';
import { parquetCell, parquetSchema } from './parquet-columns.js';

/** Bytes held before they go to the file (hyparquet-writer's own file writer flushes at 1 MB too). */
const CHUNK_BYTES = 1_000_000;

/**
 * hyparquet-writer's file writer, but onto a descriptor we opened (the temp
 * file of an atomic write) rather than a path it would open, truncate and
 * follow itself.
 */
function descriptorWriter(writer: ByteWriter, fd: number): ByteWriter {
  const grow = writer.ensure.bind(writer);
  const flush = () => {
    writeFileSync(fd, new Uint8Array(writer.buffer, 0, writer.index));
    writer.index = 0;
  };
  writer.ensure = (size) => {
    if (writer.index > CHUNK_BYTES) flush();
    grow(size);
  };
  writer.finish = flush;
  return writer;
}

/**
 * Writes the rows of `type`'s view (within `range` when dated) to the open
 * file `fd`, from its current position; returns the row count.
 */
export async function writeParquet(
  db: Db,
  type: DataType,
  range: DayRange | undefined,
  fd: number,
): Promise<number> {
  const { ByteWriter, parquetWrite } = await import('hyparquet-writer');
  const columns = exportColumns(type);
  const names = columns.map((c) => `"${c.name}"`).join(', ');
  const where = range ? ' WHERE day BETWEEN ? AND ?' : '';
  const order = type === 'heartrate' ? 'timestamp' : 'day';
  const statement = db.prepare(`SELECT ${names} FROM "${type}"${where} ORDER BY ${order}`);
  const data = columns.map(() => [] as unknown[]);
  let count = 0;
  for (const row of statement.raw().iterate(...(range ? [range.start, range.end] : []))) {
    const values = row as unknown[];
    columns.forEach((column, index) => {
      data[index]?.push(parquetCell(column, values[index]));
    });
    count++;
  }
  await parquetWrite({
    writer: descriptorWriter(new ByteWriter(), fd),
    columnData: columns.map((column, index) => ({ name: column.name, data: data[index] ?? [] })),
    schema: parquetSchema(columns),
    createdBy: 'oura-connect',
  });
  return count;
}
