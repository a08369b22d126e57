/**
 * Typed client of the CSSM REST API (Cisco Smart Software Manager): registration tokens, licenses, product
 * instances. Either path family (APX by default, legacy swapi), OAuth client credentials with a cached token and
 * one re-authentication after an API 401, per-request timeouts, bounded retries (p-retry) of transient failures
 * only (network, timeout, 429, 5xx). Every failure is a CssmError naming the method and URL; the client secret
 * never appears in one, nor in a log line.
 */
import pRetry from 'p-retry';
import { systemClock, type Clock } from '../clock.js';
import { CancelledError, CssmError, InvalidArgumentError } from '../errors.js';
import { silentLogger, type Logger } from '../log.js';
import { toSecret, type Secret } from '../secret.js';
import { AccessTokenProvider } from './access-token.js';
import { createCaFetch } from './ca-fetch.js';
import {
  apiBase,
  createTokenCall,
  defaultTokenUrl,
  devicesCall,
  licensesCall,
  listTokensCall,
  removeDevicesCall,
  revokeTokensCall,
  virtualAccountsCall,
  type ApiCall,
} from './paths.js';
import {
  bodyFailure,
  bodyText,
  errorDetail,
  parseCreatedToken,
  parseDevices,
  parseItemStatuses,
  parseLicenses,
  parseTokens,
  parseVirtualAccounts,
} from './response.js';
import type {
  CreateTokenOptions,
  CssmLicense,
  CssmPathFamily,
  CssmProductInstance,
  CssmToken,
  CssmVirtualAccount,
  FetchLike,
  ProductInstanceQuery,
  RemoveInstanceResult,
  RevokeResult,
} from './types.js';

export interface CssmClientOptions {
  /** Service URL (`https://apx.cisco.com`, an emulator's URL) or a full API base ending with the family prefix. */
  readonly url: string;
  readonly clientId: string;
  readonly clientSecret: Secret | string;
  /** Smart account domain (`{d}` in API paths). */
  readonly smartAccount: string;
  /** Virtual account used when a call names none. */
  readonly virtualAccount?: string;
  /** Default `<url>/oauth2/default/v1/token`; Cisco's is `https://id.cisco.com/oauth2/default/v1/token`. */
  readonly tokenUrl?: string;
  readonly pathFamily?: CssmPathFamily;
  /** PEM of a private CA to trust for HTTPS (SSM On-Prem, the emulator). */
  readonly caPem?: string;
  /** Per request, default 30 000 ms. */
  readonly timeoutMs?: number;
  /** Retries of a transient failure, default 3 (so at most 4 attempts). */
  readonly retries?: number;
  /** First retry delay, default 500 ms, doubling, capped at 8 s. */
  readonly retryMinTimeoutMs?: number;
  /** Refresh the access token this long before it expires, default 60 000 ms. */
  readonly refreshMarginMs?: number;
  /** Rows per page for licenses and product instances, default 50. */
  readonly pageSize?: number;
  readonly clock?: Clock;
  readonly fetch?: FetchLike;
  readonly logger?: Logger;
  readonly signal?: AbortSignal;
}

/** The `cssm` entry of a loaded inventory (src/inventory/load.ts ResolvedCssm) is enough to build a client. */
export interface CssmAccount {
  readonly url: string;
  readonly clientId: string;
  readonly clientSecret: Secret;
  readonly smartAccount: string;
  readonly virtualAccount: string;
  readonly tokenUrl?: string;
  readonly caPem?: string;
}

const MAX_PAGES = 1000;

function isTransient(error: unknown): boolean {
  return error instanceof CssmError && (error.status === 0 || error.status === 429 || error.status >= 500);
}

export class CssmClient {
  readonly family: CssmPathFamily;
  readonly base: string;
  readonly tokenUrl: string;
  readonly smartAccount: string;
  readonly virtualAccount: string | undefined;
  readonly #fetch: FetchLike;
  readonly #tokens: AccessTokenProvider;
  readonly #log: Logger;
  readonly #timeoutMs: number;
  readonly #retries: number;
  readonly #minTimeout: number;
  readonly #pageSize: number;
  readonly #signal: AbortSignal | undefined;

