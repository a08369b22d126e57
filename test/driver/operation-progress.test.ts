/**
 * The pure decision rules, table-driven: a baseline status, the current status and the syslog since the command
 * (all in the seeds' formats, through the parsers) → pending / succeeded / failed with code and cause.
 */
import t from 'tap';
import { newSyslogEvents, observeLicensing, observeSyslog, type LicensingObservation, type SyslogEvent } from '../../src/driver/licensing-observation.js';
import { needsSyslog, operationProgress, type LicensingOperation, type OperationProgress } from '../../src/driver/operation-progress.js';
import { parseLicenseStatus } from '../../src/parsers/show-license-status.js';
import { parseLogging } from '../../src/parsers/show-logging.js';
import type { PlatformId } from '../../src/platforms/types.js';
import { states, statusText, syslogLine, type StatusSpec } from './helpers/licensing-device.js';

const T0 = '2026-01-01T00:00:05Z';
const T1 = '2026-01-01T00:01:05Z';

function obs(platform: PlatformId, spec: StatusSpec): LicensingObservation {
  return observeLicensing(parseLicenseStatus(statusText(platform, spec), { platform }));
}

function log(platform: PlatformId, lines: readonly string[]): SyslogEvent[] {
  return observeSyslog(parseLogging(lines.join('\n'), { platform }));
}

const xe = (mnemonic: string, text: string, at = T1): string => syslogLine('ios-xe', at, mnemonic, mnemonic.endsWith('SUCCESS') ? 6 : 3, text);
const xr = (mnemonic: string, text: string, at = T1): string => syslogLine('ios-xr', at, mnemonic, mnemonic.endsWith('SUCCESS') ? 6 : 3, text);

/** Seed texts (000:476-479, 004:639-647, 004:669-677). */
const REG_FAILED_HTTP = 'Smart Agent for Licensing Registration with Cisco licensing cloud failed: Fail to send out Call Home HTTP message.';
const COMM_FAILED_HTTP = 'Communications failure with Cisco licensing cloud: Fail to send out Call Home HTTP message.';
const SYNC_LOST = 'Authorization renewal with the Cisco Smart Software Manager (CSSM) : Error received from Smart Software Manager: Data and signature do not match for udi PID:8812,SN:FOX2202WIVM';
const DEREG_REFUSED =
  'Smart Agent for Licensing DeRegistration with Cisco Smart Software Manager (CSSM) failed: Agent received a failure status in a response message. Please check the Agent log file for the detailed message.';

interface Row {
  readonly name: string;
  readonly platform: PlatformId;
  readonly operation: LicensingOperation;
  readonly baseline: StatusSpec;
  readonly current: StatusSpec;
  readonly messages?: readonly string[];
  readonly sawProgress?: boolean;
  readonly tolerateSyncLoss?: boolean;
  readonly expect: Partial<{ kind: OperationProgress['kind']; code: string; commCause: string; inProgress: boolean; tolerated: string }>;
}

const failedWith = (p: PlatformId, reason: string, at = T1): StatusSpec => states.failed(p, at, reason);

