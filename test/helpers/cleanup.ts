/**
 * Runs in every test file (vitest `setupFiles`): what a test started is
 * stopped after it, what the file started after its last test (see
 * processes.ts), and then its temporary dirs go.
 */
import { afterAll, afterEach, beforeEach } from 'vitest';
import { enterTest, leaveFile, leaveTest } from './processes.js';
import { removeTempDirs } from './temp.js';

beforeEach(enterTest);
afterEach(leaveTest);
afterAll(async () => {
  await leaveFile();
  await removeTempDirs();
});
