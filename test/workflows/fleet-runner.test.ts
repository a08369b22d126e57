import { getEventListeners } from 'node:events';
import t from 'tap';
import { EMPTY } from 'rxjs';
import { InvalidArgumentError } from '../../src/errors.js';
import { Secret } from '../../src/secret.js';
import type { RetryPolicy } from '../../src/workflows/backoff.js';
import { complianceWatch } from '../../src/workflows/compliance-watch.js';
import type { DeviceResultEvent, FleetSummaryEvent, StepEvent, WorkflowEvent } from '../../src/workflows/events.js';
import { runFleet$ } from '../../src/workflows/fleet-runner.js';
import { onboarding } from '../../src/workflows/onboard.js';
import { summarize } from '../../src/workflows/summary.js';
import type { FleetWorkflow } from '../../src/workflows/workflow.js';
import { FakeDnsIntent, FakeFleet, fakeSpec } from './helpers/fake-fleet.js';
import { VirtualTime } from './helpers/virtual-time.js';

const results = (events: WorkflowEvent[]): DeviceResultEvent[] => events.filter((e): e is DeviceResultEvent => e.type === 'result');
const summaryOf = (events: WorkflowEvent[]): FleetSummaryEvent | undefined => events.find((e): e is FleetSummaryEvent => e.type === 'summary');
const steps = (events: WorkflowEvent[], host: string): StepEvent[] => events.filter((e): e is StepEvent => e.type === 'step' && e.device === host);
const resultOf = (events: WorkflowEvent[], host: string): DeviceResultEvent => {
  const r = results(events).find((e) => e.device === host);
  if (r === undefined) throw new Error(`no result for ${host}`);
  return r;
};

function setup(n: number): { time: VirtualTime; fleet: FakeFleet } {
  const time = new VirtualTime();
  const fleet = new FakeFleet(time);
  for (let i = 0; i < n; i++) fleet.add(fakeSpec(i, { registered: true }));
  return { time, fleet };
}

/** One status poll per device: the smallest real workflow. */
const probe = complianceWatch({ maxPolls: 1 });

t.test('bounded concurrency: never more sessions open than the bound, every device done, every session closed', async (t) => {
  for (const concurrency of [1, 4]) {
    const { time, fleet } = setup(20);
    for (const d of fleet.devices.values()) d.faults.latencyMs = 1000;
    const run = await time.collect(runFleet$(fleet.hosts, probe, { open: fleet.open, concurrency, scheduler: time.scheduler, clock: time.clock }));
    t.equal(run.done, true);
    t.equal(fleet.maxOpen, concurrency, `at most ${concurrency} open at once`);
    t.equal(results(run.events).length, 20);
    t.ok(results(run.events).every((r) => r.status === 'succeeded'));
    t.equal(fleet.sessions.length, 20);
    t.ok(fleet.sessions.every((s) => s.closeCalls === 1), 'each session closed once');
    t.equal(fleet.openNow, 0);
  }
});

t.test('per-device timeout: a typed E_TIMEOUT event and result, the session closed, the others unaffected', async (t) => {
  const { time, fleet } = setup(3);
  const stuck = fleet.hosts[1]!;
  fleet.device(stuck).faults.hang.add('status');
  const run = await time.collect(runFleet$(fleet.hosts, probe, { open: fleet.open, timeoutMs: 30_000, scheduler: time.scheduler, clock: time.clock }));
  const result = resultOf(run.events, stuck);
  t.equal(result.status, 'failed');
  t.equal(result.outcome.error?.code, 'E_TIMEOUT');
  t.equal(result.outcome.error?.name, 'TimeoutError');
  t.equal(result.outcome.error?.['timeoutMs'], 30_000);
  t.equal(result.outcome.attempts, 1, 'a timeout ends the device: it is not retried');
  const timeout = steps(run.events, stuck).find((e) => e.step === 'timeout');
  t.equal(timeout?.status, 'failed');
  t.equal(timeout?.error?.code, 'E_TIMEOUT');
  t.ok(fleet.sessionsOf(stuck).every((s) => s.closeCalls === 1), 'the stuck session was closed');
  for (const host of [fleet.hosts[0]!, fleet.hosts[2]!]) t.equal(resultOf(run.events, host).status, 'succeeded', host);
  t.same(summaryOf(run.events)?.summary.errorCodes, { E_TIMEOUT: 1 });
});

