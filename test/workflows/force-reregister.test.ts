import { readFileSync } from 'node:fs';
import t from 'tap';
import { parseLogging } from '../../src/parsers/show-logging.js';
import { ClosedError, InvalidArgumentError, LicensingError } from '../../src/errors.js';
import { Secret } from '../../src/secret.js';
import type { DeviceResultEvent, StepEvent, WorkflowEvent } from '../../src/workflows/events.js';
import { runFleet$ } from '../../src/workflows/fleet-runner.js';
import {
  forcedReregistration,
  forceReregister$,
  isExpectedDeregFailure,
  reregisterWithForce$,
  reregistrationWithForce,
} from '../../src/workflows/force-reregister.js';
import { FakeFleet, fakeSpec, type FakeDeviceState } from './helpers/fake-fleet.js';
import { VirtualTime } from './helpers/virtual-time.js';

const OLD_TOKEN = 'old-token-NCS1004-0001';
const NEW_TOKEN = 'new-token-NCS1004-0002';

const trail = (events: WorkflowEvent[]): string[] => events.filter((e) => e.type === 'step' && e.status !== 'progress').map((e) => `${e.step}:${e.status}`);
const stepOf = (events: WorkflowEvent[], step: string, status?: string): StepEvent | undefined =>
  events.find((e): e is StepEvent => e.type === 'step' && e.step === step && (status === undefined || e.status === status));
const resultOf = (events: WorkflowEvent[]): DeviceResultEvent | undefined => events.find((e): e is DeviceResultEvent => e.type === 'result');

function setup(index = 2): { time: VirtualTime; fleet: FakeFleet; state: FakeDeviceState; token: Secret } {
  const time = new VirtualTime();
  const fleet = new FakeFleet(time);
  fleet.cssm.issueToken(OLD_TOKEN);
  const token = fleet.cssm.issueToken(NEW_TOKEN);
  const state = fleet.add(fakeSpec(index, { registered: true }));
  return { time, fleet, state, token };
}

const SEED_PROCEDURE = [
  'detect-sync-loss:started',
  'detect-sync-loss:succeeded',
  'renew-auth:started',
  'renew-auth:warning',
  'deregister:started',
  'deregister:warning',
  'register-force:started',
  'register-force:succeeded',
  'wait-registration:started',
  'wait-registration:succeeded',
  'verify:started',
  'verify:succeeded',
];

t.test('NCS 1004 sync loss (004:597-684): detect, renew auth, deregister, register force with a new token, authorized', async (t) => {
  const { time, fleet, state, token } = setup(2);
  // Step 3 and 4 of the seed: the product instance is removed in CSSM; the next renewal fails.
  state.loseSync();
  t.match(state.syslog[state.syslog.length - 1], /^RP\/0\/RP0\/CPU0:\w{3} \d\d [\d:.]+ UTC: smartlicserver\[311\]: %LICENSE-SMART_LIC-3-AUTH_RENEW_FAILED : Authorization renewal with the Cisco Smart Software Manager \(CSSM\) : Error received from Smart Software Manager: Data and signature do not match for udi PID:NCS1004,SN:\w+$/);
  const device = await fleet.open(state.spec.host, {});
  const run = await time.collect(forceReregister$(device, { token, scheduler: time.scheduler, clock: time.clock }));
  t.equal(run.error, undefined);
  t.same(trail(run.events), SEED_PROCEDURE);
  const detected = stepOf(run.events, 'detect-sync-loss', 'succeeded');
  t.same(detected?.data?.['sources'], ['status', 'syslog']);
  t.match(detected?.detail, /Data and signature do not match/);
  t.match(stepOf(run.events, 'renew-auth', 'warning')?.detail, /^expected failure: .*Data and signature do not match.*\(004:626-648\)$/);
  t.match(stepOf(run.events, 'deregister', 'warning')?.detail, /expected AGENT_DEREG_FAILED from CSSM \(004:660-678\); the device is unregistered/);
  t.equal(stepOf(run.events, 'deregister', 'warning')?.changed, true);
  t.match(state.syslog[state.syslog.length - 2], /%LICENSE-SMART_LIC-3-AGENT_DEREG_FAILED : Smart Agent for Licensing DeRegistration with Cisco Smart Software Manager \(CSSM\) failed: Agent received a failure status in a response message/);
  t.equal(stepOf(run.events, 'register-force', 'started')?.detail, 'license smart register idtoken *** force');
  t.same(state.registeredWith, [NEW_TOKEN], 'registered with the new token');
  t.same(state.calls.filter((c) => c !== 'send' && c !== 'status'), ['renewAuth', 'deregister', 'register']);
  t.equal(state.registration, 'registered');
  t.equal(state.authorization, 'authorized');
  t.ok(fleet.cssm.instances.has(state.spec.sn), 'CSSM knows the device again');
  const result = resultOf(run.events)!;
  t.equal(result.status, 'succeeded');
  t.equal(result.outcome.changed, true);
  t.same(result.outcome.value, { registration: 'registered', authorization: 'authorized' });
  t.notOk(JSON.stringify(run.events).includes(NEW_TOKEN));
  await device.close();
});

