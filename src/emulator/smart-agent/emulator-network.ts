/**
 * `emulatorNetwork()`: the emulated devices' way out to CSSM. A call home follows the device's running
 * configuration step by step, the way the device does, and stops at the first step that fails:
 *
 * 1. call-home: service on, a usable profile and its HTTP(S) destination (call-home-route.ts) → `config`;
 * 2. DNS for a host name: name servers configured, lookups on, the name known to the lab resolver → `dns`
 *    (address literals skip DNS; with an HTTP proxy only the proxy's own name is resolved by the device);
 * 3. HTTP client source interface (source-interface.ts) → `unreachable`;
 * 4. a real TCP connection to the loopback listener the name maps to, or to the HTTP proxy's listener
 *    (`CONNECT host:port` for https, an absolute URI for http) → `unreachable` / `proxy`;
 * 5. for https, a real TLS handshake (SNI, chain against the device's trust anchors, host name check), then the
 *    revocation policy (trust-store.ts) → `certificate`;
 * 6. `POST` of the JSON message (device-protocol.ts); any CSSM answer in the protocol's shape is `ok: true`
 *    (the agent handles FAILURE replies); other HTTP statuses or bodies → `http`.
 *
 * Nothing leaves loopback: names and proxy addresses map to lab listeners through the resolvers given; an
 * address literal that maps to nothing is only connected to when it is a loopback address.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { connect as netConnect, type Socket } from 'node:net';
import { X509Certificate } from 'node:crypto';
import { checkServerIdentity, connect as tlsConnect, type DetailedPeerCertificate, type TLSSocket } from 'node:tls';
import type { Duplex } from 'node:stream';
import { silentLogger, type Logger } from '../../log.js';
import type { DeviceMessage, DeviceReply } from '../cssm/device-protocol.js';
import type { Endpoint, Resolve } from '../cssm/resolver.js';
import { CISCO_HOSTS } from '../cssm/tls.js';
import type { EmulatedDevice } from '../device/types.js';
import { callHomeFailure, type CallHomeProblem } from './call-home-failure.js';
import { callHomeRoute, isAddressLiteral, type CallHomeDestination, type HostPort } from './call-home-route.js';
import { lookupProblem, nameService, type NameService } from './name-service.js';
import type { CallHomeFailureCause, CallHomeNetwork, CallHomeOutcome, CallHomeSendOptions } from './network.js';
import { sourceInterfaceProblem } from './source-interface.js';
import { revocationPasses, trustFor, type TrustSettings } from './trust-store.js';

export interface EmulatorNetworkOptions {
  /** Host name (or address) and port → loopback listener: the CSSM emulator's `resolve`. */
  readonly resolve: Resolve;
  /** The `http-proxy` address and port devices are configured with → the loopback proxy listener. */
  readonly resolveProxy?: Resolve;
  /** CA certificates (PEM) of the platforms' built-in trustpool: the CSSM emulator's CA in a lab. */
  readonly trustpool?: readonly string[];
  /** Cisco's own host names (trusted through the trustpool, CRL reachable); default CISCO_HOSTS and *.cisco.com. */
  readonly ciscoHosts?: readonly string[];
  /** Wall-clock bound of one call home, connection to reply (default 20 s). */
  readonly timeoutMs?: number;
  readonly logger?: Logger;
}

export interface CallHomeNetworkStats {
  readonly attempts: number;
  readonly succeeded: number;
  /** Attempts that went through an HTTP proxy (successful or not). */
  readonly viaProxy: number;
  readonly failed: Readonly<Partial<Record<CallHomeFailureCause, number>>>;
}

export interface EmulatorNetwork extends CallHomeNetwork {
  stats(): CallHomeNetworkStats;
}

const DEFAULT_TIMEOUT_MS = 20_000;
const MAX_REPLY_BYTES = 1024 * 1024;
/** Ports a lab resolver maps a known name on (resolver.ts): a name known there but not on the URL's port exists. */
const LISTENER_PORTS = [80, 443, 8443] as const;

const UNTRUSTED_CODES = new Set([
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
  'CERT_CHAIN_TOO_LONG',
  'INVALID_CA',
  'CERT_REJECTED',
]);
const DATE_CODES = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID']);

/** A step failed with a problem the device can name. */
class CallHomeStepError extends Error {
  constructor(readonly problem: CallHomeProblem) {
    super(problem.kind);
  }
}

type Phase = 'proxy-connect' | 'tunnel' | 'connect' | 'tls' | 'request';

function isLoopback(host: string): boolean {
  return /^127\.\d+\.\d+\.\d+$/.test(host) || host === '::1';
}

function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}

