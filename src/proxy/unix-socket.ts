/**
 * The proxy's Unix socket: owner-only from the moment it exists. The socket
 * file is created by bind() with the process umask, so the umask is narrowed
 * around listen() (bind happens synchronously inside it) rather than chmod-ing
 * afterwards, which would leave a window where others could connect.
 */
import { lstat, unlink } from 'node:fs/promises';
import { createConnection, type Server } from 'node:net';
import { OuraError, UsageError } from '../errors.js';

/** True when something accepts connections on the socket at `path`. */
function answers(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection(path);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Makes `path` free for a new socket: a stale socket is removed, anything else is refused. */
async function claimSocketPath(path: string): Promise<void> {
  const existing = await lstat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (!existing) return;
  if (!existing.isSocket()) {
    throw new UsageError(`--socket ${path} exists and is not a socket; choose another path.`);
  }
  if (await answers(path)) {
    throw new OuraError('SOCKET_IN_USE', `Another program is serving on the socket ${path}.`, {
      hint: 'Stop it, or choose another path with --socket.',
    });
  }
  await unlink(path);
}

/** Listens on a Unix socket that only this user can connect to (mode 0600). */
export async function listenOwnerOnly(server: Server, path: string): Promise<void> {
  if (process.platform === 'win32') {
    throw new UsageError('--socket needs Linux or macOS; use --port on Windows.');
  }
  await claimSocketPath(path);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    const previous = process.umask(0o177);
    try {
      server.listen(path, () => {
        server.off('error', reject);
        resolve();
      });
    } finally {
      process.umask(previous);
    }
  });
}
