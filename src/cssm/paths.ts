/**
 * Request building for both CSSM API families (CSSM-API.md §2), pure: an operation → method, path (relative to the
 * API base) and body. `{d}` is the smart account domain; names are URL-encoded (virtual accounts can contain
 * spaces, AB).
 */
import type { CssmPathFamily } from './types.js';

export const APX_PREFIX = '/v1/software/apis';
export const LEGACY_PREFIX = '/services/api/smart-accounts-and-licensing';

export interface ApiCall {
  readonly method: 'GET' | 'POST';
  /** Path with query, relative to the API base. */
  readonly path: string;
  readonly body?: unknown;
}

const e = encodeURIComponent;

function query(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) q.set(k, String(v));
  const s = q.toString();
  return s === '' ? '' : `?${s}`;
}

/** The API base for a service URL: the URL itself when it already ends with the family's prefix. */
export function apiBase(url: string, family: CssmPathFamily): string {
  const base = url.replace(/\/+$/, '');
  const prefix = family === 'apx' ? APX_PREFIX : LEGACY_PREFIX;
  return base.endsWith(prefix) ? base : `${base}${prefix}`;
}

/** The OAuth token endpoint when none is configured: `<url>/oauth2/default/v1/token` (API prefix dropped). */
export function defaultTokenUrl(url: string): string {
  let base = url.replace(/\/+$/, '');
  for (const prefix of [APX_PREFIX, LEGACY_PREFIX]) if (base.endsWith(prefix)) base = base.slice(0, -prefix.length);
  return `${base}/oauth2/default/v1/token`;
}

export interface TokenBody {
  readonly description?: string;
  readonly expiresAfterDays?: number;
  readonly maxUses?: number;
  readonly exportControlled?: boolean;
}

export function createTokenCall(family: CssmPathFamily, d: string, va: string, input: TokenBody): ApiCall {
  const body = {
    ...(input.description === undefined ? {} : { description: input.description }),
    ...(input.expiresAfterDays === undefined ? {} : { expiresAfterDays: input.expiresAfterDays }),
    ...(input.maxUses === undefined ? {} : { maxUses: input.maxUses }),
    exportControlled: input.exportControlled === true ? 'Allowed' : 'Not Allowed',
  };
  return family === 'apx'
    ? { method: 'POST', path: `/licensing/v1/account/${e(d)}/virtual-account/${e(va)}/token/create`, body }
    : { method: 'POST', path: `/v1/accounts/${e(d)}/virtual-accounts/${e(va)}/tokens`, body };
}

export function listTokensCall(family: CssmPathFamily, d: string, va: string): ApiCall {
  return family === 'apx'
    ? { method: 'GET', path: `/licensing/v1/account/${e(d)}/virtual-account/${e(va)}/token/list` }
    : { method: 'GET', path: `/v1/accounts/${e(d)}/virtual-accounts/${e(va)}/tokens` };
}

export function revokeTokensCall(family: CssmPathFamily, d: string, va: string, tokens: readonly string[]): ApiCall {
  const body = { tokens };
  return family === 'apx'
    ? { method: 'POST', path: `/licensing/v1/account/${e(d)}/virtual-account/${e(va)}/token/revoke`, body }
    : { method: 'POST', path: `/v1/accounts/${e(d)}/virtual-accounts/${e(va)}/tokens/revoke`, body };
}

export function licensesCall(family: CssmPathFamily, d: string, vas: readonly string[], limit: number, offset: number): ApiCall {
  const body = { virtualAccounts: vas, limit, offset };
  return family === 'apx'
    ? { method: 'POST', path: `/licensing/v1/account/${e(d)}/report-usage-partner`, body }
    : { method: 'POST', path: `/v1/accounts/${e(d)}/licenses`, body };
}

export function devicesCall(family: CssmPathFamily, d: string, va: string, limit: number, offset: number): ApiCall {
  return family === 'apx'
    ? { method: 'GET', path: `/licensing/v2/accounts/${e(d)}/devices${query({ virtualAccountName: va, limit, offset })}` }
    : { method: 'POST', path: `/v1/accounts/${e(d)}/devices`, body: { virtualAccounts: [va], limit, offset } };
}

export interface RemoveRequest {
  readonly pid: string;
  readonly sn: string;
  readonly productTagName?: string;
}

export function removeDevicesCall(family: CssmPathFamily, d: string, va: string, requests: readonly RemoveRequest[]): ApiCall {
  const items = requests.map((r) => ({
    sudi: { udiPid: r.pid, udiSerialNumber: r.sn },
    ...(r.productTagName === undefined ? {} : { productTagName: r.productTagName }),
  }));
  return family === 'apx'
    ? { method: 'POST', path: `/licensing/v3/accounts/${e(d)}/devices/remove${query({ virtualAccountName: va })}`, body: { productInstancesRemoveRequests: items } }
    : // the legacy API's own spelling (sic), as EZ sends it
      { method: 'POST', path: `/v2/accounts/${e(d)}/virtual-accounts/${e(va)}/devices/remove`, body: { productInstacesRemoveRequests: items } };
}

export function virtualAccountsCall(family: CssmPathFamily, d: string): ApiCall {
  return family === 'apx'
    ? { method: 'GET', path: `/pnp/v2/accounts/${e(d)}/virtual-accounts` }
    : { method: 'GET', path: `/v1/accounts/${e(d)}/customer/virtual-accounts` };
}
