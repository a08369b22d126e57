/**
 * The CSSM REST API, both path families of CSSM-API.md §2:
 * - APX "Software APIs": `/v1/software/apis/<family>/…` (SPEC);
 * - legacy swapi: `/services/api/smart-accounts-and-licensing/v1|v2/…`, with the doubled-slash and doubled-prefix
 *   forms some clients send (CSSM-API.md §0), and the SSM On-Prem alias `/api/v1/…`.
 * Response shapes follow the documented ones; fields marked [INF] are ours (max uses, token status, the
 * entitlement tag next to a license name), as no public source documents them.
 */
import { InvalidArgumentError } from '../../errors.js';
import { entitlementKey, udiText, type ProductInstanceRecord, type SmartAccountRecord, type TokenRecord, type VirtualAccountRecord } from './model.js';
import type { CssmStore, LicenseUsage } from './store.js';
import { normalisePath } from './http-message.js';

export type PathFamily = 'apx' | 'legacy';

export const APX_PREFIX = '/v1/software/apis';
export const LEGACY_PREFIX = '/services/api/smart-accounts-and-licensing';

export interface ApiRequest {
  readonly method: string;
  readonly query: URLSearchParams;
  /** Parsed JSON body; undefined when there was none. */
  readonly body: unknown;
  /** OAuth client id of the bearer token. */
  readonly clientId: string;
}

export interface ApiResult {
  readonly status: number;
  /** undefined = empty body. */
  readonly body?: unknown;
}

type Params = readonly string[];
type Handler = (store: CssmStore, req: ApiRequest, params: Params) => ApiResult;

interface Route {
  readonly family: PathFamily;
  readonly method: 'GET' | 'POST';
  readonly pattern: RegExp;
  readonly handler: Handler;
}

/** Splits a request path into its API family and the path inside it, or undefined when it is not an API path. */
export function apiPath(pathname: string): { family: PathFamily; rest: string } | undefined {
  let p = normalisePath(pathname);
  p = p.replace(/^(?:\/services\/api)+(?=\/)/, '/services/api');
  p = p.replace(/^(?:\/services\/api\/smart-accounts-and-licensing)+(?=\/)/, LEGACY_PREFIX);
  if (p.startsWith(`${APX_PREFIX}/`)) return { family: 'apx', rest: p.slice(APX_PREFIX.length) };
  if (p.startsWith(`${LEGACY_PREFIX}/`)) return { family: 'legacy', rest: p.slice(LEGACY_PREFIX.length) };
  if (p.startsWith('/api/v1/')) return { family: 'legacy', rest: p.slice('/api'.length) };
  return undefined;
}

// ---------------------------------------------------------------- helpers

class ApiFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const iso = (ms: number): string => new Date(ms).toISOString();

function errorBody(message: string): Record<string, unknown> {
  return { status: 'ERROR', statusMessage: message };
}

function smartAccount(store: CssmStore, ref: string): SmartAccountRecord {
  const sa = store.smartAccount(ref);
  if (sa === undefined) throw new ApiFailure(404, `Smart account "${ref}" not found`);
  return sa;
}

function virtualAccount(store: CssmStore, sa: SmartAccountRecord, name: string): VirtualAccountRecord {
  const va = store.virtualAccount(sa, name);
  if (va === undefined) throw new ApiFailure(404, `Virtual account "${name}" not found in smart account "${sa.name}"`);
  return va;
}

function bodyObject(req: ApiRequest): Record<string, unknown> {
  if (req.body === undefined) return {};
  if (req.body === null || typeof req.body !== 'object' || Array.isArray(req.body)) throw new ApiFailure(400, 'request body must be a JSON object');
  return req.body as Record<string, unknown>;
}

function integerField(value: unknown, name: string): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const n = typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n)) throw new ApiFailure(400, `${name} must be an integer`);
  return n;
}

