import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { onCleanup } from './processes.js';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

export interface RecordingServer {
  /** `http://127.0.0.1:PORT` */
  url: string;
  port: number;
  /** Every request that reached this server. */
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/**
 * A real HTTP server on 127.0.0.1 that records what reaches it: an upstream
 * whose every received header can be checked, or a bystander host that must
 * receive nothing. Answers `{"ok": true}` unless `answer` says otherwise.
 * Closed by `close()`, or else when the test (started in a test) or the file ends.
 */
export async function startRecordingServer(
  answer: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"ok":true}');
  },
): Promise<RecordingServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    answer(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  // A second close is harmless: its callback gets ERR_SERVER_NOT_RUNNING, which is ignored.
  const close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  onCleanup(close);
  return { url: `http://127.0.0.1:${port}`, port, requests, close };
}
