/**
 * The SSH transport: one authenticated ssh2 connection to one device, which opens byte streams (an interactive
 * shell for the CLI, a subsystem for NETCONF). It verifies the host key before sending any credential, maps every
 * failure to a typed error naming the host, and never puts a secret into a message or a log line.
 */
import { userInfo } from 'node:os';
import ssh2 from 'ssh2';
import type { ClientChannel, ConnectConfig, ServerHostKeyAlgorithm } from 'ssh2';
import {
  CancelledError,
  ClosedError,
  ConnectError,
  InvalidArgumentError,
  TimeoutError,
  isSmartlicError,
  type SmartlicError,
} from '../errors.js';
import type { HostKeyPolicy } from '../inventory/types.js';
import { silentLogger, type Logger } from '../log.js';
import { toSecret, type Secret } from '../secret.js';
import { AuthPlan, type AuthMethodName } from './auth.js';
import type { ByteStream } from './byte-stream.js';
import { hostKeyAlgorithmsFor, validateHostKeyOptions, verifyHostKey, type VerifiedHostKey } from './host-keys.js';
import { SshChannelStream } from './ssh-channel-stream.js';
import { classifySshError, type SshErrorContext } from './ssh-errors.js';

export interface SshConnectOptions {
  readonly host: string;
  /** Default 22. */
  readonly port?: number;
  /** Default: the local user name (as OpenSSH does). */
  readonly username?: string;
  readonly password?: Secret | string;
  /** Private key text (OpenSSH/PEM/PPK). */
  readonly privateKey?: Secret | string;
  readonly passphrase?: Secret | string;
  /** ssh-agent socket path, or `true` for `$SSH_AUTH_SOCK`. */
  readonly agent?: string | boolean;
  /** Pinned host key fingerprint `SHA256:<base64>`. */
  readonly hostKey?: string;
  /** Default `strict`. */
  readonly hostKeyPolicy?: HostKeyPolicy;
  /** known_hosts file; default `~/.ssh/known_hosts`. */
  readonly knownHosts?: string;
  /** `accept-new` records hashed host names. Default false. */
  readonly hashKnownHosts?: boolean;
  /** TCP connect + SSH handshake + authentication, in ms. Default 20000. */
  readonly connectTimeoutMs?: number;
  /** Close the connection after this many ms without a byte in either direction; 0 (default) never. */
  readonly idleTimeoutMs?: number;
  /** SSH keepalive interval in ms; 0 disables. Default 15000. */
  readonly keepaliveIntervalMs?: number;
  /** Unanswered keepalives before the connection is declared dead. Default 3. */
  readonly keepaliveCountMax?: number;
  readonly logger?: Logger;
  /** Aborting cancels a connection attempt in progress (E_CANCELLED). */
  readonly signal?: AbortSignal;
}

export interface ShellOptions {
  /** Default 511 (wide enough that IOS never wraps a command echo). */
  readonly cols?: number;
  /** Default 24. */
  readonly rows?: number;
  /** Default `vt100`. */
  readonly term?: string;
}

const DEFAULTS = {
  port: 22,
  connectTimeoutMs: 20_000,
  keepaliveIntervalMs: 15_000,
  keepaliveCountMax: 3,
} as const;

function positiveInt(name: string, value: number | undefined, fallback: number, host: string, allowZero = false): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 0 || (!allowZero && value === 0)) {
    throw new InvalidArgumentError(name, `must be a ${allowZero ? 'non-negative' : 'positive'} integer, got ${String(value)}`, { host });
  }
  return value;
}

function resolveAgent(agent: string | boolean | undefined, host: string): string | undefined {
  if (agent === undefined || agent === false) return undefined;
  if (agent === true) {
    const sock = process.env['SSH_AUTH_SOCK'];
    if (!sock) throw new InvalidArgumentError('agent', 'agent: true but SSH_AUTH_SOCK is not set', { host });
    return sock;
  }
  if (agent.length === 0) throw new InvalidArgumentError('agent', 'empty agent socket path', { host });
  return agent;
}

/** An open, authenticated SSH connection. */
export class SshConnection {
  readonly host: string;
  readonly port: number;
  readonly username: string;
  readonly hostKey: VerifiedHostKey;
  readonly authMethod: AuthMethodName;
  readonly #client: ssh2.Client;
  readonly #logger: Logger;
  readonly #channelTimeoutMs: number;
  #error: SmartlicError | undefined;
  #closed = false;
  readonly #closedPromise: Promise<void>;
  #idleTimer: NodeJS.Timeout | undefined;
  readonly #streams = new Set<SshChannelStream>();

