/** `licensingStatus()` and the `Device` facade over scripted devices answering with the seeds' own outputs. */
import { readFileSync } from 'node:fs';
import t from 'tap';
import { ManualClock } from '../../src/clock.js';
import { Device } from '../../src/driver/device.js';
import { licensingStatus, SHOW_LICENSING_LOG } from '../../src/driver/licensing-status.js';
import { evaluateCompliance } from '../../src/licensing/compliance.js';
import { DeviceScript, openScripted, states, syslogLine, TOKEN } from './helpers/licensing-device.js';

/** A seed fixture's body: without the echoed command line (and the XR timestamp line the device script adds itself). */
function seedOutput(file: string): string {
  const lines = readFileSync(new URL(`../parsers/fixtures/seeds/${file}`, import.meta.url), 'utf8').split('\n').slice(1);
  if (/^\w{3} \w{3} +\d+ [\d:.]+ \w+$/.test(lines[0] ?? '')) lines.shift();
  return lines.join('\n').replace(/\n+$/, '');
}

t.test('IOS-XE seed (000): status, summary and UDI', async (t) => {
  const s = new DeviceScript('ios-xe', 'Router')
    .open()
    .command('show license status', seedOutput('000-cbr8/show-license-status.612-631.txt'))
    .command('show license summary', seedOutput('000-cbr8/show-license-summary.639-660.txt'))
    .command('show license udi', seedOutput('000-cbr8/show-license-udi.911-917.txt'));
  const { session, stream } = await openScripted(s);
  t.teardown(() => session.close());
  const status = await licensingStatus(session, { summary: true, udi: true });
  t.equal(stream.remaining, 0);
  t.equal(status.host, 'Router');
  t.equal(status.platform, 'ios-xe');
  t.same(status.state, {
    registration: 'registered',
    registrationRaw: 'REGISTERED',
    authorization: 'out-of-compliance',
    authorizationRaw: 'OUT OF COMPLIANCE',
    smartAccount: null,
    virtualAccount: 'auto-test-1',
    exportControl: null,
    registeredAt: '2015-03-05T02:01:03Z',
    initialRegistration: { result: 'succeeded', at: '2015-03-05T02:01:03Z', failureReason: null },
    lastRenewal: { result: 'none', at: null, failureReason: null },
    nextRenewalAt: '2015-09-01T02:03:51Z',
    registrationExpiresAt: 'never',
    authorizedSince: '2015-03-05T03:34:54Z',
    lastCommunication: { result: 'succeeded', at: '2015-03-05T03:35:57Z', failureReason: null },
    nextCommunicationAt: '2015-03-05T15:35:56Z',
    communicationDeadline: '2015-06-03T03:32:50Z',
  });
  t.equal(status.udi?.pid, 'CBR-8-CCAP-CHASS');
  t.equal(status.udi?.sn, 'FXS1739Q0NT');
  t.same(
    status.udiMembers?.map((m) => [m.role, m.pid, m.sn]),
    [
      ['active', 'CBR-8-CCAP-CHASS', 'FXS1739Q0NT'],
      ['standby', 'CBR-8-CCAP-CHASS', 'FXS1739Q0NT'],
    ],
    'the HA UDI list',
  );
  t.ok((status.summary?.entitlements?.length ?? 0) > 0, 'entitlements from the summary');
  t.ok((status.snapshot.entitlements?.length ?? 0) > 0, 'and in the snapshot');
  const report = evaluateCompliance(status.snapshot, new ManualClock('2015-03-06T00:00:00Z'));
  t.ok(report.findings.some((f) => f.code === 'out-of-compliance'), 'the snapshot feeds the compliance rules');
});

