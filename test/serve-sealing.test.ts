/**
 * Secrets at rest of `oura serve` (src/serve/): sealed values (AES-256-GCM
 * with the context as associated data) and the keys that seal them, from
 * `OURA_SERVE_KEY` or the owner-only key file, created once even by two
 * processes starting together, and rotated with the old keys kept. Every
 * error a test provokes is checked for key material and sealed plaintext.
 */
import { spawn } from 'node:child_process';
import { chmod, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { SealedValueError, ServeKeyError } from '../src/serve/keys/key-errors.js';
import { loadSealingKeys, serveKeyFilePath } from '../src/serve/keys/key-file.js';
import { retireOldKeys, rotateKey } from '../src/serve/keys/key-rotation.js';
import { generateSealingKey, SealingKeys } from '../src/serve/keys/sealing-keys.js';
import { trackChild } from './helpers/processes.js';
import { tempDir } from './helpers/temp.js';

const DIST_KEY_FILE = new URL('../dist/serve/keys/key-file.js', import.meta.url).href;
const SECRET = 'oura-refresh-token-Ü-7f3a9c';
const CONTEXT = 'oura-token:user-1';
const posix = process.platform !== 'win32';

/** Every text form a key may take in a message: base64, base64url, hex. */
function keyTexts(key: Uint8Array): string[] {
  const bytes = Buffer.from(key);
  return [bytes.toString('base64'), bytes.toString('base64url'), bytes.toString('hex')].flatMap(
    // A cut-down key would leak as much: look for any 16-character run of each form too.
    (text) => [text, text.slice(0, 16), text.slice(-16)],
  );
}

/**
 * The error `fn` throws, after checking that nothing in it (message, hint,
 * cause, stack: all util.inspect shows) holds any of `secrets`.
 */
async function thrown(fn: () => unknown, secrets: readonly string[]): Promise<Error> {
  let error: unknown;
  try {
    await fn();
  } catch (caught) {
    error = caught;
  }
  if (!(error instanceof Error)) throw new Error('expected it to throw');
  const shown = `${inspect(error, { depth: 5 })}\n${(error as { hint?: string }).hint ?? ''}`;
  for (const secret of secrets) expect(shown).not.toContain(secret);
  return error;
}

/** The keys written in a key file, as the file spells them and as bytes' other forms. */
async function fileKeyTexts(path: string): Promise<string[]> {
  const { keys } = JSON.parse(await readFile(path, 'utf8')) as { keys: { key: string }[] };
  return keys.flatMap(({ key }) => keyTexts(Buffer.from(key, 'base64url')));
}

function keyring() {
  const current = generateSealingKey();
  return { current, keys: new SealingKeys(current), secrets: [...keyTexts(current.key), SECRET] };
}

describe('sealed values', () => {
  it('open to what was sealed, in the v1.<kid>.<iv>.<ct>.<tag> form, with a fresh IV each time', () => {
    const { current, keys } = keyring();
    for (const plaintext of [SECRET, '', 'x'.repeat(5000)]) {
      const sealed = keys.seal(plaintext, CONTEXT);
      expect(sealed).toMatch(
        /^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]{22}$/,
      );
      expect(keys.keyIdOf(sealed)).toBe(current.id);
      expect(keys.open(sealed, CONTEXT)).toBe(plaintext);
    }
    expect(keys.seal(SECRET, CONTEXT)).not.toBe(keys.seal(SECRET, CONTEXT));
    expect(keys.seal(SECRET, CONTEXT)).not.toContain(Buffer.from(SECRET).toString('base64url'));
  });

  it('refuse to open when any one character is changed', async () => {
    const { keys, secrets } = keyring();
    const sealed = keys.seal(SECRET, CONTEXT);
    for (let at = 0; at < sealed.length; at++) {
      const other = sealed[at] === 'A' ? 'B' : 'A';
      const tampered = `${sealed.slice(0, at)}${other}${sealed.slice(at + 1)}`;
      const error = await thrown(() => keys.open(tampered, CONTEXT), secrets);
      expect(error, `character ${at}`).toBeInstanceOf(SealedValueError);
    }
    // Cut short or lengthened, too.
    for (const altered of [sealed.slice(0, -1), `${sealed}A`, `${sealed}.`, 'plain-token']) {
      expect(await thrown(() => keys.open(altered, CONTEXT), secrets)).toBeInstanceOf(
        SealedValueError,
      );
    }
  });

  it('refuse to open under another context, naming the key id', async () => {
    const { current, keys, secrets } = keyring();
    const sealed = keys.seal(SECRET, CONTEXT);
    const error = (await thrown(
      () => keys.open(sealed, 'oura-token:user-2'),
      secrets,
    )) as SealedValueError;
    expect(error).toBeInstanceOf(SealedValueError);
    expect([error.code, error.reason, error.keyId]).toEqual([
      'SEALED_VALUE',
      'rejected',
      current.id,
    ]);
    expect(error.message).toContain(current.id);
    expect(() => keys.seal(SECRET, '')).toThrow(TypeError);
  });

  it('refuse a value sealed under a key not held, naming its id', async () => {
    const a = keyring();
    const b = keyring();
    const sealed = a.keys.seal(SECRET, CONTEXT);
    const error = (await thrown(
      () => b.keys.open(sealed, CONTEXT),
      [...a.secrets, ...b.secrets],
    )) as SealedValueError;
    expect([error.reason, error.keyId]).toEqual(['unknown-key', a.current.id]);
    expect(error.message).toContain(a.current.id);
    // Relabelled with a key id that is held: the id is authenticated, so it still fails.
    const both = new SealingKeys(b.current, [a.current]);
    const relabelled = sealed.replace(a.current.id, b.current.id);
    const relabelError = (await thrown(
      () => both.open(relabelled, CONTEXT),
      [...a.secrets, ...b.secrets],
    )) as SealedValueError;
    expect(relabelError.reason).toBe('rejected');
  });

  it('show key ids only when logged or serialised', () => {
    const { current, keys } = keyring();
    const shown = `${inspect(keys, { showHidden: true })} ${JSON.stringify(keys)} ${String(keys)}`;
    expect(shown).toContain(current.id);
    for (const text of keyTexts(current.key)) expect(shown).not.toContain(text);
  });
});

