/**
 * Opens the `netconf` SSH subsystem (RFC 6242 §3) on an already authenticated ssh2 client. The channel it returns
 * is a Node duplex that `NetconfSession.open` runs over; src/transport offers the same through its own connection
 * object, this is the thin adapter for code that holds a bare ssh2 `Client`.
 */
import type { Client, ClientChannel } from 'ssh2';
import { ConnectError } from '../../errors.js';

export interface NetconfSubsystemTarget {
  /** For error messages. */
  readonly host?: string;
  readonly port?: number;
}

export function openNetconfSubsystem(client: Client, target: NetconfSubsystemTarget = {}): Promise<ClientChannel> {
  return new Promise((resolve, reject) => {
    client.subsys('netconf', (error, channel) => {
      if (error) {
        reject(new ConnectError(target.host ?? 'device', target.port ?? 830, `netconf subsystem refused: ${error.message}`, error));
        return;
      }
      resolve(channel);
    });
  });
}
