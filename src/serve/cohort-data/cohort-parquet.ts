/**
 * A cohort's export as one Parquet file, streamed: hyparquet-writer's
 * `ParquetWriter` writes one row group at a time, and its writer's `flush`
 * after each group hands the bytes written so far to the stream, so the
 * file goes out (to a socket, through `Readable.from()`) as it is made, with
 * no temporary file. Rows are gathered across participants into groups of
 * about `rowGroupRows`: groups of a few dozen rows (a month of one person's
 * daily scores) would cost more in the footer than they hold. What is held
 * at once: one group's rows and bytes, and one participant's window of days.
 */
import type { ColumnSource, Writer } from 'hyparquet-writer';
import { parquetCell, parquetSchema } from '../../history/parquet-columns.js';
import { type CohortExportRequest, cohortColumns, cohortRows } from './cohort-rows.js';

export interface CohortParquetOptions {
  /** Rows gathered before a row group is written; default 20 000. */
  rowGroupRows?: number;
}

const ROW_GROUP_ROWS = 20_000;

/** The Parquet file in chunks: the bytes of each row group as it is written, then the footer. */
export async function* cohortParquet(
  request: CohortExportRequest,
  options: CohortParquetOptions = {},
): AsyncGenerator<Uint8Array> {
  const { ByteWriter, ParquetWriter } = await import('hyparquet-writer');
  const columns = cohortColumns(request.type);
  const groupRows = options.rowGroupRows ?? ROW_GROUP_ROWS;
  const writer = new ByteWriter() as Writer & InstanceType<typeof ByteWriter>;
  const ready: Uint8Array[] = [];
  // `offset` (where the next byte lands in the file) runs on, so only the buffer is emptied.
  const take = () => {
    if (writer.index > 0) ready.push(writer.getBytes().slice());
    writer.index = 0;
  };
  writer.flush = take;
  writer.finish = take;
  const file = new ParquetWriter({
    writer,
    schema: parquetSchema(columns),
    createdBy: 'oura-connect',
  });
  let data = columns.map(() => [] as unknown[]);
  let gathered = 0;
  const writeGroup = async () => {
    const columnData = columns.map(
      (column, i): ColumnSource => ({ name: column.name, data: data[i] ?? [] }),
    );
    await file.write({ columnData, rowGroupSize: gathered });
    data = columns.map(() => []);
    gathered = 0;
  };
  for await (const rows of cohortRows(request)) {
    for (const row of rows) {
      columns.forEach((column, i) => {
        data[i]?.push(parquetCell(column, row[i]));
      });
    }
    gathered += rows.length;
    if (gathered >= groupRows) await writeGroup();
    yield* ready.splice(0);
  }
  if (gathered > 0) await writeGroup();
  await file.finish();
  yield* ready.splice(0);
}
