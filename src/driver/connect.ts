/**
 * `connect(target)` → `Session`: SSH (host key verified before any credential, then authentication), an interactive
 * shell, and a CLI channel on it whose platform comes from the target or from `show version`. The target has the
 * shape of a resolved inventory host (`ResolvedHost`), so `connect(inventory.resolveHosts('cbr8-1')[0])` works.
 */
import { CliChannel, type CliChannelOptions } from '../channel/cli/cli-channel.js';
import { InvalidArgumentError } from '../errors.js';
import type { HostKeyPolicy, TransportKind } from '../inventory/types.js';
import { silentLogger, type Logger } from '../log.js';
import { getDialect } from '../platforms/index.js';
import { isPlatformId, type PlatformId } from '../platforms/types.js';
import type { Secret } from '../secret.js';
import type { ByteStream } from '../transport/byte-stream.js';
import { connectSsh, type ShellOptions, type SshConnectOptions, type SshConnection } from '../transport/ssh.js';
import { Session } from './session.js';

export interface SessionTarget {
  /** The inventory name; errors and logs name the device by it (default: `host`). */
  readonly name?: string;
  readonly host: string;
  /** Default 22. */
  readonly port?: number;
  /** The NETCONF SSH port (default 830). */
  readonly netconfPort?: number;
  /** How `openDevice` reaches the device (default `cli`); `OpenDeviceOptions.transport` wins. */
  readonly transport?: TransportKind;
  /** Skips detection when given. */
  readonly platform?: PlatformId;
  readonly username?: string;
  readonly password?: Secret | string;
  /** Private key text. */
  readonly privateKey?: Secret | string;
  readonly passphrase?: Secret | string;
  /** ssh-agent socket path, or `true` for `$SSH_AUTH_SOCK`. */
  readonly agent?: string | boolean;
  /** Pinned host key fingerprint `SHA256:<base64>`. */
  readonly hostKey?: string;
  /** Default `strict`. */
  readonly hostKeyPolicy?: HostKeyPolicy;
  /** known_hosts file (default `~/.ssh/known_hosts`). */
  readonly knownHosts?: string;
  /** Used only when the session lands in user EXEC (`Router>`). */
  readonly enablePassword?: Secret | string;
  /** Default per-command timeout in ms (the inventory's `timeoutMs`). */
  readonly timeoutMs?: number;
}

export interface SessionTimeouts {
  /** TCP + SSH handshake + authentication. Default 20000. */
  readonly connectMs?: number;
  /** Waiting for the first prompt and each session setup command. Default 20000. */
  readonly openMs?: number;
  /** Default per-command timeout. Default: the target's `timeoutMs`, else 30000. */
  readonly commandMs?: number;
  /** Close the connection after this long without traffic; 0 (default) never. */
  readonly idleMs?: number;
}

export interface SessionOptions {
  readonly logger?: Logger;
  readonly timeouts?: SessionTimeouts;
  readonly keepalive?: { readonly intervalMs?: number; readonly countMax?: number };
  /** The pseudo-terminal requested for the shell. */
  readonly terminal?: ShellOptions;
  /** `accept-new` records hashed host names. */
  readonly hashKnownHosts?: boolean;
  /** Cancels a connection attempt in progress. */
  readonly signal?: AbortSignal;
  /** Runs the CLI over this stream instead of SSH (tests: a `ScriptedStream`). */
  readonly stream?: ByteStream;
  /** Session setup commands instead of the dialect's (`terminal length 0`, `terminal width …`). */
  readonly onOpen?: readonly string[];
  /** Write the setup commands in one go (default true); false sends them one at a time (see `CliChannelOptions`). */
  readonly pipelineOnOpen?: boolean;
}

/** The SSH connection settings of a target, on `port` (the CLI port, or the NETCONF one). */
export function sshOptionsOf(target: SessionTarget, port: number | undefined, options: SessionOptions, logger: Logger): SshConnectOptions {
  const timeouts = options.timeouts ?? {};
  return {
    host: target.host,
    ...(port === undefined ? {} : { port }),
    ...(target.username === undefined ? {} : { username: target.username }),
    ...(target.password === undefined ? {} : { password: target.password }),
    ...(target.privateKey === undefined ? {} : { privateKey: target.privateKey }),
    ...(target.passphrase === undefined ? {} : { passphrase: target.passphrase }),
    ...(target.agent === undefined ? {} : { agent: target.agent }),
    ...(target.hostKey === undefined ? {} : { hostKey: target.hostKey }),
    ...(target.hostKeyPolicy === undefined ? {} : { hostKeyPolicy: target.hostKeyPolicy }),
    ...(target.knownHosts === undefined ? {} : { knownHosts: target.knownHosts }),
    ...(options.hashKnownHosts === undefined ? {} : { hashKnownHosts: options.hashKnownHosts }),
    ...(timeouts.connectMs === undefined ? {} : { connectTimeoutMs: timeouts.connectMs }),
    ...(timeouts.idleMs === undefined ? {} : { idleTimeoutMs: timeouts.idleMs }),
    ...(options.keepalive?.intervalMs === undefined ? {} : { keepaliveIntervalMs: options.keepalive.intervalMs }),
    ...(options.keepalive?.countMax === undefined ? {} : { keepaliveCountMax: options.keepalive.countMax }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    logger,
  };
}

export async function connect(target: SessionTarget, options: SessionOptions = {}): Promise<Session> {
  if (target === null || typeof target !== 'object') throw new InvalidArgumentError('target', 'must be an object with at least "host"');
  const name = target.name ?? target.host;
  if (target.platform !== undefined && !isPlatformId(target.platform)) {
    throw new InvalidArgumentError('platform', `unknown platform ${JSON.stringify(target.platform)} (expected ios-xe or ios-xr)`, { host: name });
  }
  const logger = (options.logger ?? silentLogger).child({ device: name });
  const timeouts = options.timeouts ?? {};

  let connection: SshConnection | null = null;
  let stream = options.stream;
  if (stream === undefined) {
    connection = await connectSsh(sshOptionsOf(target, target.port, options, logger));
    try {
      stream = await connection.openShell(options.terminal);
    } catch (error) {
      await connection.close();
      throw error;
    }
  }

  const commandMs = timeouts.commandMs ?? target.timeoutMs;
  const channelOptions: CliChannelOptions = {
    host: name,
    logger,
    ...(target.platform === undefined ? {} : { dialect: getDialect(target.platform) }),
    ...(commandMs === undefined ? {} : { commandTimeoutMs: commandMs }),
    ...(timeouts.openMs === undefined ? {} : { openTimeoutMs: timeouts.openMs }),
    ...(target.enablePassword === undefined ? {} : { enablePassword: target.enablePassword }),
    ...(options.onOpen === undefined ? {} : { onOpen: options.onOpen }),
    ...(options.pipelineOnOpen === undefined ? {} : { pipelineOnOpen: options.pipelineOnOpen }),
  };
  let channel: CliChannel;
  try {
    channel = await CliChannel.open(stream, channelOptions);
  } catch (error) {
    await connection?.close();
    throw error;
  }
  logger.debug({ platform: channel.platform, hostname: channel.hostname, hostKey: connection?.hostKey.fingerprint }, 'session open');
  return new Session({ host: name, channel, connection, logger });
}
