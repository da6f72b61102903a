/** Cohorts in Chromium, with the web state (and the histories) in a PostgreSQL database. */
import { postgresAvailable } from './helpers/postgres.js';
import { describeOrSkip } from './helpers/requirements.js';
import { serveCohortsBrowserSuite } from './suites/serve-cohorts-browser-suite.js';

describeOrSkip(await postgresAvailable(), 'PostgreSQL is not reachable', 'on PostgreSQL', () =>
  serveCohortsBrowserSuite('postgres'),
);
