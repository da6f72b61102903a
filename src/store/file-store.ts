import { rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { OuraError } from '../errors.js';
import {
  type AtomicWriteOptions,
  ensurePrivateDir,
  readFileIfExists,
  writeFileAtomic,
} from '../files/atomic-file.js';
import { keepPrivate, type PermissionWarning } from './private-mode.js';
import type { SecretStore } from './secret-store.js';

export interface FileStoreOptions extends AtomicWriteOptions {
  /** Told when the file or its directories were open to other users and were tightened. */
  warn?: PermissionWarning;
}

/**
 * Secrets in an owner-only JSON file, one per profile
 * (`<configDir>/credentials/<profile>.json`, 0600 in a 0700 directory),
 * replaced atomically on every write. Callers serialise writers with the
 * profile lock; the atomic replace keeps readers and crashes safe. Every read
 * first takes other users' permissions off the file and its directories,
 * with a warning (see `private-mode.ts`).
 */
export class FileSecretStore implements SecretStore {
  readonly kind = 'file' as const;
  readonly path: string;
  readonly #configDir: string;
  readonly #writeOptions: AtomicWriteOptions;
  readonly #warn: PermissionWarning | undefined;

  constructor(configDir: string, profile: string, options: FileStoreOptions = {}) {
    const { warn, ...writeOptions } = options;
    this.#configDir = configDir;
    this.path = join(configDir, 'credentials', `${profile}.json`);
    this.#writeOptions = writeOptions;
    this.#warn = warn;
  }

  async get(name: string): Promise<string | undefined> {
    return (await this.#read())[name];
  }

  async set(name: string, value: string): Promise<void> {
    const entries = await this.#read();
    entries[name] = value;
    await this.#write(entries);
  }

  async delete(name: string): Promise<void> {
    const entries = await this.#read();
    if (!(name in entries)) return;
    delete entries[name];
    if (Object.keys(entries).length === 0) await rm(this.path, { force: true });
    else await this.#write(entries);
  }

  async #read(): Promise<Record<string, string>> {
    // Outermost first: the directory is closed before the file's mode is looked at.
    for (const path of [this.#configDir, dirname(this.path), this.path]) {
      await keepPrivate(path, this.#warn);
    }
    const text = await readFileIfExists(this.path);
    if (text === undefined) return {};
    try {
      return JSON.parse(text) as Record<string, string>;
    } catch (error) {
      throw new OuraError('STORE_CORRUPT', `The credential file ${this.path} is not valid JSON.`, {
        cause: error,
        hint: 'Remove it and run `oura setup` again.',
      });
    }
  }

  async #write(entries: Record<string, string>): Promise<void> {
    await ensurePrivateDir(this.#configDir);
    await ensurePrivateDir(dirname(this.path));
    await writeFileAtomic(this.path, `${JSON.stringify(entries)}\n`, {
      what: 'the credentials',
      ...this.#writeOptions,
    });
  }
}
