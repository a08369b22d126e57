/**
 * The device-facing protocol of the CSSM emulator: what an emulated device's Smart Agent POSTs to the call-home
 * destination URL of its running configuration, and what it gets back.
 *
 * The real classic call-home licensing messages are signed XML whose schema is not public (CSSM-API.md §4,
 * [UNK]); this protocol is our own [INF]. It keeps what the seeds show a device learns from CSSM: the ID
 * certificate (serial, start, expiry +365 days, 000:792-800), the smart account / virtual account names and
 * the export-controlled flag (001:809-812), per-entitlement AUTHORIZED / OUT OF COMPLIANCE (000:572-588), and
 * the sync-loss error text (004:639-647).
 *
 * Transport: `POST <call-home path>` with `Content-Type: application/json`, over HTTP or HTTPS (the emulator's
 * CA signs its certificate), directly or through an HTTP proxy. Paths: see `isDevicePath`.
 *
 * HTTP status: 200 for every protocol answer, SUCCESS or FAILURE (a device logs "Agent received a failure status
 * in a response message", 004:673-677); 400 with a FAILURE body of code MALFORMED_REQUEST when the body is not a
 * valid message; 405 for a method other than POST; 5xx and dropped connections only from fault injection.
 */

export const DEVICE_PROTOCOL_VERSION = 1;

export type DeviceMessageType = 'REGISTER' | 'RENEW_ID' | 'RENEW_AUTH' | 'DEREGISTER';

export const DEVICE_MESSAGE_TYPES: readonly DeviceMessageType[] = ['REGISTER', 'RENEW_ID', 'RENEW_AUTH', 'DEREGISTER'];

export interface DeviceUsage {
  /** Entitlement tag, full (`regid.…`) or short; both spellings of one tag count as the same entitlement. */
  readonly tag: string;
  /** Non-negative integer. */
  readonly count: number;
}

export interface DeviceMessage {
  /** Optional; when present it must be 1. */
  readonly protocol?: number;
  readonly messageType: DeviceMessageType;
  /** Echoed in the reply. */
  readonly messageId?: string;
  readonly udi: { readonly pid: string; readonly sn: string };
  readonly hostname?: string;
  readonly swVersion?: string;
  /** Software ID (`regid.2014-12.com.cisco.CBR8V1,1.0_…`, 000:854); CSSM lists it as `productTagName`. */
  readonly softwareTag?: string;
  /** REGISTER: the ID token as typed in `license smart register idtoken <token>`. */
  readonly idToken?: string;
  /** REGISTER: `… force`, re-register a UDI CSSM already knows. */
  readonly force?: boolean;
  /** REGISTER: the device needs export-controlled functionality; refused when the token does not allow it. */
  readonly exportControlled?: boolean;
  /** RENEW_ID / RENEW_AUTH / DEREGISTER: the serial of the ID certificate the device holds. */
  readonly idCertSerial?: string;
  /** RENEW_AUTH (required, may be empty) and REGISTER (optional): current consumption. */
  readonly usage?: readonly DeviceUsage[];
}

export type DeviceFailureCode =
  | 'MALFORMED_REQUEST'
  | 'TOKEN_INVALID'
  | 'TOKEN_EXPIRED'
  | 'TOKEN_USED_UP'
  | 'TOKEN_REVOKED'
  | 'TOKEN_WRONG_VIRTUAL_ACCOUNT'
  | 'EXPORT_CONTROL_NOT_ALLOWED'
  | 'ALREADY_REGISTERED'
  | 'SYNC_LOST';

export type EntitlementAuthorization = 'AUTHORIZED' | 'OUT OF COMPLIANCE' | 'NOT AUTHORIZED';

export interface IdCertificate {
  readonly serial: string;
  /** ISO 8601 UTC. */
  readonly notBefore: string;
  /** notBefore + 365 days (000:798-800). */
  readonly notAfter: string;
  readonly commonName: string;
  /** Names of the signing chain as `show license tech support` prints them (000:803-818). */
  readonly signer: string;
  readonly subCa: string;
  /** PEM-looking text; not a parseable X.509 certificate. */
  readonly pem: string;
}

export interface EntitlementReply {
  /** As the device sent it. */
  readonly tag: string;
  readonly count: number;
  readonly status: EntitlementAuthorization;
  /** Virtual-account totals behind the status. */
  readonly purchased: number;
  readonly inUse: number;
}

