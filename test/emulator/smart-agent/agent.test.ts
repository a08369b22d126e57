/**
 * The Smart Agent state machine in virtual time with in-test networks: every transition and timer of
 * INDEX.md §4 / §7 (evaluation, registration and its retry, authorization renewal cadences, AUTH EXPIRED, ID
 * renewal, registration expiry, deregistration, sync loss), the refusals, and what is sent to CSSM.
 */
import t from 'tap';
import { DAY, HOUR, MINUTE } from '../../../src/clock.js';
import { InvalidArgumentError, PlatformError } from '../../../src/errors.js';
import type { SyslogEntry } from '../../../src/emulator/device/syslog.js';
import { AUTH_RENEWAL_FAILURE_RETRY_MS, ID_RENEWAL_FAILURE_RETRY_MS } from '../../../src/emulator/smart-agent/smart-agent.js';
import { Secret } from '../../../src/secret.js';
import { START, TOKEN, rigIn, startRig, type AgentRig } from './helpers/agent-fixture.js';

const T0 = Date.parse(START);

function mnemonics(rig: AgentRig): string[] {
  return rig.device.syslog
    .entries()
    .filter((e) => e.facility.endsWith('SMART_LIC'))
    .map((e) => e.mnemonic);
}

function smartLic(rig: AgentRig): SyslogEntry[] {
  return rig.device.syslog.entries().filter((e) => e.facility.endsWith('SMART_LIC'));
}

async function register(rig: AgentRig, force = false): Promise<void> {
  const result = rig.agent.register(TOKEN, { force });
  if (!result.accepted) throw new Error(result.message);
  await rig.agent.idle();
}

t.test('evaluation: 90 days from start, then EVAL EXPIRED and the hourly warning', async (t) => {
  const rig = await startRig(t, 'NCS-560');
  let s = rig.agent.snapshot();
  t.equal(s.registration.status, 'unregistered');
  t.equal(s.authorization.status, 'evaluation');
  t.same(s.evaluation, { inUse: true, remainingMs: 90 * DAY, expiresAt: T0 + 90 * DAY });
  t.same(
    s.entitlements.map((e) => [e.shortTag, e.count, e.status]),
    [
      ['ESS-AC-100G-RTU-1', 1, 'evaluation'],
      ['N560-4-SYS-E-TRK', 1, 'evaluation'],
      ['A900-IMA8Z-TRK', 2, 'evaluation'],
      ['A900-IMA8CS1ZM-TRK', 1, 'evaluation'],
    ],
  );
  await rig.timers.advanceAsync(90 * DAY - 1);
  t.equal(rig.agent.snapshot().authorization.status, 'evaluation');
  await rig.timers.advanceAsync(1);
  s = rig.agent.snapshot();
  t.equal(s.authorization.status, 'evaluation-expired');
  t.equal(s.authorization.since, T0 + 90 * DAY);
  t.equal(s.evaluation.expiredAt, T0 + 90 * DAY);
  t.ok(s.entitlements.every((e) => e.status === 'evaluation-expired'));
  t.same(mnemonics(rig), ['EVAL_EXPIRED', 'EVAL_EXPIRED_WARNING']);
  await rig.timers.advanceAsync(5 * HOUR);
  const warnings = smartLic(rig).filter((e) => e.mnemonic === 'EVAL_EXPIRED_WARNING');
  t.equal(warnings.length, 6, 'once at expiry, then every hour (001:464)');
  t.equal(warnings[1]?.at, T0 + 90 * DAY + HOUR);
  t.equal(warnings[0]?.text, 'Smart Licensing evaluation expired');
  t.equal(warnings[0]?.facility, 'LICENSE-SMART_LIC');
  t.equal(warnings[0]?.process, 'smartlicserver[311]');
  t.same(rig.network.sent, [], 'an unregistered agent never calls home');

  // Registering stops the warnings; the evaluation stays used up.
  await register(rig);
  const count = smartLic(rig).filter((e) => e.mnemonic === 'EVAL_EXPIRED_WARNING').length;
  await rig.timers.advanceAsync(10 * HOUR);
  t.equal(smartLic(rig).filter((e) => e.mnemonic === 'EVAL_EXPIRED_WARNING').length, count);
  t.same(rig.agent.snapshot().evaluation, { inUse: false, remainingMs: 0, expiredAt: T0 + 90 * DAY });
});

