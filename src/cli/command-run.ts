/**
 * What every action gets, as its one argument (gh's options + run): its parsed
 * flags, the invocation's streams, the profile it may open, and the clock.
 * Actions never reach for commander, `process.stdout` or `process.env`, so the
 * same code runs as the `oura` binary and in-process under a test.
 */
import type { Command } from 'commander';
import { now } from '../clock.js';
import type { Profile } from '../profile/open-profile.js';
import type { CliIo } from './cli-io.js';
import type { CliContext } from './context.js';

export interface CommandRun<Flags> {
  readonly flags: Flags;
  readonly io: CliIo;
  /** `--profile` and the environment, read on first use: commands without a profile never read them. */
  context(): Promise<CliContext>;
  /** The profile's engines (session, client, history), built lazily; close it when done. */
  openProfile(): Promise<Profile>;
  /** The clock behind every calendar decision (`OURA_NOW` pins it). */
  now(): Date;
}

export function commandRun<Flags>(command: Command, io: CliIo, flags: Flags): CommandRun<Flags> {
  let context: Promise<CliContext> | undefined;
  const run: CommandRun<Flags> = {
    flags,
    io,
    context() {
      context ??= import('./context.js').then(({ resolveContext }) => resolveContext(command, io));
      return context;
    },
    async openProfile() {
      const [{ openProfile }, options] = await Promise.all([
        import('../profile/open-profile.js'),
        run.context(),
      ]);
      return openProfile(options);
    },
    now,
  };
  return run;
}
