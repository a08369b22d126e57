/**
 * A NETCONF session with one device: the driver's counterpart of the CLI `Session`. It owns the SSH connection
 * (when there is one) to the device's NETCONF port and the NETCONF client over its `netconf` subsystem.
 */
import type { Logger } from '../../log.js';
import type { NetconfClient } from '../../netconf/client.js';
import type { PlatformId } from '../../platforms/types.js';
import type { VerifiedHostKey } from '../../transport/host-keys.js';
import type { SshConnection } from '../../transport/ssh.js';

export class NetconfConnection {
  /** The target's inventory name, or its address. Errors and logs use it. */
  readonly host: string;
  readonly platform: PlatformId;
  readonly client: NetconfClient;
  /** How the SSH host key was verified; null over an injected stream. */
  readonly hostKey: VerifiedHostKey | null;
  readonly #connection: SshConnection | null;
  readonly #logger: Logger;
  #closing: Promise<void> | null = null;

  /** @internal Built by `connectNetconf`. */
  constructor(init: { host: string; platform: PlatformId; client: NetconfClient; connection: SshConnection | null; logger: Logger }) {
    this.host = init.host;
    this.platform = init.platform;
    this.client = init.client;
    this.#connection = init.connection;
    this.hostKey = init.connection?.hostKey ?? null;
    this.#logger = init.logger;
  }

  get closed(): boolean {
    return this.#closing !== null || this.client.session.closed;
  }

  /** `<close-session>`, then the SSH connection. Safe to call more than once. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      try {
        await this.client.close();
      } finally {
        await this.#connection?.close();
        this.#logger.debug({ host: this.host }, 'NETCONF session closed');
      }
    })();
    return this.#closing;
  }
}