t.test('reproduced from the seed text: NCS 1004 PID:8812,SN:FOX2202WIVM with the syslog of 004:627-647', async (t) => {
  const SEEDS = new URL('../parsers/fixtures/seeds/004-ncs1004/', import.meta.url);
  const seedOutput = (file: string): string => readFileSync(new URL(file, SEEDS), 'utf8').split('\n').slice(1).join('\n');
  const time = new VirtualTime(Date.parse('2021-05-27T09:57:02.237Z'));
  const fleet = new FakeFleet(time);
  const token = fleet.cssm.issueToken(NEW_TOKEN);
  const state = fleet.add(fakeSpec(2, { host: 'ios', pid: '8812', sn: 'FOX2202WIVM', registered: true }));
  // The instance was removed in the CSSM portal (004:614-618); the renewal at 09:54:57 failed (004:626-648).
  fleet.cssm.instances.delete('FOX2202WIVM');
  state.lastCommunication = { result: 'failed', at: Date.parse('2021-05-27T09:54:57.783Z'), failureReason: 'Error received from Smart Software Manager: Data and signature do not match for udi PID:8812,SN:FOX2202WIVM' };
  state.syslog.push(...seedOutput('show-logging.627-647.txt').split('\n'));
  const device = await fleet.open('ios', {});
  const run = await time.collect(forceReregister$(device, { token, scheduler: time.scheduler, clock: time.clock }));
  t.same(trail(run.events), SEED_PROCEDURE);
  t.same(stepOf(run.events, 'detect-sync-loss', 'succeeded')?.data?.['evidence'], [
    'Error received from Smart Software Manager: Data and signature do not match for udi PID:8812,SN:FOX2202WIVM',
    'Authorization renewal with the Cisco Smart Software Manager (CSSM) : Error received from Smart Software Manager: Data and signature do not match for udi PID:8812,SN:FOX2202WIVM',
  ]);
  const seedDereg = parseLogging(seedOutput('show-logging.661-677.txt'), { platform: 'ios-xr', year: 2021 }).messages[0]!;
  const deviceLog = parseLogging(state.syslog.join('\n'), { platform: 'ios-xr', year: 2021 }).messages;
  const dereg = deviceLog.find((m) => m.id.mnemonic === 'AGENT_DEREG_FAILED');
  t.equal(dereg?.text, seedDereg.text, 'the deregistration fails with the seed\'s AGENT_DEREG_FAILED text (004:669-677)');
  t.equal(state.registration, 'registered');
  t.equal(state.authorization, 'authorized');
  t.ok(fleet.cssm.instances.has('FOX2202WIVM'));
  await device.close();
});

t.test('the same on IOS-XE (cBR-8): syslog without a year or zone, detection from the status too', async (t) => {
  const { time, fleet, state, token } = setup(0);
  state.loseSync();
  t.match(state.syslog[state.syslog.length - 1], /^\*\w{3} \d\d [\d:.]+: %SMART_LIC-3-AUTH_RENEW_FAILED: /);
  const device = await fleet.open(state.spec.host, {});
  const run = await time.collect(forceReregister$(device, { token, scheduler: time.scheduler, clock: time.clock }));
  t.same(trail(run.events), SEED_PROCEDURE);
  t.equal(state.registration, 'registered');
});

