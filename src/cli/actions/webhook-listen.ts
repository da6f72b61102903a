/**
 * `oura webhook listen`: the receiver, the worker that applies queued events
 * to the history, and the renewal of the subscriptions, until stopped. Events
 * left in the queue by an earlier run (killed after acknowledging) are applied
 * as soon as it starts.
 */
import { SECRET_NAMES } from '../../auth/account.js';
import { OuraError } from '../../errors.js';
import { untilStopped } from '../../until-stopped.js';
import type { CommandRun } from '../command-run.js';
import type { ListenFlags } from './webhook-flags.js';

export async function runListen(run: CommandRun<ListenFlags>): Promise<void> {
  const { flags, io } = run;
  const { notice } = io;
  const log = (line: string) => io.stderr.write(`${new Date().toISOString()} ${line}\n`);
  const path = flags.path.startsWith('/') ? flags.path : `/${flags.path}`;
  const [{ startReceiver }, { startWorker }, { startRenewal }] = await Promise.all([
    import('../../webhook/receiver.js'),
    import('../../webhook/worker.js'),
    import('../../webhook/renewal.js'),
  ]);
  await using profile = await run.openProfile();
  const account = await profile.account();
  const { clientSecret } = await account.client();
  // Built before the worker starts: it applies queued events at once, and the count said below must come first.
  const subscriptions = await profile.subscriptions();
  const verificationToken = () => account.store.get(SECRET_NAMES.webhookToken);
  if (!(await verificationToken())) {
    notice(
      'oura: no subscription was made from this profile yet: run `oura webhook subscribe --url PUBLIC_URL` while this runs.',
    );
  }
  const client = await profile.client({
    userAgent: 'oura-connect-webhook',
    // Few quick retries per fetch: the worker's durable backoff takes over after them.
    retry: { attempts: 2, maxDelayMs: 1000 },
  });
  let userId: string | undefined;
  try {
    userId = (await client.personalInfo()).id;
  } catch (error) {
    if (error instanceof OuraError && error.exitCode === 4) throw error;
    notice(
      `oura: could not read your user id (${error instanceof Error ? error.message : String(error)}); events are not checked against it.`,
    );
  }

  // While an `oura sync` commits a window, wait briefly rather than the default 10 s:
  // better-sqlite3 waits synchronously, and Oura wants an answer within 10 s (a 503 makes it retry).
  const store = await profile.history().openWebhookStore({
    busyTimeoutMs: 2000,
  });
  const worker = startWorker({ store, fetchDocument: (type, id) => client.get(type, id), log });
  let renewal: { soon(): void; stop(): void } | undefined;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  try {
    receiver = await startReceiver({
      host: flags.host,
      port: flags.port,
      path,
      clientSecret,
      verificationToken,
      userId,
      store,
      onQueued: () => worker.wake(),
      // A subscription is being made: look at the list again once it exists.
      onVerified: () => renewal?.soon(),
      log,
    });
  } catch (error) {
    await worker.stop();
    await store.close();
    const code = (error as { code?: string }).code;
    if (code === 'EADDRINUSE' || code === 'EADDRNOTAVAIL' || code === 'EACCES') {
      throw new OuraError(
        'PORT_UNAVAILABLE',
        `cannot listen on ${flags.host}:${flags.port} (${code}).`,
        {
          cause: error,
          hint: 'Pick another --port (and point your tunnel at it), or stop what holds this one.',
        },
      );
    }
    throw error;
  }
  // From here on a failure (a damaged page read by pendingCount, say) must stop the
  // receiver, the worker and the store's writer thread too, or the process never exits.
  try {
    renewal = startRenewal({
      client: subscriptions,
      log,
    });
    const pending = store.pendingCount();
    notice(
      `oura: listening on ${receiver.url}${pending ? ` (${pending} event${pending === 1 ? '' : 's'} queued before the last stop: applying now)` : ''}; Ctrl-C to stop.`,
    );
    await untilStopped();
  } finally {
    renewal?.stop();
    await receiver.close();
    await worker.stop();
    await store.close();
  }
  notice('oura: stopped; queued events (if any) are applied on the next start.');
}