/** `exportControlled`: "Allowed" / "Not Allowed" in any case (SPEC), or a boolean. */
function exportField(value: unknown): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const v = value.trim().toLowerCase().replace(/[\s_-]+/g, '');
    if (v === 'allowed' || v === 'true' || v === 'yes') return true;
    if (v === 'notallowed' || v === 'false' || v === 'no') return false;
  }
  throw new ApiFailure(400, 'exportControlled must be "Allowed" or "Not Allowed"');
}

function page<T>(rows: readonly T[], limit: number | undefined, offset: number | undefined): T[] {
  const start = Math.max(0, offset ?? 0);
  const size = limit === undefined ? 50 : limit;
  return size < 0 ? rows.slice(start) : rows.slice(start, start + size);
}

/** The virtual accounts a licenses/devices body selects: `virtualAccounts: [names]`, empty = all. */
function selectedVirtualAccounts(store: CssmStore, sa: SmartAccountRecord, names: unknown): VirtualAccountRecord[] {
  if (names === undefined || names === null) return sa.virtualAccounts;
  if (!Array.isArray(names) || !names.every((n) => typeof n === 'string')) throw new ApiFailure(400, 'virtualAccounts must be an array of names');
  if (names.length === 0) return sa.virtualAccounts;
  return (names as string[]).map((n) => virtualAccount(store, sa, n));
}

// ---------------------------------------------------------------- JSON shapes

function tokenJson(store: CssmStore, t: TokenRecord): Record<string, unknown> {
  const status = store.tokenStatus(t);
  return {
    token: t.token,
    expirationDate: iso(t.expiresAt),
    description: t.description,
    exportControl: t.exportControlled ? 'Allowed' : 'Not Allowed',
    createdBy: t.createdBy,
    createdDate: iso(t.createdAt), // [INF]
    maxUses: t.maxUses, // [INF] null = unlimited
    uses: t.uses, // [INF] the UI's "Uses" column (001:380)
    status: status === 'used-up' ? 'USED_UP' : status.toUpperCase(), // [INF]
  };
}

function licenseJson(u: LicenseUsage, family: PathFamily): Record<string, unknown> {
  const details =
    family === 'legacy'
      ? [{ licenseType: u.licenseType, quantity: u.quantity, startDate: null, endDate: null, subscriptionId: null, status: 'ACTIVE' }]
      : [{ license_type: u.licenseType, entitled_quantity: u.quantity, start_date: null, end_date: null, sub_ref_id: null, status: 'ACTIVE', product_sku: u.key }];
  return {
    license: u.name,
    entitlementTag: u.tag, // [INF]
    virtualAccount: u.virtualAccount,
    quantity: u.quantity,
    inUse: u.inUse,
    available: u.available,
    status: u.compliant ? 'In Compliance' : 'Out Of Compliance',
    billingType: 'PREPAID',
    ahaApps: false,
    pendingQuantity: 0,
    reserved: 0,
    isPortable: false,
    licenseSubstitutions: [],
    licenseDetails: u.quantity > 0 ? details : [],
  };
}

/** `usage`: the instance's virtual account's license usage by entitlement key (`CssmStore.usageLookup`). */
function deviceJson(store: CssmStore, pi: ProductInstanceRecord, usage: ReadonlyMap<string, LicenseUsage>): Record<string, unknown> {
  const displayName = `UDI_PID:${pi.udi.pid}; UDI_SN:${pi.udi.sn}; `;
  return {
    displayName,
    instanceName: pi.hostname || displayName,
    hostName: pi.hostname,
    sudi: { udiPid: pi.udi.pid, udiSerialNumber: pi.udi.sn, udiVid: '', uuid: '', suvi: '', hostIdentifier: '', macAddress: '' },
    productTagName: pi.softwareTag || pi.udi.pid,
    productName: pi.udi.pid,
    productDescription: '',
    productType: '',
    virtualAccount: pi.virtualAccount,
    status: store.instanceCompliant(pi, usage) ? 'In Compliance' : 'Out Of Compliance',
    registrationDate: iso(pi.registeredAt),
    lastContactDate: iso(pi.lastContactAt),
    licenseUsage: pi.usage.map((u) => ({ license: usage.get(entitlementKey(u.tag))?.name ?? u.tag, entitlementTag: u.tag, quantity: u.count })),
    productInstanceId: pi.id, // [INF]
    softwareVersion: pi.swVersion, // [INF]
    exportControlled: pi.exportControlled ? 'Allowed' : 'Not Allowed', // [INF]
  };
}

