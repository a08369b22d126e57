import t from 'tap';
import { InvalidArgumentError, InvalidIntentError } from '../../src/errors.js';
import type { DeviceResultEvent, StepEvent, WorkflowEvent } from '../../src/workflows/events.js';
import { runFleet$ } from '../../src/workflows/fleet-runner.js';
import { onboard$, onboarding, type OnboardSettings } from '../../src/workflows/onboard.js';
import type { LicensingDevice } from '../../src/workflows/ports.js';
import { Secret } from '../../src/secret.js';
import { FakeDnsIntent, FakeFleet, fakeSpec, type FakeSpec } from './helpers/fake-fleet.js';
import { VirtualTime, type Collected } from './helpers/virtual-time.js';

const TOKEN = 'NmQ3YzUyZTgtOGQ0Zi00-onboard-token';

interface Bench {
  time: VirtualTime;
  fleet: FakeFleet;
  token: Secret;
  run(spec: Partial<FakeSpec>, settings?: Partial<OnboardSettings>, wrap?: (d: LicensingDevice) => LicensingDevice): Promise<Collected<WorkflowEvent> & { host: string }>;
}

function bench(index = 0): Bench {
  const time = new VirtualTime();
  const fleet = new FakeFleet(time);
  const token = fleet.cssm.issueToken(TOKEN);
  return {
    time,
    fleet,
    token,
    async run(spec, settings = {}, wrap = (d) => d) {
      const s = fakeSpec(index, spec);
      if (!fleet.devices.has(s.host)) fleet.add(s);
      const device = wrap(await fleet.open(s.host, {}));
      const result = await time.collect(onboard$(device, { token, ...settings, scheduler: time.scheduler, clock: time.clock }));
      await device.close();
      return { ...result, host: s.host };
    },
  };
}

const trail = (events: WorkflowEvent[]): string[] => events.filter((e) => e.type === 'step' && e.status !== 'progress').map((e) => `${e.step}:${e.status}`);
const stepOf = (events: WorkflowEvent[], step: string, status?: string): StepEvent | undefined =>
  events.find((e): e is StepEvent => e.type === 'step' && e.step === step && (status === undefined || e.status === status));
const resultOf = (events: WorkflowEvent[]): DeviceResultEvent | undefined => events.find((e): e is DeviceResultEvent => e.type === 'result');

const HAPPY = [
  'preflight-reachability:started',
  'preflight-reachability:succeeded',
  'preflight-platform:started',
  'preflight-platform:succeeded',
  'preflight-licensing:started',
  'preflight-licensing:succeeded',
  'preflight-clock:started',
  'preflight-clock:succeeded',
  'preflight-dns:started',
  'preflight-dns:succeeded',
  'apply-intent:skipped',
  'register:started',
  'register:succeeded',
  'wait-registration:started',
  'wait-registration:succeeded',
  'verify:started',
  'verify:succeeded',
];

t.test('happy path on IOS-XE and IOS-XR: pre-flight, register, wait, verify', async (t) => {
  for (const index of [0, 1, 2]) {
    const b = bench(index);
    const run = await b.run({});
    t.equal(run.done, true);
    t.equal(run.error, undefined);
    t.same(trail(run.events), HAPPY, run.host);
    const platform = stepOf(run.events, 'preflight-platform', 'succeeded');
    t.same(platform?.data, index === 0 ? { platform: 'ios-xe', release: '16.12.4' } : { platform: 'ios-xr', release: '7.3.2' });
    t.same(stepOf(run.events, 'preflight-clock', 'succeeded')?.data, { skewMs: 0 });
    t.equal(stepOf(run.events, 'register', 'succeeded')?.changed, true);
    t.ok(run.events.some((e) => e.type === 'step' && e.step === 'wait-registration' && e.status === 'progress'), 'the wait polls');
    const result = resultOf(run.events)!;
    t.equal(result.status, 'succeeded');
    t.equal(result.outcome.changed, true);
    t.match(result.outcome.value, { check: false, mode: 'classic', registration: 'registered', authorization: 'authorized', udi: { sn: b.fleet.device(run.host).spec.sn } });
    t.equal(b.fleet.device(run.host).registration, 'registered');
    t.ok(b.fleet.cssm.instances.has(b.fleet.device(run.host).spec.sn), 'CSSM has the product instance');
    t.notOk(JSON.stringify(run.events).includes(TOKEN), 'the token appears in no event');
  }
});

