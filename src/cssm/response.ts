/**
 * Lenient reading of CSSM answers (CSSM-API.md §3, §5): the live API diverges from its spec, field casing differs
 * by family, error bodies come in several variants and an HTTP 200 can still carry `status: "ERROR"`. Pure.
 */
import { Secret } from '../secret.js';
import type { ComplianceStatus, CssmLicense, CssmProductInstance, CssmToken, TokenState } from './types.js';

type Json = Record<string, unknown>;

export function asObject(value: unknown): Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

function num(value: unknown): number {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : 0;
}

function list(value: unknown): Json[] {
  return Array.isArray(value) ? value.map(asObject) : value !== null && typeof value === 'object' ? [asObject(value)] : [];
}

const FAILED = new Set(['ERROR', 'FAILURE', 'FAILED']);

/**
 * The failure text of a body whose `status` says it failed (any variant: `statusMessage`, `message`,
 * `errorMessage`, `localized_message`), or undefined when the body does not report a failure.
 */
export function bodyFailure(body: unknown): string | undefined {
  const b = asObject(body);
  const status = str(b['status']).toUpperCase();
  if (!FAILED.has(status)) return undefined;
  const text = str(b['statusMessage']) || str(b['message']) || str(b['errorMessage']) || str(b['localized_message']);
  const code = str(b['message_code']) || str(b['errorCode']);
  return `${status}${code ? ` ${code}` : ''}${text ? `: ${text}` : ''}`;
}

/** A short, single-line rendering of an error body for messages. */
export function bodyText(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, 300);
}

/** What an error answer says: its failure text when it is a CSSM error body, else the body itself, shortened. */
export function errorDetail(text: string): string {
  try {
    return bodyFailure(JSON.parse(text)) ?? bodyText(text);
  } catch {
    return bodyText(text);
  }
}

function exportAllowed(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  return /^allowed$/i.test(str(value).trim());
}

function tokenState(value: unknown): TokenState {
  switch (str(value).toUpperCase().replace(/[\s-]/g, '_')) {
    case 'ACTIVE':
      return 'active';
    case 'EXPIRED':
      return 'expired';
    case 'USED_UP':
      return 'used-up';
    case 'REVOKED':
      return 'revoked';
    default:
      return 'unknown';
  }
}

export function parseToken(item: Json, virtualAccount: string): CssmToken {
  const maxUses = item['maxUses'];
  return {
    token: new Secret(str(item['token'])),
    virtualAccount: str(item['virtualAccount']) || virtualAccount,
    expiresAt: str(item['expirationDate']),
    description: str(item['description']),
    exportControlled: exportAllowed(item['exportControl'] ?? item['exportControlled']),
    createdBy: str(item['createdBy']),
    ...(maxUses === undefined ? {} : { maxUses: maxUses === null ? null : num(maxUses) }),
    ...(item['uses'] === undefined ? {} : { uses: num(item['uses']) }),
    // SPEC's list returns active tokens only; no status field means active.
    state: item['status'] === undefined ? 'active' : tokenState(item['status']),
  };
}

/** `tokenInfo` is an array (APX) or an object (legacy clients read `tokenInfo.token`). */
export function parseCreatedToken(body: unknown, virtualAccount: string): CssmToken | undefined {
  const info = list(asObject(body)['tokenInfo'])[0];
  if (info === undefined || str(info['token']) === '') return undefined;
  return parseToken(info, virtualAccount);
}

export function parseTokens(body: unknown, virtualAccount: string): CssmToken[] {
  return list(asObject(body)['tokens'])
    .filter((t) => str(t['token']) !== '')
    .map((t) => parseToken(t, virtualAccount));
}

function compliance(value: unknown): ComplianceStatus {
  const v = str(value).toLowerCase().replace(/[\s_-]+/g, '');
  if (v === 'incompliance' || v === 'authorized') return 'in-compliance';
  if (v === 'outofcompliance' || v === 'ooc') return 'out-of-compliance';
  return 'unknown';
}

export function parseLicenses(body: unknown): { total: number; licenses: CssmLicense[] } {
  const b = asObject(body);
  const licenses = list(b['licenses']).map((l): CssmLicense => {
    const quantity = num(l['quantity']);
    const inUse = num(l['inUse']);
    const tag = str(l['entitlementTag']);
    return {
      name: str(l['license']),
      ...(tag === '' ? {} : { entitlementTag: tag }),
      virtualAccount: str(l['virtualAccount']),
      quantity,
      inUse,
      available: l['available'] === undefined ? quantity - inUse : num(l['available']),
      status: compliance(l['status']),
    };
  });
  return { total: b['totalRecords'] === undefined ? licenses.length : num(b['totalRecords']), licenses };
}

export function parseDevices(body: unknown, virtualAccount: string): { total: number; devices: CssmProductInstance[] } {
  const b = asObject(body);
  const devices = list(b['devices']).map((d): CssmProductInstance => {
    const sudi = asObject(d['sudi']);
    let pid = str(sudi['udiPid']);
    let sn = str(sudi['udiSerialNumber']);
    if (pid === '' || sn === '') {
      // displayName "UDI_PID:C8000V; UDI_SN:…; " (GVE sample)
      const m = /UDI_PID:([^;]*);\s*UDI_SN:([^;]*);/.exec(str(d['displayName']));
      pid ||= m?.[1]?.trim() ?? '';
      sn ||= m?.[2]?.trim() ?? '';
    }
    const hostname = str(d['hostName']);
    const id = str(d['productInstanceId']);
    const registered = str(d['registrationDate']);
    const lastContact = str(d['lastContactDate']);
    return {
      udi: { pid, sn },
      hostname,
      instanceName: str(d['instanceName']) || hostname || str(d['displayName']),
      productTagName: str(d['productTagName']),
      productName: str(d['productName']),
      virtualAccount: str(d['virtualAccount']) || virtualAccount,
      status: compliance(d['status']),
      ...(registered === '' ? {} : { registeredAt: registered }),
      ...(lastContact === '' ? {} : { lastContactAt: lastContact }),
      licenseUsage: list(d['licenseUsage']).map((u) => {
        const tag = str(u['entitlementTag']);
        return { license: str(u['license']), ...(tag === '' ? {} : { entitlementTag: tag }), quantity: num(u['quantity']) };
      }),
      ...(id === '' ? {} : { id }),
    };
  });
  return { total: b['totalRecords'] === undefined ? devices.length : num(b['totalRecords']), devices };
}

/** Per-item statuses of a bulk answer (`tokensRevokeStatus`, `removeProductInstancesStatus`). */
export function parseItemStatuses(body: unknown, key: string): { ok: boolean; message: string }[] {
  return list(asObject(body)[key]).map((s) => ({
    ok: str(s['status']).toUpperCase() === 'SUCCESS',
    message: str(s['statusMessage']) || str(s['message']),
  }));
}

export function parseVirtualAccounts(body: unknown): { name: string; isDefault: boolean }[] {
  const b = asObject(body);
  const items = b['data'] !== undefined ? list(b['data']) : list(b['virtualAccounts']);
  return items
    .map((v) => {
      const name = str(v['virtualAccountName']) || str(v['name']);
      const flag = v['default'] ?? v['isDefault'];
      return { name, isDefault: flag === true || /^(true|yes)$/i.test(str(flag)) };
    })
    .filter((v) => v.name !== '');
}
