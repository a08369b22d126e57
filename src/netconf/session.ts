/**
 * A NETCONF client session over any duplex byte stream: the hello exchange, framing negotiation, message-id
 * matching with any number of RPCs in flight, per-RPC timeouts and cancellation. It sends operation elements
 * built elsewhere (./requests.ts) and hands back parsed replies; it does not decide what an `rpc-error` means.
 */
import {
  CancelledError,
  ClosedError,
  InvalidArgumentError,
  NetconfProtocolError,
  SmartlicError,
  TimeoutError,
} from '../errors.js';
import { NetconfMessageChannel, type NetconfByteStream } from '../channel/netconf/message-channel.js';
import type { Framing } from '../channel/netconf/frame-decoder.js';
import { silentLogger, type Logger } from '../log.js';
import { describeCapabilities, type NetconfFeatures } from './capabilities.js';
import { buildHello, negotiateFraming, readHello } from './hello.js';
import { BASE_1_0, BASE_1_1, NETCONF_BASE_NS, NETCONF_NOTIFICATION_NS } from './namespaces.js';
import { isRpcReply, readRpcReply, type RpcReply } from './reply.js';
import { buildCloseSession, renderRpc } from './requests.js';
import { parseXml, type XmlNode } from './xml.js';

export interface NetconfSessionOptions {
  /** Device name for error messages and logs. */
  readonly host?: string;
  /** Capabilities to announce besides base:1.0 / base:1.1. */
  readonly capabilities?: readonly string[];
  /** Offer base:1.1 (chunked framing). Default true. */
  readonly offerBase11?: boolean;
  /** How long to wait for the server's hello. Default 30 s. */
  readonly helloTimeoutMs?: number;
  /** Default time to wait for each reply. Default 60 s. */
  readonly rpcTimeoutMs?: number;
  /** Bound on one message in either direction. Default 32 MiB. */
  readonly maxMessageBytes?: number;
  /** Chunk size for base:1.1 writes. */
  readonly chunkBytes?: number;
  readonly logger?: Logger;
  /** RFC 5277 notifications, if the server sends any. */
  readonly onNotification?: (notification: XmlNode) => void;
}

export interface RpcOptions {
  /** Overrides the session's `rpcTimeoutMs` for this RPC. */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

interface Pending {
  readonly operation: string;
  readonly resolve: (reply: RpcReply) => void;
  readonly reject: (error: Error) => void;
  readonly cleanup: () => void;
}

type Phase = 'open' | 'closing' | 'closed';

/** Stream failures (ECONNRESET …) become ClosedError; framing and protocol errors stay as they are. */
function asSmartlicError(error: Error, host: string | undefined): SmartlicError {
  return error instanceof SmartlicError ? error : new ClosedError(host, `NETCONF stream failed: ${error.message}`, error);
}

const DEFAULT_HELLO_TIMEOUT_MS = 30_000;
const DEFAULT_RPC_TIMEOUT_MS = 60_000;

function checkTimeout(what: string, ms: number): number {
  if (!Number.isFinite(ms) || ms <= 0 || ms > 2_147_483_647) throw new InvalidArgumentError(what, `${ms} is not a timeout in ms`);
  return ms;
}

export class NetconfSession {
  readonly sessionId: number;
  readonly serverCapabilities: readonly string[];
  readonly clientCapabilities: readonly string[];
  readonly features: NetconfFeatures;
  readonly host: string | undefined;

  readonly #channel: NetconfMessageChannel;
  readonly #logger: Logger;
  readonly #rpcTimeoutMs: number;
  readonly #onNotification: ((notification: XmlNode) => void) | undefined;
  readonly #pending = new Map<string, Pending>();
  #nextMessageId = 1;
  #phase: Phase = 'open';
  #closeReason: SmartlicError | null = null;
  /** Message-ids of requests that timed out or were cancelled and whose reply never came. */
  readonly #unanswered = new Set<string>();

  readonly #closed: Promise<void>;
  #resolveClosed!: () => void;