// ---------------------------------------------------------------- operations

function createToken(family: PathFamily): Handler {
  return (store, req, [d, vaName]) => {
    const sa = smartAccount(store, d as string);
    const va = virtualAccount(store, sa, vaName as string);
    const b = bodyObject(req);
    const description = b['description'] === undefined || b['description'] === null ? undefined : b['description'];
    if (description !== undefined && typeof description !== 'string') throw new ApiFailure(400, 'description must be a string');
    const days = integerField(b['expiresAfterDays'], 'expiresAfterDays');
    // [INF] no public field name: `maxUses`, or AB's commented-out `numberofUses`
    const maxUses = integerField(b['maxUses'] ?? b['numberofUses'] ?? b['numberOfUses'], 'maxUses');
    const exportControlled = exportField(b['exportControlled']);
    let token: TokenRecord;
    try {
      token = store.createToken(
        sa,
        va,
        {
          ...(description === undefined ? {} : { description }),
          ...(days === undefined ? {} : { expiresAfterDays: days }),
          ...(maxUses === undefined ? {} : { maxUses }),
          ...(exportControlled === undefined ? {} : { exportControlled }),
        },
        req.clientId,
      );
    } catch (error) {
      if (error instanceof InvalidArgumentError) throw new ApiFailure(400, `${error.argument} ${error.message.replace(/^invalid [^:]+: /, '')}`);
      throw error;
    }
    const info = tokenJson(store, token);
    // Legacy clients read tokenInfo.token (an object); SPEC's APX answer is an array.
    return { status: 200, body: { status: 'SUCCESS', statusMessage: 'Token created successfully.', tokenInfo: family === 'apx' ? [info] : info } };
  };
}

const listTokens: Handler = (store, _req, [d, vaName]) => {
  const sa = smartAccount(store, d as string);
  const va = virtualAccount(store, sa, vaName as string);
  const tokens = store.tokens(sa, va).map((t) => tokenJson(store, t));
  return { status: 200, body: { status: 'SUCCESS', statusMessage: '', totalRecords: tokens.length, tokens } };
};

const revokeTokens: Handler = (store, req, [d, vaName]) => {
  const sa = smartAccount(store, d as string);
  const va = virtualAccount(store, sa, vaName as string);
  const list = bodyObject(req)['tokens'];
  if (!Array.isArray(list) || list.length === 0 || !list.every((t) => typeof t === 'string')) {
    throw new ApiFailure(400, 'tokens must be a non-empty array of token strings');
  }
  const results = (list as string[]).map((t) => {
    const outcome = store.revokeToken(sa, va, t);
    return outcome === 'revoked'
      ? { status: 'SUCCESS', statusMessage: 'Token revoked successfully.' }
      : outcome === 'already-revoked'
        ? { status: 'ERROR', statusMessage: 'Token is already revoked.' }
        : { status: 'ERROR', statusMessage: `Token not found in virtual account "${va.name}".` };
  });
  const ok = results.filter((r) => r.status === 'SUCCESS').length;
  return {
    status: 200,
    body: {
      status: ok === results.length ? 'SUCCESS' : ok === 0 ? 'ERROR' : 'WARNING',
      statusMessage: `${ok} tokens successfully revoked.`,
      tokensRevokeStatus: results,
    },
  };
};

function licenses(family: PathFamily): Handler {
  return (store, req, [d]) => {
    const sa = smartAccount(store, d as string);
    const b = bodyObject(req);
    const vas = selectedVirtualAccounts(store, sa, b['virtualAccounts']);
    const rows = vas.flatMap((va) => store.licenseUsage(sa, va)).map((u) => licenseJson(u, family));
    const limit = integerField(b['limit'], 'limit');
    const offset = integerField(b['offset'], 'offset');
    return { status: 200, body: { status: 'SUCCESS', statusMessage: '', totalRecords: rows.length, licenses: page(rows, limit, offset) } };
  };
}

