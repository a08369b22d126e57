/**
 * `startCssm()`: the CSSM emulator on loopback. One request handler serves an HTTP and an HTTPS listener:
 * the OAuth token endpoints, the REST API (APX and legacy families), and the device call-home endpoint. Fault
 * knobs, the proxy requirement and persistence apply to both listeners.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import { systemClock, type Clock } from '../../clock.js';
import { InvalidArgumentError } from '../../errors.js';
import type { InventoryCssm } from '../../inventory/types.js';
import { silentLogger, type Logger } from '../../log.js';
import { toSecret, type Secret } from '../../secret.js';
import { apiPath, handleApi } from './api-routes.js';
import { isDevicePath, parseDeviceMessage, type DeviceReply } from './device-protocol.js';
import { DeviceService } from './device-service.js';
import { CssmFaults, type TrafficKind, type UnreachableMode } from './faults.js';
import { BodyTooLargeError, normalisePath, readBody, sendEmpty, sendJson } from './http-message.js';
import type { CssmState, ProductInstanceRecord, TokenRecord, TokenStatus, Udi, UsageEntry } from './model.js';
import { ACCESS_TOKEN_TTL_SECONDS, OAUTH_TOKEN_PATHS, OAuthService } from './oauth.js';
import { loadState, saveState } from './persistence.js';
import type { HttpProxy } from './proxy.js';
import { buildResolverEntries, resolveIn, type Endpoint, type Resolve, type ResolverEntry } from './resolver.js';
import { DEFAULT_SMART_ACCOUNTS, type LicenseSeed, type SmartAccountSeed } from './seed.js';
import { CssmStore, initialState, type CreateTokenInput, type LicenseUsage } from './store.js';
import { CISCO_HOSTS, generateCssmTls, rejectedServerCertificate, type CssmTlsMaterial, type Fingerprints } from './tls.js';

/** The CiscoTAC-1 destination a device is configured with by default (000:52; 004:211). */
export const CISCO_TAC_URL = 'https://tools.cisco.com/its/service/oddce/services/DDCEService';

export interface CssmEmulatorOptions {
  /** Listen address, default 127.0.0.1. */
  readonly host?: string;
  /** HTTP port, default 0 (any free port). */
  readonly port?: number;
  /** Serve HTTPS as well (default true). */
  readonly https?: boolean;
  readonly httpsPort?: number;
  /** Virtual time for token expiry, ID certificates, access tokens and last-contact dates; default the system clock. */
  readonly clock?: Clock;
  /** API client credentials; the secret defaults to a random one. */
  readonly clientId?: string;
  readonly clientSecret?: string | Secret;
  readonly extraCredentials?: readonly { readonly clientId: string; readonly clientSecret: string | Secret }[];
  /** Accounts and purchased licenses; default DEFAULT_SMART_ACCOUNTS. Ignored when `persistPath` already holds a state. */
  readonly smartAccounts?: readonly SmartAccountSeed[];
  /** The smart account (domain or name) `inventoryEntry()` names; default the first. */
  readonly smartAccount?: string;
  /** The virtual account `inventoryEntry()` names and SDK calls default to; default the account's default VA. */
  readonly virtualAccount?: string;
  /** On-prem / satellite host names (or addresses) added to the certificate and the resolver. */
  readonly onPremHosts?: readonly string[];
  /** Reuse TLS material (e.g. across restarts, so device trustpoints stay valid). */
  readonly tls?: CssmTlsMaterial;
  /** Load the state from this JSON file at start (when it exists) and save it after every change. */
  readonly persistPath?: string;
  /** Device calls must arrive through this proxy; direct ones have their connection dropped. */
  readonly requireProxy?: HttpProxy;
  /** `register … force` may move a product instance to the token's virtual account (default false: refused). */
  readonly allowVirtualAccountMove?: boolean;
  readonly accessTokenTtlSeconds?: number;
  readonly logger?: Logger;
  /** Randomness for `faults.failRate`. */
  readonly random?: () => number;
}

export interface EmulatorToken {
  readonly token: Secret;
  readonly smartAccount: string;
  readonly virtualAccount: string;
  readonly description: string;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly maxUses: number | null;
  readonly uses: number;
  readonly exportControlled: boolean;
  readonly status: TokenStatus;
}

