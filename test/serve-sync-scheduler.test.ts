/**
 * The in-process sync scheduler and people who left: a sync asked for before
 * someone withdrew or deleted their data runs after they are gone. It built
 * the person's engines before asking whether they were still here, and the
 * engines stayed cached (a profile, its history handle) until the server
 * stopped. Only the two calls whose order matters are stood in for here.
 */
import { expect, it } from 'vitest';
import type { UserStore } from '../src/serve/state/user-store.js';
import { SyncScheduler } from '../src/serve/sync-scheduler.js';
import type { UserEngines } from '../src/serve/user-engines.js';

it('builds no engines for a person who left before their sync ran', async () => {
  const built: string[] = [];
  const users = { get: async () => undefined } as unknown as UserStore;
  const engines = {
    for(userId: string) {
      built.push(userId);
      return { deps: { history: undefined } };
    },
  } as unknown as UserEngines;
  const scheduler = new SyncScheduler({ users, engines, log: () => {}, intervalMs: 60_000 });
  scheduler.request('departed');
  await scheduler.idle();
  expect(built).toEqual([]);
  await scheduler.stop();
});