function devicesOf(store: CssmStore, sa: SmartAccountRecord, vas: readonly VirtualAccountRecord[], limit?: number, offset?: number, instanceName?: string): ApiResult {
  let rows = vas.flatMap((va) => store.instances(sa, va));
  if (instanceName) rows = rows.filter((pi) => pi.hostname === instanceName || udiText(pi.udi) === instanceName);
  const usage = store.usageLookup();
  const devices = page(rows, limit, offset).map((pi) => deviceJson(store, pi, usage(pi)));
  return { status: 200, body: { status: 'SUCCESS', statusMessage: '', totalRecords: rows.length, devices } };
}

const legacyDevices: Handler = (store, req, [d]) => {
  const sa = smartAccount(store, d as string);
  const b = bodyObject(req);
  return devicesOf(store, sa, selectedVirtualAccounts(store, sa, b['virtualAccounts']), integerField(b['limit'], 'limit'), integerField(b['offset'], 'offset'));
};

const legacyVaDevices: Handler = (store, req, [d, vaName]) => {
  const sa = smartAccount(store, d as string);
  const va = virtualAccount(store, sa, vaName as string);
  return devicesOf(store, sa, [va], integerField(req.query.get('limit') ?? undefined, 'limit'), integerField(req.query.get('offset') ?? undefined, 'offset'));
};

const apxDevices: Handler = (store, req, [d]) => {
  const sa = smartAccount(store, d as string);
  const vaName = req.query.get('virtualAccountName');
  const vas = vaName ? [virtualAccount(store, sa, vaName)] : sa.virtualAccounts;
  return devicesOf(
    store,
    sa,
    vas,
    integerField(req.query.get('limit') ?? undefined, 'limit'),
    integerField(req.query.get('offset') ?? undefined, 'offset'),
    req.query.get('instanceName') ?? undefined,
  );
};

/** Product instance removal (RMA, or the portal's Actions → Remove, 004:606-614). `returnCode` is optional [INF]. */
function removeDevices(store: CssmStore, sa: SmartAccountRecord, va: VirtualAccountRecord | undefined, req: ApiRequest): ApiResult {
  const b = bodyObject(req);
  // Both spellings: legacy `productInstacesRemoveRequests` (sic, EZ) and v3 `productInstancesRemoveRequests` (FDM).
  const list = b['productInstancesRemoveRequests'] ?? b['productInstacesRemoveRequests'];
  if (!Array.isArray(list) || list.length === 0) throw new ApiFailure(400, 'productInstancesRemoveRequests must be a non-empty array');
  const results = (list as unknown[]).map((entry) => {
    const sudi = (entry as { sudi?: Record<string, unknown> } | null)?.sudi;
    const sn = sudi?.['udiSerialNumber'];
    const pid = sudi?.['udiPid'];
    if (typeof sn !== 'string' || sn === '') throw new ApiFailure(400, 'each remove request needs sudi.udiSerialNumber');
    if (pid !== undefined && typeof pid !== 'string') throw new ApiFailure(400, 'sudi.udiPid must be a string');
    const device = { udiPid: pid ?? '', udiSerialNumber: sn };
    const pi = store
      .instances(sa, va)
      .find((p) => p.udi.sn === sn && (pid === undefined || pid === '' || p.udi.pid === pid));
    if (pi === undefined) {
      const where = va === undefined ? `smart account "${sa.name}"` : `virtual account "${va.name}"`;
      return { status: 'ERROR', statusMessage: `Product instance ${pid ? `PID:${pid},` : ''}SN:${sn} not found in ${where}.`, device };
    }
    store.removeInstance(pi);
    return { status: 'SUCCESS', statusMessage: 'Product instance removed successfully.', device: { udiPid: pi.udi.pid, udiSerialNumber: sn } };
  });
  const ok = results.filter((r) => r.status === 'SUCCESS').length;
  return {
    status: 200,
    body: {
      status: ok === results.length ? 'SUCCESS' : ok === 0 ? 'ERROR' : 'WARNING',
      statusMessage: `${ok} product instance(s) removed.`,
      removeProductInstancesStatus: results,
    },
  };
}