t.test('nothing to do on a healthy device: skipped; stale sync-loss lines are ignored', async (t) => {
  const { time, fleet, state, token } = setup(2);
  state.log('AUTH_RENEW_FAILED', 'Authorization renewal with the Cisco Smart Software Manager (CSSM) : Error received from Smart Software Manager: Data and signature do not match for udi PID:NCS1004,SN:X');
  time.scheduler.schedule(() => state.agentRenewAuth(), 60_000);
  await time.run(120_000);
  const device = await fleet.open(state.spec.host, {});
  const run = await time.collect(forceReregister$(device, { token, scheduler: time.scheduler, clock: time.clock }));
  t.same(trail(run.events), [
    'detect-sync-loss:started',
    'detect-sync-loss:skipped',
    'renew-auth:skipped',
    'deregister:skipped',
    'register-force:skipped',
    'wait-registration:skipped',
    'verify:skipped',
  ]);
  t.equal(stepOf(run.events, 'detect-sync-loss', 'skipped')?.data?.['stale'], 1);
  t.equal(resultOf(run.events)?.status, 'skipped');
  t.equal(resultOf(run.events)?.outcome.changed, false);
  t.same(state.calls.filter((c) => c !== 'send' && c !== 'status'), []);
  await device.close();
});

t.test('another failure state is not a sync loss: refused with a pointer to the generic entry', async (t) => {
  const { time, fleet, state, token } = setup(1);
  state.registration = 'registration-failed';
  state.lastRenewal = { result: 'failed', at: time.clock.now(), failureReason: 'Fail to send out Call Home HTTP message: connection timed out' };
  const device = await fleet.open(state.spec.host, {});
  const run = await time.collect(forceReregister$(device, { token, scheduler: time.scheduler, clock: time.clock }));
  t.match(stepOf(run.events, 'detect-sync-loss', 'failed')?.detail, /no sync loss detected \(registration registration-failed.*generic re-registration with force/);
  t.equal((run.error as { code?: string }).code, 'E_WORKFLOW');
  await device.close();
});

t.test('renewal succeeds (CSSM knows the device again): no deregistration, no re-registration', async (t) => {
  const { time, fleet, state, token } = setup(2);
  state.loseSync();
  fleet.cssm.add(state.spec, time.clock.now());
  const device = await fleet.open(state.spec.host, {});
  const run = await time.collect(forceReregister$(device, { token, scheduler: time.scheduler, clock: time.clock }));
  t.same(trail(run.events), [
    'detect-sync-loss:started',
    'detect-sync-loss:succeeded',
    'renew-auth:started',
    'renew-auth:succeeded',
    'deregister:skipped',
    'register-force:skipped',
    'wait-registration:skipped',
    'verify:started',
    'verify:succeeded',
  ]);
  t.same(state.registeredWith, []);
  await device.close();
});

t.test('a deregistration failure other than the expected one fails the workflow', async (t) => {
  const { time, fleet, state, token } = setup(2);
  state.loseSync();
  const device = await fleet.open(state.spec.host, {});
  const realRenew = device.renewAuth.bind(device);
  // CSSM becomes unreachable after the expected renewal failure: the deregistration cannot reach it at all.
  const run = await time.collect(
    forceReregister$(
      {
        host: device.host,
        platform: device.platform,
        status: (o) => device.status(o),
        register: (tok, o) => device.register(tok, o),
        renewId: (o) => device.renewId(o),
        renewAuth: async (o) => {
          try {
            return await realRenew(o);
          } finally {
            fleet.cssm.unreachable = true;
          }
        },
        deregister: (o) => device.deregister(o),
        send: (c, o) => device.send(c, o),
        close: () => device.close(),
      },
      { token, scheduler: time.scheduler, clock: time.clock },
    ),
  );
  const failed = stepOf(run.events, 'deregister', 'failed');
  t.equal(failed?.error?.code, 'E_COMM_FAILED');
  t.equal(state.registration, 'registered', 'still registered: nothing was half-done');
  t.same(state.registeredWith, []);
  await device.close();
});

t.test('re-entrant in a fleet: a drop after the deregistration is retried and finishes the procedure', async (t) => {
  const time = new VirtualTime();
  const fleet = new FakeFleet(time);
  const tokens = new Map<string, Secret>();
  const hosts: string[] = [];
  for (let i = 0; i < 6; i++) {
    const state = fleet.add(fakeSpec(i, { registered: true }));
    hosts.push(state.spec.host);
    state.loseSync();
    tokens.set(state.spec.host, fleet.cssm.issueToken(`fresh-token-${i}-abcdef`));
  }
  // op 1 status, 2 syslog, 3 renewAuth, 4 deregister, 5 status (after the expected failure), 6 register: drop there.
  fleet.device(hosts[1]!).faults.dropAtOp = 6;
  fleet.device(hosts[2]!).faults.dropAtOp = 3;
  const run = await time.collect(
    runFleet$(hosts, forcedReregistration({ token: async (host) => tokens.get(host)! }), { open: fleet.open, random: () => 0, scheduler: time.scheduler, clock: time.clock }),
  );
  const results = run.events.filter((e): e is DeviceResultEvent => e.type === 'result');
  t.same(results.map((r) => [r.device, r.status, r.outcome.attempts]).sort(), hosts.map((h, i) => [h, 'succeeded', i === 1 || i === 2 ? 2 : 1]).sort());
  for (const [i, host] of hosts.entries()) {
    const state = fleet.device(host);
    t.equal(state.registration, 'registered', host);
    t.same(state.registeredWith, [`fresh-token-${i}-abcdef`], `${host}: its own new token, once`);
  }
  const second = run.events.filter((e) => e.device === hosts[1] && e.type === 'step' && (e.step === 'renew-auth' || e.step === 'deregister') && e.status === 'skipped');
  t.same(second.map((e) => e.step), ['renew-auth', 'deregister'], 'the retry starts from the unregistered state');
  t.ok(fleet.sessions.every((s) => s.closeCalls === 1));
  const summary = run.events[run.events.length - 1];
  t.equal(summary?.type === 'summary' && summary.summary.changed, 6);
});

t.test('a drop while the new registration is in flight: the retry waits for it instead of registering again (refused by the agent)', async (t) => {
  for (const workflow of ['force-reregister', 'reregister-with-force'] as const) {
    const time = new VirtualTime();
    const fleet = new FakeFleet(time);
    const token = fleet.cssm.issueToken(NEW_TOKEN);
    const state = fleet.add(fakeSpec(2, { registered: true }));
    state.loseSync();
    state.registrationDelayMs = 60_000;
    // force-reregister: 1 status, 2 syslog, 3 renewAuth, 4 deregister, 5 status, 6 register, 7 the first wait poll;
    // reregister-with-force: 1 status, 2 register, 3 the first wait poll.
    state.faults.dropAtOp = workflow === 'force-reregister' ? 7 : 3;
    const settings = { token, wait: { pollIntervalMs: 5000 } };
    const flow = workflow === 'force-reregister' ? forcedReregistration(settings) : reregistrationWithForce({ ...settings, always: true });
    const run = await time.collect(runFleet$([state.spec.host], flow, { open: fleet.open, random: () => 0, scheduler: time.scheduler, clock: time.clock }));
    const result = run.events.find((e): e is DeviceResultEvent => e.type === 'result');
    t.same([result?.status, result?.outcome.attempts], ['succeeded', 2], `${workflow}: done on the retry`);
    t.same(state.registeredWith, [NEW_TOKEN], `${workflow}: registered once`);
    t.equal(state.registration, 'registered');
    const second = run.events.filter((e) => e.type === 'step' && e.step === 'register-force').map((e) => (e as StepEvent).status);
    t.same(second, ['started', 'succeeded', 'skipped'], `${workflow}: the retry skips register-force`);
    t.match(stepOf(run.events, 'register-force', 'skipped')?.detail, /already in progress/);
  }
});

t.test('generic re-registration with force for other failure states', async (t) => {
  const { time, fleet, state, token } = setup(1);
  state.registration = 'registration-failed';
  state.lastRenewal = { result: 'failed', at: time.clock.now(), failureReason: 'Fail to send out Call Home HTTP message: connection timed out' };
  const device = await fleet.open(state.spec.host, {});
  const run = await time.collect(reregisterWithForce$(device, { token, scheduler: time.scheduler, clock: time.clock }));
  t.same(trail(run.events), [
    'detect-failure:started',
    'detect-failure:succeeded',
    'register-force:started',
    'register-force:succeeded',
    'wait-registration:started',
    'wait-registration:succeeded',
    'verify:started',
    'verify:succeeded',
  ]);
  t.match(stepOf(run.events, 'detect-failure', 'succeeded')?.data, { registration: 'registration-failed', findings: ['registration-failed'] });
  t.same(state.registeredWith, [NEW_TOKEN]);
  t.equal(state.authorization, 'authorized');

  const healthy = await time.collect(reregisterWithForce$(device, { token, scheduler: time.scheduler, clock: time.clock }));
  t.equal(resultOf(healthy.events)?.status, 'skipped');
  t.same(trail(healthy.events).slice(-3), ['register-force:skipped', 'wait-registration:skipped', 'verify:skipped']);
  const always = await time.collect(reregisterWithForce$(device, { token, always: true, scheduler: time.scheduler, clock: time.clock }));
  t.equal(resultOf(always.events)?.status, 'succeeded');
  t.same(state.registeredWith, [NEW_TOKEN, NEW_TOKEN]);

  state.authorization = 'authorized';
  state.lastCommunication = { result: 'succeeded', at: time.clock.now() - 91 * 24 * 3600 * 1000 };
  state.lastSuccessAt = state.lastCommunication.at;
  const expired = await time.collect(reregisterWithForce$(device, { token, scheduler: time.scheduler, clock: time.clock }));
  t.match(stepOf(expired.events, 'detect-failure', 'succeeded')?.detail, /authorization-expired/, 'an expired authorization is a failure state even while the status reads authorized');
  await device.close();
  t.equal(reregistrationWithForce({ token }).name, 'reregister-with-force');
});

t.test('unsubscribing mid-run stops the procedure', async (t) => {
  const { time, fleet, state, token } = setup(2);
  state.loseSync();
  state.faults.hang.add('register');
  const device = await fleet.open(state.spec.host, {});
  const events: WorkflowEvent[] = [];
  const subscription = forceReregister$(device, { token, scheduler: time.scheduler, clock: time.clock }).subscribe((e) => events.push(e));
  await time.run(1000);
  t.equal(events[events.length - 1]?.step, 'register-force');
  const calls = state.calls.length;
  subscription.unsubscribe();
  await time.run();
  t.equal(state.calls.length, calls);
  t.equal(state.registration, 'unregistered', 'left deregistered, to be re-registered by a new run');
  await device.close();
});

t.test('expected deregistration failures and bad settings', async (t) => {
  t.equal(isExpectedDeregFailure(new LicensingError('E_SYNC_LOST', 'deregister', 'x')), true);
  t.equal(isExpectedDeregFailure(new LicensingError('E_REGISTRATION_FAILED', 'deregister', 'failed', { evidence: ['%LICENSE-SMART_LIC-3-AGENT_DEREG_FAILED : …'] })), true);
  t.equal(isExpectedDeregFailure(new LicensingError('E_REGISTRATION_FAILED', 'deregister', 'Agent received a failure status in a response message.')), true);
  t.equal(isExpectedDeregFailure(new LicensingError('E_COMM_FAILED', 'deregister', 'timed out', { commCause: 'unreachable' })), false);
  t.equal(isExpectedDeregFailure(new ClosedError('r1', 'reset')), false);
  t.throws(() => forcedReregistration({ token: 'plain' as never }), InvalidArgumentError);
  t.throws(() => forcedReregistration({ token: new Secret('x'), wait: { timeoutMs: Number.NaN } }), InvalidArgumentError);
  const { time, fleet, state } = setup(2);
  state.loseSync();
  const device = await fleet.open(state.spec.host, {});
  const empty = await time.collect(forceReregister$(device, { token: async () => new Secret(''), scheduler: time.scheduler, clock: time.clock }));
  t.match(stepOf(empty.events, 'register-force', 'failed')?.detail, /non-empty Secret/);
  await device.close();
});

t.test('check mode: detection only, nothing sent but reads', async (t) => {
  const { time, fleet, state, token } = setup(2);
  state.loseSync();
  const device = await fleet.open(state.spec.host, {});
  const run = await time.collect(forceReregister$(device, { token, check: true, scheduler: time.scheduler, clock: time.clock }));
  t.equal(run.error, undefined);
  t.same(trail(run.events).slice(-5), ['renew-auth:skipped', 'deregister:skipped', 'register-force:skipped', 'wait-registration:skipped', 'verify:skipped']);
  t.match(resultOf(run.events)?.outcome, { status: 'succeeded', changed: false, value: { check: true, wouldReregister: true } });
  t.same(state.calls.filter((c) => c !== 'send' && c !== 'status'), [], 'no renew, deregister or register');

  state.registration = 'registration-failed';
  const generic = await time.collect(reregisterWithForce$(device, { token, check: true, scheduler: time.scheduler, clock: time.clock }));
  t.same(trail(generic.events).slice(-3), ['register-force:skipped', 'wait-registration:skipped', 'verify:skipped']);
  t.match(resultOf(generic.events)?.detail, /^check mode: would register with force/);
  t.same(state.calls.filter((c) => c !== 'send' && c !== 'status'), []);
  await device.close();
});
