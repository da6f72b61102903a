/**
 * A worker's Oura client for each person: their sealed login from the
 * shared database, refreshed under the person's lock (any process may hold
 * it), and every request counted against the application's shared budget.
 */
import type { Pool } from 'pg';
import type { OuraClient } from '../../api/client.js';
import type { RequestBudget } from '../../api/request-budget.js';
import { openProfile } from '../../profile/open-profile.js';
import type { OuraApp } from '../oura-app.js';
import { OuraTokenKeeper } from '../oura-tokens.js';
import type { Sealer } from '../state/user-store.js';
import { openPgPersonTokens } from '../state-pg/pg-person-tokens.js';

export interface WorkerSourceOptions {
  pool: Pool;
  sealer: Sealer;
  app: OuraApp;
  budget: RequestBudget;
}

export async function workerSources(
  options: WorkerSourceOptions,
): Promise<(person: string) => Promise<OuraClient>> {
  const keeper = new OuraTokenKeeper(
    await openPgPersonTokens(options.pool, options.sealer),
    options.app,
  );
  return (person) =>
    openProfile({
      profile: `serve:${person}`,
      // Never read: the login comes from the database, and a worker's history is not a file.
      configDir: '',
      env: {},
      apiUrl: options.app.apiUrl,
      userAgent: 'oura-connect-serve',
      tokenSource: (request) => keeper.token(person, request),
      requestBudget: options.budget,
      ...(options.app.fetch ? { fetch: options.app.fetch } : {}),
    }).client();
}
