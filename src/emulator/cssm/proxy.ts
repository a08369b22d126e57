/**
 * A small HTTP proxy for the emulated network: absolute-URI forwarding (`POST http://tools.cisco.com/… HTTP/1.1`)
 * and CONNECT tunnelling (`CONNECT tools.cisco.com:443`), optional Basic authentication, and counters so a test
 * can prove a call went through it. Host names are mapped with a resolver (the CSSM emulator's) instead of DNS;
 * a name the resolver does not know is connected to as given.
 *
 * The proxy remembers the local ports of its upstream connections, so the CSSM emulator can tell a request that
 * came through it from a direct one (`ownsConnection`) and refuse direct device calls when told to.
 */
import { createServer, request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import { connect as netConnect, type AddressInfo, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { silentLogger, type Logger } from '../../log.js';
import { toSecret, type Secret } from '../../secret.js';
import type { Resolve } from './resolver.js';

export interface ProxyOptions {
  readonly host?: string;
  readonly port?: number;
  /** Require `Proxy-Authorization: Basic …` with these credentials. */
  readonly auth?: { readonly username: string; readonly password: string | Secret };
  readonly resolve?: Resolve;
  /**
   * Connect only to what `resolve` maps and to loopback addresses; any other destination is answered 502 without
   * a DNS lookup or a connection off the machine (the lab's proxy).
   */
  readonly loopbackOnly?: boolean;
  readonly logger?: Logger;
}

export interface ProxyStats {
  /** Absolute-URI requests seen (authenticated or not). */
  readonly requests: number;
  /** CONNECT requests seen (authenticated or not). */
  readonly connects: number;
  /** Requests answered 407. */
  readonly authFailures: number;
  /** Upstream connection failures (answered 502 or cut). */
  readonly errors: number;
  /** Per `host:port` asked for (after authentication). */
  readonly hosts: Readonly<Record<string, number>>;
}

export interface HttpProxy {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  stats(): ProxyStats;
  resetStats(): void;
  /** Whether a connection arriving from this address and port is one of the proxy's upstream connections. */
  ownsConnection(remoteAddress: string | undefined, remotePort: number | undefined): boolean;
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set(['proxy-authorization', 'proxy-connection', 'connection', 'keep-alive', 'te', 'trailer', 'upgrade']);

function isLoopback(address: string | undefined): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}

function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h);
}

