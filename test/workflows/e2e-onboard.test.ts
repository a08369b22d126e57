/**
 * Onboarding end to end (issue 8): 54 emulated devices (cBR-8, NCS 560, NCS 1004 in turn) with the Smart Agent and
 * the CSSM emulator, through `runFleet$` + `onboarding()` over the real driver (SSH on loopback) with a fresh ID
 * token per device from the CSSM API. Faults in the same fleet: connections that drop mid-run, a bad token, a slow
 * CSSM, an unreachable CSSM that comes back; then a second run that must change nothing.
 */
import t from 'tap';
import { Secret } from '../../src/secret.js';
import type { StepEvent, WorkflowEvent } from '../../src/workflows/events.js';
import { runFleet$ } from '../../src/workflows/fleet-runner.js';
import { onboarding } from '../../src/workflows/onboard.js';
import type { TokenSource } from '../../src/workflows/ports.js';
import { collect, directIntent, FAST_RETRY, LAB_START, REGISTRATION_WAIT, resultsOf, startE2eLab, stepsOf, summaryOf, waitFor } from './helpers/e2e-lab.js';

const BAD_TOKEN = 'Tm90QVRva2VuSXNzdWVkQnlDU1NN-bad-e2e-token';

t.test('54 mixed devices onboarded through runFleet$ with injected faults, then an idempotent second run', async (t) => {
  const e2e = await startE2eLab(t, 54);
  const { lab, hosts } = e2e;
  const clock = lab.timers;
  t.equal(hosts.length, 54);
  t.same(new Set(lab.fleet.devices.map((d) => d.model)), new Set(['cBR-8', 'NCS-560', 'NCS-1004']), 'a mixed fleet');

  const issued: Secret[] = [];
  const token: TokenSource = async (host) => {
    if (host === 'ncs1004-2') return new Secret(BAD_TOKEN);
    const created = await e2e.cssmClient.createToken({ description: `onboard ${host}`, maxUses: 1 });
    issued.push(created.token);
    return created.token;
  };
  const workflow = onboarding({ token, intent: directIntent(), wait: REGISTRATION_WAIT });
  const fleetOptions = { open: e2e.open, clock, retry: FAST_RETRY, timeoutMs: 40_000, random: () => 0 };
  const all: WorkflowEvent[] = [];

  // ------------------------------------------------------------ run 1: 51 devices, drops, a bad token, CSSM slow
  const unreachableGroup = ['cbr8-18', 'ncs560-18', 'ncs1004-18'];
  const first = hosts.filter((h) => !unreachableGroup.includes(h));
  const dropped = ['cbr8-2', 'ncs560-3', 'ncs1004-4'];
  for (const h of dropped) e2e.device(h).faults.set({ dropAfterCommands: 14 });
  // These drop right after `license smart register` was answered: the registration goes on without the session.
  const droppedRegistering = ['cbr8-5', 'ncs1004-6'];
  for (const h of droppedRegistering) {
    const device = e2e.device(h);
    const stop = device.commandLog.subscribe((entry) => {
      if (!entry.line.startsWith('license smart register')) return;
      device.faults.set({ dropAfterCommands: 0 });
      stop();
    });
  }
  lab.cssm.faults.slow(250, 'device');
  const started = Date.now();
  const run1 = await collect(runFleet$(first, workflow, { ...fleetOptions, concurrency: 20 })).done;
  t.comment(`run 1 (51 devices, onboarding with faults): ${Date.now() - started} ms`);
  lab.cssm.faults.slow(0);
  all.push(...run1);

  const s1 = summaryOf(run1);
  t.same([s1.total, s1.succeeded, s1.failed, s1.skipped, s1.cancelled, s1.changed], [51, 50, 1, 0, 0, 51], 'summary counts (the bad-token device got its configuration)');
  t.same(s1.errorCodes, { E_TOKEN_INVALID: 1 });
  const r1 = resultsOf(run1);
  for (const h of dropped) {
    const result = r1.get(h);
    t.equal(result?.status, 'succeeded', `${h}: succeeded after the drop`);
    t.equal(result?.outcome.attempts, 2, `${h}: one retry`);
    const retry = run1.find((e): e is StepEvent => e.type === 'step' && e.device === h && e.step === 'attempt' && e.status === 'retrying');
    t.equal(retry?.error?.code, 'E_CLOSED', `${h}: the drop is E_CLOSED, retried`);
    t.equal(e2e.device(h).faults.get().dropAfterCommands, undefined, `${h}: the drop fired`);
  }
  for (const h of droppedRegistering) {
    const result = r1.get(h);
    t.same([result?.status, result?.outcome.attempts], ['succeeded', 2], `${h}: succeeded after the drop mid-registration`);
    const registers = run1.filter((e) => e.type === 'step' && e.device === h && e.step === 'register' && e.status !== 'started').map((e) => e.status);
    t.equal(registers[0], 'failed', `${h}: the first attempt lost its session while registering`);
    t.ok(registers[1] === 'skipped', `${h}: the retry did not register again`);
    t.equal(e2e.device(h).commandLog.entries((e) => e.line.startsWith('license smart register')).length, 1, `${h}: one register command`);
  }
  const bad = r1.get('ncs1004-2');
  t.equal(bad?.status, 'failed');
  t.equal(bad?.outcome.attempts, 1, 'a bad token is not retried');
  t.equal(bad?.error?.code, 'E_TOKEN_INVALID', 'classified');
  t.notOk(stepsOf(run1, 'ncs1004-2').includes('attempt:retrying'));
  t.equal(e2e.agent('ncs1004-2').snapshot().registration.status, 'registration-failed');
  for (const h of first.filter((h) => h !== 'ncs1004-2')) {
    const result = r1.get(h);
    t.equal(result?.status, 'succeeded', `${h} succeeded`);
    const value = result?.outcome.value as { registration?: string; authorization?: string; udi?: { sn?: string } } | undefined;
    t.equal(value?.authorization, 'authorized', `${h}: authorized`);
    t.equal(value?.udi?.sn, e2e.device(h).identity.serial, `${h}: the UDI read is the device's`);
    t.equal(e2e.agent(h).snapshot().authorization.status, 'authorized');
  }
  t.ok((lab.cssm.stats().deviceReplies['SUCCESS'] ?? 0) >= 50, 'CSSM answered the registrations');
  t.notOk(run1.some((e) => e.type === 'step' && e.step === 'timeout'), 'the slow CSSM stayed within every bound');

  // ------------------------------------------------------------ run 2: CSSM unreachable, then back
  await lab.cssm.faults.unreachable('reset', 'device');
  const started2 = Date.now();
  const run2 = collect(runFleet$(unreachableGroup, workflow, { ...fleetOptions, concurrency: 3, retry: { ...FAST_RETRY, minTimeoutMs: 200, maxTimeoutMs: 400 } }));
  for (const h of unreachableGroup) {
    await run2.until((e) => e.type === 'step' && e.device === h && e.step === 'attempt' && e.status === 'retrying');
  }
  await lab.cssm.faults.reachable();
  const events2 = await run2.done;
  t.comment(`run 2 (3 devices, CSSM unreachable then back): ${Date.now() - started2} ms`);
  all.push(...events2);
  const s2 = summaryOf(events2);
  t.same([s2.total, s2.succeeded, s2.failed], [3, 3, 0], 'every device onboarded once CSSM was back');
  for (const h of unreachableGroup) {
    const retry = events2.find((e): e is StepEvent => e.type === 'step' && e.device === h && e.step === 'attempt' && e.status === 'retrying');
    t.equal(retry?.error?.code, 'E_COMM_FAILED', `${h}: E_COMM_FAILED`);
    t.equal(retry?.error?.['commCause'], 'unreachable', `${h}: CSSM unreachable, retried`);
    t.ok((resultsOf(events2).get(h)?.outcome.attempts ?? 0) >= 2, `${h}: retried`);
    t.ok(stepsOf(events2, h).includes('register:succeeded'), `${h}: registered on the retry`);
    t.equal(e2e.agent(h).snapshot().authorization.status, 'authorized');
  }

  // ------------------------------------------------------------ a device too slow for the per-device timeout
  const slow = 'ncs1004-2';
  e2e.device(slow).faults.set({ outputDelayMs: 200 });
  const timedOut = await collect(runFleet$([slow], workflow, { ...fleetOptions, timeoutMs: 1500 })).done;
  e2e.device(slow).faults.clear();
  all.push(...timedOut);
  const late = resultsOf(timedOut).get(slow);
  t.same([late?.status, late?.error?.code], ['failed', 'E_TIMEOUT'], `${slow}: the per-device timeout ends it`);
  t.ok(stepsOf(timedOut, slow).includes('timeout:failed'), 'a timeout event');
  t.same(summaryOf(timedOut).errorCodes, { E_TIMEOUT: 1 });
  await waitFor(() => e2e.device(slow).connections === 0, `${slow}: its session closed`);

  // ------------------------------------------------------------ CSSM holds every product instance
  const instances = await e2e.cssmClient.listProductInstances();
  const serials = new Set(instances.map((i) => i.udi.sn));
  const registered = hosts.filter((h) => h !== 'ncs1004-2');
  t.equal(instances.length, registered.length, 'one product instance per registered device');
  for (const h of registered) t.ok(serials.has(e2e.device(h).identity.serial), `CSSM lists ${h}`);
  t.notOk(serials.has(e2e.device('ncs1004-2').identity.serial), 'not the device with the bad token');

  // ------------------------------------------------------------ run 3: the whole fleet again, nothing changes
  const marks = new Map(hosts.map((h) => [h, e2e.device(h).commandLog.lastSeq]));
  const again = onboarding({ token: async () => new Secret(BAD_TOKEN), intent: directIntent(), wait: REGISTRATION_WAIT });
  const started3 = Date.now();
  const run3 = await collect(runFleet$(registered, again, { ...fleetOptions, concurrency: 20 })).done;
  t.comment(`run 3 (53 devices, idempotent onboarding): ${Date.now() - started3} ms`);
  all.push(...run3);
  const s3 = summaryOf(run3);
  t.same([s3.total, s3.succeeded, s3.failed, s3.changed], [53, 53, 0, 0], 'nothing changed');
  for (const h of registered) {
    const steps = stepsOf(run3, h);
    t.ok(steps.includes('register:skipped'), `${h}: already registered`);
    const sent = e2e.device(h).commandLog.since(marks.get(h) ?? 0);
    t.same(sent.filter((e) => e.kind === 'config' || e.kind === 'commit' || e.configChanged), [], `${h}: no configuration sent`);
  }

  const text = JSON.stringify(all);
  t.ok(issued.length >= 53);
  for (const secret of [...issued.map((s) => s.reveal()), BAD_TOKEN]) {
    if (text.includes(secret)) t.fail('a token appears in the events');
  }
  t.ok(all.every((e) => Date.parse(e.at) >= Date.parse(LAB_START)), 'events carry the lab clock');
  await waitFor(() => e2e.openConnections() === 0, 'every emulated device to see its sessions closed');
  t.pass('no session left open');
});
