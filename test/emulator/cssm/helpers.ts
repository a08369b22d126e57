/** Shared by the CSSM emulator tests: start an emulator closed by the test, talk to it over real HTTP. */
import { ManualClock } from '../../../src/clock.js';
import { startCssm, type CssmEmulator, type CssmEmulatorOptions } from '../../../src/emulator/cssm/index.js';
import { generateCssmTls, type CssmTlsMaterial } from '../../../src/emulator/cssm/tls.js';

interface Teardown {
  teardown(fn: () => unknown): void;
}

let sharedTls: CssmTlsMaterial | undefined;

/** TLS material made once per test file (key generation is the slow part of a start). */
export function testTls(): CssmTlsMaterial {
  sharedTls ??= generateCssmTls({ hosts: ['satellite.example.net', '10.0.0.5'] });
  return sharedTls;
}

export async function startTestCssm(
  t: Teardown,
  options: CssmEmulatorOptions = {},
): Promise<CssmEmulator & { readonly manualClock: ManualClock }> {
  const clock = (options.clock as ManualClock | undefined) ?? new ManualClock('2026-03-01T00:00:00Z');
  const cssm = await startCssm({
    https: false,
    clientSecret: 'emulator-client-secret-0123',
    ...options,
    clock,
    ...(options.https === true ? { tls: options.tls ?? testTls() } : {}),
  });
  t.teardown(() => cssm.close());
  return Object.assign(cssm, { manualClock: clock });
}

export interface DeviceCall {
  readonly status: number;
  readonly body: Record<string, any>;
}

export const TAC_PATH = '/its/service/oddce/services/DDCEService';

export async function postDevice(base: string, message: unknown, path = TAC_PATH): Promise<DeviceCall> {
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof message === 'string' ? message : JSON.stringify(message),
  });
  const text = await res.text();
  return { status: res.status, body: text === '' ? {} : (JSON.parse(text) as Record<string, any>) };
}

export async function accessToken(cssm: CssmEmulator): Promise<string> {
  const res = await fetch(`${cssm.url}/oauth2/default/v1/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: cssm.clientId, client_secret: cssm.clientSecret.reveal() }),
  });
  const body = (await res.json()) as { access_token: string };
  return body.access_token;
}

export async function api(
  cssm: CssmEmulator,
  token: string,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, any>; text: string }> {
  const res = await fetch(`${cssm.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  let parsed: Record<string, any> = {};
  try {
    parsed = text === '' ? {} : (JSON.parse(text) as Record<string, any>);
  } catch {
    parsed = {};
  }
  return { status: res.status, body: parsed, text };
}

/** The UDI of the NCS 1004 sync-loss sample (004:647). */
export const NCS1004 = { pid: '8812', sn: 'FOX2202WIVM' };
export const CBR8 = { pid: 'CBR-8-CCAP-CHASS', sn: 'FXS1739Q0NT' };
export const NCS560 = { pid: 'NCS560-4', sn: 'FOX2305P81D' };