t.test('an already registered device: register skipped, nothing changed; force registers again', async (t) => {
  const b = bench();
  const run = await b.run({ registered: true });
  t.equal(stepOf(run.events, 'register')?.status, 'skipped');
  t.equal(resultOf(run.events)?.outcome.changed, false);
  t.notOk(b.fleet.device(run.host).calls.includes('register'));
  const forced = await b.run({}, { force: true });
  t.equal(stepOf(forced.events, 'register', 'started')?.detail, 'license smart register idtoken *** force');
  t.equal(resultOf(forced.events)?.outcome.changed, true);
  t.same(b.fleet.device(run.host).registeredWith, [TOKEN]);
});

t.test('the intent configures DNS before registering; pre-flight re-checks after it', async (t) => {
  const b = bench();
  const intent = new FakeDnsIntent(b.fleet);
  const run = await b.run({ dns: false }, { intent });
  t.same(
    trail(run.events).filter((s) => /dns|intent/.test(s)),
    ['preflight-dns:started', 'preflight-dns:warning', 'apply-intent:started', 'apply-intent:succeeded', 'preflight-dns:started', 'preflight-dns:succeeded'],
  );
  const applied = stepOf(run.events, 'apply-intent', 'succeeded');
  t.equal(applied?.changed, true);
  t.same(applied?.data, { changed: true, check: false, diff: ['ip name-server 192.0.2.53'] });
  t.equal(resultOf(run.events)?.status, 'succeeded');
  t.equal(b.fleet.device(run.host).registration, 'registered');
});

t.test('check mode plans the intent and changes nothing', async (t) => {
  const b = bench(1);
  const intent = new FakeDnsIntent(b.fleet);
  const run = await b.run({ dns: false }, { intent, check: true });
  t.same(trail(run.events).slice(-5), ['apply-intent:started', 'apply-intent:succeeded', 'register:skipped', 'wait-registration:skipped', 'verify:skipped']);
  t.notOk(stepOf(run.events, 'apply-intent', 'succeeded')?.changed, 'a plan is no change');
  const result = resultOf(run.events)!;
  t.equal(result.outcome.changed, false);
  t.same(result.outcome.value, { check: true, platform: 'ios-xr', release: '7.3.2', diff: ['domain name-server 192.0.2.53'], wouldRegister: true });
  t.equal(result.detail, 'check mode: 1 line(s) would change; would register');
  t.equal(b.fleet.device(run.host).dns, false);
  t.notOk(b.fleet.device(run.host).calls.includes('register'));
});

t.test('check mode without an intent stops before registering too', async (t) => {
  const b = bench(0);
  const run = await b.run({}, { check: true });
  t.same(trail(run.events).slice(-4), ['apply-intent:skipped', 'register:skipped', 'wait-registration:skipped', 'verify:skipped']);
  const result = resultOf(run.events)!;
  t.match(result.outcome, { changed: false, value: { check: true, diff: [], wouldRegister: true } });
  t.equal(result.detail, 'check mode: no intent; would register');
  t.notOk(b.fleet.device(run.host).calls.includes('register'));
  const registered = await bench(1).run({ registered: true }, { check: true });
  t.equal(resultOf(registered.events)?.detail, 'check mode: no intent; already registered');
});