/** What a socket error means at the step it happened. */
function problemOf(phase: Phase, error: unknown, address: string): CallHomeProblem {
  const code = errorCode(error);
  const timedOut = code === 'ETIMEDOUT';
  switch (phase) {
    case 'proxy-connect':
      if (timedOut) return { kind: 'proxy-timeout' };
      return code === 'ECONNREFUSED' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH' ? { kind: 'proxy-unreachable' } : { kind: 'proxy-closed' };
    case 'tunnel':
      return timedOut ? { kind: 'proxy-timeout' } : { kind: 'proxy-closed' };
    case 'connect':
      if (code === 'ECONNREFUSED') return { kind: 'refused' };
      if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return { kind: 'no-route', address };
      return timedOut ? { kind: 'timeout' } : { kind: 'reset' };
    case 'tls':
      if (UNTRUSTED_CODES.has(code)) return { kind: 'untrusted', store: 'trustpoint' };
      if (DATE_CODES.has(code)) return { kind: 'cert-dates' };
      if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return { kind: 'name-mismatch' };
      if (timedOut) return { kind: 'timeout' };
      return code === 'ECONNRESET' || code === 'EPIPE' ? { kind: 'reset' } : { kind: 'tls-failed' };
    case 'request':
      return timedOut ? { kind: 'timeout' } : { kind: 'reset' };
  }
}

function isDeviceReply(body: unknown): body is DeviceReply {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return false;
  const b = body as Record<string, unknown>;
  if (typeof b['protocol'] !== 'number') return false;
  if (b['status'] === 'SUCCESS') return typeof b['messageType'] === 'string';
  if (b['status'] === 'FAILURE') return typeof (b['error'] as { code?: unknown } | undefined)?.code === 'string';
  return false;
}

/** The certificates the handshake verified, server first. */
function peerChain(socket: TLSSocket): X509Certificate[] {
  const chain: X509Certificate[] = [];
  let cert: DetailedPeerCertificate | undefined = socket.getPeerCertificate(true);
  for (let i = 0; i < 10 && cert !== undefined && cert.raw !== undefined; i++) {
    chain.push(new X509Certificate(cert.raw));
    if (cert.issuerCertificate === undefined || cert.issuerCertificate === cert) break;
    cert = cert.issuerCertificate;
  }
  return chain;
}

/** One call home: sockets it opened (destroyed on timeout, abort and at the end) and the step it is at. */
class Attempt {
  phase: Phase = 'connect';
  readonly sockets = new Set<Duplex>();
  #settle: ((problem: CallHomeProblem) => void) | undefined;
  readonly interrupted: Promise<never>;

  constructor() {
    this.interrupted = new Promise<never>((_, reject) => {
      this.#settle = (problem) => reject(new CallHomeStepError(problem));
    });
    this.interrupted.catch(() => undefined);
  }

  /**
   * Destroyed when the attempt ends. A socket that wraps another (TLS over TCP or over a proxy tunnel) takes
   * its place: destroying the inner socket under a live TLS socket crashes Node (seen with 20.x).
   */
  track<S extends Duplex>(socket: S, wraps?: Duplex): S {
    if (wraps !== undefined) this.sockets.delete(wraps);
    this.sockets.add(socket);
    socket.on('error', () => undefined);
    return socket;
  }

  interrupt(problem: CallHomeProblem): void {
    this.#settle?.(problem);
    this.close();
  }

  close(): void {
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
  }

  /** Runs a step; whichever comes first wins: the step, a timeout or an abort. */
  race<T>(step: Promise<T>): Promise<T> {
    return Promise.race([step, this.interrupted]);
  }
}

function connectTcp(attempt: Attempt, to: Endpoint, phase: Phase, address: string): Promise<Socket> {
  attempt.phase = phase;
  return new Promise((resolve, reject) => {
    const socket = attempt.track(netConnect(to.port, to.host));
    socket.once('connect', () => resolve(socket));
    socket.once('error', (error) => reject(new CallHomeStepError(problemOf(phase, error, address))));
  });
}

/** `CONNECT host:port` through the proxy; resolves with the tunnel. */
function openTunnel(attempt: Attempt, proxySocket: Socket, destination: CallHomeDestination): Promise<Duplex> {
  attempt.phase = 'tunnel';
  const target = `${destination.host.includes(':') ? `[${destination.host}]` : destination.host}:${destination.port}`;
  return new Promise((resolve, reject) => {
    const req = httpRequest({ method: 'CONNECT', path: target, headers: { host: target }, createConnection: () => proxySocket });
    req.once('connect', (res: IncomingMessage, tunnel: Duplex) => {
      attempt.track(tunnel, proxySocket);
      if (res.statusCode === 200) resolve(tunnel);
      else reject(new CallHomeStepError(res.statusCode === 407 ? { kind: 'proxy-auth' } : { kind: 'proxy-refused', status: res.statusCode ?? 0 }));
    });
    req.once('error', (error) => reject(new CallHomeStepError(problemOf('tunnel', error, destination.host))));
    req.end();
  });
}