const legacyRemove: Handler = (store, req, [d, vaName]) => {
  const sa = smartAccount(store, d as string);
  return removeDevices(store, sa, virtualAccount(store, sa, vaName as string), req);
};

const apxRemove: Handler = (store, req, [d]) => {
  const sa = smartAccount(store, d as string);
  const vaName = req.query.get('virtualAccountName');
  return removeDevices(store, sa, vaName ? virtualAccount(store, sa, vaName) : undefined, req);
};

const legacyAccounts: Handler = (store) => ({
  status: 200,
  body: {
    status: 'SUCCESS',
    accounts: store.state.smartAccounts.map((sa) => ({
      accountName: sa.name,
      accountDomain: sa.domain,
      accountStatus: 'Active',
      accountType: 'CUSTOMER',
      roles: [{ role: 'SMART_ACCOUNT_ADMIN' }],
    })),
  },
});

const legacySearchV1: Handler = (store, req) => {
  const domain = (req.query.get('domain') ?? '').toLowerCase();
  const accounts = store.state.smartAccounts
    .filter((sa) => sa.domain.toLowerCase().includes(domain))
    .map((sa) => ({ domain: sa.domain, name: sa.name, id: sa.id, type: 'CUSTOMER', status: 'ACTIVE' }));
  return { status: 200, body: { totalRecords: accounts.length, accounts } };
};

const legacySearchV2: Handler = (store) => ({
  status: 200,
  body: {
    status: 'COMPLETE',
    message_code: '',
    message: '',
    accounts: store.state.smartAccounts.map((sa) => ({
      account_id: sa.id,
      domain: sa.domain,
      name: sa.name,
      virtual_accounts: sa.virtualAccounts.map((va) => ({ name: va.name, virtual_account_id: va.id, default: va.isDefault })),
    })),
  },
});

const legacyVirtualAccounts: Handler = (store, _req, [d, type]) => {
  if (!/^(customer|holding)$/i.test(type as string)) throw new ApiFailure(404, `unknown account type "${type}"`);
  const sa = smartAccount(store, d as string);
  return {
    status: 200,
    body: {
      status: 'SUCCESS',
      virtualAccounts: sa.virtualAccounts.map((va) => ({
        name: va.name,
        description: va.description,
        isDefault: va.isDefault ? 'true' : 'false',
        commerceAccessLevel: 'FULL',
      })),
    },
  };
};

/** A PnP list answer: the page `startIdx` / `rowsPerPage` select (all rows without `rowsPerPage`) and the total. */
function pnpPage(rows: readonly object[], req: ApiRequest): ApiResult {
  const start = integerField(req.query.get('startIdx') ?? undefined, 'startIdx');
  const size = integerField(req.query.get('rowsPerPage') ?? undefined, 'rowsPerPage');
  return { status: 200, body: { data: page(rows, size ?? -1, start), totalRows: rows.length } };
}

const pnpAccounts: Handler = (store, req) => {
  const rows = store.state.smartAccounts.map((sa) => ({ companyName: sa.name, domainIdentifier: sa.domain, accountIdentifier: String(sa.id) }));
  return pnpPage(rows, req);
};

const pnpVirtualAccounts: Handler = (store, req, [d]) => {
  const sa = smartAccount(store, d as string);
  const rows = sa.virtualAccounts.map((va) => ({ virtualAccountName: va.name, virtualAccountId: String(va.id), default: va.isDefault }));
  return pnpPage(rows, req);
};

