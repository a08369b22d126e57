/**
 * `connectNetconf(target)` → `NetconfConnection`: SSH to the target's `netconfPort` (default 830) with the same host
 * key verification, authentication and timeouts as the CLI (src/transport), the `netconf` subsystem (RFC 6242),
 * the hello exchange, and the platform from the target or else from the modules the hello announces.
 */
import { InvalidArgumentError, PlatformError } from '../../errors.js';
import { silentLogger } from '../../log.js';
import { NetconfClient } from '../../netconf/client.js';
import { isPlatformId, type PlatformId } from '../../platforms/types.js';
import type { ByteStream } from '../../transport/byte-stream.js';
import { connectSsh, type SshConnection } from '../../transport/ssh.js';
import { sshOptionsOf, type SessionOptions, type SessionTarget } from '../connect.js';
import { NetconfConnection } from './netconf-connection.js';

export const DEFAULT_NETCONF_PORT = 830;

/**
 * The platform a NETCONF server is, from the YANG modules its hello announces (IOS-XR's are all `Cisco-IOS-XR-…`;
 * IOS-XE announces `Cisco-IOS-XE-…` and the `cisco-smart-license` / `cisco-ia` modules), or null when it says
 * neither (IOS-XE 17.x lists its YANG 1.1 modules only in the YANG library).
 */
export function platformFromCapabilities(capabilities: readonly string[]): PlatformId | null {
  if (capabilities.some((c) => /[?&]module=Cisco-IOS-XR-/.test(c))) return 'ios-xr';
  if (capabilities.some((c) => /[?&]module=(?:Cisco-IOS-XE-|cisco-smart-license\b|cisco-ia\b)/.test(c))) return 'ios-xe';
  return null;
}

export async function connectNetconf(target: SessionTarget, options: SessionOptions = {}): Promise<NetconfConnection> {
  if (target === null || typeof target !== 'object') throw new InvalidArgumentError('target', 'must be an object with at least "host"');
  const name = target.name ?? target.host;
  if (target.platform !== undefined && !isPlatformId(target.platform)) {
    throw new InvalidArgumentError('platform', `unknown platform ${JSON.stringify(target.platform)} (expected ios-xe or ios-xr)`, { host: name });
  }
  const port = target.netconfPort ?? DEFAULT_NETCONF_PORT;
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new InvalidArgumentError('netconfPort', `must be a TCP port (1..65535), got ${String(port)}`, { host: name });
  const logger = (options.logger ?? silentLogger).child({ device: name, transport: 'netconf' });
  const timeouts = options.timeouts ?? {};

  let connection: SshConnection | null = null;
  let stream: ByteStream | undefined = options.stream;
  if (stream === undefined) {
    connection = await connectSsh(sshOptionsOf(target, port, options, logger));
    try {
      stream = await connection.openSubsystem('netconf');
    } catch (error) {
      await connection.close();
      throw error;
    }
  }

  const rpcMs = timeouts.commandMs ?? target.timeoutMs;
  let client: NetconfClient;
  try {
    client = await NetconfClient.connect(stream, {
      host: name,
      logger,
      ...(rpcMs === undefined ? {} : { rpcTimeoutMs: rpcMs }),
      ...(timeouts.openMs === undefined ? {} : { helloTimeoutMs: timeouts.openMs }),
    });
  } catch (error) {
    await (connection?.close() ?? stream.close());
    throw error;
  }
  const platform = target.platform ?? platformFromCapabilities(client.serverCapabilities);
  if (platform === null) {
    await client.close();
    await connection?.close();
    throw new PlatformError('cannot tell ios-xe from ios-xr by the NETCONF hello (no Cisco module announced); set "platform" for this host', { host: name });
  }
  logger.debug({ platform, sessionId: client.sessionId, hostKey: connection?.hostKey.fingerprint }, 'NETCONF session open');
  return new NetconfConnection({ host: name, platform, client, connection, logger });
}
