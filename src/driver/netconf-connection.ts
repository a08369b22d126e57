/**
 * `openNetconf(target)` → a NETCONF client over SSH (RFC 6242): the host key verified before any credential, the
 * `netconf` subsystem on the target's `netconfPort` (default 830), the hello exchange. The target has the shape
 * of a resolved inventory host, so `openNetconf(inventory.resolveHosts('cbr8-1')[0])` works.
 */
import type { HostKeyPolicy } from '../inventory/types.js';
import { silentLogger, type Logger } from '../log.js';
import { NetconfClient } from '../netconf/client.js';
import type { Secret } from '../secret.js';
import { connectSsh } from '../transport/ssh.js';

export interface NetconfTarget {
  /** The inventory name; errors and logs name the device by it (default: `host`). */
  readonly name?: string;
  readonly host: string;
  /** Default 830. */
  readonly netconfPort?: number;
  readonly username?: string;
  readonly password?: Secret | string;
  readonly privateKey?: Secret | string;
  readonly passphrase?: Secret | string;
  readonly agent?: string | boolean;
  /** Pinned host key fingerprint `SHA256:<base64>`. */
  readonly hostKey?: string;
  /** Default `strict`. */
  readonly hostKeyPolicy?: HostKeyPolicy;
  readonly knownHosts?: string;
  /** Default time to wait for each RPC reply, in ms (the inventory's `timeoutMs`). */
  readonly timeoutMs?: number;
}

export interface NetconfConnectOptions {
  readonly logger?: Logger;
  /** TCP + SSH handshake + authentication. Default 20000. */
  readonly connectTimeoutMs?: number;
  readonly signal?: AbortSignal;
}

export interface NetconfConnection {
  /** The device's name (the inventory name). */
  readonly host: string;
  readonly client: NetconfClient;
  /** Ends the NETCONF session (close-session) and the SSH connection; never throws. */
  close(): Promise<void>;
}

export async function openNetconf(target: NetconfTarget, options: NetconfConnectOptions = {}): Promise<NetconfConnection> {
  const name = target.name ?? target.host;
  const logger = (options.logger ?? silentLogger).child({ device: name });
  const port = target.netconfPort ?? 830;
  const connection = await connectSsh({
    host: target.host,
    port,
    ...(target.username === undefined ? {} : { username: target.username }),
    ...(target.password === undefined ? {} : { password: target.password }),
    ...(target.privateKey === undefined ? {} : { privateKey: target.privateKey }),
    ...(target.passphrase === undefined ? {} : { passphrase: target.passphrase }),
    ...(target.agent === undefined ? {} : { agent: target.agent }),
    ...(target.hostKey === undefined ? {} : { hostKey: target.hostKey }),
    ...(target.hostKeyPolicy === undefined ? {} : { hostKeyPolicy: target.hostKeyPolicy }),
    ...(target.knownHosts === undefined ? {} : { knownHosts: target.knownHosts }),
    ...(options.connectTimeoutMs === undefined ? {} : { connectTimeoutMs: options.connectTimeoutMs }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    logger,
  });
  let client: NetconfClient;
  try {
    const stream = await connection.openSubsystem('netconf');
    client = await NetconfClient.connect(stream, { host: name, logger, ...(target.timeoutMs === undefined ? {} : { rpcTimeoutMs: target.timeoutMs }) });
  } catch (error) {
    await connection.close();
    throw error;
  }
  return {
    host: name,
    client,
    close: async () => {
      try {
        await client.close();
      } finally {
        await connection.close();
      }
    },
  };
}
