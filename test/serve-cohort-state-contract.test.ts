/**
 * Cohorts in the web state, one contract on both stores (the SQLite state
 * file and the shared PostgreSQL database): an enrollment link spent once,
 * refused once used or run out, forged links unknown; participants kept by a
 * pseudonymous id, asked for only within their cohort; a withdrawal link that
 * finds its participant, who stays as a row with no person once withdrawn
 * (or once the person deleted their data). Codes and secrets are stored only
 * as hashes. On PostgreSQL, two pools race for one link.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSealingKey, SealingKeys } from '../src/serve/keys/sealing-keys.js';
import { openSqliteServeState, type ServeState } from '../src/serve/state/serve-state.js';
import { openPgServeState } from '../src/serve/state-pg/pg-serve-state.js';
import { createTestDatabase, postgresAvailable, type TestDatabase } from './helpers/postgres.js';
import { describeOrSkip } from './helpers/requirements.js';
import { tempDir } from './helpers/temp.js';

const keys = new SealingKeys(generateSealingKey());
const hasPostgres = await postgresAvailable();
let database: TestDatabase | undefined;

let clock = Date.parse('2026-03-01T12:00:00Z');
const now = () => clock;
const seconds = () => Math.floor(clock / 1000);
const login = { access_token: 'oura-access', refresh_token: 'oura-refresh', expires_at: 1 };

const openers = {
  sqlite: async () =>
    openSqliteServeState(join(await tempDir('oura-cohorts-'), 'state.sqlite'), keys, now),
  postgres: () => openPgServeState((database as TestDatabase).pool(), keys, now),
};

beforeAll(async () => {
  if (hasPostgres) database = await createTestDatabase();
});

afterAll(async () => {
  await database?.drop();
});

function contract(open: () => Promise<ServeState>): void {
  let state: ServeState;
  beforeAll(async () => {
    state = await open();
    for (const id of ['ann', 'bob', 'cat'])
      await state.users.saveSignIn({ id, email: undefined, role: 'member', tokens: login });
  });
  afterAll(async () => {
    await state?.close();
  });

  it('spends an enrollment link once into its cohort, recording consent', async () => {
    const code = await state.cohorts.createLink('study-a', 3600);
    expect(await state.cohorts.cohorts()).toEqual(['study-a']);
    expect(await state.cohorts.check(code)).toEqual({ state: 'usable', cohort: 'study-a' });
    expect(await state.cohorts.check('forged')).toEqual({ state: 'unknown' });
    const consented = seconds() - 5;
    const joined = await state.cohorts.enroll(code, 'ann', consented);
    if (!joined.enrolled) throw new Error(`not enrolled: ${joined.state}`);
    expect(joined.participant).toEqual({
      id: expect.stringMatching(/^p-[a-z2-9]{12}$/),
      cohort: 'study-a',
      personId: 'ann',
      joinedAt: seconds(),
      consentedAt: consented,
      withdrawnAt: undefined,
    });
    expect(await state.cohorts.check(code)).toEqual({ state: 'used' });
    expect(await state.cohorts.enroll(code, 'bob', seconds())).toEqual({
      enrolled: false,
      state: 'used',
    });
    expect(await state.cohorts.enroll('forged', 'bob', seconds())).toEqual({
      enrolled: false,
      state: 'unknown',
    });
    expect(await state.cohorts.byWithdrawSecret(joined.withdrawSecret)).toEqual(joined.participant);
    expect(await state.cohorts.byWithdrawSecret('forged')).toBeUndefined();
  });

  it('refuses a link that ran out', async () => {
    const code = await state.cohorts.createLink('study-a', 60);
    clock += 60_000;
    expect(await state.cohorts.check(code)).toEqual({ state: 'expired' });
    expect(await state.cohorts.enroll(code, 'bob', seconds())).toEqual({
      enrolled: false,
      state: 'expired',
    });
  });

  it('keeps one participant per person and cohort: enrolling again gives a new withdrawal link', async () => {
    const first = await state.cohorts.enroll(
      await state.cohorts.createLink('study-b', 60),
      'bob',
      seconds(),
    );
    const again = await state.cohorts.enroll(
      await state.cohorts.createLink('study-b', 60),
      'bob',
      seconds(),
    );
    if (!first.enrolled || !again.enrolled) throw new Error('not enrolled');
    expect(again.participant.id).toBe(first.participant.id);
    expect(await state.cohorts.byWithdrawSecret(first.withdrawSecret)).toBeUndefined();
    expect((await state.cohorts.byWithdrawSecret(again.withdrawSecret))?.id).toBe(
      first.participant.id,
    );
    expect(await state.cohorts.cohorts()).toEqual(['study-a', 'study-b']);
  });

  it('answers a participant only within their cohort', async () => {
    const [ann] = await state.cohorts.participants('study-a');
    const [bob] = await state.cohorts.participants('study-b');
    if (!ann || !bob) throw new Error('no participants');
    expect(await state.cohorts.participant('study-a', ann.id)).toEqual(ann);
    expect(await state.cohorts.participant('study-a', bob.id)).toBeUndefined();
    expect(await state.cohorts.participant('study-z', ann.id)).toBeUndefined();
  });

  it('keeps a withdrawn participant as a row without a person, and one who deleted their data', async () => {
    const code = await state.cohorts.createLink('study-c', 60);
    const cat = await state.cohorts.enroll(code, 'cat', seconds());
    if (!cat.enrolled) throw new Error('not enrolled');
    clock += 1000;
    await state.cohorts.withdraw(cat.participant.id);
    const [withdrawn] = await state.cohorts.participants('study-c');
    expect(withdrawn).toEqual({
      ...cat.participant,
      personId: undefined,
      withdrawnAt: seconds(),
    });
    expect((await state.cohorts.byWithdrawSecret(cat.withdrawSecret))?.withdrawnAt).toBe(seconds());
    // Deleting one's data from the account page leaves the participant's row, with no person.
    await state.users.delete('bob');
    const [bob] = await state.cohorts.participants('study-b');
    expect(bob?.personId).toBeUndefined();
  });
}

describe('cohorts on SQLite', () => contract(openers.sqlite));

describeOrSkip(hasPostgres, 'PostgreSQL is not reachable', 'cohorts on PostgreSQL', () => {
  contract(openers.postgres);

  it('two processes racing for one link: one participant', async () => {
    const [one, two] = await Promise.all([openers.postgres(), openers.postgres()]);
    for (const id of ['racer-1', 'racer-2'])
      await one.users.saveSignIn({ id, email: undefined, role: 'member', tokens: login });
    for (let round = 0; round < 5; round++) {
      const code = await one.cohorts.createLink('race', 600);
      const answers = await Promise.all([
        one.cohorts.enroll(code, 'racer-1', seconds()),
        two.cohorts.enroll(code, 'racer-2', seconds()),
      ]);
      expect(answers.filter((answer) => answer.enrolled)).toHaveLength(1);
      expect(answers.find((answer) => !answer.enrolled)).toEqual({
        enrolled: false,
        state: 'used',
      });
    }
  });

  it('holds no enrollment code or withdrawal secret in clear', async () => {
    const state = await openers.postgres();
    await state.users.saveSignIn({ id: 'dee', email: undefined, role: 'member', tokens: login });
    const unused = await state.cohorts.createLink('study-d', 600);
    const used = await state.cohorts.createLink('study-d', 600);
    const joined = await state.cohorts.enroll(used, 'dee', seconds());
    if (!joined.enrolled) throw new Error('not enrolled');
    const pool = (database as TestDatabase).pool();
    let dump = '';
    for (const table of ['cohorts', 'enrollment_links', 'participants'])
      dump += JSON.stringify((await pool.query(`SELECT * FROM oura_service.${table}`)).rows);
    expect(dump).toContain('study-d');
    for (const secret of [unused, used, joined.withdrawSecret]) expect(dump).not.toContain(secret);
  });
});