t.test('pre-flight failures stop before anything changes', async (t) => {
  const cases: Array<[string, Partial<FakeSpec>, Partial<OnboardSettings>, string, RegExp]> = [
    ['no name server', { dns: false }, {}, 'preflight-dns', /no name server is configured/],
    ['Smart Licensing Using Policy', { mode: 'slp' }, {}, 'preflight-licensing', /Smart Licensing Using Policy/],
    ['Smart Licensing disabled', { smartLicensing: 'disabled' }, {}, 'preflight-licensing', /Smart Licensing is disabled/],
    ['clock an hour ahead', { clockSkewMs: 3_600_000 }, {}, 'preflight-clock', /1 hours, 0 minutes, 0 seconds ahead/],
    ['clock 10 minutes behind', { clockSkewMs: -600_000 }, {}, 'preflight-clock', /behind/],
  ];
  for (const [name, spec, settings, step, message] of cases) {
    const b = bench();
    const run = await b.run(spec, settings);
    const failed = stepOf(run.events, step, 'failed');
    t.ok(failed, `${name}: ${step} failed`);
    t.equal(failed?.error?.code, 'E_WORKFLOW', name);
    t.match(failed?.detail, message, name);
    t.equal((run.error as { code?: string }).code, 'E_WORKFLOW', `${name}: the Observable errors`);
    t.equal(resultOf(run.events), undefined, `${name}: no result event from a failed attempt`);
    t.notOk(b.fleet.device(run.host).calls.includes('register'), `${name}: not registered`);
  }
  const tolerant = await bench().run({ clockSkewMs: 60_000 });
  t.same(stepOf(tolerant.events, 'preflight-clock', 'succeeded')?.data, { skewMs: 60_000 }, 'one minute is within tolerance');
  const withIntent = bench();
  const intent = await withIntent.run({ smartLicensing: 'disabled' }, { intent: new FakeDnsIntent(withIntent.fleet) });
  t.equal(stepOf(intent.events, 'preflight-licensing', 'warning')?.detail, 'Smart Licensing is disabled; the intent has to enable it');
  t.equal(stepOf(intent.events, 'apply-intent', 'succeeded')?.detail, 'already as intended');
  t.match(stepOf(intent.events, 'preflight-licensing', 'failed')?.detail, /Smart Licensing is disabled/, 'still disabled after the intent: refused');
  t.notOk(withIntent.fleet.device(intent.host).calls.includes('register'));
  const slpAccepted = await bench().run({ mode: 'slp' }, { acceptModes: ['classic', 'slp'] });
  t.equal(stepOf(slpAccepted.events, 'preflight-licensing')?.status, 'started');
  t.equal(stepOf(slpAccepted.events, 'preflight-licensing', 'succeeded')?.detail, 'slp licensing; registration unregistered, authorization evaluation');
});

t.test('a session whose platform disagrees with show version is refused', async (t) => {
  const run = await bench(2).run({}, {}, (d) => ({
    host: d.host,
    platform: 'ios-xe',
    status: (o) => d.status(o),
    register: (tok, o) => d.register(tok, o),
    renewId: (o) => d.renewId(o),
    renewAuth: (o) => d.renewAuth(o),
    deregister: (o) => d.deregister(o),
    send: (c, o) => d.send(c, o),
    close: () => d.close(),
  }));
  t.match(stepOf(run.events, 'preflight-platform', 'failed')?.detail, /show version says ios-xr but the session was opened as ios-xe/);
});

t.test('registration failures: bad token (redacted), CSSM unreachable (classified), no answer (timeout)', async (t) => {
  const bad = bench();
  const badRun = await bad.run({}, { token: new Secret('bogus-token-never-issued') });
  const failed = stepOf(badRun.events, 'register', 'failed');
  t.equal(failed?.error?.code, 'E_TOKEN_INVALID');
  t.notOk(JSON.stringify(badRun.events).includes('bogus-token-never-issued'), 'the bad token is redacted from the error too');
  t.match(failed?.detail, /the idtoken \*\*\* is invalid/);

  const unreachable = bench();
  unreachable.fleet.cssm.unreachable = true;
  const u = await unreachable.run({});
  const wait = stepOf(u.events, 'wait-registration', 'failed');
  t.equal(wait?.error?.code, 'E_COMM_FAILED');
  t.equal(wait?.error?.['commCause'], 'unreachable');
  t.same(wait?.error?.['evidence'], ['Fail to send out Call Home HTTP message: connection timed out']);

  const slow = bench();
  slow.fleet.cssm.latencyMs = 600_000;
  const s = await slow.run({}, { wait: { pollIntervalMs: 10_000, timeoutMs: 60_000 } });
  const timedOut = stepOf(s.events, 'wait-registration', 'failed');
  t.equal(timedOut?.error?.code, 'E_TIMEOUT');
  t.match(timedOut?.detail, /registration \(still registering\) timed out after 60000 ms/);
  t.equal(s.events.filter((e) => e.type === 'step' && e.status === 'progress').length, 6, 'six polls in 60 s at 10 s');
});