export interface AuthorizationReply {
  /** OUT OF COMPLIANCE when any entitlement is not AUTHORIZED. */
  readonly status: 'AUTHORIZED' | 'OUT OF COMPLIANCE';
  /** Now + 90 days: the authorization period (004:242-244). */
  readonly expiresAt: string;
  readonly entitlements: readonly EntitlementReply[];
}

interface ReplyBase {
  readonly protocol: typeof DEVICE_PROTOCOL_VERSION;
  readonly messageId?: string;
  /** The emulator's (virtual) clock, ISO 8601 UTC. */
  readonly serverTime: string;
}

export interface InstanceReplyBase extends ReplyBase {
  readonly status: 'SUCCESS';
  readonly productInstanceId: string;
  /** Smart account name (as `show license status` prints it, 001:810). */
  readonly smartAccount: string;
  readonly smartAccountDomain: string;
  readonly virtualAccount: string;
  /** Whether the registration allows export-controlled functionality (from the token, 001:812). */
  readonly exportControlled: 'ALLOWED' | 'NOT ALLOWED';
}

export interface RegisterReply extends InstanceReplyBase {
  readonly messageType: 'REGISTER';
  readonly idCert: IdCertificate;
  /** Present when the REGISTER carried `usage`. */
  readonly authorization?: AuthorizationReply;
}

export interface RenewIdReply extends InstanceReplyBase {
  readonly messageType: 'RENEW_ID';
  readonly idCert: IdCertificate;
}

export interface RenewAuthReply extends InstanceReplyBase {
  readonly messageType: 'RENEW_AUTH';
  readonly authorization: AuthorizationReply;
}

export interface DeregisterReply extends InstanceReplyBase {
  readonly messageType: 'DEREGISTER';
}

export interface FailureReply extends ReplyBase {
  readonly status: 'FAILURE';
  /** Absent only when the request was too malformed to tell. */
  readonly messageType?: DeviceMessageType;
  readonly error: { readonly code: DeviceFailureCode; readonly message: string };
}

export type SuccessReply = RegisterReply | RenewIdReply | RenewAuthReply | DeregisterReply;
export type DeviceReply = SuccessReply | FailureReply;

/**
 * Call-home paths accepted (after collapsing repeated slashes, case-insensitive):
 * - CiscoTAC-1 variants seen in the seeds: `/its/service/<oddce|ctbe|otbe|odbe|odcce|…>/services/<DDCEService|
 *   DDCService|IDEService|IDCEService|…>` (000:52, 964; 001:279, 306, 330, 498; 004:211);
 * - SSM On-Prem / transport gateway: `/Transportgateway/services/{DeviceRequestHandler|DeviceRequestHandle|
 *   RouterRequestHandler}` and `/transportgate/services/…` (001:329, 540; DM spells `DeviceRequestHandle`);
 * - Smart Transport receivers: `/licservice/license` (smartreceiver.cisco.com) and `/SmartTransport` [INF].
 */
export function isDevicePath(pathname: string): boolean {
  const p = pathname.replace(/\/{2,}/g, '/').replace(/\/$/, '');
  return (
    /^\/its\/service\/[a-z0-9]+\/services\/[a-z]+$/i.test(p) ||
    /^\/transport[-_]?gate(?:way)?\/services\/(?:DeviceRequestHandler?|RouterRequestHandler)$/i.test(p) ||
    /^\/licservice\/license$/i.test(p) ||
    /^\/SmartTransport$/i.test(p)
  );
}

export type ParsedDeviceMessage =
  | { readonly ok: true; readonly message: DeviceMessage }
  | { readonly ok: false; readonly messageType?: DeviceMessageType; readonly messageId?: string; readonly reason: string };

const CONTROL = /[\u0000-\u001f\u007f]/;

function plainString(value: unknown, max: number): value is string {
  return typeof value === 'string' && value.length <= max && !CONTROL.test(value);
}

