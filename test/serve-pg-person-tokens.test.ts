/**
 * People's Oura logins in the shared PostgreSQL database: two pools stand
 * for two worker processes. Refreshing one person's login at the same
 * moment from both must reach Oura once (its refresh tokens are single
 * use), and a dump of the database must hold no token in clear.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { resolveEndpoints } from '../src/auth/servers.js';
import { type Emulator, startEmulator } from '../src/emulator/index.js';
import { generateSealingKey, SealingKeys } from '../src/serve/keys/sealing-keys.js';
import { OuraTokenKeeper } from '../src/serve/oura-tokens.js';
import { openPgPersonTokens } from '../src/serve/state-pg/pg-person-tokens.js';
import { createTestDatabase, postgresAvailable, type TestDatabase } from './helpers/postgres.js';
import { describeOrSkip } from './helpers/requirements.js';
import { SERVE_APP } from './helpers/serve.js';

const hasPostgres = await postgresAvailable();
let emulator: Emulator;
let database: TestDatabase;

beforeAll(async () => {
  if (!hasPostgres) return;
  emulator = await startEmulator({
    today: '2025-06-15',
    historyDays: 5,
    clients: [{ ...SERVE_APP, redirectUris: ['http://127.0.0.1:1/oura/callback'] }],
  });
  database = await createTestDatabase();
});

afterAll(async () => {
  await database?.drop();
  await emulator?.close();
});

describeOrSkip(
  hasPostgres,
  'PostgreSQL is not reachable',
  "people's Oura logins in PostgreSQL",
  () => {
    it('two processes refreshing one login at once reach Oura once, and the dump holds no token', async () => {
      const keys = new SealingKeys(generateSealingKey());
      const app = {
        endpoints: resolveEndpoints('oura', emulator.env()),
        credentials: SERVE_APP,
        scopes: [],
        apiUrl: emulator.url,
      };
      const [one, two] = await Promise.all(
        [database.pool(), database.pool()].map((pool) => openPgPersonTokens(pool, keys)),
      );
      const minted = emulator.mintTokens({ clientId: SERVE_APP.clientId });
      const person = emulator.user.id;
      // Stored as already run out: the next caller must refresh it.
      await one?.enroll(person, {
        access_token: minted.access_token,
        refresh_token: minted.refresh_token,
        issued_at: Date.now() - 7_200_000,
        expires_at: Date.now() - 3_600_000,
      });
      const keepers = [one, two].map(
        (store) => new OuraTokenKeeper(store as NonNullable<typeof one>, app),
      );
      const before = emulator.stats.refreshGrants;
      const tokens = await Promise.all(
        Array.from({ length: 6 }, (_, i) => (keepers[i % 2] as OuraTokenKeeper).token(person)),
      );
      expect(emulator.stats.refreshGrants - before).toBe(1);
      expect(new Set(tokens).size).toBe(1);
      expect(tokens[0]).not.toBe(minted.access_token);
      expect((await two?.read(person))?.problem).toBeUndefined();

      const { stdout: dump } = await promisify(execFile)('pg_dump', ['--dbname', database.url], {
        maxBuffer: 64 * 1024 * 1024,
      });
      expect(dump).toContain(person);
      for (const secret of [
        tokens[0],
        minted.access_token,
        minted.refresh_token,
        SERVE_APP.clientSecret,
      ]) {
        expect(dump.includes(secret as string)).toBe(false);
      }
    });

    it('twelve people refreshing at once on a pool of four all get fresh tokens', {
      timeout: 30_000,
    }, async () => {
      const keys = new SealingKeys(generateSealingKey());
      const app = {
        endpoints: resolveEndpoints('oura', emulator.env()),
        credentials: SERVE_APP,
        scopes: [],
        apiUrl: emulator.url,
      };
      // A web process's state: every person's read and save share this pool with the refreshes.
      const logins = await openPgPersonTokens(database.pool(4), keys, 'many_refreshes');
      const people = Array.from({ length: 12 }, (_, i) => `person-${i}`);
      const minted = new Map<string, string>();
      for (const person of people) {
        const pair = emulator.mintTokens({ clientId: SERVE_APP.clientId });
        minted.set(person, pair.access_token);
        await logins.enroll(person, {
          access_token: pair.access_token,
          refresh_token: pair.refresh_token,
          issued_at: Date.now() - 7_200_000,
          expires_at: Date.now() - 3_600_000,
        });
      }
      const keeper = new OuraTokenKeeper(logins, app);
      const fresh = await Promise.all(people.map((person) => keeper.token(person)));
      fresh.forEach((token, i) => {
        expect(token).not.toBe(minted.get(people[i] as string));
      });
      expect(new Set(fresh).size).toBe(12);
    });
  },
);
