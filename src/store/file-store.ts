import { rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { OuraError } from '../errors.js';
import {
  type AtomicWriteOptions,
  ensurePrivateDir,
  readFileIfExists,
  writeFileAtomic,
} from '../files/atomic-file.js';
import {
  PASSPHRASE_ENV,
  type PassphraseSource,
  passphraseNeeded,
  wrongPassphrase,
} from './passphrase.js';
import { keepPrivate, type PermissionWarning } from './private-mode.js';
import {
  isSealed,
  keyFits,
  keyForFile,
  newSealingKey,
  type SealedFile,
  SealedFileError,
  type SealingKey,
  seal,
  unseal,
} from './sealed-file.js';
import type { SecretStore } from './secret-store.js';

/** The file's content once opened: secret names to values. */
type Entries = Record<string, string>;

export interface FileStoreOptions extends AtomicWriteOptions {
  /**
   * Told when the file or its directories were open to other users and were
   * tightened, and when the file is first sealed with a passphrase.
   */
  warn?: PermissionWarning;
  /** The passphrase that seals the file (opt-in; see `sealed-file.ts`). */
  passphrase?: PassphraseSource;
}

/**
 * Secrets in an owner-only JSON file, one per profile
 * (`<configDir>/credentials/<profile>.json`, 0600 in a 0700 directory),
 * replaced atomically on every write. Callers serialise writers with the
 * profile lock; the atomic replace keeps readers and crashes safe. Every read
 * first takes other users' permissions off the file and its directories,
 * with a warning (see `private-mode.ts`).
 *
 * Sealing is opt-in: a write while a passphrase is given seals the file
 * (`sealed-file.ts`), and a sealed file stays sealed with the passphrase that
 * opened it. Without one, the file is the plain JSON it always was.
 */
export class FileSecretStore implements SecretStore {
  readonly kind = 'file' as const;
  readonly path: string;
  readonly #configDir: string;
  readonly #writeOptions: AtomicWriteOptions;
  readonly #warn: PermissionWarning | undefined;
  readonly #ask: PassphraseSource['ask'];
  #passphrase: string | undefined;
  /** Derived once per process (scrypt is slow on purpose), reused while the file's salt is the same. */
  #key: SealingKey | undefined;
  /** What the last read found: writes keep a sealed file sealed. */
  #sealedOnDisk = false;

  constructor(configDir: string, profile: string, options: FileStoreOptions = {}) {
    const { warn, passphrase, ...writeOptions } = options;
    this.#configDir = configDir;
    this.path = join(configDir, 'credentials', `${profile}.json`);
    this.#writeOptions = writeOptions;
    this.#warn = warn;
    this.#passphrase = passphrase?.given;
    this.#ask = passphrase?.ask;
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

  async #read(): Promise<Entries> {
    // Outermost first: the directory is closed before the file's mode is looked at.
    for (const path of [this.#configDir, dirname(this.path), this.path]) {
      await keepPrivate(path, this.#warn);
    }
    const text = await readFileIfExists(this.path);
    this.#sealedOnDisk = false;
    if (text === undefined) return {};
    const parsed = this.#parse(text);
    if (!isSealed(parsed)) return parsed as Entries;
    this.#sealedOnDisk = true;
    return this.#parse(await this.#unseal(parsed as unknown as SealedFile)) as Entries;
  }

  #parse(text: string): unknown {
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new OuraError('STORE_CORRUPT', `The credential file ${this.path} is not valid JSON.`, {
        cause: error,
        hint: 'Remove it and run `oura setup` again.',
      });
    }
  }

  async #unseal(file: SealedFile): Promise<string> {
    try {
      if (!this.#key || !keyFits(this.#key, file)) {
        this.#key = await keyForFile(file, await this.#passphraseToOpen());
      }
      return unseal(file, this.#key);
    } catch (error) {
      if (!(error instanceof SealedFileError)) throw error;
      this.#key = undefined;
      if (error.failure === 'wrong-passphrase') throw wrongPassphrase(this.path);
      throw new OuraError(
        'STORE_UNSUPPORTED',
        `The credential file ${this.path} is sealed in a form this version of oura cannot read.`,
        { hint: 'Upgrade oura, or remove the file and run `oura setup` again.' },
      );
    }
  }

  async #passphraseToOpen(): Promise<string> {
    this.#passphrase ??= (await this.#ask?.(this.path)) || undefined;
    if (this.#passphrase === undefined) throw passphraseNeeded(this.path);
    return this.#passphrase;
  }

  /** The key to seal a write with, or undefined for the plain file. Call after a read. */
  async #sealingKey(): Promise<SealingKey | undefined> {
    if (this.#sealedOnDisk) return this.#key;
    if (this.#passphrase === undefined) return undefined;
    this.#key ??= await newSealingKey(this.#passphrase);
    this.#warn?.(
      `Sealing ${this.path} with the passphrase in ${PASSPHRASE_ENV}: from now on oura needs it to read the file.`,
    );
    return this.#key;
  }

  async #write(entries: Entries): Promise<void> {
    await ensurePrivateDir(this.#configDir);
    await ensurePrivateDir(dirname(this.path));
    const plain = JSON.stringify(entries);
    const key = await this.#sealingKey();
    const content = key ? JSON.stringify(seal(plain, key)) : plain;
    await writeFileAtomic(this.path, `${content}\n`, {
      what: 'the credentials',
      ...this.#writeOptions,
    });
    this.#sealedOnDisk = key !== undefined;
  }
}
