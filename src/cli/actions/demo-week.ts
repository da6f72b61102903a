/**
 * The data half of the demo: the week's check-in (sleep, readiness, activity)
 * read through the typed client with the login the demo just stored.
 */
import { OuraClient } from '../../api/client.js';
import { addDays, localDay } from '../../api/days.js';
import { openSession } from '../../auth/session.js';
import { buildCheckin, checkinTable, fetchCheckinSources } from '../../mcp/checkin.js';
import { bold, notice } from '../io.js';

export async function printDemoWeek(options: {
  apiUrl: string;
  configDir: string;
  env: NodeJS.ProcessEnv;
}): Promise<void> {
  const session = await openSession({
    configDir: options.configDir,
    profile: 'default',
    env: options.env,
  });
  const client = new OuraClient({
    baseUrl: options.apiUrl,
    token: (request) => session.getAccessToken(request),
  });
  const today = localDay();
  const range = { start: addDays(today, -6), end: today };
  const { sources, failures } = await fetchCheckinSources(client, range);
  if (failures[0]) throw failures[0].error;
  notice('');
  notice(
    bold(
      `The last 7 days (${range.start} to ${range.end}), as \`oura_summary\` gives an assistant:`,
    ),
  );
  process.stdout.write(`${checkinTable(buildCheckin(range, sources, today))}\n`);
  // The npm package named `oura` is someone else's, so npx cannot run us: name the real install.
  notice(
    'With your own ring: install the `oura` command (`npm install -g .` in this checkout, or ' +
      '`npm install -g oura-connect` once published), then run `oura setup`. ' +
      'To explore the emulator: `oura emulator` (see the README).',
  );
}
