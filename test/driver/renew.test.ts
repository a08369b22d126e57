/** `renewId()` / `renewAuth()` over scripted devices: success, sync loss (004:635-647), IOS-XE's plain form, refusals. */
import t from 'tap';
import { ManualClock } from '../../src/clock.js';
import { renewAuth, renewId } from '../../src/driver/renew.js';
import { DeviceScript, deviceDate, openScripted, states, syslogLine } from './helpers/licensing-device.js';

const T0 = '2026-01-01T00:00:05Z';
const T1 = '2026-01-01T00:01:05Z';
const SYNC_LOST =
  'Authorization renewal with the Cisco Smart Software Manager (CSSM) : Error received from Smart Software Manager: Data and signature do not match for udi PID:8812,SN:FOX2202WIVM';

function virtual(): { clock: ManualClock; sleep: (ms: number) => Promise<void> } {
  const clock = new ManualClock(T0);
  return { clock, sleep: async (ms) => void clock.advance(ms) };
}

t.test('renew auth (XR): a new successful communication attempt', async (t) => {
  const s = new DeviceScript('ios-xr')
    .open()
    .status(states.registered('ios-xr', T0))
    .log([])
    .command('license smart renew auth', '')
    .status(states.registered('ios-xr', T0))
    .log([])
    .status(states.registered('ios-xr', T0, 'AUTHORIZED', { lastCommunication: 'PENDING' }))
    .status(states.registered('ios-xr', T0, 'AUTHORIZED', { lastCommunication: `SUCCEEDED on ${deviceDate('ios-xr', T1)}`, nextCommunication: deviceDate('ios-xr', '2026-01-31T00:01:05Z') }))
    .log([syslogLine('ios-xr', T1, 'AUTH_RENEW_SUCCESS', 6, 'Authorization renewal with the Cisco Smart Software Manager (CSSM) : OK')]);
  const { session, stream } = await openScripted(s);
  t.teardown(() => session.close());
  const r = await renewAuth(session, virtual());
  t.equal(stream.remaining, 0);
  t.equal(r.operation, 'renew-auth');
  t.equal(r.command, 'license smart renew auth');
  t.equal(r.polls, 3);
  t.match(r.state, { authorization: 'authorized', lastCommunication: { result: 'succeeded', at: '2026-01-01T00:01:05Z' }, nextCommunicationAt: '2026-01-31T00:01:05Z' });
});

t.test('renew auth (XR) after the product instance was removed in CSSM: E_SYNC_LOST with the seed evidence', async (t) => {
  const s = new DeviceScript('ios-xr')
    .open()
    .status(states.registered('ios-xr', T0))
    .log([])
    .command('license smart renew auth', '')
    .status(states.registered('ios-xr', T0, 'AUTHORIZED', { lastCommunication: `FAILED on ${deviceDate('ios-xr', T1)}`, lastCommunicationReason: 'Data and signature do not match for udi PID:8812,SN:FOX2202WIVM' }))
    .log([syslogLine('ios-xr', T1, 'AUTH_RENEW_FAILED', 3, SYNC_LOST)]);
  const { session, stream } = await openScripted(s);
  t.teardown(() => session.close());
  const error = await renewAuth(session, virtual()).catch((e: unknown) => e);
  t.equal(stream.remaining, 0);
  t.match(error, {
    code: 'E_SYNC_LOST',
    operation: 'renew-auth',
    host: 'ncs1004-1',
    evidence: [
      'Registration Status: REGISTERED',
      'License Authorization Status: AUTHORIZED',
      'Last Communication Attempt: FAILED on Jan 01 2026 00:01:05 UTC',
      'Failure reason: Data and signature do not match for udi PID:8812,SN:FOX2202WIVM',
      `%LICENSE-SMART_LIC-3-AUTH_RENEW_FAILED: ${SYNC_LOST}`,
    ],
  });
});

t.test('renew auth: communication failure by cause', async (t) => {
  const s = new DeviceScript('ios-xe')
    .open()
    .status(states.registered('ios-xe', T0))
    .log([])
    .command('license smart renew auth', '')
    .status(states.registered('ios-xe', T0, 'AUTHORIZED', { lastCommunication: `FAILED on ${deviceDate('ios-xe', T1)}`, lastCommunicationReason: 'Fail to send out Call Home HTTP message.' }))
    .log([syslogLine('ios-xe', T1, 'COMM_FAILED', 3, 'Communications failure with the Cisco Smart Software Manager (CSSM) : HTTP proxy 198.51.100.10 port 3128 refused the connection')]);
  const { session } = await openScripted(s);
  t.teardown(() => session.close());
  await t.rejects(renewAuth(session, virtual()), { code: 'E_COMM_FAILED', commCause: 'proxy' });
});

