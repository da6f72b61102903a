/** `oura serve`'s authorization server with its web state in the data directory's SQLite file. */
import { serveOAuthSuite } from './suites/serve-oauth-suite.js';

serveOAuthSuite('sqlite');
