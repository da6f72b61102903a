/**
 * The data half of the demo: the week's check-in (sleep, readiness, activity)
 * read through the typed client with the login the demo just stored.
 */
import { addDays, localDay } from '../../calendar/days.js';
import { buildCheckin, checkinTable, fetchCheckinSources } from '../../mcp/checkin.js';
import type { Profile } from '../../profile/open-profile.js';
import type { CliIo } from '../cli-io.js';

export async function printDemoWeek(profile: Profile, io: CliIo): Promise<void> {
  const client = await profile.client();
  const today = localDay(profile.now());
  const range = { start: addDays(today, -6), end: today };
  const { sources, failures } = await fetchCheckinSources(client, range);
  if (failures[0]) throw failures[0].error;
  io.notice('');
  io.notice(
    io.bold(
      `The last 7 days (${range.start} to ${range.end}), as \`oura_summary\` gives an assistant:`,
    ),
  );
  io.out(`${checkinTable(buildCheckin(range, sources, today))}\n`);
  // Name the install that works today, the README's: the npm package named `oura` is someone
  // else's (npx cannot run us), and `oura-connect` is unpublished, so anyone could take it.
  io.notice(
    'With your own ring: install the `oura` command ' +
      '(`npm install -g git+https://github.com/<owner>/oura-connect.git#release`, ' +
      'or `npm install -g .` in this checkout), then run `oura setup`. ' +
      'To explore the emulator: `oura emulator` (see the README).',
  );
}
