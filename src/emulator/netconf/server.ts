/**
 * One server-side NETCONF session over any duplex byte stream (the emulator's ssh2 `netconf` subsystem channel,
 * or an in-memory pair): sends the hello with end-of-message framing, reads the client's, switches to chunked
 * framing when both offer base:1.1, then answers RPCs strictly in order. Datastores, locks and commits live in the
 * shared `NetconfDevice`.
 */
import { InvalidArgumentError, NetconfRpcError, type RpcErrorInfo } from '../../errors.js';
import { NetconfMessageChannel, type NetconfByteStream } from '../../channel/netconf/message-channel.js';
import type { Framing } from '../../channel/netconf/frame-decoder.js';
import { type Logger } from '../../log.js';
import { redactText } from '../../secret.js';
import { buildHello, negotiateFraming, readHello } from '../../netconf/hello.js';
import { NETCONF_BASE_NS } from '../../netconf/namespaces.js';
import { renderRpcError } from '../../netconf/rpc-error.js';
import { getAttribute, parseXml, renderXml, xmlElement, type XmlAttribute, type XmlNode } from '../../netconf/xml.js';
import type { RequestFault } from '../device/faults.js';
import { EXTERNAL_LOCK_HOLDER, type NetconfDevice } from './device.js';
import { runOperation, type OperationResult } from './operations.js';
import { rpcErrorInfo } from './rpc-failure.js';

export interface ServeNetconfOptions {
  readonly device: NetconfDevice;
  /** Default: the device allocates the next free one. */
  readonly sessionId?: number;
  /** Close the session when no client hello arrives within this time. Default 60 s. */
  readonly helloTimeoutMs?: number;
  /** Bound on one message. Default 16 MiB. */
  readonly maxMessageBytes?: number;
  readonly chunkBytes?: number;
  /** Who is on the other end, for logs (e.g. the SSH user). */
  readonly peer?: string;
  /** The authenticated user, passed to the datastores with each change this session makes. */
  readonly user?: string;
  readonly logger?: Logger;
  /** The device's request faults (faults.ts): a reply dropped, cut short or stalled. */
  readonly faults?: NetconfRequestFaults;
}

export interface NetconfRequestFaults {
  /** What to do with the answer to the next `<rpc>`. */
  next(): RequestFault;
  /** Drops the connection at once (TCP). */
  drop(): void;
}

export interface NetconfServerSession {
  readonly sessionId: number;
  readonly framing: Framing;
  /** Resolves once the session has ended and the device has released its locks. */
  readonly closed: Promise<void>;
  /** Ends the session at once. */
  terminate(reason: string): void;
}

const DEFAULT_HELLO_TIMEOUT_MS = 60_000;
const DEFAULT_MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
/** Queued requests at which reading pauses, and at which it resumes. */
const QUEUE_HIGH = 32;
const QUEUE_LOW = 8;
/** For streams that cannot pause: a client this far ahead of the replies is cut off. */
const QUEUE_HARD_LIMIT = 1024;

/** Serves one NETCONF session on `stream` until the client closes it, it is killed, or the stream ends. */
export function serveNetconf(stream: NetconfByteStream, options: ServeNetconfOptions): NetconfServerSession {
  return new ServerSession(stream, options);
}

class ServerSession implements NetconfServerSession {
  readonly sessionId: number;
  readonly user: string | undefined;
  readonly closed: Promise<void>;
  readonly #device: NetconfDevice;
  readonly #channel: NetconfMessageChannel;
  readonly #logger: Logger;
  readonly #helloTimer: ReturnType<typeof setTimeout>;
  #phase: 'hello' | 'open' | 'closing' | 'closed' = 'hello';
  #clientBase11 = false;
  #queue: string[] = [];
  #busy = false;
  #paused = false;
  #resolveClosed!: () => void;
  readonly #faults: NetconfRequestFaults | undefined;
  /** The fault that fired on the request being answered. */
  #fault: Exclude<RequestFault, { kind: 'answer' }> | undefined;
  /** Resolves when a stalled reply has been written (or the session ended). */
  #stalled: Promise<void> | undefined;
  #releaseStall: (() => void) | undefined;

