/**
 * Oura's webhook subscription routes (`/v2/webhook/subscription`), which
 * authenticate the application with `x-client-id` and `x-client-secret`
 * rather than a user's bearer token. Errors carry Oura's own detail (a
 * callback that failed verification, an unknown client), never the secret.
 */
import { ApiError, type ApiErrorInit, NetworkError, NotFoundError } from '../api/errors.js';
import { assertSecureEndpoint } from '../secure-url.js';
import type { EventType } from './queue.js';

/** A subscription as Oura lists it (`WebhookSubscriptionModel`). */
export interface Subscription {
  id: string;
  callback_url: string;
  event_type: EventType;
  /** The webhook spelling (`vo2_max`). */
  data_type: string;
  expiration_time: string;
}

export interface SubscriptionClientOptions {
  /** API base without `/v2`. */
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

const ROUTE = '/v2/webhook/subscription';

/** FastAPI's `{detail: [{msg}]}`, RFC 7807's `{detail}`, or OAuth's `error_description`. */
function detailOf(body: unknown): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const record = body as Record<string, unknown>;
  const detail = record.detail ?? record.error_description ?? record.message ?? record.title;
  if (typeof detail === 'string') return detail;
  if (Array.isArray(detail)) {
    return detail
      .map((item) =>
        item && typeof item === 'object'
          ? String((item as { msg?: unknown }).msg ?? JSON.stringify(item))
          : String(item),
      )
      .join('; ');
  }
  return undefined;
}

/** Oura refused the application's credentials: exit 4 (API_UNAUTHORIZED), like any authentication failure. */
export class ClientRejectedError extends ApiError {
  override readonly name = 'ClientRejectedError';
  constructor(init: ApiErrorInit) {
    super(
      'API_UNAUTHORIZED',
      `${init.method} ${init.path}: Oura rejected the application's client ID or secret (HTTP ${init.status})${init.detail ? `: ${init.detail}` : ''}`,
      {
        hint: 'Check them with `oura setup` (or OURA_CLIENT_ID and OURA_CLIENT_SECRET).',
        ...init,
      },
    );
  }
}

/**
 * The spec answers 403 on a subscription's own routes for an id that is not
 * this application's (or no longer exists): not a credentials problem, exit 1.
 */
export class UnknownSubscriptionError extends ApiError {
  override readonly name = 'UnknownSubscriptionError';
  constructor(id: string, init: ApiErrorInit) {
    super(
      'API_NOT_FOUND',
      `${init.method} ${init.path}: Oura knows no subscription ${id} for this application (HTTP ${init.status}).`,
      { hint: 'See the subscriptions it has with `oura webhook list`.', ...init },
    );
  }
}

export class SubscriptionClient {
  readonly #o: Required<SubscriptionClientOptions>;

  constructor(options: SubscriptionClientOptions) {
    assertSecureEndpoint(options.baseUrl, 'the API base URL');
    this.#o = {
      fetch: globalThis.fetch,
      timeoutMs: 30_000,
      ...options,
      baseUrl: options.baseUrl.replace(/\/+$/, ''),
    };
  }

  /** `id`: the subscription a route is about, if any. */
  async #call(method: string, path: string, body?: unknown, id?: string): Promise<unknown> {
    const init: RequestInit = {
      method,
      headers: {
        'x-client-id': this.#o.clientId,
        'x-client-secret': this.#o.clientSecret,
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      signal: AbortSignal.timeout(this.#o.timeoutMs),
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    };
    let response: Response;
    try {
      response = await this.#o.fetch(`${this.#o.baseUrl}${path}`, init);
    } catch (error) {
      throw new NetworkError({
        method,
        path,
        detail: error instanceof Error ? error.message : String(error),
        cause: error,
      });
    }
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    if (response.ok) return parsed;
    const detail = detailOf(parsed)?.replaceAll(this.#o.clientSecret, '***');
    const failure = { status: response.status, method, path, detail, headers: response.headers };
    if (response.status === 403 && id !== undefined)
      throw new UnknownSubscriptionError(id, failure);
    if (response.status === 401 || response.status === 403) {
      throw new ClientRejectedError(failure);
    }
    if (response.status === 404) throw new NotFoundError(failure);
    throw new ApiError(
      'API_ERROR',
      `${method} ${path}: HTTP ${response.status}${detail ? `: ${detail}` : ''}`,
      failure,
    );
  }

  async list(): Promise<Subscription[]> {
    const body = await this.#call('GET', ROUTE);
    return Array.isArray(body) ? (body as Subscription[]) : [];
  }

  async create(request: {
    callback_url: string;
    verification_token: string;
    event_type: EventType;
    data_type: string;
  }): Promise<Subscription> {
    return (await this.#call('POST', ROUTE, request)) as Subscription;
  }

  /** Points a subscription at another callback (Oura verifies it as on create). */
  async update(
    id: string,
    request: { callback_url: string; verification_token: string },
  ): Promise<Subscription> {
    const path = `${ROUTE}/${encodeURIComponent(id)}`;
    return (await this.#call('PUT', path, request, id)) as Subscription;
  }

  async renew(id: string): Promise<Subscription> {
    const path = `${ROUTE}/renew/${encodeURIComponent(id)}`;
    return (await this.#call('PUT', path, undefined, id)) as Subscription;
  }

  async delete(id: string): Promise<void> {
    await this.#call('DELETE', `${ROUTE}/${encodeURIComponent(id)}`, undefined, id);
  }
}