t.test('evaluation already used: per device, or all of it', async (t) => {
  const partly = await startRig(t, 'cBR-8', { evaluationUsedDays: 60 });
  t.equal(partly.agent.snapshot().evaluation.remainingMs, 30 * DAY);
  await partly.timers.advanceAsync(30 * DAY);
  t.equal(partly.agent.snapshot().authorization.status, 'evaluation-expired');
  t.equal(partly.agent.enforcement(), 'eval-expired');

  const used = await startRig(t, 'NCS-1004', { evaluationUsedDays: (device) => (device.model === 'NCS-1004' ? 100 : 0) });
  const s = used.agent.snapshot();
  t.equal(s.authorization.status, 'evaluation-expired');
  t.equal(s.evaluation.expiredAt, T0 - 10 * DAY, 'expired 10 days before the device started');
  t.same(mnemonics(used), ['EVAL_EXPIRED', 'EVAL_EXPIRED_WARNING']);
  t.equal(used.agent.enforcement(), 'none', 'only the cBR-8 locks');
});

t.test('register: REGISTERING, then REGISTERED + AUTHORIZED with the seed timers', async (t) => {
  const rig = await rigIn(t, 'cBR-8', 'registering');
  t.equal(rig.agent.snapshot().registration.status, 'registering');
  t.same(rig.agent.snapshot().registration.initialRegistration, { result: 'pending', at: T0 + 3 * DAY });
  t.equal(rig.agent.snapshot().inFlight, 1);
  const busy = rig.agent.register(TOKEN);
  t.same(busy.accepted ? null : busy.refusal, 'registration-in-progress');
  t.same(rig.agent.renew('auth').accepted, false);
  t.same((await rig.agent.deregister()).accepted, false);
  rig.gated?.release();
  await rig.agent.idle();

  const at = T0 + 3 * DAY;
  const s = rig.agent.snapshot();
  t.equal(s.registration.status, 'registered');
  t.equal(s.registration.virtualAccount, 'Default');
  t.equal(s.registration.smartAccount, 'Forty-Two uLtd.');
  t.equal(s.registration.exportControlled, 'allowed');
  t.same(s.registration.initialRegistration, { result: 'succeeded', at });
  t.equal(s.registration.nextRenewalAt, at + 180 * DAY, 'ID certificate renewed after six months');
  t.equal(s.registration.expiresAt, at + 365 * DAY, 'registration expires with the certificate');
  t.equal(s.authorization.status, 'authorized');
  t.equal(s.authorization.since, at);
  t.same(s.authorization.lastCommunication, { result: 'succeeded', at });
  t.equal(s.authorization.nextCommunicationAt, at + 30 * DAY, 'authorization renewed every 30 days');
  t.equal(s.authorization.deadlineAt, at + 90 * DAY, 'communication deadline 90 days');
  t.same(s.evaluation, { inUse: false, remainingMs: 87 * DAY }, 'the evaluation stops being consumed');
  t.ok(s.entitlements.every((e) => e.status === 'authorized' && e.reportedCount === e.count));
  t.same(mnemonics(rig), ['AGENT_REG_SUCCESS']);
  t.equal(smartLic(rig)[0]?.text, `Smart Agent for Licensing Registration with Cisco licensing cloud successful for udi PID:CBR-8-CCAP-CHASS,SN:${rig.device.identity.serial}`);

  const [message] = rig.network.sent;
  t.equal(message?.messageType, 'REGISTER');
  t.equal(message?.idToken, TOKEN);
  t.same(message?.udi, { pid: 'CBR-8-CCAP-CHASS', sn: rig.device.identity.serial });
  t.equal(message?.softwareTag, 'regid.2014-12.com.cisco.CBR8V1,1.0_95948658-0b8b-4e8f-838d-b17020364ca9');
  t.same(message?.usage, [
    { tag: 'regid.2014-11.com.cisco.US_License,1.0_a3f32909-2c71-426c-b3e0-eeefc946f9b3', count: 1 },
    { tag: 'regid.2014-11.com.cisco.DS_License,1.0_71ad0ae1-5e5e-4f02-b380-d2e1b8dcfa03', count: 4 },
    { tag: 'regid.2014-11.com.cisco.WAN_License,1.0_3d8bb7ba-1a92-4f01-a4aa-a4479f1d7612', count: 1 },
  ]);
  t.equal(message?.force, undefined);
  t.same(s.statistics.REGISTRATION, { success: 1, failed: 0, inqueue: 0, dropped: 0, lastSentAt: at });
  t.same(s.statistics.ACKNOWLEDGEMENT, { success: 1, failed: 0, inqueue: 0, dropped: 0, lastSentAt: at });

  const again = rig.agent.register(TOKEN);
  t.same(again, { accepted: false, refusal: 'already-registered', message: again.message });
  t.match(again.message, /already registered/);
});