t.test('IOS-XR seed (001 NCS 560): status with account and export control; syslog on request', async (t) => {
  const s = new DeviceScript('ios-xr', 'ncs560-1')
    .open()
    .command('show license status', seedOutput('001-ncs560/show-license-status.967-1003.txt'))
    .log([syslogLine('ios-xr', '2026-01-01T00:00:00Z', 'AUTH_RENEW_FAILED', 3, 'Authorization renewal with the Cisco Smart Software Manager (CSSM) : Error received from Smart Software Manager: Data and signature do not match for udi PID:8812,SN:FOX2202WIVM')]);
  const { session, stream } = await openScripted(s);
  t.teardown(() => session.close());
  const status = await licensingStatus(session, { logging: true });
  t.equal(stream.remaining, 0);
  t.match(status.state, {
    registration: 'registered',
    authorization: 'out-of-compliance',
    smartAccount: 'Forty-Two uLtd.',
    virtualAccount: 'IOSXR',
    exportControl: 'allowed',
    registeredAt: '2020-07-01T07:14:24Z',
    registrationExpiresAt: '2021-07-01T07:01:42Z',
    communicationDeadline: '2020-10-04T07:10:56Z',
  });
  t.match(status.messages, [{ mnemonic: 'AUTH_RENEW_FAILED', facility: 'LICENSE-SMART_LIC' }]);
  t.match(status.snapshot.messages, [{ mnemonic: 'AUTH_RENEW_FAILED' }]);
  t.equal(SHOW_LICENSING_LOG, 'show logging | include SMART_LIC|CALL_HOME');
});

t.test('Device facade: status, register, renew, deregister, send and close over one session', async (t) => {
  const T0 = '2026-01-01T00:00:05Z';
  const T1 = '2026-01-01T00:01:05Z';
  const s = new DeviceScript('ios-xe')
    .open()
    .status(states.unregistered('ios-xe'))
    // register
    .status(states.unregistered('ios-xe'))
    .log([])
    .command(`license smart register idtoken ${TOKEN}`, '')
    .status(states.registered('ios-xe', T0))
    .log([])
    // renew auth
    .status(states.registered('ios-xe', T0))
    .log([])
    .command('license smart renew auth', '')
    .status(states.registered('ios-xe', T0, 'AUTHORIZED', { lastCommunication: 'SUCCEEDED on Jan  1 00:01:05 2026 UTC' }))
    .log([])
    // renew id
    .status(states.registered('ios-xe', T0))
    .log([])
    .command('license smart renew id', '')
    .status(states.registered('ios-xe', T0, 'AUTHORIZED', { lastRenewal: 'SUCCEEDED on Jan  1 00:01:05 2026 UTC' }))
    .log([])
    // deregister
    .status(states.registered('ios-xe', T1))
    .log([])
    .command('license smart deregister', '')
    .status(states.unregistered('ios-xe'))
    .log([])
    .command('show clock', '*00:02:00.000 UTC Thu Jan 1 2026');
  const { session, stream } = await openScripted(s);
  const clock = new ManualClock(T0);
  const device = new Device(session, { clock, sleep: async (ms) => void clock.advance(ms), commandTimeoutMs: 5000 });
  t.equal(device.host, 'cbr8-1');
  t.equal(device.platform, 'ios-xe');
  t.equal((await device.status()).state.registration, 'unregistered');
  t.equal((await device.register(TOKEN)).state.registration, 'registered');
  t.equal((await device.renewAuth()).operation, 'renew-auth');
  t.equal((await device.renewId()).operation, 'renew-id');
  t.equal((await device.deregister()).state.registration, 'unregistered');
  t.match((await device.send('show clock')).output, /2026/);
  await device.close();
  t.equal(device.closed, true);
  t.equal(stream.remaining, 0);
  t.equal(stream.mismatch, null);
});

t.test('openDevice connects and applies the licensing defaults', async (t) => {
  const { openDevice } = await import('../../src/driver/device.js');
  const { ScriptedStream } = await import('../../src/channel/cli/scripted-stream.js');
  const s = new DeviceScript('ios-xr').open().status(states.unregistered('ios-xr'));
  const stream = new ScriptedStream(s.steps);
  const device = await openDevice({ name: 'ncs1004-1', host: '127.0.0.1', platform: 'ios-xr' }, { stream, licensing: { timeoutMs: 1000 } });
  t.teardown(() => device.close());
  t.equal(device.host, 'ncs1004-1');
  t.equal(device.session.platform, 'ios-xr');
  t.equal((await device.deregister()).changed, false, 'an unregistered device is left alone');
  t.equal(stream.remaining, 0);
});
