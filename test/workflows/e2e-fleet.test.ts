/**
 * Every workflow over one emulated fleet of 51 mixed devices (issue 8's acceptance: ≥ 50 devices, the CSSM
 * emulator, injected faults): onboarding, then sync loss on six devices found by the agents' own renewal and
 * recovered by forced re-registration while sessions drop and CSSM is slow, then a compliance watcher cycle over
 * the whole fleet across a CSSM outage, then the RMA of every device with API 5xx answers and dropped sessions.
 * Each stage asserts the end state on the devices and in CSSM, not only the events.
 */
import t from 'tap';
import { VirtualTimeScheduler } from 'rxjs';
import { DAY, HOUR } from '../../src/clock.js';
import type { EmulatedDevice } from '../../src/emulator/device/types.js';
import type { Secret } from '../../src/secret.js';
import { complianceWatch } from '../../src/workflows/compliance-watch.js';
import type { StepEvent, WorkflowEvent } from '../../src/workflows/events.js';
import { runFleet$ } from '../../src/workflows/fleet-runner.js';
import { forcedReregistration } from '../../src/workflows/force-reregister.js';
import { onboarding } from '../../src/workflows/onboard.js';
import type { TokenSource } from '../../src/workflows/ports.js';
import { rmaDeregistration } from '../../src/workflows/rma-deregister.js';
import type { RmaEvidenceBundle } from '../../src/workflows/rma-evidence.js';
import { collect, directIntent, FAST_RETRY, REGISTRATION_WAIT, resultsOf, startE2eLab, stepsOf, summaryOf, waitFor } from './helpers/e2e-lab.js';

const DEVICES = 51;

/** Drops every session of `device` right after it answers the first command line that starts with `prefix`. */
function dropAfter(device: EmulatedDevice, prefix: string): void {
  const stop = device.commandLog.subscribe((entry) => {
    if (!entry.line.startsWith(prefix)) return;
    device.faults.set({ dropAfterCommands: 0 });
    stop();
  });
}

