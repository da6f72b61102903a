/**
 * `oura api PATH [-f KEY=VALUE]... [--paginate]`: an authenticated GET to
 * `$OURA_API_URL` + PATH that prints the JSON body, like `gh api`. The token is
 * attached here and never printed.
 */
import type { CommandRun } from '../command-run.js';

export interface ApiFlags {
  /** The path after the API's base URL, e.g. /v2/usercollection/personal_info. */
  path: string;
  field?: string[];
  paginate?: boolean;
}

export async function runApi(run: CommandRun<ApiFlags>): Promise<void> {
  const { flags, io } = run;
  const { path } = flags;
  const { UsageError } = await import('../../errors.js');
  const { checkPath } = await import('../../api/client.js');
  checkPath(path);
  const query = new URLSearchParams();
  for (const pair of flags.field ?? []) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new UsageError(`-f "${pair}" should be KEY=VALUE.`);
    query.append(pair.slice(0, at), pair.slice(at + 1));
  }
  const [{ streamSink }, { slowAnswerNotice }] = await Promise.all([
    import('../output/sink.js'),
    import('../output/slow-answer.js'),
  ]);
  await using profile = await run.openProfile();
  const client = await profile.client({ onSlowAnswer: slowAnswerNotice(io.notice) });
  const sink = streamSink(io.stdout);
  if (!flags.paginate) {
    await sink.write(`${JSON.stringify(await client.request(path, query), null, 2)}\n`);
    return;
  }
  // Streamed: a long history is never held whole in memory.
  let count = 0;
  for await (const page of client.paginate(path, query)) {
    for (const item of page) {
      await sink.write(`${count++ === 0 ? '{"data": [\n' : ',\n'}  ${JSON.stringify(item)}`);
    }
  }
  await sink.write(count === 0 ? '{"data": []}\n' : '\n]}\n');
}
