import t from 'tap';
import { DAY, HOUR } from '../../src/clock.js';
import { InvalidArgumentError } from '../../src/errors.js';
import { complianceWatch, complianceWatch$, type ComplianceWatchSettings } from '../../src/workflows/compliance-watch.js';
import type { DeviceResultEvent, StepEvent, WorkflowEvent } from '../../src/workflows/events.js';
import { runFleet$ } from '../../src/workflows/fleet-runner.js';
import { FakeFleet, fakeSpec, type FakeDeviceState } from './helpers/fake-fleet.js';
import { T0, VirtualTime } from './helpers/virtual-time.js';

async function watch(index: number, settings: ComplianceWatchSettings, prepare: (state: FakeDeviceState, fleet: FakeFleet) => void = () => undefined) {
  const time = new VirtualTime();
  const fleet = new FakeFleet(time);
  const state = fleet.add(fakeSpec(index, { registered: true }));
  prepare(state, fleet);
  const device = await fleet.open(state.spec.host, {});
  const run = await time.collect(complianceWatch$(device, { ...settings, scheduler: time.scheduler, clock: time.clock }));
  await device.close();
  return { time, fleet, state, run };
}

/** Non-poll step events as `poll-number step:status`, the poll number being the day since T0 + 1 at a daily interval. */
const notable = (events: WorkflowEvent[], interval = DAY): string[] =>
  events
    .filter((e): e is StepEvent => e.type === 'step' && e.step !== 'poll')
    .map((e) => `${Math.round((Date.parse(e.at) - T0) / interval) + 1} ${e.step}:${e.status}`);
const resultOf = (events: WorkflowEvent[]): DeviceResultEvent | undefined => events.find((e): e is DeviceResultEvent => e.type === 'result');

t.test('polls on the interval in virtual time, bounded by maxPolls, then a result', async (t) => {
  const { time, run } = await watch(2, { intervalMs: HOUR, maxPolls: 4 });
  t.equal(run.done, true);
  const polls = run.events.filter((e): e is StepEvent => e.type === 'step' && e.step === 'poll' && e.status === 'succeeded');
  t.same(polls.map((e) => Date.parse(e.at) - T0), [0, HOUR, 2 * HOUR, 3 * HOUR]);
  t.same(polls.map((e) => e.data?.['poll']), [1, 2, 3, 4]);
  t.match(polls[0]?.data, { compliance: 'compliant', registration: 'registered', authorization: 'authorized', findings: [] });
  t.match(polls[0]?.data?.['timers'], { nextAuthorizationRenewalAt: new Date(T0 + 29 * DAY).toISOString(), communicationDeadlineAt: new Date(T0 + 89 * DAY).toISOString() });
  t.equal(time.elapsed, 3 * HOUR);
  const result = resultOf(run.events)!;
  t.same(result.outcome.value, { polls: 4, renewals: 0, renewFailures: 0, compliance: 'compliant', findings: [] });
  t.equal(result.outcome.changed, false);
  t.equal(time.scheduler.actions.length, 0, 'no timer left');
});

t.test('100 days without CSSM contact (NCS 1004): renewal due, deadline warning, then expiry — each once', async (t) => {
  const { run } = await watch(2, { intervalMs: DAY, maxPolls: 100 });
  t.same(notable(run.events), ['30 renewal-due:warning', '60 deadline:warning', '91 finding:warning']);
  const deadline = run.events.find((e): e is StepEvent => e.type === 'step' && e.step === 'deadline');
  t.match(deadline?.detail, /The authorization expires in 30 days/);
  t.match(deadline?.data, { code: 'authorization-expiring', severity: 'warning', at: new Date(T0 + 89 * DAY).toISOString() });
  const expired = run.events.find((e): e is StepEvent => e.type === 'step' && e.step === 'finding');
  t.match(expired?.data, { code: 'authorization-expired', severity: 'critical' });
  t.match(resultOf(run.events)?.outcome.value, { polls: 100, compliance: 'critical', findings: ['authorization-expired'] });
});

t.test('cBR-8: the DOCSIS CLI lockout risk before the deadline, the lockout after it (000:126-152)', async (t) => {
  const { run } = await watch(0, { intervalMs: DAY, maxPolls: 100 });
  t.same(notable(run.events), ['30 renewal-due:warning', '60 deadline:warning', '60 lockout-risk:warning', '91 finding:warning', '91 lockout-risk:warning']);
  const [risk, locked] = run.events.filter((e): e is StepEvent => e.type === 'step' && e.step === 'lockout-risk');
  t.match(risk?.detail, /^the cBR-8 locks its DOCSIS CLI \(000:126-152\) in 30 days, 0 hours, 0 minutes, 0 seconds unless the device reaches CSSM$/);
  t.same(risk?.data, { at: new Date(T0 + 89 * DAY).toISOString(), severity: 'warning' });
  t.match(locked?.data, { code: 'cli-locked', severity: 'critical' });
});

