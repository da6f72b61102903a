import { existsSync } from 'node:fs';

/**
 * The Python the tests read files with: `PYTHON3_PATH`, else Debian's own
 * (the one `.ci/run` installs numpy and scipy into, with the system's SQLite),
 * else whatever `python3` is on PATH. A version manager's shim on PATH costs
 * a shell script per start, seconds on a loaded machine.
 */
export const PYTHON3 =
  process.env.PYTHON3_PATH ?? (existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');