function startTls(attempt: Attempt, socket: Duplex, destination: CallHomeDestination, trust: TrustSettings): Promise<TLSSocket> {
  attempt.phase = 'tls';
  return new Promise((resolve, reject) => {
    const tls = attempt.track(
      tlsConnect({
        socket,
        ...(isAddressLiteral(destination.host) ? {} : { servername: destination.host }),
        ca: trust.anchors.map((a) => a.pem),
        rejectUnauthorized: true,
        checkServerIdentity: (_host, cert) => checkServerIdentity(destination.host, cert),
      }),
      socket,
    );
    tls.once('secureConnect', () => {
      if (!revocationPasses(trust, peerChain(tls))) {
        reject(new CallHomeStepError({ kind: 'crl' }));
        return;
      }
      resolve(tls);
    });
    tls.once('error', (error) => {
      const problem = problemOf('tls', error, destination.host);
      reject(new CallHomeStepError(problem.kind === 'untrusted' ? { kind: 'untrusted', store: trust.store } : problem));
    });
  });
}

function post(
  attempt: Attempt,
  socket: Duplex,
  destination: CallHomeDestination,
  absoluteUri: boolean,
  body: string,
): Promise<{ status: number; text: string }> {
  attempt.phase = 'request';
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        method: 'POST',
        path: absoluteUri ? `${destination.scheme}://${destination.authority}${destination.path}` : destination.path,
        headers: {
          host: destination.authority,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          accept: 'application/json',
          connection: 'close',
        },
        createConnection: () => socket,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_REPLY_BYTES) {
            res.destroy();
            reject(new CallHomeStepError({ kind: 'bad-reply' }));
            return;
          }
          chunks.push(chunk);
        });
        res.once('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.once('error', (error) => reject(new CallHomeStepError(problemOf('request', error, destination.host))));
      },
    );
    req.once('error', (error) => reject(new CallHomeStepError(problemOf('request', error, destination.host))));
    req.end(body);
  });
}

