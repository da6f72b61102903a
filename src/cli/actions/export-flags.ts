/** The flags of `oura export`, read by its action and declared by its command. */

/** The values of --format (also offered by `oura completion`). */
export const EXPORT_FORMATS = ['csv', 'ndjson', 'parquet'] as const;

export interface ExportFlags {
  format?: string;
  out?: string;
  types?: string;
  start?: string;
  end?: string;
  rawCsv?: boolean;
  force?: boolean;
}