const userSmartAccounts: Handler = (store, req) => {
  if (!req.query.get('userId')) throw new ApiFailure(400, 'userId is required');
  const withVas = req.query.get('addVirtualAccounts') === 'true';
  return {
    status: 200,
    body: {
      status: 'SUCCESS',
      accounts: store.state.smartAccounts.map((sa) => ({
        accountId: sa.id,
        accountName: sa.name,
        accountDomain: sa.domain,
        accountType: 'CUSTOMER',
        roles: [{ roleName: 'SMART_ACCOUNT_ADMIN', roleDisplayName: 'Smart Account Admin' }],
        ...(withVas ? { virtualAccounts: sa.virtualAccounts.map((va) => ({ virtualAccountId: va.id, virtualAccountName: va.name })) } : {}),
      })),
    },
  };
};

const SEG = '([^/]+)';

function route(family: PathFamily, method: 'GET' | 'POST', path: string, handler: Handler): Route {
  return { family, method, pattern: new RegExp(`^${path.replaceAll(':seg', SEG)}/?$`), handler };
}

const ROUTES: readonly Route[] = [
  // APX (SPEC, MCP, FDM)
  route('apx', 'GET', '/pnp/v2/accounts', pnpAccounts),
  route('apx', 'GET', '/pnp/v2/accounts/:seg/virtual-accounts', pnpVirtualAccounts),
  route('apx', 'GET', '/accounts/v1/user/search-smart-accounts', userSmartAccounts),
  route('apx', 'POST', '/licensing/v1/account/:seg/virtual-account/:seg/token/create', createToken('apx')),
  route('apx', 'GET', '/licensing/v1/account/:seg/virtual-account/:seg/token/list', listTokens),
  route('apx', 'POST', '/licensing/v1/account/:seg/virtual-account/:seg/token/revoke', revokeTokens),
  route('apx', 'POST', '/licensing/v1/account/:seg/report-usage-partner', licenses('apx')),
  route('apx', 'GET', '/licensing/v2/accounts/:seg/devices', apxDevices),
  route('apx', 'POST', '/licensing/v3/accounts/:seg/devices/remove', apxRemove),
  // legacy swapi (DP, MC, EZ, AB, AW, SLA, GVE) and SSM On-Prem
  route('legacy', 'GET', '/v2/accounts', legacyAccounts),
  route('legacy', 'GET', '/v1/accounts/search', legacySearchV1),
  route('legacy', 'GET', '/v2/accounts/search', legacySearchV2),
  route('legacy', 'GET', '/v1/accounts/:seg/:seg/virtual-accounts', legacyVirtualAccounts),
  route('legacy', 'POST', '/v1/accounts/:seg/virtual-accounts/:seg/tokens', createToken('legacy')),
  route('legacy', 'GET', '/v1/accounts/:seg/virtual-accounts/:seg/tokens', listTokens),
  route('legacy', 'POST', '/v1/accounts/:seg/virtual-accounts/:seg/tokens/revoke', revokeTokens),
  route('legacy', 'POST', '/v1/accounts/:seg/licenses', licenses('legacy')),
  route('legacy', 'POST', '/v1/accounts/:seg/devices', legacyDevices),
  route('legacy', 'GET', '/v1/accounts/:seg/virtual-accounts/:seg/devices', legacyVaDevices),
  route('legacy', 'POST', '/v[12]/accounts/:seg/virtual-accounts/:seg/devices/remove', legacyRemove),
];

/** Runs the API call `rest` of `family`; unknown paths are 404, a known path with another method 405. */
export function handleApi(store: CssmStore, family: PathFamily, rest: string, req: ApiRequest): ApiResult {
  let methodMismatch = false;
  for (const r of ROUTES) {
    if (r.family !== family) continue;
    const m = r.pattern.exec(rest);
    if (m === null) continue;
    if (r.method !== req.method) {
      methodMismatch = true;
      continue;
    }
    let params: string[];
    try {
      params = m.slice(1).map((s) => decodeURIComponent(s));
    } catch {
      return { status: 400, body: errorBody('malformed percent-encoding in the path') };
    }
    try {
      return r.handler(store, req, params);
    } catch (error) {
      if (error instanceof ApiFailure) return { status: error.status, body: errorBody(error.message) };
      throw error;
    }
  }
  return methodMismatch ? { status: 405 } : { status: 404 };
}
