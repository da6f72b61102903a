/** The work of `oura report`: write the page, print its path on stdout, open it unless `--no-open`. */
import { pathToFileURL } from 'node:url';
import type { CommandRun } from '../command-run.js';
import { parseDay } from '../dates.js';
import { openInBrowser } from '../open-browser.js';

/** Flags of `oura report`, as commander parses them. */
export interface ReportFlags {
  start?: string;
  end?: string;
  out?: string;
  force?: boolean;
  open: boolean;
}

export async function runReport(run: CommandRun<ReportFlags>): Promise<void> {
  const { flags, io } = run;
  const { notice, out } = io;
  const start = flags.start === undefined ? undefined : parseDay(flags.start, '--start');
  const end = flags.end === undefined ? undefined : parseDay(flags.end, '--end');
  const { generateReport } = await import('../../report/generate.js');
  await using profile = await run.openProfile();
  const report = await generateReport({
    history: profile.history(),
    start,
    end,
    out: flags.out,
    force: flags.force,
  });
  for (const line of report.notes) notice(`oura: ${line}`);
  for (const line of report.omitted) notice(`oura: left out: ${line}`);
  out(`${report.path}\n`);
  if (!flags.open) return;
  try {
    await openInBrowser(pathToFileURL(report.path).href, io.env);
  } catch {
    notice('oura: could not open a browser here; open the file above yourself.');
  }
}
