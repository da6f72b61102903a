/**
 * Says what a Ctrl-C (or SIGTERM) left behind before the process ends by that
 * signal, as it would have without this: the exit status stays the one shells
 * and service managers expect (130 for Ctrl-C).
 */
const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/** Until the returned function is called, a stop signal first runs `beforeExit` and `warn`s `message`. */
export function noticeOnInterrupt(
  message: string,
  warn: (message: string) => void,
  beforeExit: () => void = () => {},
): () => void {
  const onSignal = (signal: NodeJS.Signals) => {
    stopListening();
    beforeExit();
    warn(message);
    process.kill(process.pid, signal);
  };
  const stopListening = () => {
    for (const signal of SIGNALS) process.off(signal, onSignal);
  };
  for (const signal of SIGNALS) process.on(signal, onSignal);
  return stopListening;
}