  /**
   * Opens a session: sends the client hello, waits for the server's, and switches to chunked framing when both
   * offer base:1.1.
   * @throws NetconfProtocolError (bad hello, no common base), TimeoutError, ClosedError, FramingError
   */
  static open(stream: NetconfByteStream, options: NetconfSessionOptions = {}): Promise<NetconfSession> {
    const host = options.host;
    const logger = (options.logger ?? silentLogger).child({ component: 'netconf', ...(host ? { host } : {}) });
    const helloTimeoutMs = checkTimeout('helloTimeoutMs', options.helloTimeoutMs ?? DEFAULT_HELLO_TIMEOUT_MS);
    checkTimeout('rpcTimeoutMs', options.rpcTimeoutMs ?? DEFAULT_RPC_TIMEOUT_MS);
    const clientCapabilities = [BASE_1_0, ...(options.offerBase11 === false ? [] : [BASE_1_1]), ...(options.capabilities ?? [])];

    return new Promise<NetconfSession>((resolve, reject) => {
      let phase: 'hello' | 'done' = 'hello';
      let session: NetconfSession | null = null;
      const fail = (error: Error): void => {
        if (phase !== 'hello') return;
        phase = 'done';
        clearTimeout(timer);
        channel.destroy();
        reject(error);
      };
      const channel = new NetconfMessageChannel(
        stream,
        {
          onMessage: (text) => {
            if (session !== null) {
              session.#receive(text);
              return;
            }
            if (phase !== 'hello') return;
            try {
              const root = parseXml(text, 'server <hello>');
              const hello = readHello(root, host);
              if (hello.sessionId === undefined) throw new NetconfProtocolError('server <hello> has no <session-id>', { host });
              const framing = negotiateFraming(clientCapabilities, hello.capabilities);
              if (framing === null) {
                throw new NetconfProtocolError(`no common NETCONF base version (server offers: ${hello.capabilities.filter((c) => c.includes(':base:')).join(', ') || 'none'})`, { host });
              }
              if (framing === 'chunked') channel.useChunked();
              phase = 'done';
              clearTimeout(timer);
              session = new NetconfSession(channel, hello.sessionId, hello.capabilities, clientCapabilities, options, logger);
              logger.debug({ sessionId: hello.sessionId, framing }, 'NETCONF session open');
              resolve(session);
            } catch (error) {
              fail(
                error instanceof NetconfProtocolError
                  ? error
                  : new NetconfProtocolError(`invalid server <hello>: ${error instanceof Error ? error.message : String(error)}`, { host, cause: error }),
              );
            }
          },
          onInvalidMessage: (reason) => {
            if (session !== null) session.#fatal(new NetconfProtocolError(`unreadable message from server: ${reason}`, { host }));
            else fail(new NetconfProtocolError(`unreadable server <hello>: ${reason}`, { host }));
          },
          onError: (error) => {
            if (session !== null) session.#fatal(error);
            else fail(asSmartlicError(error, host));
          },
          onClose: () => {
            if (session !== null) session.#onClose();
            else fail(new ClosedError(host, 'the server closed the NETCONF session before its <hello>'));
          },
        },
        {
          ...(options.maxMessageBytes === undefined ? {} : { maxMessageBytes: options.maxMessageBytes }),
          ...(options.chunkBytes === undefined ? {} : { chunkBytes: options.chunkBytes }),
          ...(host === undefined ? {} : { host }),
        },
      );
      const timer = setTimeout(() => fail(new TimeoutError('waiting for the NETCONF <hello>', helloTimeoutMs, { host })), helloTimeoutMs);
      try {
        channel.send(buildHello(clientCapabilities));
      } catch (error) {
        fail(error instanceof Error ? error : new ClosedError(host, String(error)));
      }
    });
  }