describe('the key file', () => {
  it('is created on first load under the data dir, 0600 in a 0700 folder, and read back by the next', async () => {
    const dataDir = await tempDir();
    const env = { OURA_DATA_DIR: dataDir };
    const first = await loadSealingKeys({ env });
    const path = join(dataDir, 'serve', 'serve.key');
    expect(first).toMatchObject({ source: 'file', path, created: true });
    expect(serveKeyFilePath({ env })).toBe(path);
    if (posix) {
      expect((await stat(path)).mode & 0o777).toBe(0o600);
      expect((await stat(join(dataDir, 'serve'))).mode & 0o777).toBe(0o700);
    }
    const sealed = first.keys.seal(SECRET, CONTEXT);
    const second = await loadSealingKeys({ env });
    expect(second).toMatchObject({ source: 'file', path, created: false });
    expect(second.keys.currentId).toBe(first.keys.currentId);
    expect(second.keys.open(sealed, CONTEXT)).toBe(SECRET);
  });

  it('is OURA_SERVE_KEY_FILE when set, its missing folders made owner-only', async () => {
    const dir = await tempDir();
    const path = join(dir, 'keys', 'service.key');
    const env = { OURA_SERVE_KEY_FILE: path, OURA_DATA_DIR: join(dir, 'unused') };
    expect(await loadSealingKeys({ env })).toMatchObject({ path, created: true });
    if (posix) expect((await stat(join(dir, 'keys'))).mode & 0o777).toBe(0o700);
  });

  it.skipIf(!posix)('is refused when other users may read it, with the chmod to run', async () => {
    const dataDir = await tempDir();
    const env = { OURA_DATA_DIR: dataDir };
    const { path } = (await loadSealingKeys({ env })) as { path: string };
    const secrets = await fileKeyTexts(path);
    for (const mode of [0o644, 0o640, 0o604]) {
      await chmod(path, mode);
      const error = (await thrown(() => loadSealingKeys({ env }), secrets)) as ServeKeyError;
      expect(error).toBeInstanceOf(ServeKeyError);
      expect(error.code).toBe('SERVE_KEY');
      expect(error.message).toContain(path);
      expect(error.message).toContain(`0${mode.toString(8)}`);
      expect(error.hint).toContain(`chmod 600 ${path}`);
      // Refused, not quietly fixed: the person decides whether the key leaked.
      expect((await stat(path)).mode & 0o777).toBe(mode);
    }
  });

  it('is refused when damaged, saying what is wrong and not to delete it', async () => {
    const dataDir = await tempDir();
    const env = { OURA_DATA_DIR: dataDir };
    const { path } = (await loadSealingKeys({ env })) as { path: string };
    const text = await readFile(path, 'utf8');
    const secrets = await fileKeyTexts(path);
    const file = JSON.parse(text) as { keys: { key: string }[] };
    const [entry] = file.keys;
    if (entry === undefined) throw new Error('no key in the file');
    const flipped = `${entry.key[0] === 'A' ? 'B' : 'A'}${entry.key.slice(1)}`;
    const cases: [string, RegExp][] = [
      [text.slice(0, text.length / 2), /is not JSON/],
      ['', /is empty/],
      ['{"hello": 1}', /is not an oura-connect serve keys file/],
      [text.replace(entry.key, flipped), /does not match its id/],
      [text.replace(entry.key, entry.key.slice(4)), /decodes to \d+ bytes/],
      [text.replace(/"current": "[^"]+"/, '"current": "nope"'), /does not name one of its keys/],
    ];
    for (const [damaged, says] of cases) {
      await writeFile(path, damaged, { mode: 0o600 });
      const error = (await thrown(
        () => loadSealingKeys({ env }),
        [...secrets, flipped, entry.key.slice(4)],
      )) as ServeKeyError;
      expect(error).toBeInstanceOf(ServeKeyError);
      expect(error.message).toMatch(says);
      expect(error.hint).toContain('Do not delete it');
    }
  });

  it('is made once when two processes start at the same moment, and both use its key', async () => {
    const dataDir = await tempDir();
    const go = join(dataDir, 'go');
    // Each child waits for the go file, so both reach the empty data dir together.
    const script = `
      const { existsSync } = await import('node:fs');
      const { loadSealingKeys } = await import(${JSON.stringify(DIST_KEY_FILE)});
      process.stdout.write('ready\\n');
      while (!existsSync(${JSON.stringify(go)})) await new Promise((r) => setTimeout(r, 2));
      const { keys, created } = await loadSealingKeys({ env: { OURA_DATA_DIR: ${JSON.stringify(dataDir)} } });
      process.stdout.write(JSON.stringify({ id: keys.currentId, created, sealed: keys.seal('s', 'c') }) + '\\n');
    `;
    const children = Array.from({ length: 4 }, () =>
      trackChild(spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: 'pipe' })),
    );
    const outputs = children.map(
      (child) =>
        new Promise<string[]>((resolve, reject) => {
          let out = '';
          let err = '';
          child.stdout.on('data', (chunk: Buffer) => {
            out += chunk;
          });
          child.stderr.on('data', (chunk: Buffer) => {
            err += chunk;
          });
          child.on('exit', (code) =>
            code === 0 ? resolve(out.trim().split('\n')) : reject(new Error(`child: ${err}`)),
          );
        }),
    );
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            child.stdout.once('data', () => resolve());
          }),
      ),
    );
    await writeFile(go, '');
    const results = (await Promise.all(outputs)).map(
      (lines) => JSON.parse(lines.at(-1) ?? '') as { id: string; created: boolean; sealed: string },
    );
    expect(results.filter((result) => result.created)).toHaveLength(1);
    const path = join(dataDir, 'serve', 'serve.key');
    const file = JSON.parse(await readFile(path, 'utf8')) as { current: string; keys: unknown[] };
    expect(file.keys).toHaveLength(1);
    const { keys } = await loadSealingKeys({ env: { OURA_DATA_DIR: dataDir } });
    for (const result of results) {
      expect(result.id).toBe(file.current);
      expect(keys.open(result.sealed, 'c')).toBe('s');
    }
    // No temp file of the losers is left holding a key nobody uses.
    expect(await readdir(join(dataDir, 'serve'))).toEqual(['serve.key']);
  }, 30_000);
});

