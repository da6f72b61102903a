/** `oura serve`'s authorization server with its web state in a PostgreSQL database. */
import { postgresAvailable } from './helpers/postgres.js';
import { describeOrSkip } from './helpers/requirements.js';
import { serveOAuthSuite } from './suites/serve-oauth-suite.js';

describeOrSkip(await postgresAvailable(), 'PostgreSQL is not reachable', 'on PostgreSQL', () =>
  serveOAuthSuite('postgres'),
);
