/**
 * The project's NETCONF client over real SSH to an emulated device's `netconfPort` (loopback), for tests.
 * `close()` ends the NETCONF session and the SSH connection.
 */
import ssh2 from 'ssh2';
import { openNetconfSubsystem } from '../../../../src/channel/netconf/ssh.js';
import type { EmulatedDevice } from '../../../../src/emulator/device/types.js';
import { NetconfClient } from '../../../../src/netconf/client.js';

export interface DeviceNetconf {
  readonly client: NetconfClient;
  readonly conn: ssh2.Client;
  close(): Promise<void>;
}

export async function connectNetconf(device: EmulatedDevice, credentials = { username: 'admin', password: 'admin' }): Promise<DeviceNetconf> {
  const port = device.netconfPort;
  if (port === undefined) throw new Error(`${device.name} serves no NETCONF port`);
  const conn = new ssh2.Client();
  conn.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    conn.once('ready', () => resolve());
    conn.once('error', reject);
    conn.connect({ host: '127.0.0.1', port, ...credentials, readyTimeout: 60_000 });
  });
  const channel = await openNetconfSubsystem(conn, { host: '127.0.0.1', port });
  const client = await NetconfClient.connect(channel, { host: device.name, rpcTimeoutMs: 60_000 });
  return {
    client,
    conn,
    close: async () => {
      try {
        await client.close();
      } finally {
        conn.end();
      }
    },
  };
}