export interface ProductInstanceView {
  readonly id: string;
  readonly smartAccount: string;
  readonly virtualAccount: string;
  readonly udi: Udi;
  readonly hostname: string;
  readonly swVersion: string;
  readonly softwareTag: string;
  readonly exportControlled: boolean;
  readonly idCertSerial: string;
  readonly idCertExpiresAt: string;
  readonly registeredAt: string;
  readonly lastContactAt: string;
  readonly usage: readonly UsageEntry[];
  readonly compliant: boolean;
}

export interface CssmStats {
  readonly oauth: number;
  readonly api: number;
  readonly device: number;
  /** API calls refused 401 for a missing / invalid / expired bearer token. */
  readonly unauthorized: number;
  /** Requests reset or answered 5xx by a fault knob. */
  readonly faulted: number;
  /** Device calls dropped because they did not come through the required proxy. */
  readonly rejectedDirect: number;
  /** Device calls that came through the required proxy. */
  readonly viaProxy: number;
  /** Device replies by status and failure code, e.g. `{ SUCCESS: 3, SYNC_LOST: 1 }`. */
  readonly deviceReplies: Readonly<Record<string, number>>;
}

export interface InstanceQuery {
  readonly pid?: string;
  readonly sn: string;
}

export interface CssmEmulator {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** `https://127.0.0.1:<port>`, undefined when HTTPS is off. */
  readonly httpsUrl: string | undefined;
  readonly host: string;
  readonly port: number;
  readonly httpsPort: number | undefined;
  /** PEM of the CA that signed the server certificate ('' when HTTPS is off). */
  readonly caPem: string;
  readonly tls: CssmTlsMaterial | undefined;
  readonly fingerprints: { readonly ca: Fingerprints; readonly server: Fingerprints } | undefined;
  readonly clientId: string;
  readonly clientSecret: Secret;
  /** Smart account domain, as API paths want it. */
  readonly smartAccount: string;
  readonly smartAccountName: string;
  readonly virtualAccount: string;
  readonly clock: Clock;
  readonly faults: CssmFaults;
  /** The inventory's `cssm` entry for this emulator (HTTP URL, inline secret, CA PEM). */
  inventoryEntry(): InventoryCssm;
  /** Host name → loopback listener, for every Cisco host and on-prem host, ports 80 / 443 / 8443. */
  resolverEntries(): ResolverEntry[];
  readonly resolve: Resolve;
  createToken(input?: CreateTokenInput & { readonly virtualAccount?: string; readonly smartAccount?: string }): EmulatorToken;
  listTokens(virtualAccount?: string): EmulatorToken[];
  revokeToken(token: string | Secret): boolean;
  /** Product instances of a virtual account (default: every virtual account of the smart account). */
  listProductInstances(virtualAccount?: string): ProductInstanceView[];
  findProductInstance(query: InstanceQuery): ProductInstanceView | undefined;
  /** The portal's Inventory → Product Instances → Remove (004:606-614): the device is not told (sync loss). */
  removeProductInstance(query: InstanceQuery): boolean;
  licenseUsage(virtualAccount?: string): LicenseUsage[];
  /** Adds or changes the purchased count of an entitlement. */
  setLicense(seed: LicenseSeed & { readonly virtualAccount?: string }): void;
  /** Require (or, with null, stop requiring) that device calls come through this proxy. */
  requireProxy(proxy: HttpProxy | null): void;
  stats(): CssmStats;
  /** A deep copy of the whole state. */
  snapshot(): CssmState;
  close(): Promise<void>;
}

const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * The path and query of a request target. Not `new URL(target, base)`: a path starting with `//` (clients that
 * double the slash, CSSM-API.md §0) would be read as a host. An absolute URI (a client treating us as a proxy)
 * keeps only its path.
 */