/** Validates a decoded JSON body; the reason names the first offending field. */
export function parseDeviceMessage(body: unknown): ParsedDeviceMessage {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return { ok: false, reason: 'the body must be a JSON object' };
  const b = body as Record<string, unknown>;
  const messageType = DEVICE_MESSAGE_TYPES.find((t) => t === b['messageType']);
  const messageId = plainString(b['messageId'], 128) ? b['messageId'] : undefined;
  const fail = (reason: string): ParsedDeviceMessage => ({
    ok: false,
    reason,
    ...(messageType === undefined ? {} : { messageType }),
    ...(messageId === undefined ? {} : { messageId }),
  });
  if (messageType === undefined) return fail(`messageType must be one of ${DEVICE_MESSAGE_TYPES.join(', ')}`);
  if (b['protocol'] !== undefined && b['protocol'] !== DEVICE_PROTOCOL_VERSION) return fail(`protocol ${String(b['protocol'])} is not supported (only ${DEVICE_PROTOCOL_VERSION})`);
  if (b['messageId'] !== undefined && messageId === undefined) return fail('messageId must be a string of at most 128 characters');
  const udi = b['udi'] as Record<string, unknown> | undefined;
  if (udi === null || typeof udi !== 'object') return fail('udi must be an object {pid, sn}');
  if (!plainString(udi['pid'], 64) || udi['pid'].trim() === '') return fail('udi.pid must be a non-empty string');
  if (!plainString(udi['sn'], 64) || udi['sn'].trim() === '') return fail('udi.sn must be a non-empty string');
  for (const field of ['hostname', 'swVersion', 'softwareTag', 'idCertSerial'] as const) {
    if (b[field] !== undefined && !plainString(b[field], 256)) return fail(`${field} must be a string of at most 256 characters`);
  }
  for (const field of ['force', 'exportControlled'] as const) {
    if (b[field] !== undefined && typeof b[field] !== 'boolean') return fail(`${field} must be a boolean`);
  }
  if (b['idToken'] !== undefined && (!plainString(b['idToken'], 1024) || b['idToken'].trim() === '')) return fail('idToken must be a non-empty string');
  if (messageType === 'REGISTER' && b['idToken'] === undefined) return fail('REGISTER needs idToken');
  let usage: DeviceUsage[] | undefined;
  if (b['usage'] !== undefined) {
    if (!Array.isArray(b['usage'])) return fail('usage must be an array of {tag, count}');
    usage = [];
    for (const [i, entry] of (b['usage'] as unknown[]).entries()) {
      const e = entry as Record<string, unknown> | null;
      if (e === null || typeof e !== 'object') return fail(`usage[${i}] must be an object {tag, count}`);
      if (!plainString(e['tag'], 256) || e['tag'].trim() === '') return fail(`usage[${i}].tag must be a non-empty string`);
      if (typeof e['count'] !== 'number' || !Number.isInteger(e['count']) || e['count'] < 0) return fail(`usage[${i}].count must be a non-negative integer`);
      usage.push({ tag: e['tag'], count: e['count'] });
    }
  }
  if (messageType === 'RENEW_AUTH' && usage === undefined) return fail('RENEW_AUTH needs usage (an empty array when nothing is in use)');
  const message: DeviceMessage = {
    messageType,
    udi: { pid: udi['pid'], sn: udi['sn'] },
    ...(messageId === undefined ? {} : { messageId }),
    ...(b['protocol'] === undefined ? {} : { protocol: DEVICE_PROTOCOL_VERSION }),
    ...(b['hostname'] === undefined ? {} : { hostname: b['hostname'] as string }),
    ...(b['swVersion'] === undefined ? {} : { swVersion: b['swVersion'] as string }),
    ...(b['softwareTag'] === undefined ? {} : { softwareTag: b['softwareTag'] as string }),
    ...(b['idToken'] === undefined ? {} : { idToken: b['idToken'] as string }),
    ...(b['force'] === undefined ? {} : { force: b['force'] as boolean }),
    ...(b['exportControlled'] === undefined ? {} : { exportControlled: b['exportControlled'] as boolean }),
    ...(b['idCertSerial'] === undefined ? {} : { idCertSerial: b['idCertSerial'] as string }),
    ...(usage === undefined ? {} : { usage }),
  };
  return { ok: true, message };
}

/** The exact CSSM text for a product instance CSSM no longer recognises (004:639-647). */
export function syncLostMessage(udi: { readonly pid: string; readonly sn: string }): string {
  return `Data and signature do not match for udi PID:${udi.pid},SN:${udi.sn}`;
}