  constructor(stream: NetconfByteStream, options: ServeNetconfOptions) {
    this.#device = options.device;
    const sessionId = options.sessionId ?? this.#device.allocateSessionId();
    if (!Number.isInteger(sessionId) || sessionId <= EXTERNAL_LOCK_HOLDER || sessionId > 4294967295) {
      throw new InvalidArgumentError('session-id', `${sessionId} is not a positive 32-bit integer`);
    }
    this.sessionId = sessionId;
    this.user = options.user;
    this.#faults = options.faults;
    this.#logger = (options.logger ?? this.#device.logger).child({ sessionId, ...(options.peer ? { peer: options.peer } : {}) });
    this.closed = new Promise((resolve) => {
      this.#resolveClosed = resolve;
    });
    this.#device.attachSession(this);
    this.#channel = new NetconfMessageChannel(
      stream,
      {
        onMessage: (text) => this.#onMessage(text),
        onInvalidMessage: (reason) => {
          if (this.#phase === 'hello') this.terminate(`unreadable client hello: ${reason}`);
          else this.#enqueue(null, reason);
        },
        onError: (error) => this.#logger.warn({ error }, 'NETCONF session failed'),
        onClose: () => this.#onClose(),
      },
      {
        maxMessageBytes: options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES,
        ...(options.chunkBytes === undefined ? {} : { chunkBytes: options.chunkBytes }),
      },
    );
    const helloTimeoutMs = options.helloTimeoutMs ?? DEFAULT_HELLO_TIMEOUT_MS;
    this.#helloTimer = setTimeout(() => this.terminate(`no client hello within ${helloTimeoutMs} ms`), helloTimeoutMs);
    this.#helloTimer.unref?.();
    try {
      this.#channel.send(buildHello(this.#device.capabilities, sessionId));
    } catch (error) {
      this.terminate(`cannot send hello: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  get framing(): Framing {
    return this.#channel.framing;
  }

  terminate(reason: string): void {
    if (this.#phase === 'closed') return;
    this.#logger.info({ reason }, 'NETCONF session terminated');
    this.#phase = 'closing';
    this.#queue = [];
    this.#channel.destroy();
  }

  #onMessage(text: string): void {
    if (this.#phase === 'hello') {
      this.#onHello(text);
      return;
    }
    if (this.#phase === 'open') this.#enqueue(text);
  }

  #onHello(text: string): void {
    clearTimeout(this.#helloTimer);
    try {
      const hello = readHello(parseXml(text, 'client <hello>'));
      if (hello.sessionId !== undefined) {
        this.terminate('client hello carries a session-id (RFC 6241 §8.1)');
        return;
      }
      const framing = negotiateFraming(this.#device.capabilities, hello.capabilities);
      if (framing === null) {
        this.terminate('no common NETCONF base version with the client');
        return;
      }
      this.#clientBase11 = framing === 'chunked';
      if (framing === 'chunked') this.#channel.useChunked();
      this.#phase = 'open';
      this.#logger.debug({ framing }, 'NETCONF session open');
    } catch (error) {
      this.terminate(`invalid client hello: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** `text` null: a message that could not be decoded (reason given). */
  #enqueue(text: string | null, invalidReason?: string): void {
    this.#queue.push(text ?? `\u0000${invalidReason ?? 'unreadable message'}`);
    if (this.#queue.length >= QUEUE_HIGH && !this.#paused) {
      if (this.#channel.canPause) {
        this.#paused = true;
        this.#channel.pause();
      } else if (this.#queue.length > QUEUE_HARD_LIMIT) {
        this.terminate(`client is more than ${QUEUE_HARD_LIMIT} requests ahead of the replies`);
        return;
      }
    }
    void this.#drain();
  }

  async #drain(): Promise<void> {
    if (this.#busy) return;
    this.#busy = true;
    try {
      while (this.#queue.length > 0 && this.#phase === 'open') {
        const text = this.#queue.shift() as string;
        if (text.startsWith('\u0000')) this.#sendMalformed(text.slice(1));
        else await this.#handle(text);
        if (this.#paused && this.#queue.length <= QUEUE_LOW) {
          this.#paused = false;
          this.#channel.resume();
        }
      }
    } finally {
      this.#busy = false;
    }
  }

  #sendMalformed(reason: string): void {
    // malformed-message is new in base:1.1 and must not be sent to base:1.0 clients (RFC 6241 Appendix A)
    this.#reply([], [rpcErrorInfo(this.#clientBase11 ? 'malformed-message' : 'operation-failed', `malformed message: ${reason}`, { type: 'rpc' })]);
  }

  async #handle(text: string): Promise<void> {
    let root: XmlNode;
    try {
      root = parseXml(text, 'rpc');
    } catch (error) {
      this.#sendMalformed(error instanceof Error ? error.message : String(error));
      return;
    }
    if (root.ns === NETCONF_BASE_NS && root.name === 'hello') {
      this.terminate('client sent a second hello');
      return;
    }
    if (root.ns !== NETCONF_BASE_NS || root.name !== 'rpc') {
      const tag = root.ns !== NETCONF_BASE_NS ? 'unknown-namespace' : 'unknown-element';
      this.#reply([], [rpcErrorInfo(tag, `expected <rpc>, got {${root.ns}}${root.name}`, {
        type: 'rpc',
        info: { 'bad-element': root.name, ...(tag === 'unknown-namespace' ? { 'bad-namespace': root.ns } : {}) },
      })]);
      return;
    }
    const messageId = getAttribute(root, 'message-id');
    if (messageId === undefined) {
      this.#reply(root.attributes, [rpcErrorInfo('missing-attribute', '<rpc> has no message-id', {
        type: 'rpc',
        info: { 'bad-attribute': 'message-id', 'bad-element': 'rpc' },
      })], root.prefixes);
      return;
    }
    const fault = this.#faults?.next();
    if (fault?.kind === 'drop' && !fault.midOutput) {
      this.#logger.info({ messageId }, 'fault: connection dropped before the rpc');
      this.#faults?.drop();
      return;
    }
    this.#fault = fault === undefined || fault.kind === 'answer' ? undefined : fault;
    const [op, extra] = root.children;
    let result: OperationResult | undefined;
    let errors: readonly RpcErrorInfo[] = [];
    let closeAfter = false;
    if (op === undefined) {
      errors = [rpcErrorInfo('missing-element', '<rpc> holds no operation', { type: 'rpc', info: { 'bad-element': 'rpc' } })];
    } else if (extra !== undefined) {
      errors = [rpcErrorInfo('unknown-element', `<rpc> holds more than one operation (<${op.name}>, <${extra.name}>)`, {
        type: 'rpc',
        info: { 'bad-element': extra.name },
      })];
    } else {
      this.#logger.debug({ messageId, operation: op.name }, 'NETCONF rpc');
      try {
        result = await runOperation(op, {
          device: this.#device,
          sessionId: this.sessionId,
          messageId,
          prefixes: { ...root.prefixes, ...op.prefixes },
          requestClose: () => {
            closeAfter = true;
          },
        });
      } catch (error) {
        if (error instanceof NetconfRpcError) {
          errors = error.errors;
        } else {
          this.#logger.error({ error, operation: op.name }, 'NETCONF operation failed unexpectedly');
          errors = [rpcErrorInfo('operation-failed', redactText(error instanceof Error ? error.message : String(error)), { type: 'application' })];
        }
      }
    }
    if (this.#phase !== 'open') return; // killed while the operation ran
    const body: XmlNode[] = [];
    if (errors.length === 0 && result !== undefined) {
      if (result.kind === 'ok') body.push(xmlElement('ok', NETCONF_BASE_NS));
      else if (result.kind === 'data') body.push(xmlElement('data', NETCONF_BASE_NS, [...result.nodes]));
      else body.push(...result.nodes);
    }
    this.#reply(root.attributes, errors, root.prefixes, body);
    if (this.#stalled !== undefined) await this.#stalled;
    if (closeAfter) {
      this.#phase = 'closing';
      this.#channel.end();
    }
  }

  #reply(
    attributes: readonly XmlAttribute[],
    errors: readonly RpcErrorInfo[],
    prefixes: Readonly<Record<string, string>> = {},
    body: readonly XmlNode[] = [],
  ): void {
    const reply = xmlElement('rpc-reply', NETCONF_BASE_NS, {
      attributes,
      prefixes,
      children: [...errors.map(renderRpcError), ...body],
    });
    let text: string;
    try {
      text = renderXml(reply, { declaration: true });
    } catch (error) {
      this.#logger.error({ error }, 'cannot render NETCONF reply');
      text = renderXml(
        xmlElement('rpc-reply', NETCONF_BASE_NS, {
          attributes,
          prefixes,
          children: [renderRpcError(rpcErrorInfo('operation-failed', 'the reply could not be encoded', { type: 'application' }))],
        }),
        { declaration: true },
      );
    }
    const fault = this.#fault;
    this.#fault = undefined;
    try {
      if (fault === undefined) this.#channel.send(text);
      else this.#sendFaulty(text, fault);
    } catch (error) {
      this.#logger.debug({ error }, 'reply not sent: session closed');
    }
  }

  /** Writes the first half of the framed reply, then drops the connection or stalls before the rest. */
  #sendFaulty(text: string, fault: Exclude<RequestFault, { kind: 'answer' }>): void {
    const bytes = this.#channel.frame(text);
    const at = Math.max(1, Math.floor(bytes.length / 2));
    this.#channel.writeFramed(bytes.subarray(0, at));
    if (fault.kind === 'drop') {
      this.#logger.info('fault: connection dropped in the middle of a reply');
      this.#faults?.drop();
      return;
    }
    this.#logger.info({ ms: fault.ms }, 'fault: reply stalled');
    this.#stalled = new Promise<void>((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const release = (): void => {
        if (timer !== undefined) clearTimeout(timer);
        this.#releaseStall = undefined;
        this.#stalled = undefined;
        resolve();
      };
      this.#releaseStall = release;
      if (fault.ms !== null) {
        timer = setTimeout(() => {
          release();
          if (this.#phase !== 'closed' && !this.#channel.closed) this.#channel.writeFramed(bytes.subarray(at));
        }, fault.ms);
      }
    });
  }

  #onClose(): void {
    if (this.#phase === 'closed') return;
    this.#phase = 'closed';
    this.#releaseStall?.();
    clearTimeout(this.#helloTimer);
    this.#queue = [];
    this.#device
      .detachSession(this.sessionId)
      .catch((error: unknown) => this.#logger.error({ error }, 'releasing the session failed'))
      .finally(() => this.#resolveClosed());
  }
}
