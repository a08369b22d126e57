/**
 * Sixty fake devices (cBR-8 IOS-XE, NCS 560 and NCS 1004 IOS-XR in turn) through every workflow, with injected
 * faults: refused connections, dropped connections, a slow CSSM, CSSM API 5xx, bad tokens, a rejected
 * configuration, sync loss, and a cancellation mid-run. All in virtual time.
 */
import t from 'tap';
import { DAY } from '../../src/clock.js';
import { Secret } from '../../src/secret.js';
import { complianceWatch } from '../../src/workflows/compliance-watch.js';
import type { DeviceResultEvent, FleetSummary, WorkflowEvent } from '../../src/workflows/events.js';
import { runFleet$ } from '../../src/workflows/fleet-runner.js';
import { forcedReregistration } from '../../src/workflows/force-reregister.js';
import { onboarding } from '../../src/workflows/onboard.js';
import { rmaDeregistration } from '../../src/workflows/rma-deregister.js';
import type { RmaEvidenceBundle } from '../../src/workflows/rma-evidence.js';
import { FakeDnsIntent, FakeFleet, fakeSpec } from './helpers/fake-fleet.js';
import { VirtualTime } from './helpers/virtual-time.js';

const FLEET_TOKEN = 'ZmxlZXQtdG9rZW4tNjAtZGV2aWNlcw-fleet';
const BAD_TOKEN = 'YmFkLXRva2VuLW5vdC1pc3N1ZWQ-bad';
const RENEWAL_TOKEN = 'cmUtcmVnaXN0cmF0aW9uLXRva2Vu-new';

const summaryOf = (events: WorkflowEvent[]): FleetSummary => {
  const last = events[events.length - 1];
  if (last?.type !== 'summary') throw new Error('the run did not end with a summary');
  return last.summary;
};
const resultsOf = (events: WorkflowEvent[]): Map<string, DeviceResultEvent> => new Map(events.filter((e): e is DeviceResultEvent => e.type === 'result').map((e) => [e.device, e]));

