/**
 * Control routes for tests and demos of the local history against a running
 * emulator (in-process tests can call the same hooks on the `Emulator`
 * object): revise or delete a document, hold a day's documents back (data
 * that appears late) and release them.
 *
 * - `POST /_emulator/documents/{type}/{id}` with a JSON object: fields to change
 * - `DELETE /_emulator/documents/{type}/{id}`
 * - `POST|DELETE /_emulator/held/{type}/{day}`: hold back / release
 *
 * Each acts on the first account unless `?account=` names another, by
 * position (`1`) or by user id.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyTooLargeError } from '../net/bounded-server.js';
import { type Accounts, parseAccountRef } from './accounts.js';
import { readBody, sendJson, sendProblem } from './http-util.js';

const DOC_RE = /^\/_emulator\/documents\/([^/]+)\/([^/]+)$/;
const HELD_RE = /^\/_emulator\/held\/([^/]+)\/(\d{4}-\d{2}-\d{2})$/;

export function createControlHandler(accounts: Accounts) {
  async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    if (!url.pathname.startsWith('/_emulator/')) return false;
    const index = accounts.indexOf(parseAccountRef(url.searchParams.get('account')));
    if (index === undefined) {
      sendProblem(res, 404, 'Not Found', 'No such account: give its position or its user id.');
      return true;
    }
    const user = accounts.source(index);
    const doc = DOC_RE.exec(url.pathname);
    const held = HELD_RE.exec(url.pathname);
    if (doc) {
      const type = decodeURIComponent(doc[1] ?? '');
      const id = decodeURIComponent(doc[2] ?? '');
      const current = user.findDocument(type, id);
      if (!current) {
        sendProblem(res, 404, 'Not Found', `No ${type} document ${id}.`);
      } else if (req.method === 'DELETE') {
        user.changes.delete(id);
        res.writeHead(204).end();
      } else if (req.method === 'POST') {
        let patch: unknown;
        try {
          patch = JSON.parse(await readBody(req));
        } catch (error) {
          if (error instanceof BodyTooLargeError) throw error;
          patch = undefined;
        }
        if (!patch || typeof patch !== 'object' || Array.isArray(patch)) {
          sendProblem(res, 400, 'Bad Request', 'Send a JSON object of the fields to change.');
          return true;
        }
        const revised = { ...current, ...patch, id };
        user.changes.revise(revised);
        sendJson(res, 200, revised);
      } else sendProblem(res, 405, 'Method Not Allowed', 'Use POST or DELETE.');
      return true;
    }
    if (held && (req.method === 'POST' || req.method === 'DELETE')) {
      const [type, day] = [decodeURIComponent(held[1] ?? ''), held[2] ?? ''];
      if (req.method === 'POST') user.changes.hold(type, day);
      else user.changes.release(type, day);
      res.writeHead(204).end();
      return true;
    }
    sendProblem(res, 404, 'Not Found', `No control route ${url.pathname}.`);
    return true;
  }
  return { handle };
}
