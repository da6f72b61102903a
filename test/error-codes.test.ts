/**
 * The catalogue of error codes (src/error-codes.ts) is the one list of codes:
 * every code src/ throws is in it, every entry is thrown somewhere, the codes
 * programs already branch on are all still there, and the exit codes of the
 * error classes are the CLI contract's (1 runtime failure, 2 usage error,
 * 4 authentication needed), read from the catalogue.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  NetworkError,
  NotFoundError,
  PaginationLoopError,
  PermissionError,
  RateLimitError,
  ServerError,
  TimeoutError,
  ValidationError,
} from '../src/api/errors.js';
import { ERROR_CODES, type ErrorCode, EXIT_CODES } from '../src/error-codes.js';
import { exitCodeOf, LoginRequiredError, OuraError, UsageError } from '../src/errors.js';
import * as library from '../src/index.js';
import { passphraseNeeded, wrongPassphrase } from '../src/store/passphrase.js';
import { ClientRejectedError, UnknownSubscriptionError } from '../src/webhook/subscriptions.js';

const SRC = join(import.meta.dirname, '..', 'src');
const CATALOGUE_FILE = join(SRC, 'error-codes.ts');

/** Every TypeScript file under src/, with its text. */
function sources(): { path: string; text: string }[] {
  return readdirSync(SRC, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts'))
    .map((name) => join(SRC, name))
    .filter((path) => path !== CATALOGUE_FILE)
    .map((path) => ({ path, text: readFileSync(path, 'utf8') }));
}

/** The names of OuraError and of every class under src/ that extends it, directly or not. */
function ouraErrorClasses(files: { text: string }[]): Set<string> {
  const parents = new Map<string, string>();
  for (const { text } of files) {
    for (const [, child, parent] of text.matchAll(/class (\w+) extends (\w+)/g)) {
      parents.set(child as string, parent as string);
    }
  }
  const classes = new Set(['OuraError']);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [child, parent] of parents) {
      if (classes.has(parent) && !classes.has(child)) {
        classes.add(child);
        grew = true;
      }
    }
  }
  return classes;
}

/**
 * The codes given where an error of ours is made: the UPPER_CASE string
 * literals in the first argument of `new <OuraError class>(` or `super(`,
 * across lines, and the outcomes of a conditional (`cond ? 'A' : 'B'`, not
 * the literals its condition compares with). An object as first argument
 * (the API errors' `init`) names no code.
 */
function thrownCodes(): Map<string, string> {
  const files = sources();
  const classes = [...ouraErrorClasses(files)].join('|');
  const construction = new RegExp(`(?:new (?:${classes})|super)\\(\\s*([^,)]*)`, 'g');
  const where = new Map<string, string>();
  for (const { path, text } of files) {
    for (const [, firstArgument = ''] of text.matchAll(construction)) {
      if (firstArgument.startsWith('{')) continue;
      const outcomes = firstArgument.slice(Math.max(0, firstArgument.indexOf('?')));
      for (const [, code] of outcomes.matchAll(/'([A-Z][A-Z0-9_]+)'/g)) {
        where.set(code as string, relative(SRC, path));
      }
    }
  }
  return where;
}

/**
 * Codes that programs and people may already branch on (`--json` consumers, MCP
 * clients, library users): a code is added, never renamed or dropped.
 */
const PUBLISHED_CODES = [
  'ACCESS_DENIED',
  'API_ERROR',
  'API_FORBIDDEN',
  'API_NETWORK',
  'API_NOT_FOUND',
  'API_PAGINATION_LOOP',
  'API_RATE_LIMITED',
  'API_SERVER_ERROR',
  'API_TIMEOUT',
  'API_UNAUTHORIZED',
  'API_VALIDATION',
  'AUTHORIZATION_ERROR',
  'CALLBACK_REJECTED',
  'CANCELLED',
  'COMMAND_FAILED',
  'CONFIG_CORRUPT',
  'CONNECTION_TEST',
  'DISK_FULL',
  'DOCUMENT_REFUSED',
  'EMULATOR_STATE',
  'EXPORT_FOLDER',
  'FILE_WRITE',
  'HISTORY',
  'INVALID_CLIENT',
  'INVALID_GRANT',
  'JQ_FAILED',
  'KEYRING_FAILED',
  'LOCK_TIMEOUT',
  'LOGIN_FAILED',
  'LOGIN_REQUIRED',
  'LOGIN_TIMEOUT',
  'NO_CODE',
  'NO_DATA',
  'NO_HISTORY',
  'NOT_COVERED',
  'PORT_DENIED',
  'PORT_IN_USE',
  'PORT_UNAVAILABLE',
  'QUERY',
  'SOCKET_IN_USE',
  'STATE_MISMATCH',
  'STORE_CORRUPT',
  'STORE_PASSPHRASE_NEEDED',
  'STORE_PASSPHRASE_WRONG',
  'STORE_UNSUPPORTED',
  'TOKEN_ENDPOINT',
  'TOKENS_CORRUPT',
  'USAGE',
];

