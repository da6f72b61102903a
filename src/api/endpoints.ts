/**
 * How the client builds and reads request paths from the data-type table
 * (src/oura/data-types.ts).
 */
import { type DataType, ENDPOINTS, type Endpoint, isDataType } from '../oura/data-types.js';

/** Path of a type's list route, under `/v2/sandbox/usercollection` when `sandbox`. */
export function listPath(type: DataType, sandbox = false): string {
  const path = ENDPOINTS[type].path;
  return sandbox ? path.replace('/v2/usercollection/', '/v2/sandbox/usercollection/') : path;
}

/** The data type a request path belongs to (live or sandbox, list or document), if any. */
export function endpointForPath(path: string): Endpoint | undefined {
  const m = /^\/v2\/(?:sandbox\/)?usercollection\/([^/?#]+)/.exec(path);
  return m?.[1] && isDataType(m[1]) ? ENDPOINTS[m[1]] : undefined;
}