t.test('renew id (XR): Last Renewal Attempt succeeded', async (t) => {
  const s = new DeviceScript('ios-xr')
    .open()
    .status(states.registered('ios-xr', T0))
    .log([])
    .command('license smart renew id', '')
    .status(states.registered('ios-xr', T0, 'AUTHORIZED', { lastRenewal: `SUCCEEDED on ${deviceDate('ios-xr', T1)}`, nextRenewal: deviceDate('ios-xr', '2026-06-30T00:01:05Z') }))
    .log([]);
  const { session, stream } = await openScripted(s);
  t.teardown(() => session.close());
  const r = await renewId(session, virtual());
  t.equal(stream.remaining, 0);
  t.match(r, { operation: 'renew-id', command: 'license smart renew id', polls: 1, state: { lastRenewal: { result: 'succeeded', at: '2026-01-01T00:01:05Z' }, nextRenewalAt: '2026-06-30T00:01:05Z' } });
});

t.test('renew id (XE agent without keywords): falls back to "license smart renew" (000:1033-1041)', async (t) => {
  const s = new DeviceScript('ios-xe')
    .open()
    .status(states.registered('ios-xe', T0))
    .log([])
    .command('license smart renew id', "                      ^\n% Invalid input detected at '^' marker.")
    .command('license smart renew', '')
    .status(states.registered('ios-xe', T0, 'AUTHORIZED', { lastRenewal: `FAILED on ${deviceDate('ios-xe', T1)}`, lastRenewalReason: 'Fail to send out Call Home HTTP message.' }))
    .log([syslogLine('ios-xe', T1, 'COMM_FAILED', 3, 'Communications failure with the Cisco Smart Software Manager (CSSM) : No route to host')]);
  const { session, stream } = await openScripted(s);
  t.teardown(() => session.close());
  await t.rejects(renewId(session, virtual()), { code: 'E_COMM_FAILED', commCause: 'unreachable', operation: 'renew-id' });
  t.equal(stream.remaining, 0);
});

t.test('IOS-XR has no plain form: the keyword error stands', async (t) => {
  const s = new DeviceScript('ios-xr').open().status(states.registered('ios-xr', T0)).log([]).command('license smart renew id', "% Invalid input detected at '^' marker.");
  const { session, stream } = await openScripted(s);
  t.teardown(() => session.close());
  await t.rejects(renewId(session, virtual()), { code: 'E_CLI_INVALID_INPUT', command: 'license smart renew id' });
  t.equal(stream.remaining, 0);
});

t.test('renewal of an unregistered device: E_NOT_REGISTERED, nothing sent', async (t) => {
  const expired = { ...states.unregistered('ios-xe'), registration: 'UNREGISTERED - REGISTRATION EXPIRED' };
  for (const status of [states.unregistered('ios-xe'), states.failed('ios-xe', T0, 'Fail to send out Call Home HTTP message.'), expired]) {
    const s = new DeviceScript('ios-xe').open().status(status);
    const { session, stream } = await openScripted(s);
    t.teardown(() => session.close());
    await t.rejects(renewAuth(session, virtual()), { code: 'E_NOT_REGISTERED', operation: 'renew-auth', evidence: [`Registration Status: ${status.registration}`] });
    t.equal(stream.remaining, 0);
    t.notOk(stream.written.includes('license smart renew'));
  }
});

t.test('check mode: renewal of a registered device would be sent; an unregistered one is refused as it would be', async (t) => {
  const registered = await openScripted(new DeviceScript('ios-xr').open().status(states.registered('ios-xr', '2026-01-01T00:00:05Z')));
  t.teardown(() => registered.session.close());
  t.match(await renewAuth(registered.session, { check: true }), { operation: 'renew-auth', command: 'license smart renew auth', changed: true, check: true });
  t.notOk(registered.stream.written.includes('license smart'), 'no license command');
  const unregistered = await openScripted(new DeviceScript('ios-xr').open().status(states.unregistered('ios-xr')));
  t.teardown(() => unregistered.session.close());
  await t.rejects(renewId(unregistered.session, { check: true }), { code: 'E_NOT_REGISTERED' });
  t.notOk(unregistered.stream.written.includes('license smart'), 'no license command');
});
