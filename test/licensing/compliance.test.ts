import t from 'tap';
import { DAY, HOUR, ManualClock } from '../../src/clock.js';
import { actionCommand, evaluateCompliance, type FindingCode } from '../../src/licensing/compliance.js';
import type { LicensingSnapshot } from '../../src/licensing/snapshot.js';

const T0 = Date.parse('2024-03-13T08:09:28Z');
const clockAt = (ms: number): ManualClock => new ManualClock(ms);

const registered: LicensingSnapshot = {
  observedAt: T0,
  platform: 'ios-xr',
  model: 'NCS-1004',
  smartLicensing: 'enabled',
  registration: { status: 'registered', registeredAt: T0 - DAY },
  authorization: { status: 'authorized', since: T0, lastCommunication: { result: 'succeeded', at: T0 } },
  entitlements: [{ tag: 'S-NCS1K4-LIC-100G=', count: 8, status: 'authorized' }],
};

const codes = (s: LicensingSnapshot, at: number): FindingCode[] => evaluateCompliance(s, clockAt(at)).findings.map((f) => f.code);

t.test('a registered, authorized device is compliant, with its timers', async (t) => {
  const r = evaluateCompliance(registered, clockAt(T0 + HOUR));
  t.equal(r.status, 'compliant');
  t.equal(r.compliant, true);
  t.same(r.findings, []);
  t.same(r.actions, []);
  t.equal(r.timers.nextAuthorizationRenewalAt, T0 + 30 * DAY);
  t.equal(r.timers.communicationDeadlineAt, T0 + 90 * DAY);
  t.equal(r.timers.nextCommunicationAt, T0 + 30 * DAY);
  t.equal(r.timers.nextRegistrationRenewalAt, T0 - DAY + 180 * DAY);
  t.equal(r.timers.registrationExpiresAt, T0 - DAY + 365 * DAY);
});

t.test('time passing without CSSM contact (virtual clock)', async (t) => {
  const table: Array<[string, number, FindingCode[], string]> = [
    ['day 1', T0 + DAY, [], 'compliant'],
    ['61 days: deadline within 30 days', T0 + 61 * DAY, ['authorization-expiring'], 'warning'],
    ['exactly 90 days: not yet expired', T0 + 90 * DAY, ['authorization-expiring'], 'warning'],
    ['90 days + 1 ms: AUTH EXPIRED', T0 + 90 * DAY + 1, ['authorization-expired'], 'critical'],
    ['306 days: ID certificate expiring', T0 + 306 * DAY, ['id-cert-expiring', 'authorization-expired'], 'critical'],
    ['365 days: registration expired', T0 + 365 * DAY, ['registration-expired', 'authorization-expired'], 'critical'],
  ];
  for (const [name, at, expected, status] of table) {
    const r = evaluateCompliance(registered, clockAt(at));
    t.same(r.findings.map((f) => f.code), expected, name);
    t.equal(r.status, status, name);
  }
  const expired = evaluateCompliance(registered, clockAt(T0 + 91 * DAY));
  t.same(expired.actions.map((a) => [a.code, a.command]), [
    ['fix-communication', undefined],
    ['renew-auth', 'license smart renew auth'],
  ]);
  t.equal(expired.enforcement, 'none', 'NCS 1004: no lock-out (004:111)');
});

t.test('cBR-8: AUTH EXPIRED and EVAL EXPIRED lock the DOCSIS CLIs (000:126-152)', async (t) => {
  const cbr8: LicensingSnapshot = { ...registered, platform: 'ios-xe', model: 'cBR-8' };
  const r = evaluateCompliance(cbr8, clockAt(T0 + 91 * DAY));
  t.equal(r.enforcement, 'auth-expired');
  t.same(r.lockedCommands, ['[no] cable upstream shutdown <upstream-port-number>', 'controller upstream-cable <slot/subslot/controller-port-number>', 'rf-ch <channel-number>']);
  t.ok(r.findings.some((f) => f.code === 'cli-locked' && f.severity === 'critical'));
  t.equal(r.actions.find((a) => a.code === 'renew-auth')?.command, 'license smart renew', 'XE renews with `license smart renew` (000:1041)');
  const ooc = evaluateCompliance({ ...cbr8, authorization: { ...cbr8.authorization!, status: 'out-of-compliance' } }, clockAt(T0 + DAY));
  t.equal(ooc.enforcement, 'none', 'plain OOC does not lock');
  const evalExpired: LicensingSnapshot = {
    model: 'cBR-8',
    platform: 'ios-xe',
    registration: { status: 'unregistered' },
    authorization: { status: 'evaluation-expired' },
  };
  const e = evaluateCompliance(evalExpired, clockAt(T0));
  t.equal(e.enforcement, 'eval-expired');
  t.same(e.findings.map((f) => f.code), ['not-registered', 'evaluation-expired', 'cli-locked']);
  t.same(e.actions.map((a) => a.command), ['license smart register idtoken <id-token>']);
});