describe('OURA_SERVE_KEY', () => {
  it('wins over the key file, in base64 or base64url, with or without padding', async () => {
    const dataDir = await tempDir();
    const { key, id } = generateSealingKey();
    const forms = [
      Buffer.from(key).toString('base64'),
      Buffer.from(key).toString('base64url'),
      `${Buffer.from(key).toString('base64')}\n`,
    ];
    for (const form of forms) {
      const loaded = await loadSealingKeys({
        env: { OURA_SERVE_KEY: form, OURA_DATA_DIR: dataDir },
      });
      expect(loaded.source).toBe('env');
      expect(loaded.keys.currentId).toBe(id);
    }
    await expect(stat(join(dataDir, 'serve'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('holds several keys, the current first, so it can be rotated by whoever sets it', async () => {
    const older = generateSealingKey();
    const newer = generateSealingKey();
    const before = await loadSealingKeys({
      env: { OURA_SERVE_KEY: Buffer.from(older.key).toString('base64') },
    });
    const sealed = before.keys.seal(SECRET, CONTEXT);
    const after = await loadSealingKeys({
      env: {
        OURA_SERVE_KEY: `${Buffer.from(newer.key).toString('base64')}, ${Buffer.from(older.key).toString('base64')}`,
      },
    });
    expect(after.keys.currentId).toBe(newer.id);
    expect(after.keys.needsResealing(sealed)).toBe(true);
    expect(after.keys.open(sealed, CONTEXT)).toBe(SECRET);
  });

  it('is refused when it is not a 32-byte key, saying how without showing it', async () => {
    const good = Buffer.from(generateSealingKey().key).toString('base64');
    const cases: [string, RegExp][] = [
      ['', /OURA_SERVE_KEY is empty/],
      [good.slice(0, 30), /decodes to 22 bytes; an AES-256 key is 32 bytes/],
      [Buffer.alloc(32, 7).toString('hex'), /decodes to 48 bytes/],
      [`${good.slice(0, 20)}!${good.slice(21)}`, /is not base64 or base64url/],
      [`${good},${good.slice(2)}`, /OURA_SERVE_KEY \(key 2 of 2\) decodes to/],
      [`${good},${good}`, /repeats key/],
    ];
    for (const [value, says] of cases) {
      const error = (await thrown(
        () => loadSealingKeys({ env: { OURA_SERVE_KEY: value } }),
        [good, good.slice(0, 16), good.slice(2), ...value.split(',').filter(Boolean)],
      )) as ServeKeyError;
      expect(error).toBeInstanceOf(ServeKeyError);
      expect(error.message).toMatch(says);
      expect(error.hint).toMatch(/openssl rand -base64 32|Give each key once/);
    }
  });
});

describe('rotation', () => {
  it('adds a new current key and keeps the old ones, so old values open and need re-sealing', async () => {
    const dataDir = await tempDir();
    const env = { OURA_DATA_DIR: dataDir };
    const first = await loadSealingKeys({ env });
    const oldId = first.keys.currentId;
    const oldValue = first.keys.seal(SECRET, CONTEXT);
    const newId = await rotateKey({ env });
    expect(newId).not.toBe(oldId);
    const path = serveKeyFilePath({ env });
    if (posix) expect((await stat(path)).mode & 0o777).toBe(0o600);

    const { keys } = await loadSealingKeys({ env });
    expect(keys.currentId).toBe(newId);
    expect(keys.ids).toEqual([newId, oldId]);
    expect(keys.open(oldValue, CONTEXT)).toBe(SECRET);
    expect(keys.needsResealing(oldValue)).toBe(true);
    const resealed = keys.seal(keys.open(oldValue, CONTEXT), CONTEXT);
    expect(keys.keyIdOf(resealed)).toBe(newId);
    expect(keys.needsResealing(resealed)).toBe(false);

    // Once every value is re-sealed, the old key goes; what was left under it no longer opens.
    expect(await retireOldKeys({ env })).toEqual([oldId]);
    const retired = await loadSealingKeys({ env });
    expect(retired.keys.ids).toEqual([newId]);
    expect(retired.keys.open(resealed, CONTEXT)).toBe(SECRET);
    const error = (await thrown(
      () => retired.keys.open(oldValue, CONTEXT),
      [SECRET, ...(await fileKeyTexts(path))],
    )) as SealedValueError;
    expect([error.reason, error.keyId]).toEqual(['unknown-key', oldId]);
  });

  it('keeps both keys of two rotations at once', async () => {
    const dataDir = await tempDir();
    const env = { OURA_DATA_DIR: dataDir };
    const first = await loadSealingKeys({ env });
    const added = await Promise.all([rotateKey({ env }), rotateKey({ env })]);
    const { keys } = await loadSealingKeys({ env });
    expect(new Set(keys.ids)).toEqual(new Set([...added, first.keys.currentId]));
    expect(added).toContain(keys.currentId);
  });

  it('is refused, saying what to do, with keys from OURA_SERVE_KEY or no key file', async () => {
    const good = Buffer.from(generateSealingKey().key).toString('base64');
    const fromEnv = (await thrown(
      () => rotateKey({ env: { OURA_SERVE_KEY: good } }),
      keyTexts(Buffer.from(good, 'base64')),
    )) as ServeKeyError;
    expect(fromEnv).toBeInstanceOf(ServeKeyError);
    expect(fromEnv.message).toContain('OURA_SERVE_KEY');
    expect(fromEnv.hint).toContain('OURA_SERVE_KEY=NEW,OLD');

    const dataDir = await tempDir();
    const missing = (await thrown(
      () => rotateKey({ env: { OURA_DATA_DIR: dataDir } }),
      [],
    )) as ServeKeyError;
    expect(missing).toBeInstanceOf(ServeKeyError);
    expect(missing.message).toContain(join(dataDir, 'serve', 'serve.key'));
    await expect(stat(join(dataDir, 'serve', 'serve.key'))).rejects.toMatchObject({
      code: 'ENOENT',
    });
  });
});