t.test('authorization renewal every 30 days while AUTHORIZED, every 12 h while OUT OF COMPLIANCE', async (t) => {
  const rig = await startRig(t, 'NCS-560');
  await register(rig);
  await rig.timers.advanceAsync(30 * DAY - MINUTE);
  t.same(rig.network.types(), ['REGISTER']);
  await rig.timers.advanceAsync(MINUTE);
  t.same(rig.network.types(), ['REGISTER', 'RENEW_AUTH']);
  const renew = rig.network.sent[1];
  t.equal(renew?.idCertSerial, rig.agent.snapshot().registration.idCertificate?.serial);
  t.equal(renew?.usage?.length, 4);
  t.equal(rig.agent.snapshot().authorization.nextCommunicationAt, T0 + 60 * DAY);
  t.ok(mnemonics(rig).includes('AUTH_RENEW_SUCCESS'));

  // Consumption above what the account holds: OUT OF COMPLIANCE, renewed every 12 h (000:565-566).
  rig.network.purchased.set('A900-IMA8Z-TRK', 1);
  t.equal(rig.agent.renew('auth').accepted, true);
  await rig.agent.idle();
  const s = rig.agent.snapshot();
  t.equal(s.authorization.status, 'out-of-compliance');
  t.equal(s.authorization.nextCommunicationAt, T0 + 30 * DAY + 12 * HOUR);
  t.same(
    s.entitlements.map((e) => [e.shortTag, e.status]),
    [
      ['ESS-AC-100G-RTU-1', 'authorized'],
      ['N560-4-SYS-E-TRK', 'authorized'],
      ['A900-IMA8Z-TRK', 'out-of-compliance'],
      ['A900-IMA8CS1ZM-TRK', 'authorized'],
    ],
  );
  t.equal(mnemonics(rig).filter((m) => m === 'OUT_OF_COMPLIANCE').length, 1);
  t.same(s.sia, { outOfCompliance: true, graceRemainingMs: 90 * DAY });
  await rig.timers.advanceAsync(12 * HOUR);
  t.equal(rig.network.types().length, 4);
  t.same(rig.agent.snapshot().sia, { outOfCompliance: true, graceRemainingMs: 90 * DAY - 12 * HOUR }, 'SIA grace runs while out of compliance');
  t.equal(rig.agent.enforcement(), 'none', 'plain OOC locks nothing');
});

t.test('failed renewals: retried every 12 h, AUTH EXPIRED at the deadline, then hourly; renew auth recovers', async (t) => {
  const rig = await startRig(t, 'cBR-8');
  await register(rig);
  rig.network.script = { kind: 'comm', cause: 'unreachable', detail: 'Connection refused by tools.cisco.com:443' };
  await rig.timers.advanceAsync(30 * DAY);
  let s = rig.agent.snapshot();
  t.same(s.authorization.lastCommunication, { result: 'failed', at: T0 + 30 * DAY, failureReason: 'Connection refused by tools.cisco.com:443' });
  t.equal(s.authorization.nextCommunicationAt, T0 + 30 * DAY + AUTH_RENEWAL_FAILURE_RETRY_MS);
  t.equal(s.authorization.status, 'authorized', 'still authorized until the deadline');
  t.same(mnemonics(rig).slice(1), ['COMM_FAILED', 'AUTH_RENEW_FAILED']);
  t.same(s.lastFailure, { operation: 'renew-auth', at: T0 + 30 * DAY, reason: 'Connection refused by tools.cisco.com:443', code: 'E_COMM_FAILED' });

  await rig.timers.advanceAsync(60 * DAY);
  s = rig.agent.snapshot();
  t.equal(s.authorization.status, 'authorization-expired');
  t.equal(s.authorization.since, T0 + 90 * DAY);
  t.equal(s.authorization.nextCommunicationAt, T0 + 90 * DAY + HOUR, 'hourly after AUTH EXPIRED (004:283)');
  t.ok(s.entitlements.every((e) => e.status === 'authorization-expired'));
  t.equal(s.enforcement, 'auth-expired');
  t.equal(mnemonics(rig).filter((m) => m === 'AUTHORIZATION_EXPIRED').length, 1);
  t.equal(mnemonics(rig).filter((m) => m === 'COMM_FAILED').length, 1, 'COMM_FAILED once, when communication starts failing');
  const renewals = rig.network.types().filter((m) => m === 'RENEW_AUTH').length;
  t.equal(renewals, 1 + 60 * 2, 'every 12 h from day 30 to day 90');
  await rig.timers.advanceAsync(3 * HOUR);
  t.equal(rig.network.types().filter((m) => m === 'RENEW_AUTH').length, renewals + 3);

  rig.network.script = { kind: 'cssm' };
  t.equal(rig.agent.renew('auth').accepted, true);
  await rig.agent.idle();
  s = rig.agent.snapshot();
  t.equal(s.authorization.status, 'authorized');
  t.equal(s.authorization.deadlineAt, T0 + 90 * DAY + 3 * HOUR + 90 * DAY);
  t.equal(s.enforcement, 'none');
  t.ok(mnemonics(rig).includes('COMM_RESTORED'));
});

