/**
 * Resolves at the first Ctrl-C or SIGTERM, for commands that serve until
 * stopped; a second signal then ends the process the default way.
 *
 * The listener is removed on the next turn, not while the signal is being
 * delivered: signal-exit (loaded with proper-lockfile when a lock is first
 * taken, which can be after this listener was added) re-raises a signal when
 * it finds itself the only listener, so removing ours at once would end the
 * process before it stops cleanly.
 */
export function untilStopped(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    let stopped = false;
    const stop = (signal: NodeJS.Signals) => {
      if (stopped) return;
      stopped = true;
      setImmediate(() => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
      });
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