t.test('retries: transient failures only, with exact attempt counts', async (t) => {
  const time = new VirtualTime();
  const fleet = new FakeFleet(time);
  const token = fleet.cssm.issueToken('tok-valid-7f3a');
  const refusedTwice = fleet.add(fakeSpec(0, { host: 'refused-twice' }));
  refusedTwice.faults.refuseConnects = 2;
  const dropped = fleet.add(fakeSpec(1, { host: 'dropped' }));
  dropped.faults.dropAtOp = 3;
  const alwaysRefused = fleet.add(fakeSpec(2, { host: 'always-refused' }));
  alwaysRefused.faults.refuseConnects = 100;
  fleet.add(fakeSpec(3, { host: 'bad-token' }));
  fleet.add(fakeSpec(4, { host: 'rejected-config', dns: false }));
  fleet.add(fakeSpec(5, { host: 'no-dns-resolution' }));
  const intent = new FakeDnsIntent(fleet);
  intent.rejects.add('rejected-config');

  const bogus = new Secret('tok-bogus-0000');
  const tokens = async (host: string): Promise<Secret> => (host === 'bad-token' ? bogus : token);
  const run = await time.collect(
    runFleet$(fleet.hosts, onboarding({ token: tokens, intent }), {
      open: fleet.open,
      retry: { retries: 3, minTimeoutMs: 1000 },
      random: () => 0,
      scheduler: time.scheduler,
      clock: time.clock,
    }),
  );
  const attempts = (host: string): [string, number, string | undefined] => {
    const r = resultOf(run.events, host);
    return [r.status, r.outcome.attempts, r.outcome.error?.code];
  };
  t.same(attempts('refused-twice'), ['succeeded', 3, undefined], 'E_CONNECT twice, then connected');
  t.same(attempts('dropped'), ['succeeded', 2, undefined], 'E_CLOSED mid-workflow, reconnected');
  t.same(attempts('always-refused'), ['failed', 4, 'E_CONNECT'], 'retries exhausted: 1 + 3 attempts');
  t.same(attempts('bad-token'), ['failed', 1, 'E_TOKEN_INVALID'], 'a bad token is never retried');
  t.same(attempts('rejected-config'), ['failed', 1, 'E_COMMIT_FAILED'], 'a configuration rejection is never retried');
  t.same(attempts('no-dns-resolution'), ['succeeded', 1, undefined]);
  const retrying = (host: string) => steps(run.events, host).filter((e) => e.status === 'retrying');
  t.same(retrying('refused-twice').map((e) => e.data?.['delayMs']), [1000, 2000], 'exponential backoff (random = 0: the base)');
  t.same(retrying('always-refused').map((e) => e.data?.['attempt']), [1, 2, 3]);
  t.equal(retrying('bad-token').length, 0);
  t.equal(retrying('rejected-config').length, 0);
  t.ok(fleet.sessions.every((s) => s.closeCalls === 1), 'every session, dropped or not, closed once');
  t.equal(fleet.device('dropped').registration, 'registered');
});

t.test('CSSM unreachable is transient for registration, a missing name server is not', async (t) => {
  const time = new VirtualTime();
  const fleet = new FakeFleet(time);
  const token = fleet.cssm.issueToken('tok-valid-1111');
  fleet.add(fakeSpec(0, { host: 'xe' }));
  fleet.cssm.unreachable = true;
  const run = await time.collect(runFleet$(['xe'], onboarding({ token }), { open: fleet.open, retry: { retries: 2 }, scheduler: time.scheduler, clock: time.clock }));
  const r = resultOf(run.events, 'xe');
  t.equal(r.outcome.error?.code, 'E_COMM_FAILED');
  t.equal(r.outcome.error?.['commCause'], 'unreachable');
  t.equal(r.outcome.attempts, 3);
  t.same(
    steps(run.events, 'xe').filter((e) => e.step === 'register' && e.status === 'started').map((e) => e.detail),
    ['license smart register idtoken ***', 'license smart register idtoken *** force', 'license smart register idtoken *** force'],
    'after a failed registration, the retry registers with force (004:236)',
  );

  const time2 = new VirtualTime();
  const fleet2 = new FakeFleet(time2);
  const token2 = fleet2.cssm.issueToken('tok-valid-2222');
  fleet2.add(fakeSpec(1, { host: 'xr' }));
  const run2 = await time2.collect(runFleet$(['xr'], onboarding({ token: token2, requireDns: false }), { open: fleet2.open, scheduler: time2.scheduler, clock: time2.clock }));
  t.equal(resultOf(run2.events, 'xr').status, 'succeeded');
  fleet2.device('xr').dns = false;
  fleet2.device('xr').registration = 'unregistered';
  const run3 = await time2.collect(runFleet$(['xr'], onboarding({ token: token2, requireDns: false }), { open: fleet2.open, scheduler: time2.scheduler, clock: time2.clock }));
  const r3 = resultOf(run3.events, 'xr');
  t.equal(r3.outcome.error?.code, 'E_COMM_FAILED');
  t.equal(r3.outcome.error?.['commCause'], 'dns');
  t.equal(r3.outcome.attempts, 1, 'a DNS misconfiguration is a configuration problem: not retried');
});

