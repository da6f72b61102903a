/** The text and JSON of `oura types`, from the endpoint table. */
import { DATA_TYPES, ENDPOINTS } from '../../oura/data-types.js';
import { renderTable } from './table.js';

/** One data type as `oura types --json` describes it. */
export interface TypeInfo {
  type: string;
  scope: string;
  /** `date` (local days), `datetime` (instants covering local days) or `none`. */
  kind: string;
  /** Query parameters of the live list route, as in Oura's spec. */
  parameters: string[];
  document_route: boolean;
  latest: boolean;
  fields: boolean;
  sandbox: boolean;
  description: string;
  /** Whether the profile's login was granted the scope; absent when no login's scopes are known. */
  readable?: boolean;
}

function typeInfos(granted: readonly string[] | undefined): TypeInfo[] {
  return DATA_TYPES.map((type) => {
    const e = ENDPOINTS[type];
    return {
      type,
      scope: e.scope,
      kind: e.kind,
      parameters: [...e.query],
      document_route: e.documentRoute,
      latest: e.query.includes('latest'),
      fields: e.query.includes('fields') && !e.fieldsIgnoredByServer,
      sandbox: e.sandboxQuery !== null,
      description: e.description,
      ...(granted ? { readable: granted.includes(e.scope) } : {}),
    };
  });
}

/** `granted`: the login's scopes, when known, to say which types it can read. */
export function typesReport(json: boolean, granted?: readonly string[]): string {
  const infos = typeInfos(granted);
  if (json) return `${JSON.stringify(infos, null, 2)}\n`;
  const days = (kind: string) =>
    kind === 'date' ? '--start --end' : kind === 'datetime' ? '--start --end (as datetimes)' : '-';
  const rows = infos.map((i) => [
    i.type,
    i.scope,
    days(i.kind),
    i.document_route ? 'yes' : 'no',
    [i.fields ? 'fields' : '', i.latest ? 'latest' : ''].filter(Boolean).join(', ') || '-',
    ...(granted ? [i.readable ? 'yes' : 'no'] : []),
    i.description,
  ]);
  const readable = granted ? ['readable'] : [];
  return renderTable(['type', 'scope', 'range', '--id', 'also', ...readable, 'holds'], rows);
}