t.test('60 mixed devices: onboarding, compliance watch, sync-loss recovery, RMA, cancellation', async (t) => {
  const time = new VirtualTime();
  const fleet = new FakeFleet(time);
  for (let i = 0; i < 60; i++) fleet.add(fakeSpec(i, { dns: i % 10 !== 3 }));
  const hosts = fleet.hosts;
  const token = fleet.cssm.issueToken(FLEET_TOKEN);
  const bad = new Secret(BAD_TOKEN);
  const all: WorkflowEvent[] = [];
  const run = async (source: Parameters<typeof time.collect<WorkflowEvent>>[0]): Promise<WorkflowEvent[]> => {
    const r = await time.collect(source);
    t.equal(r.done, true, 'the run completes');
    all.push(...r.events);
    return r.events;
  };
  const options = { open: fleet.open, concurrency: 8, timeoutMs: 30 * 60_000, random: () => 0.5, scheduler: time.scheduler, clock: time.clock };

  // ---------------------------------------------------------------- onboarding with faults
  const refused = [hosts[5]!, hosts[16]!, hosts[27]!, hosts[38]!, hosts[49]!];
  const dropped = [hosts[7]!, hosts[18]!, hosts[29]!, hosts[40]!, hosts[51]!];
  const badToken = [hosts[11]!, hosts[22]!];
  const rejected = hosts[13]!;
  for (const h of refused) fleet.device(h).faults.refuseConnects = 1;
  for (const h of dropped) fleet.device(h).faults.dropAtOp = 4;
  fleet.cssm.latencyMs = 20_000;
  const intent = new FakeDnsIntent(fleet);
  intent.rejects.add(rejected);
  const onboarded = await run(runFleet$(hosts, onboarding({ token: async (host) => (badToken.includes(host) ? bad : token), intent }), options));
  const s1 = summaryOf(onboarded);
  t.same([s1.total, s1.succeeded, s1.failed, s1.skipped, s1.cancelled, s1.changed], [60, 57, 3, 0, 0, 57]);
  t.same(s1.errorCodes, { E_TOKEN_INVALID: 2, E_COMMIT_FAILED: 1 });
  const r1 = resultsOf(onboarded);
  for (const h of [...refused, ...dropped]) t.equal(r1.get(h)?.outcome.attempts, 2, `${h}: one transient failure, one retry`);
  for (const h of [...badToken, rejected]) t.equal(r1.get(h)?.outcome.attempts, 1, `${h}: permanent failure, no retry`);
  t.equal(intent.applied.length, 5, 'DNS configured where missing (6 devices, one rejected)');
  t.equal(fleet.maxOpen, 8);
  const good = hosts.filter((h) => r1.get(h)?.status === 'succeeded');
  t.ok(good.every((h) => fleet.device(h).registration === 'registered'));
  t.equal(fleet.cssm.instances.size, 57);

  // ---------------------------------------------------------------- compliance watch with auto-renew, 35 days
  const watched = await run(runFleet$(good, complianceWatch({ intervalMs: DAY, maxPolls: 35, autoRenew: true }), { ...options, concurrency: 60, timeoutMs: 40 * DAY }));
  const s2 = summaryOf(watched);
  t.same([s2.succeeded, s2.changed], [57, 57], 'every device renewed once');
  t.ok([...resultsOf(watched).values()].every((r) => (r.outcome.value as { renewals: number }).renewals === 1));
  t.equal(watched.filter((e) => e.type === 'step' && e.step === 'deadline').length, 0, 'renewed before any deadline warning');

  // ---------------------------------------------------------------- sync loss on the NCS 1004s, forced re-registration of all
  const ncs1004 = good.filter((h) => fleet.device(h).spec.model === 'NCS-1004');
  for (const h of ncs1004) fleet.device(h).loseSync();
  const renewal = fleet.cssm.issueToken(RENEWAL_TOKEN);
  const recovered = await run(runFleet$(good, forcedReregistration({ token: renewal }), options));
  const s3 = summaryOf(recovered);
  t.same([s3.succeeded, s3.skipped, s3.failed, s3.changed], [ncs1004.length, 57 - ncs1004.length, 0, ncs1004.length]);
  for (const h of ncs1004) {
    t.equal(fleet.device(h).authorization, 'authorized', h);
    t.equal(fleet.device(h).registeredWith.at(-1), RENEWAL_TOKEN, `${h}: the new token`);
  }

  // ---------------------------------------------------------------- RMA of twenty devices, CSSM API failing twice
  const rma = good.slice(0, 20);
  fleet.cssm.apiFailures = 2;
  const returned = await run(runFleet$(rma, rmaDeregistration({ cssm: fleet.cssm }), options));
  const s4 = summaryOf(returned);
  t.same([s4.succeeded, s4.failed], [20, 0]);
  t.equal(s4.outcomes.reduce((n, o) => n + o.attempts, 0), 22, 'two devices retried after a CSSM 503');
  for (const h of rma) {
    const bundle = resultsOf(returned).get(h)?.outcome.value as unknown as RmaEvidenceBundle;
    t.equal(bundle.evidence.registration, 'registered', `${h}: evidence before deregistration`);
    t.equal(bundle.cssm.productInstance, 'absent');
    t.equal(fleet.device(h).registration, 'unregistered');
  }

  // ---------------------------------------------------------------- cancellation mid-run
  const rest = good.slice(20);
  for (const h of rest) fleet.device(h).faults.latencyMs = 30_000;
  const partial: WorkflowEvent[] = [];
  const subscription = runFleet$(rest, rmaDeregistration({ cssm: fleet.cssm }), options).subscribe((e) => partial.push(e));
  await time.run(10 * 60_000);
  const finished = partial.filter((e) => e.type === 'result').length;
  t.ok(finished > 0 && finished < rest.length, `some devices finished before the cancellation (${finished})`);
  subscription.unsubscribe();
  await time.run();
  t.equal(fleet.openNow, 0, 'no session left open');
  t.ok(fleet.sessions.every((s) => s.closeCalls === 1), `all ${fleet.sessions.length} sessions closed exactly once`);
  t.equal(time.scheduler.actions.filter((a) => a.delay > time.scheduler.frame).length, 0, 'no timer of the cancelled run left');
  all.push(...partial);

  const text = JSON.stringify(all);
  for (const secret of [FLEET_TOKEN, BAD_TOKEN, RENEWAL_TOKEN]) t.notOk(text.includes(secret), 'no token in any event');
});