export async function startProxy(options: ProxyOptions = {}): Promise<HttpProxy> {
  const log = options.logger ?? silentLogger;
  const password = options.auth === undefined ? undefined : toSecret(options.auth.password);
  const resolve: Resolve = options.resolve ?? (() => undefined);
  const upstreamPorts = new Set<number>();
  const sockets = new Set<Duplex>();
  const counters = { requests: 0, connects: 0, authFailures: 0, errors: 0 };
  let hosts: Record<string, number> = {};

  const authorised = (req: IncomingMessage): boolean => {
    if (options.auth === undefined || password === undefined) return true;
    const m = /^Basic\s+(\S+)$/i.exec(req.headers['proxy-authorization'] ?? '');
    if (m?.[1] === undefined) return false;
    const decoded = Buffer.from(m[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon >= 0 && decoded.slice(0, colon) === options.auth.username && password.equals(decoded.slice(colon + 1));
  };

  const track = (socket: Socket): void => {
    socket.once('connect', () => {
      const port = socket.localPort;
      if (port === undefined) return;
      upstreamPorts.add(port);
      socket.once('close', () => upstreamPorts.delete(port));
    });
  };

  /** Where to connect for `host:port`; undefined when `loopbackOnly` forbids it. */
  const target = (host: string, port: number): { host: string; port: number } | undefined => {
    hosts[`${host}:${port}`] = (hosts[`${host}:${port}`] ?? 0) + 1;
    const mapped = resolve(host, port);
    if (mapped !== undefined) return mapped;
    if (options.loopbackOnly === true && !isLoopbackHost(host)) {
      counters.errors += 1;
      log.debug({ host, port }, 'proxy refused a destination off loopback');
      return undefined;
    }
    return { host, port };
  };

  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    counters.requests += 1;
    if (!authorised(req)) {
      counters.authFailures += 1;
      res.writeHead(407, { 'proxy-authenticate': 'Basic realm="smartlic"', 'content-length': 0 }).end();
      return;
    }
    let url: URL;
    try {
      url = new URL(req.url ?? '');
    } catch {
      res.writeHead(400, { 'content-type': 'text/plain' }).end('absolute URI required');
      return;
    }
    if (url.protocol !== 'http:') {
      res.writeHead(400, { 'content-type': 'text/plain' }).end(`cannot forward ${url.protocol} (use CONNECT)`);
      return;
    }
    const to = target(url.hostname, Number(url.port || 80));
    if (to === undefined) {
      res.writeHead(502, { 'content-type': 'text/plain' }).end(`upstream failed: ${url.hostname} is not reachable from the emulated network`);
      return;
    }
    const headers: OutgoingHttpHeaders = {};
    for (const [k, v] of Object.entries(req.headers)) if (!HOP_BY_HOP.has(k) && v !== undefined) headers[k] = v;
    headers['via'] = '1.1 smartlic-proxy';
    const upstream = httpRequest({ host: to.host, port: to.port, method: req.method, path: `${url.pathname}${url.search}`, headers, agent: false, setHost: false });
    upstream.on('socket', (s) => track(s as Socket));
    upstream.on('response', (r) => {
      const out: OutgoingHttpHeaders = {};
      for (const [k, v] of Object.entries(r.headers)) if (!HOP_BY_HOP.has(k) && v !== undefined) out[k] = v;
      res.writeHead(r.statusCode ?? 502, out);
      r.pipe(res);
    });
    upstream.on('error', (error) => {
      counters.errors += 1;
      log.debug({ err: error, url: url.href }, 'proxy upstream failed');
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' }).end(`upstream failed: ${error.message}`);
      else res.destroy();
    });
    req.pipe(upstream);
  };

  const onConnect = (req: IncomingMessage, client: Duplex, head: Buffer): void => {
    counters.connects += 1;
    sockets.add(client);
    client.once('close', () => sockets.delete(client));
    client.on('error', () => undefined);
    if (!authorised(req)) {
      counters.authFailures += 1;
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="smartlic"\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const m = /^\[?([^\]]+?)\]?:(\d+)$/.exec(req.url ?? '');
    if (m === null) {
      client.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const to = target(m[1] as string, Number(m[2]));
    if (to === undefined) {
      client.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const upstream = netConnect(to.port, to.host);
    track(upstream);
    sockets.add(upstream);
    let established = false;
    upstream.once('connect', () => {
      established = true;
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', (error) => {
      counters.errors += 1;
      log.debug({ err: error, target: req.url }, 'proxy tunnel failed');
      if (!established) client.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n');
      else client.destroy();
    });
    upstream.once('close', () => {
      sockets.delete(upstream);
      if (established) client.destroy();
    });
    client.once('close', () => upstream.destroy());
  };

  const server = createServer(onRequest);
  server.on('connect', onConnect);
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolveListen();
    });
  });
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://${host}:${port}`,
    host,
    port,
    stats: () => ({ ...counters, hosts: { ...hosts } }),
    resetStats: () => {
      counters.requests = 0;
      counters.connects = 0;
      counters.authFailures = 0;
      counters.errors = 0;
      hosts = {};
    },
    ownsConnection: (remoteAddress, remotePort) => isLoopback(remoteAddress) && remotePort !== undefined && upstreamPorts.has(remotePort),
    close: () =>
      new Promise<void>((resolveClose) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolveClose());
        server.closeAllConnections();
      }),
  };
}
