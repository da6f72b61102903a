/** Runs in every test file (vitest `setupFiles`): its temporary dirs go when it ends. */
import { afterAll } from 'vitest';
import { removeTempDirs } from './temp.js';

afterAll(removeTempDirs);
