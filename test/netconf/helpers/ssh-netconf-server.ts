/**
 * A real ssh2 Server on 127.0.0.1:0 whose `netconf` subsystem runs `serveNetconf` against a shared
 * `NetconfDevice` — the shape the device emulator will have. Password auth; an RSA host key (every client,
 * paramiko included, accepts it). Closing the server ends every connection it accepted.
 */
import type { AddressInfo } from 'node:net';
import ssh2 from 'ssh2';
import type { Connection } from 'ssh2';
import type { NetconfDevice } from '../../../src/emulator/netconf/device.js';
import { serveNetconf, type NetconfServerSession } from '../../../src/emulator/netconf/server.js';

export interface SshNetconfServer {
  readonly port: number;
  /** Every NETCONF session served, in order. */
  readonly sessions: NetconfServerSession[];
  /** Subsystems requested other than netconf (refused). */
  readonly refusedSubsystems: string[];
  close(): Promise<void>;
}

let cachedHostKey: string | undefined;

/** One RSA host key per test process (generating RSA keys is slow on a loaded machine). */
export function rsaHostKey(): string {
  cachedHostKey ??= ssh2.utils.generateKeyPairSync('rsa', { bits: 2048 }).private;
  return cachedHostKey;
}

export async function startSshNetconfServer(
  device: NetconfDevice,
  credentials: { readonly username: string; readonly password: string } = { username: 'admin', password: 'admin' },
): Promise<SshNetconfServer> {
  const sessions: NetconfServerSession[] = [];
  const refusedSubsystems: string[] = [];
  const connections = new Set<Connection>();
  const server = new ssh2.Server({ hostKeys: [rsaHostKey()] }, (connection) => {
    connections.add(connection);
    connection.on('close', () => connections.delete(connection));
    connection.on('error', () => undefined);
    connection.on('authentication', (ctx) => {
      if (ctx.method === 'password' && ctx.username === credentials.username && ctx.password === credentials.password) ctx.accept();
      else ctx.reject(['password']);
    });
    connection.on('session', (accept) => {
      const session = accept();
      session.on('subsystem', (acceptSubsystem, reject, info) => {
        if (info.name !== 'netconf') {
          refusedSubsystems.push(info.name);
          reject();
          return;
        }
        const channel = acceptSubsystem();
        sessions.push(serveNetconf(channel, { device, peer: credentials.username }));
      });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    sessions,
    refusedSubsystems,
    close: async () => {
      for (const c of connections) c.end();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
