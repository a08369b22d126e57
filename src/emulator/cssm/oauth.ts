/**
 * OAuth 2.0 client-credentials token endpoint as Cisco's (CSSM-API.md §1): `POST /oauth2/default/v1/token` (current,
 * id.cisco.com), `POST /as/token.oauth2` (legacy, cloudsso.cisco.com) and `POST /oauth/token` (SSM On-Prem).
 * Credentials are read from a form body, a JSON body, URL query parameters (EZ, SLA send them that way) or an
 * HTTP Basic header; the body wins over the query.
 */
import { randomBytes } from 'node:crypto';
import type { Clock } from '../../clock.js';
import { registerSecretValue, type Secret } from '../../secret.js';

export const OAUTH_TOKEN_PATHS: readonly string[] = ['/oauth2/default/v1/token', '/as/token.oauth2', '/oauth/token'];

export const ACCESS_TOKEN_TTL_SECONDS = 3599;

export interface ApiCredential {
  readonly clientId: string;
  readonly clientSecret: Secret;
}

export interface TokenRequest {
  readonly query: URLSearchParams;
  readonly body: string;
  readonly contentType: string;
  readonly authorization: string | undefined;
}

export interface OAuthReply {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

interface Grant {
  readonly clientId: string;
  readonly expiresAt: number;
}

function bodyFields(req: TokenRequest): URLSearchParams {
  const fields = new URLSearchParams(req.query);
  let body: URLSearchParams | undefined;
  if (/json/i.test(req.contentType)) {
    try {
      const parsed = JSON.parse(req.body) as unknown;
      if (parsed !== null && typeof parsed === 'object') {
        body = new URLSearchParams();
        for (const [k, v] of Object.entries(parsed)) if (typeof v === 'string') body.set(k, v);
      }
    } catch {
      body = undefined;
    }
  } else if (req.body.length > 0) {
    body = new URLSearchParams(req.body);
  }
  for (const [k, v] of body ?? []) fields.set(k, v);
  const basic = /^Basic\s+(\S+)$/i.exec(req.authorization ?? '');
  if (basic?.[1] !== undefined && !fields.has('client_id')) {
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0) {
      fields.set('client_id', decodeURIComponent(decoded.slice(0, colon)));
      fields.set('client_secret', decodeURIComponent(decoded.slice(colon + 1)));
    }
  }
  return fields;
}

export class OAuthService {
  readonly #grants = new Map<string, Grant>();
  readonly #credentials: ApiCredential[];

  constructor(
    credentials: readonly ApiCredential[],
    private readonly clock: Clock,
    private readonly ttlSeconds = ACCESS_TOKEN_TTL_SECONDS,
  ) {
    this.#credentials = [...credentials];
  }

  issue(req: TokenRequest): OAuthReply {
    const fields = bodyFields(req);
    const grantType = fields.get('grant_type');
    if (!grantType) return { status: 400, body: { error: 'invalid_request', error_description: 'grant_type is required' } };
    if (grantType !== 'client_credentials') {
      return { status: 400, body: { error: 'unsupported_grant_type', error_description: `grant_type ${grantType} is not supported` } };
    }
    const clientId = fields.get('client_id') ?? '';
    const clientSecret = fields.get('client_secret') ?? '';
    const match = this.#credentials.find((c) => c.clientId === clientId && c.clientSecret.equals(clientSecret));
    if (match === undefined) return { status: 401, body: { error: 'invalid_client' } };
    const now = this.clock.now();
    for (const [token, grant] of this.#grants) if (grant.expiresAt <= now) this.#grants.delete(token);
    const accessToken = randomBytes(32).toString('base64url');
    // Remembered as a secret so that any log line quoting it is redacted.
    registerSecretValue(accessToken);
    this.#grants.set(accessToken, { clientId, expiresAt: now + this.ttlSeconds * 1000 });
    return { status: 200, body: { access_token: accessToken, token_type: 'Bearer', expires_in: this.ttlSeconds, scope: 'api' } };
  }

  /** The client id behind a valid, unexpired `Authorization: Bearer …` header. */
  verify(authorization: string | undefined): string | undefined {
    const m = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (m?.[1] === undefined) return undefined;
    const grant = this.#grants.get(m[1]);
    if (grant === undefined) return undefined;
    if (grant.expiresAt <= this.clock.now()) {
      this.#grants.delete(m[1]);
      return undefined;
    }
    return grant.clientId;
  }
}