const failure = { status: 0, method: 'GET', path: '/v2/usercollection/daily_sleep' };

describe('the catalogue of error codes', () => {
  it('holds every code src/ gives an error', () => {
    const thrown = thrownCodes();
    // The scan must see the codes, or the check below proves nothing.
    expect(thrown.size).toBeGreaterThan(30);
    const missing = [...thrown].filter(([code]) => !Object.hasOwn(ERROR_CODES, code));
    expect(missing, 'codes thrown but not catalogued (code, file)').toEqual([]);
  });

  it('has no entry that nothing in src/ uses', () => {
    const text = sources()
      .map((file) => file.text)
      .join('\n');
    const unused = Object.keys(ERROR_CODES).filter((code) => !text.includes(`'${code}'`));
    expect(unused, 'catalogued codes no file in src/ names').toEqual([]);
  });

  it('keeps every code programs may branch on', () => {
    expect(Object.keys(ERROR_CODES)).toEqual(expect.arrayContaining(PUBLISHED_CODES));
  });

  it('gives each code an exit code of the contract and one line of meaning', () => {
    for (const [code, entry] of Object.entries(ERROR_CODES)) {
      expect(Object.keys(EXIT_CODES), code).toContain(String(entry.exitCode));
      expect(entry.meaning, code).toMatch(/^\S.*\.$/);
      expect(entry.meaning, code).not.toContain('\n');
    }
    expect(Object.keys(EXIT_CODES)).toEqual(['1', '2', '4']);
  });

  it('is exported by the package entry, for library users', () => {
    expect(library.ERROR_CODES).toBe(ERROR_CODES);
    expect(library.EXIT_CODES).toBe(EXIT_CODES);
  });
});

describe('exit codes, read from the catalogue', () => {
  it('are 2 for usage errors and 4 when a login is needed', () => {
    expect(new UsageError('bad date').exitCode).toBe(2);
    expect(new LoginRequiredError('not logged in').exitCode).toBe(4);
    expect(new AuthenticationError({ ...failure, status: 401 }).exitCode).toBe(4);
    expect(new ClientRejectedError({ ...failure, status: 401 }).exitCode).toBe(4);
    expect(wrongPassphrase('/tmp/credentials').exitCode).toBe(4);
    expect(passphraseNeeded('/tmp/credentials').exitCode).toBe(4);
  });

  it('are 1 for the other API failures', () => {
    const errors = [
      new PermissionError({ ...failure, status: 403, scope: 'daily' }),
      new NotFoundError({ ...failure, status: 404 }),
      new ValidationError({ ...failure, status: 422 }),
      new RateLimitError({ ...failure, status: 429, retryAt: new Date(0) }),
      new ServerError({ ...failure, status: 503 }),
      new NetworkError(failure),
      new TimeoutError({ ...failure, host: 'api.example:443', waitedMs: 1000 }),
      new PaginationLoopError(failure),
      new UnknownSubscriptionError('sub-1', { ...failure, status: 403 }),
    ];
    for (const error of errors) expect([error.name, error.exitCode]).toEqual([error.name, 1]);
  });

  it('follow the code for every entry, and are 1 for anything else thrown', () => {
    for (const [code, { exitCode }] of Object.entries(ERROR_CODES)) {
      const error = new OuraError(code as ErrorCode, 'message');
      expect([code, error.exitCode, exitCodeOf(error)]).toEqual([code, exitCode, exitCode]);
    }
    expect(exitCodeOf(new Error('a bug'))).toBe(1);
    expect(exitCodeOf('a string')).toBe(1);
    // An OuraError made by plain JavaScript with a code the compiler never saw.
    expect(new OuraError('NOT_A_CODE' as ErrorCode, 'message').exitCode).toBe(1);
  });
});
