/**
 * Says what a Ctrl-C (or SIGTERM) left behind before the process ends by that
 * signal, as it would have without this: the exit status stays the one shells
 * and service managers expect (130 for Ctrl-C).
 */
const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/** Until the returned function is called, a stop signal first runs `beforeExit` and prints `message`. */
export function noticeOnInterrupt(message: string, beforeExit: () => void = () => {}): () => void {
  const onSignal = (signal: NodeJS.Signals) => {
    stopListening();
    beforeExit();
    process.stderr.write(`oura: ${message}\n`);
    process.kill(process.pid, signal);
  };
  const stopListening = () => {
    for (const signal of SIGNALS) process.off(signal, onSignal);
  };
  for (const signal of SIGNALS) process.on(signal, onSignal);
  return stopListening;
}