export function emulatorNetwork(options: EmulatorNetworkOptions): EmulatorNetwork {
  const log = options.logger ?? silentLogger;
  const resolveProxy: Resolve = options.resolveProxy ?? (() => undefined);
  const trustpool = options.trustpool ?? [];
  const ciscoHosts = new Set((options.ciscoHosts ?? CISCO_HOSTS).map((h) => h.toLowerCase()));
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new RangeError(`emulatorNetwork: timeoutMs must be > 0, got ${timeoutMs}`);
  const counters = { attempts: 0, succeeded: 0, viaProxy: 0 };
  const failed: Partial<Record<CallHomeFailureCause, number>> = {};

  const isCiscoHost = (host: string): boolean => ciscoHosts.has(host) || (options.ciscoHosts === undefined && host.endsWith('.cisco.com'));

  /** The device's DNS, answered from the lab resolver. */
  const lookUp = (device: EmulatedDevice, names: NameService, host: string): CallHomeProblem | undefined =>
    lookupProblem(names, host) ?? (device.faults.dnsNotAnswering ? { kind: 'dns-no-answer', host } : undefined);

  const destinationEndpoint = (device: EmulatedDevice, names: NameService, to: HostPort): Endpoint => {
    if (isAddressLiteral(to.host)) {
      const mapped = options.resolve(to.host, to.port) ?? (isLoopback(to.host) ? { host: to.host, port: to.port } : undefined);
      if (mapped === undefined) throw new CallHomeStepError({ kind: 'no-route', address: to.host });
      return mapped;
    }
    const problem = lookUp(device, names, to.host);
    if (problem !== undefined) throw new CallHomeStepError(problem);
    const mapped = options.resolve(to.host, to.port);
    if (mapped !== undefined) return mapped;
    // The name exists but nothing listens on that port.
    if (LISTENER_PORTS.some((p) => options.resolve(to.host, p) !== undefined)) throw new CallHomeStepError({ kind: 'refused' });
    throw new CallHomeStepError({ kind: 'unknown-host', host: to.host });
  };

  const proxyEndpoint = (device: EmulatedDevice, names: NameService, proxy: HostPort): Endpoint => {
    if (!isAddressLiteral(proxy.host)) {
      const problem = lookUp(device, names, proxy.host);
      if (problem !== undefined) throw new CallHomeStepError(problem);
      const mapped = resolveProxy(proxy.host, proxy.port);
      if (mapped !== undefined) return mapped;
      if (LISTENER_PORTS.some((p) => resolveProxy(proxy.host, p) !== undefined)) throw new CallHomeStepError({ kind: 'proxy-unreachable' });
      throw new CallHomeStepError({ kind: 'unknown-host', host: proxy.host });
    }
    const mapped = resolveProxy(proxy.host, proxy.port) ?? (isLoopback(proxy.host) ? { host: proxy.host, port: proxy.port } : undefined);
    if (mapped === undefined) throw new CallHomeStepError({ kind: 'proxy-unreachable' });
    return mapped;
  };

  const attemptSend = async (device: EmulatedDevice, message: DeviceMessage, attempt: Attempt, urlSeen: (url: string, viaProxy: boolean) => void): Promise<CallHomeOutcome> => {
    const tree = device.config.running();
    const routed = callHomeRoute(device.platform, tree);
    if (!routed.ok) throw new CallHomeStepError(routed.problem);
    const { destination, proxy } = routed.route;
    urlSeen(destination.url, proxy !== undefined);
    const names = nameService(device.platform, tree);
    const firstHop = proxy ?? destination;
    const endpoint = proxy === undefined ? destinationEndpoint(device, names, destination) : proxyEndpoint(device, names, proxy);
    const sourceProblem = sourceInterfaceProblem(device.platform, tree, firstHop.host);
    if (sourceProblem !== undefined) throw new CallHomeStepError(sourceProblem);

    let socket: Duplex = await attempt.race(connectTcp(attempt, endpoint, proxy === undefined ? 'connect' : 'proxy-connect', firstHop.host));
    if (destination.scheme === 'https') {
      if (proxy !== undefined) socket = await attempt.race(openTunnel(attempt, socket as Socket, destination));
      const trust = trustFor(device.platform, tree, { trustpool, ciscoHost: isCiscoHost(destination.host) });
      socket = await attempt.race(startTls(attempt, socket, destination, trust));
    }
    const absoluteUri = proxy !== undefined && destination.scheme === 'http';
    const reply = await attempt.race(post(attempt, socket, destination, absoluteUri, JSON.stringify(message)));
    if (absoluteUri && reply.status === 407) throw new CallHomeStepError({ kind: 'proxy-auth' });
    if (absoluteUri && (reply.status === 502 || reply.status === 504)) throw new CallHomeStepError({ kind: 'proxy-refused', status: reply.status });
    let body: unknown;
    try {
      body = JSON.parse(reply.text);
    } catch {
      body = undefined;
    }
    if (isDeviceReply(body)) return { ok: true, reply: body, url: destination.url, viaProxy: proxy !== undefined };
    throw new CallHomeStepError(reply.status >= 300 || reply.status < 200 ? { kind: 'http-status', status: reply.status } : { kind: 'bad-reply' });
  };

  return {
    async send(device: EmulatedDevice, message: DeviceMessage, sendOptions: CallHomeSendOptions = {}): Promise<CallHomeOutcome> {
      counters.attempts += 1;
      const attempt = new Attempt();
      const timer = setTimeout(() => attempt.interrupt(problemOf(attempt.phase, { code: 'ETIMEDOUT' }, '')), timeoutMs);
      const signal = sendOptions.signal;
      const onAbort = (): void => attempt.interrupt({ kind: 'aborted' });
      if (signal?.aborted === true) onAbort();
      else signal?.addEventListener('abort', onAbort, { once: true });
      let url: string | undefined;
      let viaProxy = false;
      try {
        const outcome = await attempt.race(
          attemptSend(device, message, attempt, (u, p) => {
            url = u;
            viaProxy = p;
          }),
        );
        counters.succeeded += 1;
        if (viaProxy) counters.viaProxy += 1;
        log.debug({ device: device.name, messageType: message.messageType, url }, 'call home delivered');
        return outcome;
      } catch (error) {
        if (viaProxy) counters.viaProxy += 1;
        const problem: CallHomeProblem = error instanceof CallHomeStepError ? error.problem : { kind: 'reset' };
        if (!(error instanceof CallHomeStepError)) log.error({ err: error, device: device.name }, 'call home failed unexpectedly');
        const { cause, detail } = callHomeFailure(problem);
        failed[cause] = (failed[cause] ?? 0) + 1;
        log.debug({ device: device.name, messageType: message.messageType, url, cause, problem: problem.kind }, 'call home failed');
        return { ok: false, cause, detail, ...(url === undefined ? {} : { url }) };
      } finally {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        attempt.close();
      }
    },
    stats: () => ({ ...counters, failed: { ...failed } }),
  };
}