const ROWS: Row[] = [
  // ---------------------------------------------------------------- register
  { name: 'register: nothing started yet', platform: 'ios-xe', operation: 'register', baseline: states.unregistered('ios-xe'), current: states.unregistered('ios-xe'), expect: { kind: 'pending', inProgress: false } },
  { name: 'register: in progress', platform: 'ios-xe', operation: 'register', baseline: states.unregistered('ios-xe'), current: states.registering('ios-xe'), expect: { kind: 'pending', inProgress: true } },
  { name: 'register: registered and authorized', platform: 'ios-xe', operation: 'register', baseline: states.unregistered('ios-xe'), current: states.registered('ios-xe', T1), expect: { kind: 'succeeded' } },
  { name: 'register: registered, out of compliance (XR)', platform: 'ios-xr', operation: 'register', baseline: states.unregistered('ios-xr'), current: states.registered('ios-xr', T1, 'OUT OF COMPLIANCE'), expect: { kind: 'succeeded' } },
  { name: 'register: registered, authorization pending', platform: 'ios-xe', operation: 'register', baseline: states.unregistered('ios-xe'), current: states.registered('ios-xe', T1, 'AUTHORIZATION PENDING'), expect: { kind: 'pending', inProgress: true } },
  {
    name: 'register: registered, but the authorization request failed',
    platform: 'ios-xe',
    operation: 'register',
    baseline: states.unregistered('ios-xe'),
    current: states.registered('ios-xe', T1, 'AUTHORIZATION PENDING', { lastCommunication: 'FAILED on Jan  1 00:01:05 2026 UTC', lastCommunicationReason: 'Connection timed out' }),
    expect: { kind: 'failed', code: 'E_COMM_FAILED', commCause: 'unreachable' },
  },
  { name: 'register force: still the old registration', platform: 'ios-xe', operation: 'register', baseline: states.registered('ios-xe', T0), current: states.registered('ios-xe', T0), expect: { kind: 'pending', inProgress: false } },
  { name: 'register force: a new registration date', platform: 'ios-xe', operation: 'register', baseline: states.registered('ios-xe', T0), current: states.registered('ios-xe', T1), expect: { kind: 'succeeded' } },
  {
    name: 'register force: same date (still clock), success logged',
    platform: 'ios-xe',
    operation: 'register',
    baseline: states.registered('ios-xe', T0),
    current: states.registered('ios-xe', T0),
    messages: [xe('AGENT_REG_SUCCESS', 'Smart Agent for Licensing Registration with the Cisco Smart Software Manager (CSSM) for udi PID:CBR-8-CCAP-CHASS,SN:FXS1739Q0NT')],
    expect: { kind: 'succeeded' },
  },
  {
    name: 'register force: refused, old registration kept',
    platform: 'ios-xe',
    operation: 'register',
    baseline: states.registered('ios-xe', T0),
    current: states.registered('ios-xe', T0),
    messages: [xe('AGENT_REG_FAILED', 'Smart Agent for Licensing Registration with the Cisco Smart Software Manager (CSSM) failed: Error received from Smart Software Manager: The ID token has expired')],
    expect: { kind: 'failed', code: 'E_TOKEN_EXPIRED' },
  },
  { name: 'register: token invalid', platform: 'ios-xe', operation: 'register', baseline: states.unregistered('ios-xe'), current: failedWith('ios-xe', 'Error received from Smart Software Manager: The ID token is not valid.'), expect: { kind: 'failed', code: 'E_TOKEN_INVALID' } },
  { name: 'register: token expired (XR)', platform: 'ios-xr', operation: 'register', baseline: states.unregistered('ios-xr'), current: failedWith('ios-xr', 'Error received from Smart Software Manager: The ID token expired on 2025-12-01T00:00:00.000Z.'), expect: { kind: 'failed', code: 'E_TOKEN_EXPIRED' } },
  { name: 'register: token used up', platform: 'ios-xe', operation: 'register', baseline: states.unregistered('ios-xe'), current: failedWith('ios-xe', 'Error received from Smart Software Manager: The ID token has already been used the maximum number of times (1).'), expect: { kind: 'failed', code: 'E_TOKEN_USED_UP' } },
  { name: 'register: token revoked', platform: 'ios-xr', operation: 'register', baseline: states.unregistered('ios-xr'), current: failedWith('ios-xr', 'Error received from Smart Software Manager: The ID token has been revoked.'), expect: { kind: 'failed', code: 'E_TOKEN_REVOKED' } },
  {
    name: 'register: CSSM already knows the UDI',
    platform: 'ios-xe',
    operation: 'register',
    baseline: states.unregistered('ios-xe'),
    current: failedWith('ios-xe', 'Error received from Smart Software Manager: The product instance PID:CBR-8-CCAP-CHASS,SN:FXS1739Q0NT is already registered in virtual account "Default"; register with force to replace it.'),
    expect: { kind: 'failed', code: 'E_ALREADY_REGISTERED' },
  },
  {
    name: 'register: generic status reason, DNS detail in the syslog',
    platform: 'ios-xe',
    operation: 'register',
    baseline: states.unregistered('ios-xe'),
    current: failedWith('ios-xe', 'Fail to send out Call Home HTTP message.'),
    messages: [xe('AGENT_REG_FAILED', REG_FAILED_HTTP), xe('COMM_FAILED', 'Communications failure with the Cisco Smart Software Manager (CSSM) : Unable to resolve server hostname/domain name')],
    expect: { kind: 'failed', code: 'E_COMM_FAILED', commCause: 'dns' },
  },
  {
    name: 'register: proxy (XR)',
    platform: 'ios-xr',
    operation: 'register',
    baseline: states.unregistered('ios-xr'),
    current: failedWith('ios-xr', 'Fail to send out Call Home HTTP message.'),
    messages: [xr('COMM_FAILED', 'Communications failure with the Cisco Smart Software Manager (CSSM) : HTTP proxy 198.51.100.10 port 3128 refused the connection')],
    expect: { kind: 'failed', code: 'E_COMM_FAILED', commCause: 'proxy' },
  },
  {
    name: 'register: certificate',
    platform: 'ios-xe',
    operation: 'register',
    baseline: states.unregistered('ios-xe'),
    current: failedWith('ios-xe', 'SSL server certificate verification failed (trustpoint SLA-TrustPoint)'),
    expect: { kind: 'failed', code: 'E_COMM_FAILED', commCause: 'certificate' },
  },
  {
    name: 'register: http (seed text only)',
    platform: 'ios-xe',
    operation: 'register',
    baseline: states.unregistered('ios-xe'),
    current: failedWith('ios-xe', 'Fail to send out Call Home HTTP message.'),
    messages: [xe('AGENT_REG_FAILED', REG_FAILED_HTTP), xe('COMM_FAILED', COMM_FAILED_HTTP)],
    expect: { kind: 'failed', code: 'E_COMM_FAILED', commCause: 'http' },
  },
  {
    name: 'register: unreachable',
    platform: 'ios-xr',
    operation: 'register',
    baseline: states.unregistered('ios-xr'),
    current: failedWith('ios-xr', 'Fail to send out Call Home HTTP message.'),
    messages: [xr('COMM_FAILED', 'Communications failure with the Cisco Smart Software Manager (CSSM) : Connection timed out')],
    expect: { kind: 'failed', code: 'E_COMM_FAILED', commCause: 'unreachable' },
  },
  {
    name: 'register: only the syslog reports the failure',
    platform: 'ios-xe',
    operation: 'register',
    baseline: states.unregistered('ios-xe'),
    current: states.unregistered('ios-xe'),
    messages: [xe('AGENT_REG_FAILED', REG_FAILED_HTTP)],
    expect: { kind: 'failed', code: 'E_COMM_FAILED', commCause: 'http' },
  },
  {
    name: 'register: a stale failure from an earlier attempt is not the current one',
    platform: 'ios-xe',
    operation: 'register',
    baseline: failedWith('ios-xe', 'Fail to send out Call Home HTTP message.', T0),
    current: failedWith('ios-xe', 'Fail to send out Call Home HTTP message.', T0),
    expect: { kind: 'pending', inProgress: false },
  },
  {
    name: 'register: the earlier failure replaced by a newer one',
    platform: 'ios-xe',
    operation: 'register',
    baseline: failedWith('ios-xe', 'Fail to send out Call Home HTTP message.', T0),
    current: failedWith('ios-xe', 'Error received from Smart Software Manager: The ID token has expired', T1),
    expect: { kind: 'failed', code: 'E_TOKEN_EXPIRED' },
  },
  {
    name: 'register: same failure text and date, but the device was seen registering in between',
    platform: 'ios-xe',
    operation: 'register',
    baseline: failedWith('ios-xe', 'Fail to send out Call Home HTTP message.', T0),
    current: failedWith('ios-xe', 'Fail to send out Call Home HTTP message.', T0),
    sawProgress: true,
    expect: { kind: 'failed', code: 'E_COMM_FAILED', commCause: 'http' },
  },
  {
    name: 'register: an unrelated failure message (deregistration) does not decide',
    platform: 'ios-xe',
    operation: 'register',
    baseline: states.unregistered('ios-xe'),
    current: states.registering('ios-xe'),
    messages: [xe('AGENT_DEREG_FAILED', DEREG_REFUSED)],
    expect: { kind: 'pending', inProgress: true },
  },
  // ---------------------------------------------------------------- renew auth / id
  {
    name: 'renew auth: a new successful communication',
    platform: 'ios-xr',
    operation: 'renew-auth',
    baseline: states.registered('ios-xr', T0),
    current: states.registered('ios-xr', T0, 'AUTHORIZED', { lastCommunication: 'SUCCEEDED on Jan 01 2026 00:01:05 UTC' }),
    expect: { kind: 'succeeded' },
  },
  { name: 'renew auth: nothing new yet', platform: 'ios-xr', operation: 'renew-auth', baseline: states.registered('ios-xr', T0), current: states.registered('ios-xr', T0), expect: { kind: 'pending', inProgress: false } },
  {
    name: 'renew auth: sync lost (seed 004:635-647)',
    platform: 'ios-xr',
    operation: 'renew-auth',
    baseline: states.registered('ios-xr', T0),
    current: states.registered('ios-xr', T0),
    messages: [xr('AUTH_RENEW_FAILED', SYNC_LOST)],
    expect: { kind: 'failed', code: 'E_SYNC_LOST' },
  },
  {
    name: 'renew auth: failed communication with a reason',
    platform: 'ios-xe',
    operation: 'renew-auth',
    baseline: states.registered('ios-xe', T0),
    current: states.registered('ios-xe', T0, 'AUTHORIZED', { lastCommunication: 'FAILED on Jan  1 00:01:05 2026 UTC', lastCommunicationReason: 'Unable to resolve server hostname/domain name' }),
    expect: { kind: 'failed', code: 'E_COMM_FAILED', commCause: 'dns' },
  },
  {
    name: "renew auth: the syslog reports this attempt's failure while the status still shows the previous one's (still clock)",
    platform: 'ios-xe',
    operation: 'renew-auth',
    baseline: states.registered('ios-xe', T0, 'AUTHORIZED', { lastCommunication: 'FAILED on Jan  1 00:01:05 2026 UTC', lastCommunicationReason: 'Unable to resolve server hostname/domain name' }),
    current: states.registered('ios-xe', T0, 'AUTHORIZED', { lastCommunication: 'FAILED on Jan  1 00:01:05 2026 UTC', lastCommunicationReason: 'Unable to resolve server hostname/domain name' }),
    messages: [xe('AUTH_RENEW_FAILED', 'Authorization renewal with the Cisco Smart Software Manager (CSSM) : Fail to send out Call Home HTTP message.'), xe('COMM_FAILED', 'Communications failure with the Cisco Smart Software Manager (CSSM) : Connection timed out')],
    expect: { kind: 'failed', code: 'E_COMM_FAILED', commCause: 'unreachable' },
  },
  {
    name: 'renew auth: pending attempt',
    platform: 'ios-xe',
    operation: 'renew-auth',
    baseline: states.registered('ios-xe', T0),
    current: states.registered('ios-xe', T0, 'AUTHORIZED', { lastCommunication: 'PENDING' }),
    expect: { kind: 'pending', inProgress: true },
  },
  {
    name: 'renew auth: same date (still clock), success logged',
    platform: 'ios-xe',
    operation: 'renew-auth',
    baseline: states.registered('ios-xe', T0),
    current: states.registered('ios-xe', T0),
    messages: [xe('AUTH_RENEW_SUCCESS', 'Authorization renewal with the Cisco Smart Software Manager (CSSM) : OK')],
    expect: { kind: 'succeeded' },
  },
  {
    // Seen on a fleet: the status was read just before the agent finished, the syslog just after.
    name: 'renew auth: success logged, the status still shows the failure from before the command',
    platform: 'ios-xr',
    operation: 'renew-auth',
    baseline: states.registered('ios-xr', T0, 'AUTHORIZED', { lastCommunication: 'FAILED on Jan 01 2026 00:00:05 UTC', lastCommunicationReason: 'Fail to send out Call Home HTTP message.' }),
    current: states.registered('ios-xr', T0, 'AUTHORIZED', { lastCommunication: 'FAILED on Jan 01 2026 00:00:05 UTC', lastCommunicationReason: 'Fail to send out Call Home HTTP message.' }),
    messages: [xr('AUTH_RENEW_SUCCESS', 'Authorization renewal with the Cisco Smart Software Manager (CSSM) : AUTHORIZED')],
    expect: { kind: 'pending', inProgress: true },
  },
  {
    name: 'renew auth: the earlier failure, nothing logged yet',
    platform: 'ios-xe',
    operation: 'renew-auth',
    baseline: states.registered('ios-xe', T0, 'AUTHORIZED', { lastCommunication: 'FAILED on Jan  1 00:00:05 2026 UTC', lastCommunicationReason: 'Fail to send out Call Home HTTP message.' }),
    current: states.registered('ios-xe', T0, 'AUTHORIZED', { lastCommunication: 'FAILED on Jan  1 00:00:05 2026 UTC', lastCommunicationReason: 'Fail to send out Call Home HTTP message.' }),
    expect: { kind: 'pending', inProgress: false },
  },
  {
    name: 'renew auth: the same failure again after the device was seen working on it',
    platform: 'ios-xe',
    operation: 'renew-auth',
    baseline: states.registered('ios-xe', T0, 'AUTHORIZED', { lastCommunication: 'FAILED on Jan  1 00:00:05 2026 UTC', lastCommunicationReason: 'Fail to send out Call Home HTTP message.' }),
    current: states.registered('ios-xe', T0, 'AUTHORIZED', { lastCommunication: 'FAILED on Jan  1 00:00:05 2026 UTC', lastCommunicationReason: 'Fail to send out Call Home HTTP message.' }),
    sawProgress: true,
    expect: { kind: 'failed', code: 'E_COMM_FAILED' },
  },
  {
    name: 'renew id: a new renewal succeeded',
    platform: 'ios-xr',
    operation: 'renew-id',
    baseline: states.registered('ios-xr', T0),
    current: states.registered('ios-xr', T0, 'AUTHORIZED', { lastRenewal: 'SUCCEEDED on Jan 01 2026 00:01:05 UTC' }),
    expect: { kind: 'succeeded' },
  },
  {
    name: 'renew id: failed on communication',
    platform: 'ios-xe',
    operation: 'renew-id',
    baseline: states.registered('ios-xe', T0),
    current: states.registered('ios-xe', T0, 'AUTHORIZED', { lastRenewal: 'FAILED on Jan  1 00:01:05 2026 UTC', lastRenewalReason: 'Fail to send out Call Home HTTP message.' }),
    messages: [xe('ID_CERT_RENEW_FAILED', 'Identity certificate renewal failed: Connection refused')],
    expect: { kind: 'failed', code: 'E_COMM_FAILED', commCause: 'unreachable' },
  },
  // ---------------------------------------------------------------- deregister
  { name: 'deregister: dropped', platform: 'ios-xe', operation: 'deregister', baseline: states.registered('ios-xe', T0), current: states.unregistered('ios-xe'), expect: { kind: 'succeeded' } },
  { name: 'deregister: still registered', platform: 'ios-xe', operation: 'deregister', baseline: states.registered('ios-xe', T0), current: states.registered('ios-xe', T0), expect: { kind: 'pending' } },
  {
    name: 'deregister: refused by CSSM, not tolerated',
    platform: 'ios-xr',
    operation: 'deregister',
    baseline: states.registered('ios-xr', T0),
    current: states.unregistered('ios-xr'),
    messages: [xr('AGENT_DEREG_FAILED', DEREG_REFUSED)],
    expect: { kind: 'failed', code: 'E_REGISTRATION_FAILED' },
  },
  {
    name: 'deregister: refused by CSSM, tolerated (sync loss)',
    platform: 'ios-xr',
    operation: 'deregister',
    baseline: states.registered('ios-xr', T0),
    current: states.unregistered('ios-xr'),
    messages: [xr('AGENT_DEREG_FAILED', DEREG_REFUSED)],
    tolerateSyncLoss: true,
    expect: { kind: 'succeeded', tolerated: 'E_REGISTRATION_FAILED' },
  },
  {
    name: 'deregister: refused, tolerated, device not dropped yet',
    platform: 'ios-xr',
    operation: 'deregister',
    baseline: states.registered('ios-xr', T0),
    current: states.registered('ios-xr', T0),
    messages: [xr('AGENT_DEREG_FAILED', DEREG_REFUSED)],
    tolerateSyncLoss: true,
    expect: { kind: 'pending', inProgress: true },
  },
  {
    name: 'deregister: communication failure is never tolerated',
    platform: 'ios-xe',
    operation: 'deregister',
    baseline: states.registered('ios-xe', T0),
    current: states.unregistered('ios-xe'),
    messages: [xe('AGENT_DEREG_FAILED', 'Smart Agent for Licensing DeRegistration with the Cisco Smart Software Manager (CSSM) failed: Fail to send out Call Home HTTP message.')],
    tolerateSyncLoss: true,
    expect: { kind: 'failed', code: 'E_COMM_FAILED', commCause: 'http' },
  },
];

