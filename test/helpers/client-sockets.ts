/**
 * The sockets this test process opened as a client, so that a fixture can
 * close its own side of the connections to a server it stopped.
 *
 * Why: Node's `fetch` keeps connections alive and reads a closed connection's
 * end only in a later turn of the event loop (later still on a loaded machine).
 * A request sent to a server restarted on the same port can go out on the old
 * server's socket, and a POST there fails with "other side closed" (it is not
 * retried). A real client reconnects after such an error; a test should not
 * depend on how soon its process notices. Seen in CI: serve-webhooks' first
 * `/mcp` call after a restart.
 */
import { subscribe } from 'node:diagnostics_channel';
import type { Socket } from 'node:net';

const open = new Set<Socket>();

// Published by net.connect for every plain TCP client socket, undici's for http: URLs
// included (tls.connect's are not: an https: fixture would need its own channel).
subscribe('net.client.socket', (message) => {
  const socket = (message as { socket: Socket }).socket;
  open.add(socket);
  socket.once('close', () => open.delete(socket));
});

/** Closes this process's connections to `port` and waits until each has closed. */
export async function closeClientSockets(port: number): Promise<void> {
  const toPort = [...open].filter((socket) => socket.remotePort === port);
  await Promise.all(
    toPort.map(
      (socket) =>
        new Promise<void>((resolve) => {
          socket.once('close', () => resolve());
          socket.destroy();
        }),
    ),
  );
}