t.test('retry delays: jitter within [base, 2 × base] from the injected random, and the total retry time bounded', async (t) => {
  const run = async (random: () => number, retry: RetryPolicy) => {
    const { time, fleet } = setup(1);
    fleet.device(fleet.hosts[0]!).faults.refuseConnects = 100;
    const r = await time.collect(runFleet$(fleet.hosts, probe, { open: fleet.open, retry, random, scheduler: time.scheduler, clock: time.clock }));
    return {
      delays: steps(r.events, fleet.hosts[0]!).filter((e) => e.status === 'retrying').map((e) => e.data?.['delayMs']),
      attempts: resultOf(r.events, fleet.hosts[0]!).outcome.attempts,
      events: r.events,
    };
  };
  t.same((await run(() => 0, { retries: 3, minTimeoutMs: 1000 })).delays, [1000, 2000, 4000], 'lower bound');
  t.same((await run(() => 0.5, { retries: 3, minTimeoutMs: 1000 })).delays, [1500, 3000, 6000]);
  t.same((await run(() => 0.999999, { retries: 3, minTimeoutMs: 1000 })).delays, [2000, 4000, 8000], 'upper bound');
  t.same((await run(() => 0.999999, { retries: 3, minTimeoutMs: 1000, jitter: 0.25 })).delays, [1250, 2500, 5000], 'jitter 0.25');
  t.same((await run(() => 0.5, { retries: 4, minTimeoutMs: 1000, maxTimeoutMs: 2500 })).delays, [1500, 2500, 2500, 2500], 'each delay capped');
  const bounded = await run(() => 0, { retries: 10, minTimeoutMs: 1000, maxRetryTimeMs: 5000 });
  t.same(bounded.delays, [1000, 2000], 'the third retry would start at 7 s, past the 5 s budget');
  t.equal(bounded.attempts, 3);
  t.match(
    bounded.events.find((e) => e.type === 'step' && e.step === 'attempt' && e.status === 'failed')?.detail,
    /retry budget/,
  );
});

t.test('cancellation by unsubscribing: every session opened is closed, sessions still connecting are abandoned', async (t) => {
  const { time, fleet } = setup(10);
  for (const d of fleet.devices.values()) d.faults.hang.add('status');
  fleet.device(fleet.hosts[2]!).faults.hangConnect = true;
  const events: WorkflowEvent[] = [];
  const subscription = runFleet$(fleet.hosts, probe, { open: fleet.open, concurrency: 5, scheduler: time.scheduler, clock: time.clock }).subscribe((e) => events.push(e));
  await time.run(10_000);
  t.equal(fleet.sessions.length, 4, 'four sessions open, the fifth device still connecting');
  t.equal(fleet.openNow, 4);
  subscription.unsubscribe();
  await time.run();
  t.ok(fleet.sessions.every((s) => s.closeCalls === 1), 'close() called on each open session');
  t.equal(fleet.openNow, 0);
  t.equal(fleet.sessions.length, 4, 'nothing opened after the unsubscription');
  t.equal(results(events).length, 0, 'no events after unsubscribing');
  t.equal(time.scheduler.actions.length, 0, 'no timer left behind');
});