t.test('operation progress table', async (t) => {
  for (const row of ROWS) {
    const p = operationProgress({
      operation: row.operation,
      baseline: obs(row.platform, row.baseline),
      current: obs(row.platform, row.current),
      messages: log(row.platform, row.messages ?? []),
      sawProgress: row.sawProgress ?? false,
      ...(row.tolerateSyncLoss === undefined ? {} : { tolerateSyncLoss: row.tolerateSyncLoss }),
    });
    const got: Record<string, unknown> = { kind: p.kind };
    if (p.kind === 'pending') got['inProgress'] = p.inProgress;
    if (p.kind === 'failed') {
      got['code'] = p.failure.code;
      if (p.failure.commCause !== undefined) got['commCause'] = p.failure.commCause;
      t.ok(p.failure.evidence.length > 0, `${row.name}: evidence`);
    }
    if (p.kind === 'succeeded' && p.tolerated !== undefined) got['tolerated'] = p.tolerated.code;
    t.match(got, row.expect, row.name);
    if (row.expect.commCause === undefined && p.kind === 'failed' && row.expect.code !== 'E_COMM_FAILED') t.equal(p.failure.commCause, undefined, `${row.name}: no cause`);
  }
});

t.test('failure evidence: status lines first, then syslog lines as printed', async (t) => {
  const p = operationProgress({
    operation: 'register',
    baseline: obs('ios-xe', states.unregistered('ios-xe')),
    current: obs('ios-xe', failedWith('ios-xe', 'Fail to send out Call Home HTTP message.')),
    messages: log('ios-xe', [xe('AGENT_REG_FAILED', REG_FAILED_HTTP), xe('COMM_FAILED', 'Communications failure with the Cisco Smart Software Manager (CSSM) : Unable to resolve server hostname/domain name')]),
    sawProgress: false,
  });
  t.equal(p.kind, 'failed');
  if (p.kind !== 'failed') return;
  t.same(p.failure.evidence, [
    'Registration Status: UNREGISTERED - REGISTRATION FAILED',
    'Initial Registration: FAILED on Jan  1 00:01:05 2026 UTC',
    'Failure reason: Fail to send out Call Home HTTP message.',
    'License Authorization Status: EVAL MODE',
    `%SMART_LIC-3-AGENT_REG_FAILED: ${REG_FAILED_HTTP}`,
    '%SMART_LIC-3-COMM_FAILED: Communications failure with the Cisco Smart Software Manager (CSSM) : Unable to resolve server hostname/domain name',
  ]);
  t.match(p.failure.reason, /resolve/);
});

