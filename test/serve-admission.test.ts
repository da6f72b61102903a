/** Who may sign in to `oura serve`, with its web state in the data directory's SQLite file. */
import { serveAdmissionSuite } from './suites/serve-admission-suite.js';

serveAdmissionSuite('sqlite');
