/** The flags of `oura get` and the checked request they make, shared by its remote and local halves. */
import type { TimeRange } from '../../calendar/days.js';
import type { Endpoint } from '../../oura/data-types.js';
import type { Format } from '../output/formatters.js';

/** Flags of `oura get`, as commander parses them. */
export interface GetFlags {
  /** The data type, as in the API (`oura types` lists them). */
  type: string;
  start?: string;
  end?: string;
  id?: string;
  fields?: string;
  latest?: boolean;
  sandbox?: boolean;
  format?: string;
  local?: boolean;
  rawCsv?: boolean;
}

/** A checked `oura get` request, ready to run. */
export interface GetPlan {
  endpoint: Endpoint;
  format: Format;
  range: TimeRange | undefined;
  id: string | undefined;
  fields: string[] | undefined;
  latest: boolean;
  sandbox: boolean;
  /** Answer from the local history instead of the API. */
  local: boolean;
  /** CSV text cells as they are, formula-like or not (`--raw-csv`). */
  rawCsv: boolean;
}