t.test('new syslog events: a multiset difference', async (t) => {
  const a = xe('COMM_FAILED', COMM_FAILED_HTTP, T0);
  const b = xe('AGENT_REG_FAILED', REG_FAILED_HTTP, T0);
  const before = log('ios-xe', [a, b]);
  t.same(newSyslogEvents(before, log('ios-xe', [a, b])), [], 'nothing new');
  const after = log('ios-xe', [a, b, a]);
  t.same(newSyslogEvents(before, after).map((e) => e.mnemonic), ['COMM_FAILED'], 'the same line again, same timestamp, counts once more');
  t.same(newSyslogEvents([], before).length, 2);
  const xrEvents = log('ios-xr', [xr('AUTH_RENEW_FAILED', SYNC_LOST)]);
  t.match(xrEvents[0], { facility: 'LICENSE-SMART_LIC', mnemonic: 'AUTH_RENEW_FAILED', severity: 3, line: `%LICENSE-SMART_LIC-3-AUTH_RENEW_FAILED: ${SYNC_LOST}` });
});

t.test('the syslog is read unless the status shows the work running', async (t) => {
  t.equal(needsSyslog('register', obs('ios-xe', states.registering('ios-xe'))), false);
  t.equal(needsSyslog('register', obs('ios-xe', states.unregistered('ios-xe'))), true);
  t.equal(needsSyslog('renew-auth', obs('ios-xe', states.registered('ios-xe', T0, 'AUTHORIZED', { lastCommunication: 'PENDING' }))), false);
  t.equal(needsSyslog('renew-id', obs('ios-xe', states.registered('ios-xe', T0))), true);
  t.equal(needsSyslog('deregister', obs('ios-xe', states.registered('ios-xe', T0))), true);
});

