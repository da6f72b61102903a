/**
 * `oura api PATH [-f KEY=VALUE]... [--paginate]`: an authenticated GET to
 * `$OURA_API_URL` + PATH that prints the JSON body, like `gh api`. The token is
 * attached here and never printed.
 */
import type { Command } from 'commander';

export interface ApiFlags {
  field?: string[];
  paginate?: boolean;
}

export async function runApi(path: string, flags: ApiFlags, command: Command): Promise<void> {
  const { UsageError } = await import('../../errors.js');
  const { checkPath } = await import('../../api/client.js');
  checkPath(path);
  const query = new URLSearchParams();
  for (const pair of flags.field ?? []) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new UsageError(`-f "${pair}" should be KEY=VALUE.`);
    query.append(pair.slice(0, at), pair.slice(at + 1));
  }
  const [{ resolveContext }, { openProfile }, { streamSink }, { slowAnswerNotice }] =
    await Promise.all([
      import('../context.js'),
      import('../../profile/open-profile.js'),
      import('../output/sink.js'),
      import('../output/slow-answer.js'),
    ]);
  await using profile = openProfile(resolveContext(command));
  const client = await profile.client({ onSlowAnswer: slowAnswerNotice() });
  const sink = streamSink(process.stdout);
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