t.test('autoRenew: the authorization is renewed when due, and the warnings never come', async (t) => {
  const { state, run } = await watch(2, { intervalMs: DAY, maxPolls: 100, autoRenew: true });
  t.same(notable(run.events), [
    '30 renewal-due:warning',
    '30 renew-auth:started',
    '30 renew-auth:succeeded',
    '60 renewal-due:warning',
    '60 renew-auth:started',
    '60 renew-auth:succeeded',
    '90 renewal-due:warning',
    '90 renew-auth:started',
    '90 renew-auth:succeeded',
  ]);
  const renewed = run.events.find((e): e is StepEvent => e.type === 'step' && e.step === 'renew-auth' && e.status === 'succeeded');
  t.equal(renewed?.changed, true);
  t.equal(renewed?.detail, `authorization authorized; next renewal ${new Date(T0 + 59 * DAY).toISOString()}`);
  t.same(state.calls.filter((c) => c === 'renewAuth').length, 3);
  const result = resultOf(run.events)!;
  t.match(result.outcome.value, { polls: 100, renewals: 3, renewFailures: 0, compliance: 'compliant' });
  t.equal(result.outcome.changed, true);
});

t.test('autoRenew while CSSM is unreachable: the failure is reported and the watcher goes on', async (t) => {
  const { run } = await watch(2, { intervalMs: DAY, maxPolls: 32, autoRenew: true }, (_state, fleet) => {
    fleet.cssm.unreachable = true;
  });
  const renewals = run.events.filter((e): e is StepEvent => e.type === 'step' && e.step === 'renew-auth' && e.status === 'failed');
  t.equal(renewals.length, 3, 'tried at each poll once due (days 30, 31, 32)');
  t.equal(renewals[0]?.error?.code, 'E_COMM_FAILED');
  t.same(notable(run.events).filter((s) => !s.includes('renew-auth')), ['30 renewal-due:warning', '31 finding:warning'], 'the failed renewal shows as a finding at the next poll');
  t.match(resultOf(run.events)?.outcome.value, { polls: 32, renewals: 0, renewFailures: 3, findings: ['communication-failed'] });
});

t.test('sync lost: reported, and never "fixed" by a renewal', async (t) => {
  const { state, run } = await watch(2, { intervalMs: HOUR, maxPolls: 3, autoRenew: true }, (s) => {
    s.lastSuccessAt = T0 - 70 * DAY;
    s.loseSync();
  });
  t.same(notable(run.events, HOUR), ['1 deadline:warning', '1 finding:warning', '1 renew-auth:skipped'], 'each once over three polls');
  const finding = run.events.find((e): e is StepEvent => e.type === 'step' && e.step === 'finding');
  t.match(finding?.data, { code: 'sync-lost', severity: 'critical', actions: ['deregister', 'reregister-force'] });
  t.match(run.events.find((e): e is StepEvent => e.type === 'step' && e.step === 'renew-auth')?.detail, /forced re-registration/);
  t.notOk(state.calls.includes('renewAuth'));
});

t.test('out of compliance is reported once', async (t) => {
  const { run } = await watch(1, { intervalMs: HOUR, maxPolls: 3 }, (s) => {
    s.authorization = 'out-of-compliance';
  });
  t.same(notable(run.events, HOUR), ['1 out-of-compliance:warning']);
});

t.test('without maxPolls the watcher runs until unsubscribed, then stops polling', async (t) => {
  const time = new VirtualTime();
  const fleet = new FakeFleet(time);
  const state = fleet.add(fakeSpec(2, { registered: true }));
  const device = await fleet.open(state.spec.host, {});
  const events: WorkflowEvent[] = [];
  const subscription = complianceWatch$(device, { intervalMs: HOUR, scheduler: time.scheduler, clock: time.clock }).subscribe((e) => events.push(e));
  await time.run(10 * HOUR);
  t.equal(state.calls.filter((c) => c === 'status').length, 11);
  subscription.unsubscribe();
  await time.run(100 * HOUR);
  t.equal(state.calls.filter((c) => c === 'status').length, 11, 'no poll after the unsubscription');
  t.equal(time.scheduler.actions.length, 0);
  t.equal(resultOf(events), undefined);
  await device.close();
});

t.test('in a fleet: a dropped connection ends the watch attempt, the runner reconnects', async (t) => {
  const time = new VirtualTime();
  const fleet = new FakeFleet(time);
  for (let i = 0; i < 3; i++) fleet.add(fakeSpec(i, { registered: true }));
  fleet.device(fleet.hosts[1]!).faults.dropAtOp = 2;
  const run = await time.collect(runFleet$(fleet.hosts, complianceWatch({ intervalMs: HOUR, maxPolls: 3 }), { open: fleet.open, timeoutMs: DAY, random: () => 0, scheduler: time.scheduler, clock: time.clock }));
  const results = run.events.filter((e): e is DeviceResultEvent => e.type === 'result');
  t.same(results.map((r) => [r.device, r.status, r.outcome.attempts]).sort(), fleet.hosts.map((h, i) => [h, 'succeeded', i === 1 ? 2 : 1]).sort());
  t.ok(fleet.sessions.every((s) => s.closeCalls === 1));
});

t.test('bad settings are refused', async (t) => {
  for (const settings of [{ intervalMs: 0 }, { intervalMs: Number.POSITIVE_INFINITY }, { maxPolls: 0 }, { maxPolls: 1.5 }, { warnWithinMs: -1 }]) {
    t.throws(() => complianceWatch(settings), InvalidArgumentError, JSON.stringify(settings));
  }
});
