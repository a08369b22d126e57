/** `deregister()` over scripted devices: success, the sync-loss refusal (004:654-677) tolerated or not, idempotence. */
import t from 'tap';
import { ManualClock } from '../../src/clock.js';
import { deregister } from '../../src/driver/deregister.js';
import { DeviceScript, openScripted, states, syslogLine } from './helpers/licensing-device.js';

const T0 = '2026-01-01T00:00:05Z';
const T1 = '2026-01-01T00:01:05Z';
const REFUSED =
  'Smart Agent for Licensing DeRegistration with Cisco Smart Software Manager (CSSM) failed: Agent received a failure status in a response message. Please check the Agent log file for the detailed message.';

function virtual(): { clock: ManualClock; sleep: (ms: number) => Promise<void> } {
  const clock = new ManualClock(T0);
  return { clock, sleep: async (ms) => void clock.advance(ms) };
}

function syncLossScript(): DeviceScript {
  return new DeviceScript('ios-xr')
    .open()
    .status(states.registered('ios-xr', T0))
    .log([])
    .command('license smart deregister', '')
    .status(states.unregistered('ios-xr'))
    .log([syslogLine('ios-xr', T1, 'AGENT_DEREG_FAILED', 3, REFUSED)]);
}

t.test('deregister (XE): the device drops its registration', async (t) => {
  const s = new DeviceScript('ios-xe')
    .open()
    .status(states.registered('ios-xe', T0))
    .log([])
    .command('license smart deregister', '')
    .status(states.registered('ios-xe', T0))
    .log([])
    .status(states.unregistered('ios-xe'))
    .log([syslogLine('ios-xe', T1, 'AGENT_DEREG_SUCCESS', 6, 'Smart Agent for Licensing DeRegistration with the Cisco Smart Software Manager (CSSM) was successful')]);
  const { session, stream } = await openScripted(s);
  t.teardown(() => session.close());
  const r = await deregister(session, virtual());
  t.equal(stream.remaining, 0);
  t.match(r, { operation: 'deregister', command: 'license smart deregister', changed: true, polls: 2, state: { registration: 'unregistered', authorization: 'evaluation' } });
  t.equal(r.tolerated, undefined);
});

t.test('deregister (XR) after sync loss: AGENT_DEREG_FAILED fails the operation unless tolerated', async (t) => {
  const strict = await openScripted(syncLossScript());
  t.teardown(() => strict.session.close());
  await t.rejects(deregister(strict.session, virtual()), {
    code: 'E_REGISTRATION_FAILED',
    operation: 'deregister',
    evidence: ['Registration Status: UNREGISTERED', 'License Authorization Status: EVAL MODE', `%LICENSE-SMART_LIC-3-AGENT_DEREG_FAILED: ${REFUSED}`],
  });

  const lenient = await openScripted(syncLossScript());
  t.teardown(() => lenient.session.close());
  const r = await deregister(lenient.session, { ...virtual(), tolerateSyncLoss: true });
  t.equal(lenient.stream.remaining, 0);
  t.match(r, { changed: true, state: { registration: 'unregistered' }, tolerated: { code: 'E_REGISTRATION_FAILED', reason: 'deregistration failed' } });
  t.same(r.tolerated?.evidence, ['Registration Status: UNREGISTERED', 'License Authorization Status: EVAL MODE', `%LICENSE-SMART_LIC-3-AGENT_DEREG_FAILED: ${REFUSED}`]);
});

t.test('deregister: a communication failure is not tolerated', async (t) => {
  const s = new DeviceScript('ios-xe')
    .open()
    .status(states.registered('ios-xe', T0))
    .log([])
    .command('license smart deregister', '')
    .status(states.unregistered('ios-xe'))
    .log([
      syslogLine('ios-xe', T1, 'AGENT_DEREG_FAILED', 3, 'Smart Agent for Licensing DeRegistration with the Cisco Smart Software Manager (CSSM) failed: Fail to send out Call Home HTTP message.'),
      syslogLine('ios-xe', T1, 'COMM_FAILED', 3, 'Communications failure with the Cisco Smart Software Manager (CSSM) : Unable to resolve server hostname/domain name'),
    ]);
  const { session } = await openScripted(s);
  t.teardown(() => session.close());
  await t.rejects(deregister(session, { ...virtual(), tolerateSyncLoss: true }), { code: 'E_COMM_FAILED', commCause: 'dns' });
});

t.test('deregister of an unregistered device: nothing sent, changed false', async (t) => {
  const s = new DeviceScript('ios-xr').open().status(states.unregistered('ios-xr'));
  const { session, stream } = await openScripted(s);
  t.teardown(() => session.close());
  const r = await deregister(session, virtual());
  t.match(r, { changed: false, command: null, polls: 0, reply: '', state: { registration: 'unregistered' } });
  t.equal(stream.remaining, 0);
  t.notOk(stream.written.includes('deregister'));
});

t.test('deregister after a failed or expired registration: the device holds none, nothing sent', async (t) => {
  // The emulated agent (and real ones) refuse `license smart deregister` here as "not registered".
  const expired = { ...states.unregistered('ios-xe'), registration: 'UNREGISTERED - REGISTRATION EXPIRED' };
  for (const status of [states.failed('ios-xe', T0, 'Fail to send out Call Home HTTP message.'), expired]) {
    const s = new DeviceScript('ios-xe').open().status(status);
    const { session, stream } = await openScripted(s);
    t.teardown(() => session.close());
    const r = await deregister(session, virtual());
    t.match(r, { changed: false, command: null, polls: 0, state: { registrationRaw: status.registration } }, status.registration);
    t.equal(stream.remaining, 0);
    t.notOk(stream.written.includes('deregister'));
  }
});

t.test('deregister: time bound while the device stays registered', async (t) => {
  const s = new DeviceScript('ios-xe').open().status(states.registered('ios-xe', T0)).log([]).command('license smart deregister', '');
  for (let i = 0; i < 3; i++) s.status(states.registered('ios-xe', T0)).log([]);
  const { session, stream } = await openScripted(s);
  t.teardown(() => session.close());
  await t.rejects(deregister(session, { ...virtual(), timeoutMs: 3000, pollIntervalMs: 1000, backoffFactor: 2 }), {
    code: 'E_TIMEOUT',
    operation: 'deregister',
    tail: /the device still shows REGISTERED/,
  });
  t.equal(stream.remaining, 0);
});

t.test('check mode: would deregister a registered device, nothing to do for an unregistered one; nothing sent', async (t) => {
  for (const [spec, changed, command] of [
    [states.registered('ios-xe', T0), true, 'license smart deregister'],
    [states.unregistered('ios-xe'), false, null],
  ] as const) {
    const { session, stream } = await openScripted(new DeviceScript('ios-xe').open().status(spec));
    const r = await deregister(session, { check: true });
    t.match(r, { changed, command, check: true, polls: 0 });
    t.equal(stream.remaining, 0);
    t.notOk(stream.written.includes('license smart'), 'no license command');
    await session.close();
  }
});