t.test(`${DEVICES} mixed devices through every workflow with injected faults`, async (t) => {
  const e2e = await startE2eLab(t, DEVICES);
  const { lab, hosts, timers } = e2e;
  t.equal(hosts.length, DEVICES);
  t.same(new Set(lab.fleet.devices.map((d) => d.model)), new Set(['cBR-8', 'NCS-560', 'NCS-1004']), 'a mixed fleet');
  const issued: Secret[] = [];
  const freshToken: TokenSource = async (host) => {
    const created = await e2e.cssmClient.createToken({ description: `fleet ${host}`, maxUses: 1 });
    issued.push(created.token);
    return created.token;
  };
  const fleetOptions = { open: e2e.open, clock: timers, retry: FAST_RETRY, timeoutMs: 40_000, random: () => 0, concurrency: 20 };
  const all: WorkflowEvent[] = [];
  const serialOf = (h: string): string => e2e.device(h).identity.serial;

  // ------------------------------------------------------------------ onboarding
  const onboarded = await collect(runFleet$(hosts, onboarding({ token: freshToken, intent: directIntent(), wait: REGISTRATION_WAIT }), fleetOptions)).done;
  all.push(...onboarded);
  t.same([summaryOf(onboarded).succeeded, summaryOf(onboarded).failed], [DEVICES, 0], 'the fleet is onboarded');
  t.equal((await e2e.cssmClient.listProductInstances()).length, DEVICES, 'CSSM lists every device');

  // ------------------------------------------------------------------ sync loss, found by the agents' own renewal
  const lost = ['cbr8-3', 'cbr8-9', 'ncs560-4', 'ncs560-11', 'ncs1004-5', 'ncs1004-13'];
  for (const h of lost) t.equal(lab.cssm.removeProductInstance({ sn: serialOf(h) }), true, `${h} removed in the portal`);
  await timers.advanceAsync(31 * DAY);
  for (const h of lost) t.equal(e2e.agent(h).snapshot().authorization.lastCommunication?.result, 'failed', `${h}: its scheduled renewal failed`);

  // Two of them lose their session right after `license smart renew auth`, two healthy ones while being read.
  const droppedLost = ['cbr8-9', 'ncs1004-13'];
  for (const h of droppedLost) dropAfter(e2e.device(h), 'license smart renew auth');
  const droppedHealthy = ['ncs560-1', 'ncs1004-2'];
  for (const h of droppedHealthy) dropAfter(e2e.device(h), 'show license status');
  lab.cssm.faults.slow(150, 'device');
  const recovered = await collect(runFleet$(hosts, forcedReregistration({ token: freshToken, wait: REGISTRATION_WAIT }), fleetOptions)).done;
  lab.cssm.faults.slow(0);
  all.push(...recovered);
  const sr = summaryOf(recovered);
  t.same([sr.total, sr.succeeded, sr.skipped, sr.failed, sr.changed], [DEVICES, lost.length, DEVICES - lost.length, 0, lost.length], 're-registration: the six recovered, the rest left alone');
  const rr = resultsOf(recovered);
  for (const h of [...droppedLost, ...droppedHealthy]) {
    t.equal(rr.get(h)?.outcome.attempts, 2, `${h}: retried once after its session dropped`);
    const retry = recovered.find((e): e is StepEvent => e.type === 'step' && e.device === h && e.step === 'attempt' && e.status === 'retrying');
    t.equal(retry?.error?.code, 'E_CLOSED', `${h}: the drop is E_CLOSED`);
  }
  for (const h of hosts) {
    const agent = e2e.agent(h).snapshot();
    t.equal(agent.authorization.status, 'authorized', `${h}: authorized after the re-registration run`);
    t.ok(lab.cssm.findProductInstance({ sn: serialOf(h) }), `${h}: in CSSM`);
    if (lost.includes(h)) {
      t.equal(agent.registration.force, true, `${h}: registered again with force`);
      t.ok(stepsOf(recovered, h).includes('register-force:succeeded'), `${h}: the forced registration ran`);
    } else {
      t.notOk(stepsOf(recovered, h).includes('register-force:succeeded'), `${h}: healthy, not re-registered`);
    }
  }

  // ------------------------------------------------------------------ a watcher cycle over the whole fleet
  await lab.cssm.faults.unreachable('reset', 'device');
  await timers.advanceAsync(31 * DAY);
  const scheduler = new VirtualTimeScheduler();
  const watch = collect(
    runFleet$(hosts, complianceWatch({ intervalMs: DAY, maxPolls: 2, autoRenew: true }), { open: e2e.open, clock: timers, scheduler, timeoutMs: Infinity, concurrency: DEVICES, retry: { retries: 0 } }),
    60_000,
  );
  const polled = (e: WorkflowEvent): boolean => e.type === 'step' && e.step === 'poll' && e.status !== 'started';
  await waitFor(() => watch.events.filter(polled).length === DEVICES && scheduler.actions.length === DEVICES, 'the first poll of every watcher', 40_000);
  const firstRenewals = watch.events.filter((e): e is StepEvent => e.type === 'step' && e.step === 'renew-auth' && e.status !== 'started');
  t.equal(firstRenewals.length, DEVICES, 'every watcher tried to renew while CSSM was out of reach');
  t.ok(firstRenewals.every((e) => e.status === 'failed' && e.error?.code === 'E_COMM_FAILED'), 'each renewal failed as a communication failure');
  await lab.cssm.faults.reachable();
  await timers.advanceAsync(HOUR);
  const next = scheduler.actions[0];
  if (next === undefined) throw new Error('no watcher is waiting');
  scheduler.maxFrames = next.delay;
  scheduler.flush();
  const watched = await watch.done;
  all.push(...watched);
  const sw = summaryOf(watched);
  t.same([sw.total, sw.succeeded, sw.failed, sw.changed], [DEVICES, DEVICES, 0, DEVICES], 'every watcher renewed once CSSM was back');
  for (const h of hosts) {
    t.match(resultsOf(watched).get(h)?.outcome.value, { polls: 2, renewals: 1, renewFailures: 1, compliance: 'compliant' }, `${h}: the watcher's result`);
    t.equal(e2e.agent(h).snapshot().authorization.lastCommunication?.result, 'succeeded', `${h}: renewed on the device`);
  }

  // ------------------------------------------------------------------ RMA of the whole fleet
  const inUse = new Map(hosts.map((h) => [h, e2e.agent(h).snapshot().entitlements.filter((e) => e.count > 0).map((e) => e.shortTag).sort()]));
  const droppedRma = ['cbr8-1', 'ncs560-6', 'ncs1004-7'];
  for (const h of droppedRma) dropAfter(e2e.device(h), 'license smart deregister');
  lab.cssm.faults.failNext(2, 503, 'api');
  const returned = await collect(runFleet$(hosts, rmaDeregistration({ cssm: e2e.cssmClient, cssmCheck: { polls: 2, intervalMs: 20 } }), fleetOptions)).done;
  all.push(...returned);
  const sm = summaryOf(returned);
  t.same([sm.total, sm.succeeded, sm.failed, sm.changed], [DEVICES, DEVICES, 0, DEVICES], 'every device returned');
  const rm = resultsOf(returned);
  for (const h of hosts) {
    const bundle = rm.get(h)?.outcome.value as unknown as RmaEvidenceBundle;
    t.equal(bundle.evidence.udi.sn, serialOf(h), `${h}: the bundle names the device's serial`);
    t.equal(bundle.evidence.registration, 'registered', `${h}: evidence captured before the deregistration`);
    t.same(bundle.evidence.licensesInUse.map((l) => l.tag).sort(), inUse.get(h), `${h}: the licenses in use`);
    t.equal(bundle.cssm.productInstance, 'absent', `${h}: CSSM dropped the instance`);
    t.equal(e2e.agent(h).snapshot().registration.status, 'unregistered', `${h}: unregistered on the device`);
    t.equal(lab.cssm.findProductInstance({ sn: serialOf(h) }), undefined, `${h}: gone from CSSM`);
  }
  for (const h of droppedRma) {
    t.equal(rm.get(h)?.outcome.attempts, 2, `${h}: retried after the drop during the deregistration`);
    t.ok(stepsOf(returned, h).includes('capture-evidence:skipped'), `${h}: the retry kept the evidence of the first attempt`);
    t.equal(e2e.device(h).commandLog.entries((e) => e.line.startsWith('license smart deregister')).length, 1, `${h}: deregistered once`);
  }
  t.equal(lab.cssm.faults.snapshot().http5xx, null, 'the two API failures were served');
  t.equal((await e2e.cssmClient.listProductInstances()).length, 0, 'CSSM holds no instance of the fleet');

  // ------------------------------------------------------------------ no secret anywhere, no session left open
  const text = JSON.stringify(all);
  for (const secret of [...issued.map((s) => s.reveal()), ...e2e.secrets()]) {
    if (text.includes(secret)) t.fail('a secret appears in the events');
  }
  t.ok(issued.length >= DEVICES + lost.length, 'a token per registration');
  await waitFor(() => e2e.openConnections() === 0, 'every session closed');
});