t.test('graceful cancellation (options.signal): unfinished devices end cancelled, sessions closed, the summary still comes', async (t) => {
  const { time, fleet } = setup(6);
  for (const d of fleet.devices.values()) d.faults.latencyMs = 60_000;
  const controller = new AbortController();
  const events: WorkflowEvent[] = [];
  let completed = false;
  runFleet$(fleet.hosts, probe, { open: fleet.open, concurrency: 2, signal: controller.signal, scheduler: time.scheduler, clock: time.clock }).subscribe({
    next: (e) => events.push(e),
    complete: () => (completed = true),
  });
  await time.run(90_000);
  t.equal(results(events).length, 2, 'the first two finished');
  controller.abort();
  await time.run(Number.POSITIVE_INFINITY, () => completed);
  t.equal(completed, true);
  const summary = summaryOf(events)!.summary;
  t.equal(summary.succeeded, 2);
  t.equal(summary.cancelled, 4);
  t.same(summary.errorCodes, { E_CANCELLED: 4 });
  t.equal(summaryOf(events)!.status, 'failed');
  t.same(
    results(events).filter((r) => r.status === 'cancelled').map((r) => r.outcome.attempts),
    [1, 1, 0, 0],
    'two were mid-run, two never started',
  );
  t.ok(fleet.sessions.every((s) => s.closeCalls === 1));
  t.equal(fleet.sessions.length, 4);
});

t.test("the caller's signal carries one listener however many devices run at once (no MaxListenersExceededWarning), none after the run", async (t) => {
  const { time, fleet } = setup(30);
  for (const d of fleet.devices.values()) d.faults.latencyMs = 60_000;
  const controller = new AbortController();
  let completed = false;
  runFleet$(fleet.hosts, probe, { open: fleet.open, concurrency: 30, signal: controller.signal, scheduler: time.scheduler, clock: time.clock }).subscribe({ complete: () => (completed = true) });
  await time.run(1000);
  t.equal(fleet.openNow, 30, 'thirty devices in flight');
  t.equal(getEventListeners(controller.signal, 'abort').length, 1, 'one listener on the signal');
  await time.run(Number.POSITIVE_INFINITY, () => completed);
  t.equal(completed, true);
  t.equal(getEventListeners(controller.signal, 'abort').length, 0, 'removed when the run ends');

  const aborted = new AbortController();
  let done = false;
  runFleet$(fleet.hosts, probe, { open: fleet.open, concurrency: 30, signal: aborted.signal, scheduler: time.scheduler, clock: time.clock }).subscribe({ complete: () => (done = true) });
  await time.run(1000);
  aborted.abort();
  await time.run(Number.POSITIVE_INFINITY, () => done);
  t.equal(getEventListeners(aborted.signal, 'abort').length, 0, 'none left after a cancellation either');
});

t.test('fleet summary: counts, per-device outcomes, durations, error histogram; the same from summarize(events)', async (t) => {
  const time = new VirtualTime();
  const fleet = new FakeFleet(time);
  const token = fleet.cssm.issueToken('tok-valid-3333');
  fleet.add(fakeSpec(0, { host: 'a-new' }));
  fleet.add(fakeSpec(1, { host: 'b-registered', registered: true }));
  fleet.add(fakeSpec(2, { host: 'c-slp', mode: 'slp' }));
  fleet.add(fakeSpec(3, { host: 'd-skewed', clockSkewMs: 3_600_000 }));
  fleet.add(fakeSpec(4, { host: 'e-gone' }));
  fleet.devices.delete('e-gone');
  fleet.add(fakeSpec(5, { host: 'f-new' }));
  const hosts = ['a-new', 'b-registered', 'c-slp', 'd-skewed', 'e-gone', 'f-new'];
  const run = await time.collect(runFleet$(hosts, onboarding({ token }), { open: fleet.open, retry: { retries: 1 }, random: () => 0, scheduler: time.scheduler, clock: time.clock }));
  const event = summaryOf(run.events)!;
  t.equal(run.events[run.events.length - 1], event, 'the summary is the last event');
  const s = event.summary;
  t.equal(s.workflow, 'onboard');
  t.same([s.total, s.succeeded, s.failed, s.skipped, s.cancelled, s.changed], [6, 3, 3, 0, 0, 2]);
  t.same(s.errorCodes, { E_WORKFLOW: 2, E_CONNECT: 1 });
  t.same(
    Object.fromEntries(s.outcomes.map((o) => [o.device, [o.status, o.changed, o.attempts]])),
    {
      'a-new': ['succeeded', true, 1],
      'b-registered': ['succeeded', false, 1],
      'c-slp': ['failed', false, 1],
      'd-skewed': ['failed', false, 1],
      'e-gone': ['failed', false, 2],
      'f-new': ['succeeded', true, 1],
    },
  );
  for (const o of s.outcomes) t.equal(Date.parse(o.endedAt) - Date.parse(o.startedAt), o.durationMs, `${o.device}: duration`);
  t.equal(s.durationMs, Date.parse(s.endedAt!) - Date.parse(s.startedAt!));
  t.same(summarize(run.events), s, 'summarize(events) rebuilds the summary');
  t.same(summarize(JSON.parse(JSON.stringify(run.events)) as WorkflowEvent[]), s, 'also from the NDJSON form');
  t.equal(event.detail, '6 device(s): 3 succeeded, 0 skipped, 3 failed; 2 changed');
  t.same(summarize([]), { workflow: null, total: 0, succeeded: 0, failed: 0, skipped: 0, cancelled: 0, changed: 0, startedAt: null, endedAt: null, durationMs: 0, errorCodes: {}, outcomes: [] });
});