t.test('ID certificate renewed at 180 days; failures retried daily; registration expires at 365 days', async (t) => {
  const rig = await startRig(t, 'NCS-1004');
  await register(rig);
  const first = rig.agent.snapshot().registration.idCertificate?.serial;
  await rig.timers.advanceAsync(180 * DAY);
  let s = rig.agent.snapshot();
  t.ok(rig.network.types().includes('RENEW_ID'));
  t.not(s.registration.idCertificate?.serial, first, 'a new certificate');
  t.same(s.registration.lastRenewal, { result: 'succeeded', at: T0 + 180 * DAY });
  t.equal(s.registration.nextRenewalAt, T0 + 360 * DAY);
  t.equal(s.registration.expiresAt, T0 + 545 * DAY);
  t.ok(mnemonics(rig).includes('ID_CERT_RENEW_SUCCESS'));

  rig.network.script = { kind: 'comm', cause: 'dns', detail: 'Failed to resolve host tools.cisco.com' };
  await rig.timers.advanceAsync(181 * DAY);
  s = rig.agent.snapshot();
  t.same(s.registration.lastRenewal, { result: 'failed', at: T0 + 361 * DAY, failureReason: 'Failed to resolve host tools.cisco.com' });
  t.equal(s.registration.nextRenewalAt, T0 + 361 * DAY + ID_RENEWAL_FAILURE_RETRY_MS);
  t.equal(s.registration.status, 'registered');
  t.ok(mnemonics(rig).includes('ID_CERT_RENEW_FAILED'));

  await rig.timers.advanceAsync(184 * DAY);
  s = rig.agent.snapshot();
  t.equal(s.registration.status, 'registration-expired');
  t.equal(s.registration.expiresAt, T0 + 545 * DAY);
  t.equal(s.registration.idCertificate, undefined);
  t.equal(s.authorization.status, 'evaluation', 'back to the evaluation period that is left (004:240, 001:427)');
  t.equal(s.evaluation.remainingMs, 90 * DAY, 'none of it was used before registering');
  t.ok(mnemonics(rig).includes('ID_CERT_EXPIRED'));
  const calls = rig.network.sent.length;
  await rig.timers.advanceAsync(2 * DAY);
  t.equal(rig.network.sent.length, calls, 'no call home once the registration is gone');
  t.equal(rig.agent.renew('id').accepted, false);
});

