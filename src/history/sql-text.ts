/**
 * Just enough of SQLite's tokenizer to read the outline of one statement:
 * its first words. Strings, quoted names and
 * comments are skipped whole, so a `;` or a keyword inside them counts for
 * nothing. SQLite itself judges the statement (`prepareReadOnly`); this only
 * answers the questions SQLite's API leaves open.
 *
 * https://www.sqlite.org/lang_keywords.html, https://www.sqlite.org/lang_comment.html
 */

/** One token: a word, a quoted string or name, or one character of punctuation. */
export interface SqlToken {
  text: string;
  start: number;
  end: number;
}

const SPACE = new Set([' ', '\t', '\n', '\f', '\r']);
// SQLite's identifier characters: letters, digits, `_`, `$`, and anything past ASCII.
const WORD = /[A-Za-z0-9_$\u0080-\uffff]/;

/** The tokens of `sql`, comments and white space left out. */
export function* sqlTokens(sql: string): Generator<SqlToken> {
  let i = 0;
  while (i < sql.length) {
    const c = sql.charAt(i);
    if (SPACE.has(c)) {
      i++;
      continue;
    }
    if (c === '-' && sql[i + 1] === '-') {
      const eol = sql.indexOf('\n', i);
      i = eol === -1 ? sql.length : eol + 1;
      continue;
    }
    if (c === '/' && sql[i + 1] === '*') {
      // An unclosed comment runs to the end, as in SQLite.
      const close = sql.indexOf('*/', i + 2);
      i = close === -1 ? sql.length : close + 2;
      continue;
    }
    const start = i;
    if (c === "'" || c === '"' || c === '`') {
      // A doubled quote is an escaped one.
      i++;
      while (i < sql.length) {
        if (sql[i] !== c) i++;
        else if (sql[i + 1] === c) i += 2;
        else {
          i++;
          break;
        }
      }
    } else if (c === '[') {
      const close = sql.indexOf(']', i);
      i = close === -1 ? sql.length : close + 1;
    } else if (WORD.test(c)) {
      while (i < sql.length && WORD.test(sql.charAt(i))) i++;
    } else i++;
    yield { text: sql.slice(start, i), start, end: i };
  }
}

/** The first `count` tokens' text. */
export function leadingWords(sql: string, count: number): string[] {
  const words: string[] = [];
  for (const token of sqlTokens(sql)) {
    if (words.length >= count) break;
    words.push(token.text);
  }
  return words;
}

/** A name as SQLite reads it: quotes taken off, lower case (SQLite's names ignore ASCII case). */
export function unquoteName(text: string): string {
  const first = text.charAt(0);
  const quoted =
    (first === '"' || first === '`' || first === "'") && text.endsWith(first) && text.length > 1;
  if (quoted)
    return text
      .slice(1, -1)
      .replaceAll(first + first, first)
      .toLowerCase();
  if (first === '[' && text.endsWith(']')) return text.slice(1, -1).toLowerCase();
  return text.toLowerCase();
}

/**
 * PRAGMAs whose argument names what to read (`PRAGMA table_info(sleep)`):
 * for every other PRAGMA a value (`= x` or `(x)`) changes a setting.
 * https://www.sqlite.org/pragma.html
 */
const READING_PRAGMAS = new Set([
  'foreign_key_check',
  'foreign_key_list',
  'index_info',
  'index_list',
  'index_xinfo',
  'integrity_check',
  'quick_check',
  'table_info',
  'table_list',
  'table_xinfo',
]);

/**
 * The name of the PRAGMA when `sql` gives one a value that sets something
 * (`PRAGMA busy_timeout = 0`, `PRAGMA main.locking_mode(EXCLUSIVE)`);
 * undefined for any other statement.
 *
 * SQLite calls several of these read-only (`sqlite3_stmt_readonly`): they
 * leave the file alone but change the connection, and a long-lived reader
 * (the MCP server's query process) would carry the change into every later
 * query: an exclusive lock that blocks `oura sync`, a heap limit of one byte.
 */
export function pragmaSetting(sql: string): string | undefined {
  const [keyword, first, dot, second, afterSchema] = leadingWords(sql, 5);
  if (keyword?.toUpperCase() !== 'PRAGMA' || first === undefined) return undefined;
  const [name, next] = dot === '.' ? [second, afterSchema] : [first, dot];
  if (name === undefined || (next !== '=' && next !== '(')) return undefined;
  const bare = unquoteName(name);
  return READING_PRAGMAS.has(bare) ? undefined : bare;
}