t.test('a workflow that throws on start or ends without a result fails its device cleanly', async (t) => {
  const { time, fleet } = setup(2);
  const [first, second] = fleet.hosts as [string, string];
  const broken: FleetWorkflow = {
    name: 'onboard',
    run: (device) => {
      if (device.host === first) throw new InvalidArgumentError('token', 'must be a Secret');
      return EMPTY;
    },
  };
  const run = await time.collect(runFleet$(fleet.hosts, broken, { open: fleet.open, scheduler: time.scheduler, clock: time.clock }));
  t.same([resultOf(run.events, first).outcome.error?.code, resultOf(run.events, first).outcome.attempts], ['E_INVALID_ARGUMENT', 1]);
  t.match(resultOf(run.events, second).outcome.error, { code: 'E_WORKFLOW', message: /completed without a result/ });
  t.ok(fleet.sessions.every((s) => s.closeCalls === 1));
});

t.test('an empty fleet emits just the summary', async (t) => {
  const time = new VirtualTime();
  const fleet = new FakeFleet(time);
  const run = await time.collect(runFleet$([], probe, { open: fleet.open, scheduler: time.scheduler, clock: time.clock }));
  t.equal(run.events.length, 1);
  t.equal(run.events[0]?.type, 'summary');
});

t.test('bad fleet options are refused before anything runs', async (t) => {
  const time = new VirtualTime();
  const fleet = new FakeFleet(time);
  const base = { open: fleet.open, scheduler: time.scheduler };
  const cases: Array<[string, () => unknown, RegExp]> = [
    ['duplicate host', () => runFleet$(['a', 'a'], probe, base), /"a" is listed twice/],
    ['empty host', () => runFleet$([''], probe, base), /entry 0/],
    ['concurrency 0', () => runFleet$(['a'], probe, { ...base, concurrency: 0 }), /concurrency/],
    ['fractional concurrency', () => runFleet$(['a'], probe, { ...base, concurrency: 2.5 }), /concurrency/],
    ['negative retries', () => runFleet$(['a'], probe, { ...base, retry: { retries: -1 } }), /retry\.retries/],
    ['unbounded retries', () => runFleet$(['a'], probe, { ...base, retry: { retries: Number.POSITIVE_INFINITY } }), /retry\.retries/],
    ['unbounded retry time', () => runFleet$(['a'], probe, { ...base, retry: { maxRetryTimeMs: Number.POSITIVE_INFINITY } }), /maxRetryTimeMs/],
    ['jitter > 1', () => runFleet$(['a'], probe, { ...base, retry: { jitter: 2 } }), /jitter/],
    ['timeout 0', () => runFleet$(['a'], probe, { ...base, timeoutMs: 0 }), /timeoutMs/],
    ['no opener', () => runFleet$(['a'], probe, { scheduler: time.scheduler } as never), /DeviceOpener/],
  ];
  for (const [name, call, message] of cases) {
    try {
      call();
      t.fail(`${name}: accepted`);
    } catch (error) {
      t.ok(error instanceof InvalidArgumentError, `${name}: InvalidArgumentError`);
      t.match((error as Error).message, message, name);
    }
  }
  t.equal(fleet.sessions.length, 0);
});