t.test('observations read the seed outputs', async (t) => {
  const { readFileSync } = await import('node:fs');
  const seed = (f: string): string => readFileSync(new URL(`../parsers/fixtures/seeds/${f}`, import.meta.url), 'utf8');
  const xr560 = observeLicensing(parseLicenseStatus(seed('001-ncs560/show-license-status.967-1003.txt'), { platform: 'ios-xr' }));
  t.match(xr560, { registration: 'registered', authorization: 'out-of-compliance', initialRegistration: { result: 'succeeded', at: Date.parse('2020-07-01T07:14:24Z') } });
  const unregistered = observeLicensing(parseLicenseStatus(seed('001-ncs560/show-license-status.725-784.txt'), { platform: 'ios-xr' }));
  t.match(unregistered, { registration: 'unregistered', authorization: 'evaluation-expired' });
  const xeSeed = observeLicensing(parseLicenseStatus(seed('000-cbr8/show-license-status.612-631.txt'), { platform: 'ios-xe' }));
  t.match(xeSeed, { registration: 'registered', lastRenewal: { result: 'none' }, lastCommunication: { result: 'succeeded' } });
  const logs = observeSyslog(parseLogging(seed('004-ncs1004/show-logging.627-647.txt'), { platform: 'ios-xr' }));
  t.match(logs, [{ mnemonic: 'AUTH_RENEW_FAILED', text: /Data and signature do not match for udi PID:8812,SN:FOX2202WIVM/ }]);
});