t.test("the wait's poll interval also paces the register port's own following of the registration", async (t) => {
  const seen: unknown[] = [];
  const capture = (d: LicensingDevice): LicensingDevice => ({
    host: d.host,
    platform: d.platform,
    status: (o) => d.status(o),
    register: (tok, o) => {
      seen.push(o?.pollIntervalMs);
      return d.register(tok, o);
    },
    renewId: (o) => d.renewId(o),
    renewAuth: (o) => d.renewAuth(o),
    deregister: (o) => d.deregister(o),
    send: (c, o) => d.send(c, o),
    close: () => d.close(),
  });
  const paced = await bench().run({}, { wait: { pollIntervalMs: 250 } }, capture);
  t.equal(resultOf(paced.events)?.status, 'succeeded');
  const unpaced = await bench().run({}, {}, capture);
  t.equal(resultOf(unpaced.events)?.status, 'succeeded');
  t.same(seen, [250, undefined], 'given when the wait has one, left to the port otherwise');
});

t.test('a drop while the registration is in flight: the retry waits for it instead of registering again (refused by the agent)', async (t) => {
  const time = new VirtualTime();
  const fleet = new FakeFleet(time);
  const token = fleet.cssm.issueToken(TOKEN);
  const state = fleet.add(fakeSpec(0));
  state.registrationDelayMs = 60_000;
  // 1 show version, 2 status, 3 show clock, 4 name servers, 5 register, 6 the first wait poll: the drop.
  state.faults.dropAtOp = 6;
  const run = await time.collect(runFleet$([state.spec.host], onboarding({ token }), { open: fleet.open, random: () => 0, scheduler: time.scheduler, clock: time.clock }));
  const result = resultOf(run.events);
  t.same([result?.status, result?.outcome.attempts, result?.outcome.changed], ['succeeded', 2, true]);
  t.same(state.registeredWith, [TOKEN], 'registered once');
  t.equal(state.registration, 'registered');
  t.same(
    run.events.filter((e) => e.type === 'step' && e.step === 'register').map((e) => (e as StepEvent).status),
    ['started', 'succeeded', 'skipped'],
    'the retry skips the registration',
  );
  t.match(stepOf(run.events, 'register', 'skipped')?.detail, /already in progress/);
});

t.test('unsubscribing mid-run aborts the operation in flight and runs nothing more', async (t) => {
  const time = new VirtualTime();
  const fleet = new FakeFleet(time);
  const token = fleet.cssm.issueToken(TOKEN);
  const state = fleet.add(fakeSpec(0));
  state.faults.hang.add('register');
  const device = await fleet.open(state.spec.host, {});
  const events: WorkflowEvent[] = [];
  const subscription = onboard$(device, { token, scheduler: time.scheduler, clock: time.clock }).subscribe((e) => events.push(e));
  await time.run(1000);
  t.equal(stepOf(events, 'register')?.status, 'started');
  const callsBefore = state.calls.length;
  subscription.unsubscribe();
  await time.run();
  t.equal(state.calls.length, callsBefore, 'no operation after the unsubscription');
  t.equal(events[events.length - 1]?.step, 'register', 'no event after the unsubscription');
  t.equal(state.registration, 'unregistered');
  await device.close();
});

t.test('bad settings are refused before any device is touched', async (t) => {
  const fleet = new FakeFleet(new VirtualTime());
  t.throws(() => onboarding({ token: 'plain-text' as never }), InvalidArgumentError);
  t.throws(() => onboarding({ token: new Secret('x'), acceptModes: [] }), InvalidArgumentError);
  t.throws(() => onboarding({ token: new Secret('x'), maxClockSkewMs: -1 }), InvalidArgumentError);
  t.throws(() => onboarding({ token: new Secret('x'), wait: { pollIntervalMs: 0 } }), InvalidArgumentError);
  t.throws(() => onboarding({ token: new Secret('x'), intent: new FakeDnsIntent(fleet, []) }), InvalidIntentError);
  t.equal(onboarding({ token: new Secret('x') }).name, 'onboard');
});
