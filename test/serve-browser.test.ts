/** `oura serve` through the MCP SDK client and Chromium, with its web state in the data directory's SQLite file. */
import { serveBrowserSuite } from './suites/serve-browser-suite.js';

serveBrowserSuite('sqlite');