t.test('evaluation period from the remaining time the agent prints', async (t) => {
  const s: LicensingSnapshot = {
    observedAt: T0,
    registration: { status: 'unregistered' },
    authorization: { status: 'evaluation' },
    evaluation: { inUse: true, remainingMs: 89 * DAY },
  };
  t.same(codes(s, T0), ['not-registered', 'evaluation-running']);
  t.same(codes(s, T0 + 60 * DAY), ['not-registered', 'evaluation-expiring']);
  t.same(codes(s, T0 + 89 * DAY + 1), ['not-registered', 'evaluation-expired']);
  t.equal(evaluateCompliance(s, clockAt(T0)).timers.evaluationExpiresAt, T0 + 89 * DAY);
});

t.test('failures are classified and mapped to actions', async (t) => {
  const commFailed: LicensingSnapshot = {
    ...registered,
    authorization: { status: 'authorized', lastCommunication: { result: 'failed', at: T0, failureReason: 'Communication message send error' } },
  };
  const c = evaluateCompliance(commFailed, clockAt(T0));
  const finding = c.findings.find((f) => f.code === 'communication-failed');
  t.equal(finding?.failure?.code, 'E_COMM_FAILED');
  t.equal(finding?.failure?.commCause, 'http');
  t.same(c.actions.map((a) => a.code), ['fix-communication', 'renew-auth']);

  const regFailed: LicensingSnapshot = {
    observedAt: T0,
    platform: 'ios-xr',
    registration: { status: 'registration-failed', lastRenewal: { result: 'failed', at: T0, failureReason: 'Unable to resolve server hostname/domain name' } },
  };
  const r = evaluateCompliance(regFailed, clockAt(T0));
  const f = r.findings[0]!;
  t.equal(f.code, 'registration-failed');
  t.equal(f.failure?.commCause, 'dns');
  t.equal(f.at, T0 + 24 * HOUR, 'automatic retry after 24 h (004:236)');
  t.same(r.actions.map((a) => [a.code, a.command]), [
    ['fix-communication', undefined],
    ['reregister-force', 'license smart register idtoken <id-token> force'],
  ]);
  t.equal(r.timers.nextRegistrationRetryAt, T0 + 24 * HOUR);

  const token: LicensingSnapshot = { registration: { status: 'registration-failed', lastRenewal: { result: 'failed', failureReason: 'The ID token has expired' } } };
  t.same(evaluateCompliance(token, clockAt(T0)).actions.map((a) => a.code), ['reregister-force']);
});

t.test('sync loss from syslog: deregister then register with force (004:597-684)', async (t) => {
  const s: LicensingSnapshot = {
    ...registered,
    messages: [{ mnemonic: 'AUTH_RENEW_FAILED', text: 'Authorization renewal with the Cisco Smart Software Manager (CSSM) : Error received from Smart Software Manager: Data and signature do not match for udi PID:8812,SN:FOX2202WIVM', at: T0 }],
  };
  const r = evaluateCompliance(s, clockAt(T0));
  t.same(r.findings.map((f) => [f.code, f.severity]), [['sync-lost', 'critical']]);
  t.same(r.actions.map((a) => a.command), ['license smart deregister', 'license smart register idtoken <id-token> force']);
});

