/** `oura serve` through the MCP SDK client and Chromium, with its web state in a PostgreSQL database. */
import { postgresAvailable } from './helpers/postgres.js';
import { describeOrSkip } from './helpers/requirements.js';
import { serveBrowserSuite } from './suites/serve-browser-suite.js';

describeOrSkip(await postgresAvailable(), 'PostgreSQL is not reachable', 'on PostgreSQL', () =>
  serveBrowserSuite('postgres'),
);
