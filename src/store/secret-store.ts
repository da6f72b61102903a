/**
 * Where a profile's secrets are kept. Names are short keys such as
 * `client-secret` and `tokens`; values are opaque strings.
 */
export interface SecretStore {
  readonly kind: 'keyring' | 'file';
  /** A human description of where the secrets are (shown by `auth status`). */
  readonly path?: string;
  get(name: string): Promise<string | undefined>;
  set(name: string, value: string): Promise<void>;
  delete(name: string): Promise<void>;
}