t.test('a registration that failed on communication is retried every 24 h with the same token (004:236)', async (t) => {
  const rig = await startRig(t, 'NCS-560');
  rig.network.script = { kind: 'comm', cause: 'config', detail: 'Call-home profile CiscoTAC-1 is inactive' };
  await register(rig);
  let s = rig.agent.snapshot();
  t.equal(s.registration.status, 'registration-failed');
  t.same(s.registration.initialRegistration, { result: 'failed', at: T0, failureReason: 'Call-home profile CiscoTAC-1 is inactive' });
  t.equal(s.registration.nextRegistrationAttemptAt, T0 + 24 * HOUR);
  t.equal(s.authorization.status, 'evaluation');
  t.same(s.statistics.REGISTRATION, { success: 0, failed: 0, inqueue: 0, dropped: 1, lastSentAt: T0 }, 'a configuration problem counts as Dropped');
  t.same(mnemonics(rig), ['COMM_FAILED', 'AGENT_REG_FAILED']);
  t.equal(
    smartLic(rig)[1]?.text,
    'Smart Agent for Licensing Registration with Cisco Smart Software Manager (CSSM) failed: Call-home profile CiscoTAC-1 is inactive',
  );
  await rig.timers.advanceAsync(24 * HOUR);
  t.same(rig.network.types(), ['REGISTER', 'REGISTER']);
  rig.network.script = { kind: 'cssm' };
  await rig.timers.advanceAsync(24 * HOUR);
  s = rig.agent.snapshot();
  t.same(rig.network.types(), ['REGISTER', 'REGISTER', 'REGISTER']);
  t.equal(rig.network.sent[2]?.idToken, TOKEN);
  t.equal(s.registration.status, 'registered');
  t.equal(s.registration.nextRegistrationAttemptAt, undefined);
});

t.test('a token CSSM refuses is not retried; force re-registers a registered device', async (t) => {
  const rig = await startRig(t, 'cBR-8');
  rig.network.script = { kind: 'refuse', code: 'TOKEN_EXPIRED', message: 'The ID token expired on 2026-02-01T00:00:00.000Z.' };
  await register(rig);
  let s = rig.agent.snapshot();
  t.equal(s.registration.status, 'registration-failed');
  t.equal(s.registration.initialRegistration?.failureReason, 'Error received from Smart Software Manager: The ID token expired on 2026-02-01T00:00:00.000Z.');
  t.equal(s.registration.nextRegistrationAttemptAt, undefined);
  t.equal(s.lastFailure?.code, 'E_TOKEN_EXPIRED');
  await rig.timers.advanceAsync(3 * DAY);
  t.same(rig.network.types(), ['REGISTER']);

  rig.network.script = { kind: 'cssm' };
  await register(rig);
  t.equal(rig.agent.snapshot().registration.status, 'registered');
  const serial = rig.agent.snapshot().registration.idCertificate?.serial;
  await register(rig, true);
  s = rig.agent.snapshot();
  t.equal(rig.network.sent.at(-1)?.force, true);
  t.equal(s.registration.status, 'registered');
  t.not(s.registration.idCertificate?.serial, serial);
});

t.test('refusals and bad tokens', async (t) => {
  const rig = await startRig(t, 'NCS-1004');
  const renew = rig.agent.renew('auth');
  t.same(renew.accepted ? null : renew.refusal, 'not-registered');
  t.match(renew.message, /^% Error: .*not registered/);
  const dereg = await rig.agent.deregister();
  t.same(dereg.accepted ? null : dereg.refusal, 'not-registered');
  for (const bad of ['', '   ', 'abc def', 'abc\ndef', 'a?b', 'x'.repeat(1025)]) {
    t.throws(() => rig.agent.register(bad), InvalidArgumentError, JSON.stringify(bad.slice(0, 10)));
  }
  t.throws(() => rig.agent.register(42 as unknown as string), InvalidArgumentError);
  t.throws(() => rig.agent.renew('both' as 'id'), InvalidArgumentError);
  t.same(rig.network.sent, []);
  t.equal(rig.agent.register(new Secret(TOKEN)).accepted, true, 'a Secret is accepted');
  await rig.agent.idle();
  t.equal(rig.agent.snapshot().registration.status, 'registered');
});