  constructor(options: CssmClientOptions) {
    for (const [name, value] of [
      ['url', options.url],
      ['clientId', options.clientId],
      ['smartAccount', options.smartAccount],
    ] as const) {
      if (typeof value !== 'string' || value.trim() === '') throw new InvalidArgumentError(name, 'must be a non-empty string');
    }
    for (const [name, value] of [
      ['url', options.url],
      ['tokenUrl', options.tokenUrl],
    ] as const) {
      if (value !== undefined && !/^https?:\/\/[^\s/]+/i.test(value)) throw new InvalidArgumentError(name, `"${value}" is not an http(s) URL`);
    }
    this.family = options.pathFamily ?? 'apx';
    this.base = apiBase(options.url, this.family);
    this.tokenUrl = options.tokenUrl ?? defaultTokenUrl(options.url);
    this.smartAccount = options.smartAccount;
    this.virtualAccount = options.virtualAccount;
    this.#fetch = options.fetch ?? (options.caPem ? createCaFetch(options.caPem) : (url, init) => fetch(url, init));
    this.#log = options.logger ?? silentLogger;
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#retries = options.retries ?? 3;
    this.#minTimeout = options.retryMinTimeoutMs ?? 500;
    this.#pageSize = options.pageSize ?? 50;
    this.#signal = options.signal;
    this.#tokens = new AccessTokenProvider({
      tokenUrl: this.tokenUrl,
      clientId: options.clientId,
      clientSecret: toSecret(options.clientSecret),
      clock: options.clock ?? systemClock,
      refreshMarginMs: options.refreshMarginMs ?? 60_000,
      post: (url, body, headers) => this.#send('POST', url, body, headers),
    });
  }

  /** A client for an inventory's `cssm` entry. */
  static fromAccount(account: CssmAccount, options: Partial<Omit<CssmClientOptions, keyof CssmAccount>> = {}): CssmClient {
    return new CssmClient({
      ...options,
      url: account.url,
      clientId: account.clientId,
      clientSecret: account.clientSecret,
      smartAccount: account.smartAccount,
      virtualAccount: account.virtualAccount,
      ...(account.tokenUrl === undefined ? {} : { tokenUrl: account.tokenUrl }),
      ...(account.caPem === undefined ? {} : { caPem: account.caPem }),
    });
  }

  // ------------------------------------------------------------ operations

  async createToken(options: CreateTokenOptions = {}): Promise<CssmToken> {
    const va = this.#va(options.virtualAccount);
    if (options.expiresAfterDays !== undefined && (!Number.isInteger(options.expiresAfterDays) || options.expiresAfterDays < 1 || options.expiresAfterDays > 365)) {
      throw new InvalidArgumentError('expiresAfterDays', `must be an integer between 1 and 365, got ${options.expiresAfterDays}`);
    }
    if (options.maxUses !== undefined && (!Number.isInteger(options.maxUses) || options.maxUses < 1)) {
      throw new InvalidArgumentError('maxUses', `must be a positive integer, got ${options.maxUses}`);
    }
    const call = createTokenCall(this.family, this.smartAccount, va, options);
    const body = await this.#call(call);
    const token = parseCreatedToken(body, va);
    if (token === undefined) throw new CssmError(call.method, this.#url(call), 200, 'the answer carries no tokenInfo.token');
    return token;
  }

  async listTokens(options: { readonly virtualAccount?: string } = {}): Promise<CssmToken[]> {
    const va = this.#va(options.virtualAccount);
    return parseTokens(await this.#call(listTokensCall(this.family, this.smartAccount, va)), va);
  }

  /** Revokes tokens; one result per token, in order (HTTP 200 with per-token failures does not throw). */
  async revokeTokens(tokens: readonly (Secret | string)[], options: { readonly virtualAccount?: string } = {}): Promise<RevokeResult[]> {
    if (tokens.length === 0) return [];
    const va = this.#va(options.virtualAccount);
    const plain = tokens.map((t) => (typeof t === 'string' ? t : t.reveal()));
    const call = revokeTokensCall(this.family, this.smartAccount, va, plain);
    const body = await this.#call(call, { allowBodyFailure: true });
    const statuses = parseItemStatuses(body, 'tokensRevokeStatus');
    if (statuses.length !== plain.length) {
      const failure = bodyFailure(body);
      if (failure !== undefined) throw new CssmError(call.method, this.#url(call), 200, failure);
      return plain.map(() => ({ revoked: true, message: '' }));
    }
    return statuses.map((s) => ({ revoked: s.ok, message: s.message }));
  }

  /** Revokes one token; a per-token failure (unknown, already revoked) is a CssmError. */
  async revokeToken(token: Secret | string, options: { readonly virtualAccount?: string } = {}): Promise<void> {
    const [result] = await this.revokeTokens([token], options);
    if (result !== undefined && !result.revoked) {
      const call = revokeTokensCall(this.family, this.smartAccount, this.#va(options.virtualAccount), []);
      throw new CssmError(call.method, this.#url(call), 200, `token not revoked: ${result.message}`);
    }
  }

  /** Licenses of the virtual accounts (default: the client's; `[]` = every one), all pages. */
  async listLicenses(options: { readonly virtualAccounts?: readonly string[] } = {}): Promise<CssmLicense[]> {
    const vas = options.virtualAccounts ?? (this.virtualAccount === undefined ? [] : [this.virtualAccount]);
    const out: CssmLicense[] = [];
    for (let pageNo = 0, offset = 0; pageNo < MAX_PAGES; pageNo++) {
      const { total, licenses } = parseLicenses(await this.#call(licensesCall(this.family, this.smartAccount, vas, this.#pageSize, offset)));
      out.push(...licenses);
      offset += licenses.length;
      if (licenses.length === 0 || offset >= total) break;
    }
    return out;
  }

  /** Product instances of a virtual account, all pages. */
  async listProductInstances(options: { readonly virtualAccount?: string } = {}): Promise<CssmProductInstance[]> {
    const va = this.#va(options.virtualAccount);
    const out: CssmProductInstance[] = [];
    for (let pageNo = 0, offset = 0; pageNo < MAX_PAGES; pageNo++) {
      const { total, devices } = parseDevices(await this.#call(devicesCall(this.family, this.smartAccount, va, this.#pageSize, offset)), va);
      out.push(...devices);
      offset += devices.length;
      if (devices.length === 0 || offset >= total) break;
    }
    return out;
  }

  /** The product instance with this serial number (and PID, when given), or undefined. */
  async findProductInstance(query: ProductInstanceQuery, options: { readonly virtualAccount?: string } = {}): Promise<CssmProductInstance | undefined> {
    const all = await this.listProductInstances(options);
    return all.find((pi) => pi.udi.sn === query.sn && (query.pid === undefined || pi.udi.pid === query.pid));
  }

  /**
   * Removes a product instance (RMA). Without a PID the instance is looked up first. `removed: false` when CSSM
   * does not have it (or refuses, with its message); transport and auth failures throw.
   */
  async removeProductInstance(
    query: ProductInstanceQuery,
    options: { readonly virtualAccount?: string; readonly productTagName?: string } = {},
  ): Promise<RemoveInstanceResult> {
    if (typeof query.sn !== 'string' || query.sn.trim() === '') throw new InvalidArgumentError('sn', 'a serial number is required');
    const va = this.#va(options.virtualAccount);
    let pid = query.pid;
    let productTagName = options.productTagName;
    if (pid === undefined) {
      const found = await this.findProductInstance(query, { virtualAccount: va });
      if (found === undefined) return { removed: false, message: `no product instance with SN ${query.sn} in virtual account "${va}"` };
      pid = found.udi.pid;
      productTagName ??= found.productTagName || undefined;
    }
    const call = removeDevicesCall(this.family, this.smartAccount, va, [
      { pid, sn: query.sn, ...(productTagName === undefined ? {} : { productTagName }) },
    ]);
    const body = await this.#call(call, { allowBodyFailure: true });
    const [status] = parseItemStatuses(body, 'removeProductInstancesStatus');
    if (status !== undefined) return { removed: status.ok, message: status.message };
    const failure = bodyFailure(body);
    return failure === undefined ? { removed: true, message: '' } : { removed: false, message: failure };
  }

  async listVirtualAccounts(): Promise<CssmVirtualAccount[]> {
    return parseVirtualAccounts(await this.#call(virtualAccountsCall(this.family, this.smartAccount)));
  }

  // ------------------------------------------------------------ plumbing

  #va(name: string | undefined): string {
    const va = name ?? this.virtualAccount;
    if (va === undefined || va.trim() === '') throw new InvalidArgumentError('virtualAccount', 'no virtual account given and the client has no default');
    return va;
  }

  #url(call: ApiCall): string {
    return `${this.base}${call.path}`;
  }

  /** One API call with retries of transient failures and one re-authentication after a 401. */
  async #call(call: ApiCall, options: { readonly allowBodyFailure?: boolean } = {}): Promise<unknown> {
    const url = this.#url(call);
    const payload = call.body === undefined ? undefined : JSON.stringify(call.body);
    let reauthenticated = false;
    const attempt = async (): Promise<unknown> => {
      let token = await this.#tokens.get();
      let reply = await this.#send(call.method, url, payload, this.#headers(token, payload !== undefined));
      if (reply.status === 401 && !reauthenticated) {
        reauthenticated = true;
        this.#log.debug({ method: call.method, url }, 'CSSM answered 401; re-authenticating once');
        this.#tokens.invalidate();
        token = await this.#tokens.get();
        reply = await this.#send(call.method, url, payload, this.#headers(token, payload !== undefined));
      }
      if (reply.status < 200 || reply.status >= 300) throw new CssmError(call.method, url, reply.status, errorDetail(reply.text));
      let body: unknown = {};
      if (reply.text.trim() !== '') {
        try {
          body = JSON.parse(reply.text);
        } catch {
          throw new CssmError(call.method, url, reply.status, `answer is not JSON: ${bodyText(reply.text).slice(0, 80)}`);
        }
      }
      if (!options.allowBodyFailure) {
        const failure = bodyFailure(body);
        if (failure !== undefined) throw new CssmError(call.method, url, reply.status, failure);
      }
      return body;
    };
    return pRetry(attempt, {
      retries: this.#retries,
      factor: 2,
      minTimeout: this.#minTimeout,
      maxTimeout: 8000,
      randomize: true,
      ...(this.#signal === undefined ? {} : { signal: this.#signal }),
      shouldRetry: ({ error }) => isTransient(error),
      onFailedAttempt: ({ error, attemptNumber, retriesLeft }) => {
        if (isTransient(error) && retriesLeft > 0) {
          this.#log.debug({ method: call.method, url, attempt: attemptNumber, retriesLeft, error: error.message }, 'CSSM call failed; retrying');
        }
      },
    });
  }

  #headers(token: Secret, hasBody: boolean): Record<string, string> {
    return {
      authorization: `Bearer ${token.reveal()}`,
      accept: 'application/json',
      ...(hasBody ? { 'content-type': 'application/json' } : {}),
    };
  }

  /** One HTTP exchange; timeouts and network errors become CssmError with status 0. */
  async #send(method: string, url: string, body: string | undefined, headers: Record<string, string>): Promise<{ status: number; text: string }> {
    if (this.#signal?.aborted) throw new CancelledError(`CSSM ${method} ${url}`);
    const timeout = AbortSignal.timeout(this.#timeoutMs);
    const signal = this.#signal === undefined ? timeout : AbortSignal.any([timeout, this.#signal]);
    try {
      const res = await this.#fetch(url, { method, headers, ...(body === undefined ? {} : { body }), signal });
      const text = await res.text();
      this.#log.debug({ method, url, status: res.status }, 'CSSM call');
      return { status: res.status, text };
    } catch (error) {
      if (this.#signal?.aborted) throw new CancelledError(`CSSM ${method} ${url}`, { cause: error });
      if (timeout.aborted) throw new CssmError(method, url, 0, `timed out after ${this.#timeoutMs} ms`, { cause: error });
      const cause = error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
      throw new CssmError(method, url, 0, `network error: ${cause}`, { cause: error });
    }
  }
}