  /** @internal Built by `connectSsh`. */
  constructor(init: {
    client: ssh2.Client;
    host: string;
    port: number;
    username: string;
    hostKey: VerifiedHostKey;
    authMethod: AuthMethodName;
    logger: Logger;
    channelTimeoutMs: number;
    idleTimeoutMs: number;
    errorContext: SshErrorContext;
  }) {
    this.host = init.host;
    this.port = init.port;
    this.username = init.username;
    this.hostKey = init.hostKey;
    this.authMethod = init.authMethod;
    this.#client = init.client;
    this.#logger = init.logger;
    this.#channelTimeoutMs = init.channelTimeoutMs;
    const client = init.client;
    client.on('error', (error: Error & { level?: string }) => {
      if (error.level === 'agent') return;
      this.#error ??= classifySshError(error, init.errorContext);
      this.#logger.debug({ host: this.host, err: this.#error }, 'ssh connection error');
    });
    this.#closedPromise = new Promise<void>((resolve) => {
      client.once('close', () => {
        this.#closed = true;
        if (this.#idleTimer) clearTimeout(this.#idleTimer);
        this.#logger.debug({ host: this.host }, 'ssh connection closed');
        resolve();
      });
    });
    if (init.idleTimeoutMs > 0) {
      this.#idleTimer = setTimeout(() => {
        this.#error ??= new TimeoutError('SSH connection idle', init.idleTimeoutMs, { host: this.host });
        this.#logger.info({ host: this.host, idleTimeoutMs: init.idleTimeoutMs }, 'closing idle ssh connection');
        client.end();
      }, init.idleTimeoutMs);
      this.#idleTimer.unref();
    }
  }

  get isOpen(): boolean {
    return !this.#closed;
  }

  /** Resolves once the connection has closed (for whatever reason). */
  get closed(): Promise<void> {
    return this.#closedPromise;
  }

  /** The error that ended the connection, if one did. */
  get error(): SmartlicError | undefined {
    return this.#error;
  }

  /** An interactive shell on a pseudo-terminal, the way CLI clients open one. */
  openShell(options: ShellOptions = {}): Promise<ByteStream> {
    const window = { cols: options.cols ?? 511, rows: options.rows ?? 24, term: options.term ?? 'vt100', width: 0, height: 0 };
    return this.#openChannel('shell', true, (cb) => this.#client.shell(window, cb));
  }

  /** A subsystem channel without a terminal (`netconf`). */
  openSubsystem(name: string): Promise<ByteStream> {
    if (!/^[\w.@-]{1,64}$/.test(name)) throw new InvalidArgumentError('subsystem', `invalid subsystem name ${JSON.stringify(name)}`, { host: this.host });
    return this.#openChannel(`subsystem:${name}`, false, (cb) => this.#client.subsys(name, cb));
  }

  /** Closes the connection and every stream on it (their end is reported as local). */
  async close(): Promise<void> {
    if (this.#closed) return;
    for (const stream of this.#streams) stream.markClosing();
    this.#client.end();
    const timer = setTimeout(() => this.#client.destroy(), 2_000);
    timer.unref();
    await this.#closedPromise;
    clearTimeout(timer);
  }

  #touch = (): void => {
    this.#idleTimer?.refresh();
  };

  #openChannel(
    label: string,
    mergeStderr: boolean,
    open: (cb: (err: Error | undefined, channel: ClientChannel) => void) => void,
  ): Promise<ByteStream> {
    if (this.#closed) {
      return Promise.reject(this.#error ?? new ClosedError(this.host, `cannot open ${label}: the connection is closed`));
    }
    return new Promise<ByteStream>((resolve, reject) => {
      let settled = false;
      const timer = setTimeout(() => {
        if (settled) return;
        settled = true;
        reject(new TimeoutError(`opening ${label}`, this.#channelTimeoutMs, { host: this.host }));
      }, this.#channelTimeoutMs);
      this.#touch();
      open((err, channel) => {
        clearTimeout(timer);
        if (settled) {
          channel?.close();
          return;
        }
        settled = true;
        if (err) {
          reject(
            this.#closed || /No response from server/.test(err.message)
              ? (this.#error ?? new ClosedError(this.host, `connection closed while opening ${label}`, err))
              : new ConnectError(this.host, this.port, `the device refused to open ${label}: ${err.message}`, err),
          );
          return;
        }
        this.#logger.debug({ host: this.host, stream: label }, 'ssh channel open');
        const stream = new SshChannelStream(channel, {
            host: this.host,
            label,
            logger: this.#logger,
            mergeStderr,
            onActivity: this.#touch,
          connectionError: () => this.#error ?? (this.#closed ? new ClosedError(this.host, 'the connection closed') : undefined),
        });
        this.#streams.add(stream);
        stream.onEnd(() => this.#streams.delete(stream));
        resolve(stream);
      });
    });
  }
}

/** Connects, verifies the host key (before any credential is sent) and authenticates. */
export async function connectSsh(options: SshConnectOptions): Promise<SshConnection> {
  const host = options.host;
  if (typeof host !== 'string' || host.length === 0 || /[\s/]/.test(host)) {
    throw new InvalidArgumentError('host', `invalid host ${JSON.stringify(host)}`);
  }
  const port = options.port ?? DEFAULTS.port;
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new InvalidArgumentError('port', `must be 1-65535, got ${String(port)}`, { host });
  }
  const username = options.username ?? userInfo().username;
  const connectTimeoutMs = positiveInt('connectTimeoutMs', options.connectTimeoutMs, DEFAULTS.connectTimeoutMs, host);
  const idleTimeoutMs = positiveInt('idleTimeoutMs', options.idleTimeoutMs, 0, host, true);
  const keepaliveIntervalMs = positiveInt('keepaliveIntervalMs', options.keepaliveIntervalMs, DEFAULTS.keepaliveIntervalMs, host, true);
  const keepaliveCountMax = positiveInt('keepaliveCountMax', options.keepaliveCountMax, DEFAULTS.keepaliveCountMax, host);
  const logger = (options.logger ?? silentLogger).child({ host, port });
  const hostKeyOptions = {
    policy: options.hostKeyPolicy ?? 'strict',
    ...(options.hostKey === undefined ? {} : { fingerprint: options.hostKey }),
    ...(options.knownHosts === undefined ? {} : { knownHostsFile: options.knownHosts }),
    ...(options.hashKnownHosts === undefined ? {} : { hashKnownHosts: options.hashKnownHosts }),
  } as const;
  validateHostKeyOptions(host, hostKeyOptions);
  const agent = resolveAgent(options.agent, host);
  const plan = new AuthPlan(host, {
    username,
    ...(options.password === undefined ? {} : { password: toSecret(options.password) }),
    ...(options.privateKey === undefined ? {} : { privateKey: toSecret(options.privateKey) }),
    ...(options.passphrase === undefined ? {} : { passphrase: toSecret(options.passphrase) }),
    ...(agent === undefined ? {} : { agent }),
  });
  const serverHostKey = await hostKeyAlgorithmsFor(host, port, hostKeyOptions);
  if (options.signal?.aborted) throw new CancelledError(`SSH connect to ${host}:${port}`, { host });

  const client = new ssh2.Client();
  let phase: SshErrorContext['phase'] = 'connecting';
  const context = (): SshErrorContext => ({
    host,
    port,
    username,
    phase,
    methodsTried: plan.tried,
    connectTimeoutMs,
    keepaliveMs: keepaliveIntervalMs * keepaliveCountMax,
  });

  let verified: VerifiedHostKey | undefined;
  let hostKeyFailure: SmartlicError | undefined;

  return new Promise<SshConnection>((resolve, reject) => {
    let settled = false;
    const fail = (error: SmartlicError): void => {
      if (settled) return;
      settled = true;
      cleanup();
      client.removeAllListeners('ready');
      client.on('error', () => undefined);
      client.destroy();
      logger.debug({ err: error }, 'ssh connect failed');
      reject(error);
    };
    const onAbort = (): void => fail(new CancelledError(`SSH connect to ${host}:${port}`, { host }));
    const cleanup = (): void => {
      options.signal?.removeEventListener('abort', onAbort);
      client.removeListener('error', onError);
      client.removeListener('close', onClose);
    };
    const onError = (error: Error & { level?: string }): void => {
      if (error.level === 'agent') {
        logger.debug({ err: error }, 'ssh-agent error; trying the next method');
        return;
      }
      fail(hostKeyFailure ?? classifySshError(error, context()));
    };
    const onClose = (): void => {
      fail(
        hostKeyFailure ??
          (phase === 'authenticating' && plan.tried.length > 0
            ? classifySshError(new Error('connection closed by the device'), context())
            : new ClosedError(host, `connection to ${host}:${port} closed before the session was ready`)),
      );
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    client.on('error', onError);
    client.on('close', onClose);
    client.on('handshake', () => {
      phase = 'authenticating';
    });
    client.once('ready', () => {
      if (settled) return;
      settled = true;
      phase = 'ready';
      cleanup();
      const method = plan.lastTried ?? 'none';
      logger.debug({ authMethod: method, hostKey: verified?.fingerprint }, 'ssh connected');
      resolve(
        new SshConnection({
          client,
          host,
          port,
          username,
          hostKey: verified as VerifiedHostKey,
          authMethod: method,
          logger,
          channelTimeoutMs: connectTimeoutMs,
          idleTimeoutMs,
          errorContext: { ...context(), phase: 'ready' },
        }),
      );
    });

    const config: ConnectConfig = {
      host,
      port,
      username,
      readyTimeout: connectTimeoutMs,
      keepaliveInterval: keepaliveIntervalMs,
      keepaliveCountMax,
      authHandler: plan.handler,
      ...(serverHostKey === undefined ? {} : { algorithms: { serverHostKey: serverHostKey as ServerHostKeyAlgorithm[] } }),
      hostVerifier: (key: Buffer, verify: (valid: boolean) => void) => {
        verifyHostKey(host, port, key, hostKeyOptions, logger).then(
          (result) => {
            verified = result;
            verify(true);
          },
          (error: unknown) => {
            hostKeyFailure = isSmartlicError(error)
              ? error
              : new ConnectError(host, port, `cannot check the host key: ${(error as Error).message}`, error);
            verify(false);
          },
        );
      },
    };
    try {
      client.connect(config);
      // CLI traffic is small request/response writes: without this, Nagle + delayed ACK add ~40 ms per exchange.
      client.setNoDelay(true);
    } catch (error) {
      fail(new ConnectError(host, port, (error as Error).message, error));
    }
  });
}
