/**
 * What the value of an option or argument completes to. Commander knows only
 * that a flag takes a value; the words it may be come from the tables the
 * commands themselves check against, so completion cannot drift from them.
 */
import { DATA_TYPES, SCOPES, webhookTypes } from '../../oura/data-types.js';
import { AUTH_SERVERS } from '../../oura/servers.js';
import { EXPORT_FORMATS } from '../actions/export-flags.js';
import { TYPES_FORMATS } from '../actions/types-flags.js';
import { WEBHOOK_EVENTS } from '../actions/webhook-flags.js';
import { FORMATS } from '../output/formatters.js';

/**
 * `words`: one of these; `list`: comma-separated words (`--types a,b`);
 * `file`/`dir`: a path; `none`: free text, nothing to offer.
 */
export type ValueSpec =
  | { kind: 'words' | 'list'; words: readonly string[] }
  | { kind: 'file' | 'dir' | 'none' };

const NONE: ValueSpec = { kind: 'none' };

/** The value of `flag` (long name, e.g. `--format`) on the command at `path` (e.g. `webhook subscribe`). */
export function optionValues(path: string, flag: string): ValueSpec {
  switch (flag) {
    case '--format':
      if (path === 'export') return { kind: 'words', words: EXPORT_FORMATS };
      if (path === 'types') return { kind: 'words', words: TYPES_FORMATS };
      return { kind: 'words', words: FORMATS };
    case '--types':
      return { kind: 'list', words: path === 'webhook subscribe' ? webhookTypes() : DATA_TYPES };
    case '--scopes':
      return { kind: 'list', words: SCOPES };
    case '--events':
      return { kind: 'list', words: WEBHOOK_EVENTS };
    case '--auth-server':
      return { kind: 'words', words: Object.keys(AUTH_SERVERS) };
    case '--out':
      return path === 'export' ? { kind: 'dir' } : { kind: 'file' };
    case '--dir':
      return { kind: 'dir' };
    case '--socket':
      return { kind: 'file' };
    default:
      return NONE;
  }
}

/** The positional argument of the command at `path`. */
export function argumentValues(path: string): ValueSpec {
  return path === 'get' ? { kind: 'words', words: DATA_TYPES } : NONE;
}
