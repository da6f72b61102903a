/** The data API's error answers, in the shapes Oura sends them. */
import { problemBody } from '../http-util.js';

/** An answer, sent once the emulated latency has passed. */
export interface Reply {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

/** An error answer with a {@link problemBody}, the shape Oura's API answers errors with. */
export const problem = (
  status: number,
  title: string,
  detail: string,
  headers: Record<string, string> = {},
): Reply => ({ status, body: problemBody(status, title, detail), headers });

/** A refusal found while reading a request, thrown to the handler that answers it. */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`HTTP ${status}`);
  }
}

/** A 400 in the shape Oura sends for a query it refuses. */
export function badRequest(detail: string): HttpProblem {
  return new HttpProblem(400, { status: 400, title: 'Bad Request', detail });
}

/** A 422 in the shape of Oura's (FastAPI's) validation errors. */
export function validation(param: string, msg: string, type: string, input: string): HttpProblem {
  return new HttpProblem(422, { detail: [{ loc: ['query', param], msg, type, input }] });
}