t.test('a sync loss mended by a forced registration is over, even while CSSM is out of reach', async (t) => {
  const syncLost = { mnemonic: 'AUTH_RENEW_FAILED', text: 'Authorization renewal with the Cisco Smart Software Manager (CSSM) : Error received from Smart Software Manager: Data and signature do not match for udi PID:8812,SN:FOX2202WIVM' };
  const s: LicensingSnapshot = {
    ...registered,
    authorization: { status: 'authorized', since: T0, lastCommunication: { result: 'failed', at: T0, failureReason: 'Fail to send out Call Home HTTP message.' } },
    messages: [syncLost, { mnemonic: 'AGENT_DEREG_FAILED', text: 'DeRegistration failed' }, { mnemonic: 'AGENT_REG_SUCCESS', text: 'Registration successful' }, { mnemonic: 'COMM_FAILED', text: 'Communications failure with Cisco licensing cloud: Fail to send out Call Home HTTP message.' }],
  };
  t.same(codes(s, T0), ['communication-failed'], 'the outage is reported, the old sync loss is not');
  t.same(codes({ ...s, messages: [s.messages![0]!] }, T0), ['communication-failed', 'sync-lost'], 'without the registration after it, the sync loss stands');
});

t.test('out of compliance, invalid and not-authorized entitlements', async (t) => {
  const s: LicensingSnapshot = {
    ...registered,
    authorization: { status: 'out-of-compliance', lastCommunication: { result: 'succeeded', at: T0 } },
    entitlements: [
      { tag: 'US_License', count: 64, status: 'authorized' },
      { tag: 'WAN_License', count: 8, status: 'out-of-compliance' },
      { tag: 'FOO', status: 'invalid' },
    ],
  };
  const r = evaluateCompliance(s, clockAt(T0));
  t.same(r.findings.map((f) => f.code), ['out-of-compliance', 'entitlement-invalid']);
  t.same(r.findings[0]!.entitlements, ['WAN_License']);
  t.equal(r.timers.nextCommunicationAt, T0 + 12 * HOUR, 'OOC: next attempt after 12 h');
  t.same(r.actions.map((a) => a.code), ['renew-auth', 'buy-licenses']);
});

t.test('NCS 560 SIA (001:86-112)', async (t) => {
  const grace: LicensingSnapshot = { ...registered, sia: { status: 'out-of-compliance', graceRemainingMs: 90 * DAY } };
  const g = evaluateCompliance(grace, clockAt(T0));
  t.same(g.findings.map((f) => [f.code, f.severity, f.at]), [['sia-out-of-compliance', 'warning', T0 + 90 * DAY]]);
  const expired: LicensingSnapshot = { ...registered, sia: { status: 'out-of-compliance-grace-expired' } };
  t.same(evaluateCompliance(expired, clockAt(T0)).findings.map((f) => [f.code, f.severity]), [['sia-grace-expired', 'critical']]);
  const unregistered: LicensingSnapshot = { registration: { status: 'unregistered' }, sia: { status: 'out-of-compliance-grace-expired' } };
  t.same(evaluateCompliance(unregistered, clockAt(T0)).actions.map((a) => a.code), ['register']);
});

t.test('smart licensing disabled, SLP report ACK overdue, registration never expires', async (t) => {
  t.same(codes({ smartLicensing: 'disabled' }, T0), ['smart-licensing-disabled']);
  t.same(codes({ mode: 'slp', usageReporting: { nextAckDeadlineAt: T0 } }, T0 + 1), ['usage-report-overdue']);
  t.same(codes({ mode: 'slp', usageReporting: { nextAckDeadlineAt: T0 } }, T0), []);
  const never: LicensingSnapshot = { ...registered, registration: { status: 'registered', registeredAt: T0, expiresAt: null } };
  const r = evaluateCompliance(never, clockAt(T0 + 400 * DAY));
  t.equal(r.timers.registrationExpiresAt, null);
  t.notOk(r.findings.some((f) => f.code === 'registration-expired' || f.code === 'id-cert-expiring'), 'Registration Expires: Never (000:561)');
});

t.test('action commands per platform (000:1041, 001:439, 004:240-244)', async (t) => {
  t.equal(actionCommand('renew-auth', 'ios-xr'), 'license smart renew auth');
  t.equal(actionCommand('renew-id', 'ios-xr'), 'license smart renew id');
  t.equal(actionCommand('renew-auth', 'ios-xe'), 'license smart renew');
  t.equal(actionCommand('deregister', 'ios-xe'), 'license smart deregister');
  t.equal(actionCommand('buy-licenses', 'ios-xe'), undefined);
});