function splitTarget(target: string): { pathname: string; query: URLSearchParams } {
  let t = target;
  const abs = /^https?:\/\/[^/]*(\/.*)?$/i.exec(t);
  if (abs !== null) t = abs[1] ?? '/';
  const q = t.indexOf('?');
  return {
    pathname: normalisePath(q < 0 ? t : t.slice(0, q)),
    query: new URLSearchParams(q < 0 ? '' : t.slice(q + 1)),
  };
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

export async function startCssm(options: CssmEmulatorOptions = {}): Promise<CssmEmulator> {
  const log = options.logger ?? silentLogger;
  const clock = options.clock ?? systemClock;
  const host = options.host ?? '127.0.0.1';
  const clientId = options.clientId ?? 'smartlic-emulator';
  const clientSecret = toSecret(options.clientSecret ?? randomBytes(24).toString('base64url'));
  const persistPath = options.persistPath;

  const state = (persistPath === undefined ? undefined : loadState(persistPath)) ?? initialState(options.smartAccounts ?? DEFAULT_SMART_ACCOUNTS);
  const store = new CssmStore(state, clock, () => {
    if (persistPath !== undefined) saveState(persistPath, state);
  });
  if (persistPath !== undefined) saveState(persistPath, state);

  const sa = options.smartAccount === undefined ? state.smartAccounts[0] : store.smartAccount(options.smartAccount);
  if (sa === undefined) throw new InvalidArgumentError('smartAccount', `no smart account "${options.smartAccount}" in the emulator's accounts`);
  const va = options.virtualAccount === undefined ? store.defaultVirtualAccount(sa) : store.virtualAccount(sa, options.virtualAccount);
  if (va === undefined) throw new InvalidArgumentError('virtualAccount', `no virtual account "${options.virtualAccount}" in smart account "${sa.name}"`);

  const oauth = new OAuthService(
    [{ clientId, clientSecret }, ...(options.extraCredentials ?? []).map((c) => ({ clientId: c.clientId, clientSecret: toSecret(c.clientSecret) }))],
    clock,
    options.accessTokenTtlSeconds ?? ACCESS_TOKEN_TTL_SECONDS,
  );

  let requiredProxy: HttpProxy | null = options.requireProxy ?? null;
  const counters = { oauth: 0, api: 0, device: 0, unauthorized: 0, faulted: 0, rejectedDirect: 0, viaProxy: 0 };
  const deviceReplies: Record<string, number> = {};
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let closed = false;

  const ports: { http: number; https: number | undefined } = { http: options.port ?? 0, https: options.httpsPort ?? 0 };
  let listening = true;
  // The listeners, created below; the fault knobs close and reopen them.
  const listeners = (): Server[] => [httpServer, httpsServer].filter((s): s is Server => s !== undefined);

  const faults = new CssmFaults(
    options.random ?? Math.random,
    async (mode: UnreachableMode | null) => {
      if (mode === 'refuse' && listening) {
        listening = false;
        for (const s of sockets) s.destroy();
        await Promise.all(listeners().map((s) => new Promise<void>((r) => s.close(() => r()))));
      } else if (mode !== 'refuse' && !listening && !closed) {
        listening = true;
        await listen(httpServer, ports.http, host);
        if (httpsServer !== undefined && ports.https !== undefined) await listen(httpsServer, ports.https, host);
      }
    },
    (kind) => {
      if (httpsServer === undefined || tls === undefined) return;
      httpsServer.setSecureContext({ key: tls.keyPem, cert: kind === null ? tls.certPem : rejectedServerCertificate(tls, kind) });
    },
  );

  const deviceService = new DeviceService(store, {
    syncLost: (udi) => faults.isSyncLost(udi),
    registered: (udi) => faults.clearSyncLoss(udi),
    allowVirtualAccountMove: options.allowVirtualAccountMove ?? false,
  });

  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  const handleDevice = (req: IncomingMessage, res: ServerResponse, text: string): void => {
    counters.device += 1;
    if (req.method !== 'POST') {
      sendEmpty(res, 405, { allow: 'POST' });
      return;
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      const reply = deviceService.failure('MALFORMED_REQUEST', 'the body is not valid JSON');
      deviceReplies['MALFORMED_REQUEST'] = (deviceReplies['MALFORMED_REQUEST'] ?? 0) + 1;
      sendJson(res, 400, reply);
      return;
    }
    const parsed = parseDeviceMessage(body);
    let reply: DeviceReply;
    if (!parsed.ok) {
      reply = deviceService.failure('MALFORMED_REQUEST', parsed.reason, parsed);
    } else {
      reply = deviceService.handle(parsed.message);
    }
    const key = reply.status === 'SUCCESS' ? 'SUCCESS' : reply.error.code;
    deviceReplies[key] = (deviceReplies[key] ?? 0) + 1;
    log.debug({ udi: parsed.ok ? parsed.message.udi : undefined, messageType: reply.messageType, result: key }, 'cssm device message');
    sendJson(res, parsed.ok ? 200 : 400, reply);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const { pathname, query } = splitTarget(req.url ?? '/');
    const kind: TrafficKind = isDevicePath(pathname) ? 'device' : 'api';
    const decision = faults.decide(kind);
    if (decision.reset) {
      counters.faulted += 1;
      req.socket.destroy();
      return;
    }
    if (kind === 'device' && requiredProxy !== null) {
      if (!requiredProxy.ownsConnection(req.socket.remoteAddress, req.socket.remotePort)) {
        counters.rejectedDirect += 1;
        req.socket.destroy();
        return;
      }
      counters.viaProxy += 1;
    }
    const text = await readBody(req);
    if (decision.delayMs > 0) await sleep(decision.delayMs);
    if (closed || res.destroyed) return;
    if (decision.status !== 0) {
      counters.faulted += 1;
      sendJson(res, decision.status, { status: 'ERROR', statusMessage: 'Service temporarily unavailable' });
      return;
    }
    if (kind === 'device') {
      handleDevice(req, res, text);
      return;
    }
    if (OAUTH_TOKEN_PATHS.includes(pathname)) {
      counters.oauth += 1;
      if (req.method !== 'POST') {
        sendEmpty(res, 405, { allow: 'POST' });
        return;
      }
      const reply = oauth.issue({
        query,
        body: text,
        contentType: req.headers['content-type'] ?? '',
        authorization: req.headers.authorization,
      });
      sendJson(res, reply.status, reply.body);
      return;
    }
    const api = apiPath(pathname);
    if (api === undefined) {
      sendEmpty(res, 404);
      return;
    }
    counters.api += 1;
    const caller = oauth.verify(req.headers.authorization);
    if (caller === undefined) {
      counters.unauthorized += 1;
      sendEmpty(res, 401, { 'www-authenticate': 'Bearer error="invalid_token"' });
      return;
    }
    let body: unknown;
    if (text.trim() !== '') {
      try {
        body = JSON.parse(text);
      } catch {
        sendJson(res, 400, { status: 'ERROR', statusMessage: 'request body is not valid JSON' });
        return;
      }
    }
    const result = handleApi(store, api.family, api.rest, { method: req.method ?? 'GET', query, body, clientId: caller });
    log.debug({ method: req.method, path: pathname, status: result.status }, 'cssm api call');
    if (result.body === undefined) sendEmpty(res, result.status);
    else sendJson(res, result.status, result.body);
  };

  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    handle(req, res).catch((error: unknown) => {
      if (error instanceof BodyTooLargeError) {
        sendJson(res, 413, { status: 'ERROR', statusMessage: error.message });
        return;
      }
      log.error({ err: error, path: req.url }, 'cssm emulator request failed');
      sendJson(res, 500, { status: 'ERROR', statusMessage: 'internal error' });
    });
  };

  const onConnection = (socket: Socket): void => {
    if (faults.resetsConnections()) {
      counters.faulted += 1;
      socket.destroy();
      return;
    }
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  };

  const tls = options.https === false ? undefined : (options.tls ?? generateCssmTls({ hosts: options.onPremHosts ?? [] }));
  const httpServer = createHttpServer(onRequest);
  httpServer.on('connection', onConnection);
  httpServer.keepAliveTimeout = 5000;
  const httpsServer = tls === undefined ? undefined : createHttpsServer({ key: tls.keyPem, cert: tls.certPem }, onRequest);
  httpsServer?.on('connection', onConnection);
  httpsServer?.on('tlsClientError', () => undefined);
  if (httpsServer !== undefined) httpsServer.keepAliveTimeout = 5000;
  ports.http = await listen(httpServer, ports.http, host);
  ports.https = httpsServer === undefined ? undefined : await listen(httpsServer, ports.https ?? 0, host);

  const httpEndpoint: Endpoint = { host, port: ports.http };
  const httpsEndpoint: Endpoint | undefined = ports.https === undefined ? undefined : { host, port: ports.https };
  const entries = buildResolverEntries([...CISCO_HOSTS, ...(options.onPremHosts ?? [])], httpEndpoint, httpsEndpoint);
  const resolve: Resolve = (h, p) => resolveIn(entries, h, p);

  const tokenView = (t: TokenRecord): EmulatorToken => ({
    token: toSecret(t.token),
    smartAccount: t.smartAccount,
    virtualAccount: t.virtualAccount,
    description: t.description,
    createdBy: t.createdBy,
    createdAt: iso(t.createdAt),
    expiresAt: iso(t.expiresAt),
    maxUses: t.maxUses,
    uses: t.uses,
    exportControlled: t.exportControlled,
    status: store.tokenStatus(t),
  });
  const instanceView = (pi: ProductInstanceRecord, usage: ReadonlyMap<string, LicenseUsage> = store.usageLookup()(pi)): ProductInstanceView => ({
    id: pi.id,
    smartAccount: pi.smartAccount,
    virtualAccount: pi.virtualAccount,
    udi: { ...pi.udi },
    hostname: pi.hostname,
    swVersion: pi.swVersion,
    softwareTag: pi.softwareTag,
    exportControlled: pi.exportControlled,
    idCertSerial: pi.idCert.serial,
    idCertExpiresAt: iso(pi.idCert.notAfter),
    registeredAt: iso(pi.registeredAt),
    lastContactAt: iso(pi.lastContactAt),
    usage: pi.usage.map((u) => ({ ...u })),
    compliant: store.instanceCompliant(pi, usage),
  });
  const saDomain = sa.domain;
  const vaName = va.name;

  log.info({ url: `http://${host}:${ports.http}`, httpsPort: ports.https }, 'CSSM emulator listening');

  return {
    url: `http://${host}:${ports.http}`,
    httpsUrl: ports.https === undefined ? undefined : `https://${host}:${ports.https}`,
    host,
    port: ports.http,
    httpsPort: ports.https,
    caPem: tls?.caPem ?? '',
    tls,
    fingerprints: tls?.fingerprints,
    clientId,
    clientSecret,
    smartAccount: saDomain,
    smartAccountName: sa.name,
    virtualAccount: vaName,
    clock,
    faults,
    inventoryEntry: () => ({
      url: `http://${host}:${ports.http}`,
      clientId,
      clientSecret: clientSecret.reveal(),
      smartAccount: saDomain,
      virtualAccount: vaName,
      ...(tls === undefined ? {} : { caPem: tls.caPem }),
    }),
    resolverEntries: () => entries.map((e) => ({ ...e, target: { ...e.target } })),
    resolve,
    createToken: (input = {}) => {
      const { sa: tsa, va: tva } = store.account(input.smartAccount ?? saDomain, input.virtualAccount ?? vaName);
      const { virtualAccount: _va, smartAccount: _sa, ...rest } = input;
      return tokenView(store.createToken(tsa, tva, rest, clientId));
    },
    listTokens: (virtualAccount) => {
      const a = store.account(saDomain, virtualAccount ?? vaName);
      return store.tokens(a.sa, a.va).map(tokenView);
    },
    revokeToken: (token) => {
      const t = store.findToken(typeof token === 'string' ? token : token.reveal());
      if (t === undefined) return false;
      const a = store.account(t.smartAccount, t.virtualAccount);
      return store.revokeToken(a.sa, a.va, t.token) === 'revoked';
    },
    listProductInstances: (virtualAccount) => {
      const a = store.account(saDomain, virtualAccount ?? vaName);
      const usage = store.usageLookup();
      return store.instances(a.sa, virtualAccount === undefined ? undefined : a.va).map((pi) => instanceView(pi, usage(pi)));
    },
    findProductInstance: (query) => {
      const pi = store.findInstance(query);
      return pi === undefined ? undefined : instanceView(pi);
    },
    removeProductInstance: (query) => {
      const pi = store.findInstance(query);
      if (pi === undefined) return false;
      store.removeInstance(pi);
      return true;
    },
    licenseUsage: (virtualAccount) => {
      const a = store.account(saDomain, virtualAccount ?? vaName);
      return store.licenseUsage(a.sa, a.va);
    },
    setLicense: (seed) => {
      const { virtualAccount, ...license } = seed;
      store.setLicense(store.account(saDomain, virtualAccount ?? vaName).va, license);
    },
    requireProxy: (proxy) => {
      requiredProxy = proxy;
    },
    stats: () => ({ ...counters, deviceReplies: { ...deviceReplies } }),
    snapshot: () => structuredClone(state),
    close: async () => {
      if (closed) return;
      closed = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      for (const s of sockets) s.destroy();
      await Promise.all(
        listeners().map(
          (s) =>
            new Promise<void>((r) => {
              if (!s.listening) {
                r();
                return;
              }
              s.close(() => r());
              s.closeAllConnections();
            }),
        ),
      );
      log.info('CSSM emulator closed');
    },
  };
}
