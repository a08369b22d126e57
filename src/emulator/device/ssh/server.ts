/**
 * The SSH side of a device (ssh2 `Server`): host keys, password / keyboard-interactive / public-key
 * authentication against the device's users, and the session channel requests real clients make:
 * `pty` + `shell` (Ansible network_cli, netmiko), `exec` (one command, no prompt), `subsystem` (`netconf`,
 * dispatched to a registered handler, otherwise refused). The server identifies itself as Cisco's
 * (`SSH-2.0-Cisco-1.25`).
 */
import ssh2 from 'ssh2';
import type { AuthContext, Connection, ServerChannel } from 'ssh2';
import type { HostKeySet } from '../host-key.js';
import type { SubsystemHandler } from '../types.js';
import type { AuthLog } from './auth-log.js';
import type { UserTable } from './users.js';

export interface ShellRequest {
  readonly channel: ServerChannel;
  readonly username: string;
  readonly privilege: number;
  readonly remoteAddress: string;
  readonly rows: number;
  readonly cols: number;
  /** Drops the TCP connection abruptly. */
  readonly drop: () => void;
}

export interface SshServerHandlers {
  readonly shell: (request: ShellRequest) => void;
  readonly exec: (request: ShellRequest & { readonly command: string }) => void;
  readonly subsystem: (name: string) => SubsystemHandler | undefined;
  readonly subsystemSession: (channel: ServerChannel, name: string, username: string, remoteAddress: string, drop: () => void) => void;
}

export interface SshServerOptions {
  readonly hostKeys: HostKeySet;
  readonly users: UserTable;
  readonly handlers: SshServerHandlers;
  /** Where connections and authentication requests are counted. */
  readonly authLog?: AuthLog;
}

const AUTH_METHODS: AuthContext['method'][] = ['password', 'keyboard-interactive', 'publickey'];
const MAX_AUTH_FAILURES = 6;

function dropConnection(client: Connection): void {
  const socket = (client as unknown as { _sock?: { destroy(): void } })._sock;
  if (socket !== undefined) socket.destroy();
  else client.end();
}

export class DeviceSshServer {
  readonly server: ssh2.Server;
  readonly #clients = new Set<Connection>();

  constructor(private readonly options: SshServerOptions) {
    this.server = new ssh2.Server(
      { hostKeys: options.hostKeys.keys.map((k) => k.privateKey), ident: 'Cisco-1.25' },
      (client, info) => this.#accept(client, info.ip),
    );
    this.server.on('error', () => undefined);
  }

  get connections(): number {
    return this.#clients.size;
  }

  listen(port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const onError = (error: Error): void => reject(error);
      this.server.once('error', onError);
      this.server.listen(port, host, () => {
        this.server.off('error', onError);
        const address = this.server.address();
        resolve(typeof address === 'object' && address !== null ? address.port : port);
      });
    });
  }

  close(): Promise<void> {
    for (const client of this.#clients) dropConnection(client);
    this.#clients.clear();
    return new Promise((resolve) => {
      try {
        this.server.close(() => resolve());
      } catch {
        resolve();
      }
    });
  }

  #accept(client: Connection, remoteAddress: string): void {
    this.#clients.add(client);
    const log = this.options.authLog;
    log?.connection();
    // Nagle on the device side holds every small reply that follows an unacknowledged one until the client's delayed
    // ACK (~40 ms on Linux): a session open took ~100 ms instead of ~20, for every client alike. ssh2's server-side
    // connection has setNoDelay like the client's; @types/ssh2 leaves it out.
    (client as Connection & { setNoDelay(noDelay?: boolean): unknown }).setNoDelay(true);
    client.on('error', () => undefined);
    client.on('close', () => this.#clients.delete(client));
    let username = '';
    let failures = 0;
    const reject = (ctx: AuthContext): void => {
      log?.record({ method: ctx.method, username: ctx.username, accepted: false });
      failures++;
      if (failures >= MAX_AUTH_FAILURES) {
        client.end();
        return;
      }
      ctx.reject(AUTH_METHODS);
    };
    const accept = (ctx: AuthContext): void => {
      log?.record({ method: ctx.method, username: ctx.username, accepted: true });
      username = ctx.username;
      ctx.accept();
    };
    client.on('authentication', (ctx) => {
      const users = this.options.users;
      switch (ctx.method) {
        case 'password':
          if (users.checkPassword(ctx.username, ctx.password)) accept(ctx);
          else reject(ctx);
          return;
        case 'keyboard-interactive':
          ctx.prompt([{ prompt: 'Password: ', echo: false }], (answers) => {
            if (users.checkPassword(ctx.username, answers[0] ?? '')) accept(ctx);
            else reject(ctx);
          });
          return;
        case 'publickey': {
          const key = users.keyAllowed(ctx.username, ctx.key.algo, ctx.key.data);
          if (key === undefined) return reject(ctx);
          if (ctx.signature === undefined || ctx.blob === undefined) {
            // The client asks whether the key would do; the signed request follows.
            log?.record({ method: ctx.method, username: ctx.username, accepted: false });
            return ctx.accept();
          }
          if (key.verify(ctx.blob, ctx.signature, ctx.hashAlgo) === true) accept(ctx);
          else reject(ctx);
          return;
        }
        default:
          log?.record({ method: ctx.method, username: ctx.username, accepted: false });
          ctx.reject(AUTH_METHODS);
      }
    });
    client.on('ready', () => {
      client.on('session', (acceptSession) => {
        const session = acceptSession();
        let rows = 24;
        let cols = 80;
        const base = (channel: ServerChannel): ShellRequest => ({
          channel,
          username,
          privilege: this.options.users.privilegeOf(username),
          remoteAddress,
          rows,
          cols,
          drop: () => dropConnection(client),
        });
        session.on('pty', (accept, _reject, info) => {
          rows = info.rows;
          cols = info.cols;
          accept?.();
        });
        session.on('window-change', (accept) => accept?.());
        session.on('env', (accept) => accept?.());
        session.on('auth-agent', (_accept, rejectAgent) => rejectAgent?.());
        session.on('x11', (_accept, rejectX11) => rejectX11?.());
        session.on('signal', (accept) => accept?.());
        session.on('shell', (accept) => {
          const channel = accept();
          this.options.handlers.shell(base(channel));
        });
        session.on('exec', (accept, _reject, info) => {
          const channel = accept();
          this.options.handlers.exec({ ...base(channel), command: info.command });
        });
        session.on('subsystem', (accept, rejectSubsystem, info) => {
          if (this.options.handlers.subsystem(info.name) === undefined) {
            rejectSubsystem?.();
            return;
          }
          const channel = accept();
          this.options.handlers.subsystemSession(channel, info.name, username, remoteAddress, () => dropConnection(client));
        });
      });
    });
  }
}