t.test('deregister: DEREGISTER, then back to evaluation with the period that is left', async (t) => {
  const rig = await startRig(t, 'cBR-8');
  await rig.timers.advanceAsync(10 * DAY);
  await register(rig);
  const serial = rig.agent.snapshot().registration.idCertificate?.serial;
  await rig.timers.advanceAsync(20 * DAY);
  const result = await rig.agent.deregister();
  t.same(result, { accepted: true, acknowledged: true });
  const message = rig.network.sent.at(-1);
  t.equal(message?.messageType, 'DEREGISTER');
  t.equal(message?.idCertSerial, serial);
  const s = rig.agent.snapshot();
  t.equal(s.registration.status, 'unregistered');
  t.equal(s.registration.idCertificate, undefined);
  t.equal(s.authorization.status, 'evaluation');
  t.equal(s.evaluation.remainingMs, 80 * DAY, '10 days were used before registering');
  t.ok(s.entitlements.every((e) => e.status === 'evaluation' && e.reportedCount === 0));
  t.ok(mnemonics(rig).includes('AGENT_DEREG_SUCCESS'));
  const calls = rig.network.sent.length;
  await rig.timers.advanceAsync(100 * DAY);
  t.equal(rig.network.sent.length, calls, 'no renewal after deregistration');
  t.equal(rig.agent.snapshot().authorization.status, 'evaluation-expired');
});

t.test('sync loss (004:597-684): AUTH_RENEW_FAILED with the seed text, then deregister fails at CSSM but clears locally', async (t) => {
  const rig = await startRig(t, 'NCS-1004');
  await register(rig);
  rig.network.instances.clear(); // the product instance was removed in the CSSM portal
  t.equal(rig.agent.renew('auth').accepted, true);
  await rig.agent.idle();
  const udi = `PID:NCS1004,SN:${rig.device.identity.serial}`;
  const renewFailed = smartLic(rig).find((e) => e.mnemonic === 'AUTH_RENEW_FAILED');
  t.equal(
    renewFailed?.text,
    `Authorization renewal with the Cisco Smart Software Manager (CSSM) : Error received from Smart Software Manager: Data and signature do not match for udi ${udi}`,
  );
  t.equal(rig.agent.snapshot().lastFailure?.code, 'E_SYNC_LOST');
  t.notOk(mnemonics(rig).includes('COMM_FAILED'), 'CSSM answered: not a communication failure');

  const result = await rig.agent.deregister();
  t.same(result, { accepted: true, acknowledged: false, failureReason: `Error received from Smart Software Manager: Data and signature do not match for udi ${udi}`, communicationFailed: false });
  const deregFailed = smartLic(rig).find((e) => e.mnemonic === 'AGENT_DEREG_FAILED');
  t.equal(
    deregFailed?.text,
    'Smart Agent for Licensing DeRegistration with Cisco Smart Software Manager (CSSM) failed: Agent received a failure status in a response message. Please check the Agent log file for the detailed message.',
  );
  t.equal(deregFailed?.severity, 3);
  t.equal(rig.agent.snapshot().registration.status, 'unregistered', 'local state cleared anyway');
  t.equal(rig.agent.snapshot().lastFailure?.operation, 'deregister');
});

t.test('a change of consumption is reported at once while registered', async (t) => {
  const rig = await startRig(t, 'cBR-8');
  await register(rig);
  const result = rig.device.config.apply('controller Integrated-Cable 1/0/0\n rf-chan 4 7\n  type DOCSIS');
  t.equal(result.ok, true);
  t.equal(rig.agent.snapshot().entitlements.find((e) => e.shortTag === 'DS_License')?.status, 'authorized');
  t.equal(rig.agent.snapshot().entitlements.find((e) => e.shortTag === 'DS_License')?.count, 8);
  t.equal(rig.agent.snapshot().entitlements.find((e) => e.shortTag === 'DS_License')?.reportedCount, 4);
  await rig.agent.idle();
  const renew = rig.network.sent.at(-1);
  t.equal(renew?.messageType, 'RENEW_AUTH');
  t.equal(renew?.usage?.find((u) => u.tag.includes('DS_License'))?.count, 8);
  t.equal(rig.agent.snapshot().entitlements.find((e) => e.shortTag === 'DS_License')?.reportedCount, 8);
  rig.device.config.apply('hostname edge-1');
  await rig.agent.idle();
  t.equal(rig.network.sent.at(-1), renew, 'a change that does not change consumption sends nothing');
});

t.test('stop() cancels the timers and ignores late replies', async (t) => {
  const rig = await startRig(t, 'NCS-560');
  await register(rig);
  t.ok(rig.timers.pending > 0);
  await rig.device.close();
  t.equal(rig.timers.pending, 0);
  await rig.timers.advanceAsync(100 * DAY);
  t.same(rig.network.types(), ['REGISTER']);
  t.throws(() => rig.agent.renew('auth'), PlatformError);
  t.throws(() => rig.agent.register(TOKEN), PlatformError);
});
