/**
 * A transport that knows when every request it received has been answered.
 * It wraps another transport through the SDK's public `Transport` interface
 * (the server sets our callbacks; we set the inner one's), so no SDK object
 * is patched.
 */
import type {
  Transport,
  TransportSendOptions,
} from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage, MessageExtraInfo } from '@modelcontextprotocol/sdk/types.js';

const isRequest = (message: JSONRPCMessage) => 'method' in message && 'id' in message;
const isResponse = (message: JSONRPCMessage) =>
  'id' in message && ('result' in message || 'error' in message);

export class DrainingTransport implements Transport {
  readonly #inner: Transport;
  #pending = 0;
  #idle: (() => void) | undefined;

  onclose?: (() => void) | undefined;
  onerror?: ((error: Error) => void) | undefined;
  onmessage?:
    | (<T extends JSONRPCMessage>(message: T, extra?: MessageExtraInfo) => void)
    | undefined;

  constructor(inner: Transport) {
    this.#inner = inner;
  }

  start(): Promise<void> {
    this.#inner.onclose = () => this.onclose?.();
    this.#inner.onerror = (error) => this.onerror?.(error);
    this.#inner.onmessage = (message, extra) => {
      if (isRequest(message)) this.#pending++;
      this.onmessage?.(message, extra);
    };
    return this.#inner.start();
  }

  async send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    await this.#inner.send(message, options);
    if (isResponse(message) && --this.#pending <= 0) this.#idle?.();
  }

  close(): Promise<void> {
    return this.#inner.close();
  }

  /** Resolves once no received request is waiting for its answer. */
  drained(): Promise<void> {
    return new Promise((resolve) => {
      if (this.#pending <= 0) resolve();
      else this.#idle = resolve;
    });
  }
}
