/** Who may sign in to `oura serve`, with its web state in a PostgreSQL database. */
import { postgresAvailable } from './helpers/postgres.js';
import { describeOrSkip } from './helpers/requirements.js';
import { serveAdmissionSuite } from './suites/serve-admission-suite.js';

describeOrSkip(await postgresAvailable(), 'PostgreSQL is not reachable', 'on PostgreSQL', () =>
  serveAdmissionSuite('postgres'),
);
