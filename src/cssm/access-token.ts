/**
 * OAuth 2.0 client-credentials access token for the CSSM API, cached until shortly before it expires (DP refreshes
 * 5 min early, MCP 60 s; we default to 60 s) and shared by concurrent callers. The client secret goes only into
 * the form body of the token request; it is never put in a URL, a log line or an error.
 */
import type { Clock } from '../clock.js';
import { CssmError } from '../errors.js';
import { Secret } from '../secret.js';
import { asObject, bodyText } from './response.js';

export interface AccessTokenOptions {
  readonly tokenUrl: string;
  readonly clientId: string;
  readonly clientSecret: Secret;
  readonly clock: Clock;
  /** Refresh this long before `expires_in` runs out. */
  readonly refreshMarginMs: number;
  /** Sends one HTTP request (timeouts and network errors are the caller's, as CssmError). */
  readonly post: (url: string, body: string, headers: Record<string, string>) => Promise<{ status: number; text: string }>;
}

export class AccessTokenProvider {
  #token: Secret | undefined;
  #expiresAt = 0;
  #pending: Promise<Secret> | undefined;

  constructor(private readonly options: AccessTokenOptions) {}

  /** A valid access token, from the cache or a new token request. */
  get(): Promise<Secret> {
    if (this.#token !== undefined && this.options.clock.now() < this.#expiresAt - this.options.refreshMarginMs) {
      return Promise.resolve(this.#token);
    }
    this.#pending ??= this.fetch().finally(() => {
      this.#pending = undefined;
    });
    return this.#pending;
  }

  /** Forgets the cached token (after an API 401). */
  invalidate(): void {
    this.#token = undefined;
    this.#expiresAt = 0;
  }

  private async fetch(): Promise<Secret> {
    const { tokenUrl, clientId, clientSecret } = this.options;
    const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret.reveal() });
    const reply = await this.options.post(tokenUrl, form.toString(), {
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
    });
    if (reply.status < 200 || reply.status >= 300) {
      throw new CssmError('POST', tokenUrl, reply.status, bodyText(reply.text));
    }
    let body: Record<string, unknown>;
    try {
      body = asObject(JSON.parse(reply.text));
    } catch {
      throw new CssmError('POST', tokenUrl, reply.status, `token endpoint answered non-JSON: ${bodyText(reply.text).slice(0, 80)}`);
    }
    const accessToken = body['access_token'];
    if (typeof accessToken !== 'string' || accessToken === '') {
      throw new CssmError('POST', tokenUrl, reply.status, 'token endpoint answered without access_token');
    }
    const expiresIn = typeof body['expires_in'] === 'number' ? body['expires_in'] : Number(body['expires_in'] ?? 3599);
    this.#token = new Secret(accessToken);
    this.#expiresAt = this.options.clock.now() + (Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : 3599) * 1000;
    return this.#token;
  }
}