  private constructor(
    channel: NetconfMessageChannel,
    sessionId: number,
    serverCapabilities: readonly string[],
    clientCapabilities: readonly string[],
    options: NetconfSessionOptions,
    logger: Logger,
  ) {
    this.#channel = channel;
    this.sessionId = sessionId;
    this.serverCapabilities = serverCapabilities;
    this.clientCapabilities = clientCapabilities;
    this.features = describeCapabilities(serverCapabilities);
    this.host = options.host;
    this.#logger = logger;
    this.#rpcTimeoutMs = options.rpcTimeoutMs ?? DEFAULT_RPC_TIMEOUT_MS;
    this.#onNotification = options.onNotification;
    this.#closed = new Promise((resolve) => {
      this.#resolveClosed = resolve;
    });
  }

  get framing(): Framing {
    return this.#channel.framing;
  }

  get closed(): boolean {
    return this.#phase === 'closed';
  }

  /** Resolves once the session has ended, however it ended. */
  waitClosed(): Promise<void> {
    return this.#closed;
  }

  /** Number of RPCs sent and not answered yet. */
  get inFlight(): number {
    return this.#pending.size;
  }

  /**
   * Sends one RPC and resolves with its reply, `rpc-error`s included (this layer does not throw for them).
   * Several calls may be in flight at once; replies are matched by message-id.
   * @throws TimeoutError, CancelledError (signal), ClosedError / FramingError / NetconfProtocolError when the session ends
   */
  request(operation: XmlNode, options: RpcOptions = {}): Promise<RpcReply> {
    const name = operation.name;
    if (this.#phase !== 'open') {
      return Promise.reject(this.#closeReason ?? new ClosedError(this.host, `NETCONF session ${this.sessionId} is ${this.#phase}; cannot send <${name}>`));
    }
    const timeoutMs = checkTimeout('timeoutMs', options.timeoutMs ?? this.#rpcTimeoutMs);
    if (options.signal?.aborted) return Promise.reject(new CancelledError(`NETCONF <${name}>`, { host: this.host }));
    const messageId = String(this.#nextMessageId++);
    let text: string;
    try {
      text = renderRpc(messageId, operation);
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise<RpcReply>((resolve, reject) => {
      const onAbort = (): void => {
        if (this.#pending.delete(messageId)) {
          this.#unanswered.add(messageId);
          cleanup();
          reject(new CancelledError(`NETCONF <${name}> (message-id ${messageId})`, { host: this.host }));
        }
      };
      const timer = setTimeout(() => {
        if (this.#pending.delete(messageId)) {
          this.#unanswered.add(messageId);
          cleanup();
          this.#logger.warn({ messageId, operation: name, timeoutMs }, 'NETCONF reply timed out');
          reject(new TimeoutError(`NETCONF <${name}> (message-id ${messageId})`, timeoutMs, { host: this.host }));
        }
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
      };
      options.signal?.addEventListener('abort', onAbort, { once: true });
      this.#pending.set(messageId, { operation: name, resolve, reject, cleanup });
      try {
        this.#channel.send(text);
        this.#logger.debug({ messageId, operation: name }, 'NETCONF rpc sent');
      } catch (error) {
        this.#pending.delete(messageId);
        cleanup();
        reject(error);
      }
    });
  }

  /**
   * Ends the session politely: `<close-session>`, wait for its reply (at most `timeoutMs`), then close the
   * stream. Safe to call more than once; never throws.
   */
  async close(timeoutMs = 10_000): Promise<void> {
    if (this.#phase === 'open' && this.#unanswered.size > 0) {
      // A server answers in order: a <close-session> sent behind a request it never answered would wait with it.
      this.#logger.debug({ unanswered: this.#unanswered.size }, 'requests left unanswered; closing without <close-session>');
      this.destroy();
    }
    if (this.#phase === 'open') {
      try {
        const reply = await this.request(buildCloseSession(), { timeoutMs });
        if (reply.errors.length > 0) this.#logger.warn({ errors: reply.errors }, 'close-session refused');
      } catch (error) {
        this.#logger.debug({ error }, 'close-session failed; closing the stream');
      }
      if (this.#phase === 'open') {
        this.#phase = 'closing';
        this.#channel.end();
      }
    }
    await this.#closed;
  }

  /** Drops the session at once; RPCs in flight fail with ClosedError. */
  destroy(): void {
    if (this.#phase === 'closed') return;
    this.#closeReason ??= new ClosedError(this.host, `NETCONF session ${this.sessionId} was closed locally`);
    this.#channel.destroy();
  }

  #receive(text: string): void {
    let root: XmlNode;
    try {
      root = parseXml(text, 'message from server');
    } catch (error) {
      // An unreadable reply cannot be matched to its request, so no later reply can be trusted either.
      this.#fatal(new NetconfProtocolError(`unreadable message from server: ${error instanceof Error ? error.message : String(error)}`, {
        host: this.host,
        cause: error,
      }));
      return;
    }
    if (isRpcReply(root)) {
      this.#deliver(readRpcReply(root, this.host));
      return;
    }
    if (root.name === 'notification' && root.ns === NETCONF_NOTIFICATION_NS) {
      this.#onNotification?.(root);
      return;
    }
    this.#logger.warn({ element: `{${root.ns}}${root.name}` }, 'ignoring unexpected NETCONF message');
    if (root.name === 'hello' && root.ns === NETCONF_BASE_NS) {
      this.#fatal(new NetconfProtocolError('server sent a second <hello>', { host: this.host }));
    }
  }

  #deliver(reply: RpcReply): void {
    let id = reply.messageId;
    if (id === undefined) {
      // RFC 6241 §4.1: a server that cannot read the message-id answers without one; it answers in order, so the
      // reply belongs to the oldest request still waiting.
      id = this.#pending.keys().next().value;
    }
    const pending = id === undefined ? undefined : this.#pending.get(id);
    if (id !== undefined) this.#unanswered.delete(id);
    if (id === undefined || pending === undefined) {
      this.#logger.warn({ messageId: reply.messageId }, 'NETCONF reply for no pending request (timed out or cancelled)');
      return;
    }
    this.#pending.delete(id);
    pending.cleanup();
    this.#logger.debug({ messageId: id, operation: pending.operation, errors: reply.errors.length }, 'NETCONF reply');
    pending.resolve(reply);
  }

  #fatal(error: Error): void {
    if (this.#phase === 'closed') return;
    this.#closeReason ??= asSmartlicError(error, this.host);
    this.#logger.warn({ error }, 'NETCONF session failed');
    this.#channel.destroy();
  }

  #onClose(): void {
    if (this.#phase === 'closed') return;
    this.#phase = 'closed';
    const pending = [...this.#pending.entries()];
    this.#pending.clear();
    for (const [messageId, p] of pending) {
      p.cleanup();
      p.reject(
        this.#closeReason ??
          new ClosedError(this.host, `NETCONF session ${this.sessionId} ended while waiting for <${p.operation}> (message-id ${messageId})`),
      );
    }
    this.#logger.debug({ sessionId: this.sessionId }, 'NETCONF session closed');
    this.#resolveClosed();
  }
}
