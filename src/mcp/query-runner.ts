/**
 * Runs `oura_query` statements in a warm child process (see
 * `history/query-worker.ts`) with a time limit: past it the child is killed
 * with SIGKILL and the next query starts a fresh one, so a runaway query can
 * neither hang the server nor keep burning a core.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { OuraError, UsageError } from '../errors.js';
import type { BoundedResult, QueryBounds } from '../history/bounded-query.js';

export type QueryAnswer = BoundedResult;

interface Reply extends Partial<BoundedResult> {
  id: number;
  ok: boolean;
  usage?: boolean;
  message?: string;
}

const WORKER = fileURLToPath(new URL('../history/query-worker.js', import.meta.url));

export class QueryRunner {
  #child: ChildProcess | undefined;
  #next = 0;
  /** Requests waiting for an answer, with the child they were sent to. */
  readonly #pending = new Map<number, { child: ChildProcess; settle: (reply: Reply) => void }>();

  constructor(private readonly timeoutMs: number) {}

  #worker(): ChildProcess {
    if (this.#child && this.#child.exitCode === null && !this.#child.killed) return this.#child;
    // stdout ignored: in the MCP server, stdout carries the protocol.
    const child = fork(WORKER, [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    child.on('message', (reply: Reply) => {
      this.#pending.get(reply.id)?.settle(reply);
      this.#pending.delete(reply.id);
    });
    child.on('exit', () => {
      // Only this child's requests: a killed child's exit can come after its successor started.
      for (const [id, waiting] of this.#pending) {
        if (waiting.child !== child) continue;
        this.#pending.delete(id);
        waiting.settle({ id, ok: false, message: 'the query process stopped unexpectedly.' });
      }
    });
    // Never keep the server alive just for an idle worker.
    child.unref();
    child.channel?.unref();
    this.#child = child;
    return child;
  }

  /** One read-only statement on the file at `path`, its answer within `bounds`. */
  async run(path: string, sql: string, bounds: QueryBounds): Promise<QueryAnswer> {
    const child = this.#worker();
    const id = this.#next++;
    const reply = await new Promise<Reply>((resolve) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        child.kill('SIGKILL');
        resolve({
          id,
          ok: false,
          message: `the query ran longer than ${this.timeoutMs / 1000} s and was stopped. Narrow it (a WHERE on day, a LIMIT) and try again.`,
        });
      }, this.timeoutMs);
      this.#pending.set(id, {
        child,
        settle: (answer) => {
          clearTimeout(timer);
          resolve(answer);
        },
      });
      child.send({ id, path, sql, ...bounds });
    });
    if (!reply.ok) {
      const message = reply.message ?? 'the query failed.';
      throw reply.usage ? new UsageError(message) : new OuraError('QUERY', message);
    }
    return {
      columns: reply.columns ?? [],
      rows: reply.rows ?? [],
      cut: reply.cut,
      cutValues: reply.cutValues ?? 0,
    };
  }

  close(): void {
    this.#child?.kill('SIGKILL');
  }
}
