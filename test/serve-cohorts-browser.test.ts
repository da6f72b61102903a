/** Cohorts in Chromium, with the web state in the data directory's SQLite file. */
import { serveCohortsBrowserSuite } from './suites/serve-cohorts-browser-suite.js';

serveCohortsBrowserSuite('sqlite');
