/**
 * The compliance watcher end to end on the emulator, in virtual time: two fleet watchers (one renewing on its own,
 * one only reporting) over onboarded devices; the lab clock jumps towards the agents' renewal and the Communication
 * Deadline while CSSM is out of reach, and each poll is released by hand on the watchers' scheduler. Deadline
 * warnings, the cBR-8 lockout risk before the deadline, the watcher's renewal once CSSM is back, and +91 days
 * without contact: authorization expired and, on the cBR-8, the DOCSIS CLI locked.
 */
import t from 'tap';
import { VirtualTimeScheduler } from 'rxjs';
import { DAY, HOUR } from '../../src/clock.js';
import { complianceWatch } from '../../src/workflows/compliance-watch.js';
import type { StepEvent, WorkflowEvent } from '../../src/workflows/events.js';
import { runFleet$ } from '../../src/workflows/fleet-runner.js';
import { onboarding } from '../../src/workflows/onboard.js';
import { collect, directIntent, FAST_RETRY, LAB_START, REGISTRATION_WAIT, resultsOf, startE2eLab, summaryOf, waitFor } from './helpers/e2e-lab.js';

const T0 = Date.parse(LAB_START);

t.test('compliance watchers in virtual time: renewal, deadline, lockout risk, +91 days without contact', async (t) => {
  const e2e = await startE2eLab(t, 5);
  const { lab, hosts, timers } = e2e;
  const token = lab.cssm.createToken({ description: 'watch lab', maxUses: 10 }).token;
  const onboarded = await collect(runFleet$(hosts, onboarding({ token, intent: directIntent(), wait: REGISTRATION_WAIT }), { open: e2e.open, clock: timers, retry: FAST_RETRY, concurrency: 5 })).done;
  t.equal(summaryOf(onboarded).succeeded, 5, 'the lab is onboarded at T0');

  const renewing = ['cbr8-1', 'ncs560-1', 'ncs1004-1'];
  const reporting = ['cbr8-2', 'ncs560-2'];
  // The reporting devices cannot resolve the CSSM host from now on: no contact at all.
  for (const h of reporting) e2e.device(h).faults.set({ dnsNotAnswering: true });

  // The watchers wait on this scheduler; their clock (event times, compliance) is the lab's.
  const scheduler = new VirtualTimeScheduler();
  const watchOptions = { open: e2e.open, clock: timers, scheduler, timeoutMs: Infinity, concurrency: 5, retry: { retries: 0 } };
  const a = collect(runFleet$(renewing, complianceWatch({ intervalMs: DAY, maxPolls: 6, autoRenew: true }), watchOptions), 60_000);
  const b = collect(runFleet$(reporting, complianceWatch({ intervalMs: DAY, maxPolls: 6 }), watchOptions), 60_000);
  const watchers = renewing.length + reporting.length;
  let polls = 0;
  const idle = async (): Promise<void> => {
    polls++;
    const count = (e: WorkflowEvent): boolean => e.type === 'step' && e.step === 'poll' && e.status !== 'started';
    await waitFor(() => [...a.events, ...b.events].filter(count).length === polls * watchers && scheduler.actions.length === watchers, `poll ${polls} of every watcher`);
  };
  /** Lets every watcher poll once more (the lab clock stays where it is). */
  const poll = async (): Promise<void> => {
    const next = scheduler.actions[0];
    if (next === undefined) throw new Error('no watcher is waiting');
    scheduler.maxFrames = next.delay;
    scheduler.flush();
    await idle();
  };
  const marks = (): [number, number] => [a.events.length, b.events.length];
  const newSteps = ([ma, mb]: [number, number]): StepEvent[] =>
    [...a.events.slice(ma), ...b.events.slice(mb)].filter((e): e is StepEvent => e.type === 'step' && e.status !== 'started' && e.step !== 'connect');

  const findings = (events: StepEvent[], device: string): string[] => events.filter((e) => e.device === device && e.status !== 'succeeded' && e.step !== 'poll').map((e) => `${e.step}:${e.status}`);
  const pollOf = (events: StepEvent[], device: string): StepEvent | undefined => events.find((e) => e.device === device && e.step === 'poll' && e.status === 'succeeded');

  // ---------------------------------------------------------------- T0: everything compliant
  await idle();
  let mark = marks();
  let steps = newSteps([0, 0]);
  for (const h of hosts) {
    t.equal(pollOf(steps, h)?.data?.['compliance'], 'compliant', `T0: ${h} compliant`);
    t.same(findings(steps, h), [], `T0: ${h}: nothing to report`);
  }

  // ---------------------------------------------------------------- T0 + 31 days: the agents' renewal met an unreachable CSSM
  await lab.cssm.faults.unreachable('reset', 'device');
  await timers.advanceAsync(31 * DAY);
  await poll();
  steps = newSteps(mark);
  mark = marks();
  for (const h of hosts) {
    t.equal(e2e.agent(h).snapshot().authorization.lastCommunication?.result, 'failed', `+31 d: ${h}: the agent's own renewal failed`);
    t.ok(steps.some((e) => e.device === h && e.step === 'finding' && e.data?.['code'] === 'communication-failed'), `+31 d: ${h}: the failed communication is reported`);
  }
  for (const h of renewing) {
    const renew = steps.find((e) => e.device === h && e.step === 'renew-auth');
    t.same([renew?.status, renew?.error?.code, renew?.error?.['commCause']], ['failed', 'E_COMM_FAILED', 'unreachable'], `+31 d: ${h}: the watcher tried to renew`);
  }
  for (const h of reporting) t.notOk(steps.some((e) => e.device === h && e.step === 'renew-auth'), `+31 d: ${h}: a reporting watcher does not renew`);

  // ---------------------------------------------------------------- T0 + 65 days: the Communication Deadline is 25 days away
  await timers.advanceAsync(34 * DAY);
  await poll();
  steps = newSteps(mark);
  mark = marks();
  for (const h of hosts) {
    const deadline = steps.find((e) => e.device === h && e.step === 'deadline');
    t.same([deadline?.status, deadline?.data?.['code'], deadline?.data?.['at']], ['warning', 'authorization-expiring', new Date(T0 + 90 * DAY).toISOString()], `+65 d: ${h}: deadline warning`);
    const risk = steps.find((e) => e.device === h && e.step === 'lockout-risk');
    if (e2e.device(h).model === 'cBR-8') t.match(risk?.detail, /the cBR-8 locks its DOCSIS CLI \(000:126-152\) in 25 days/, `+65 d: ${h}: lockout risk reported before the deadline`);
    else t.equal(risk, undefined, `+65 d: ${h}: no lockout on ${e2e.device(h).model}`);
  }

  // ---------------------------------------------------------------- CSSM back: the renewing watcher renews at its next poll
  await lab.cssm.faults.reachable();
  await timers.advanceAsync(HOUR);
  await poll();
  steps = newSteps(mark);
  mark = marks();
  for (const h of renewing) {
    const renew = steps.find((e) => e.device === h && e.step === 'renew-auth');
    t.same([renew?.status, renew?.changed], ['succeeded', true], `+65 d: ${h}: renewed by the watcher`);
    t.equal(e2e.agent(h).snapshot().authorization.lastCommunication?.result, 'succeeded');
    t.equal(e2e.agent(h).snapshot().authorization.deadlineAt, T0 + 65 * DAY + HOUR + 90 * DAY, `${h}: a new Communication Deadline`);
  }
  for (const h of reporting) t.equal(e2e.agent(h).snapshot().authorization.lastCommunication?.result, 'failed', `${h}: still out of contact`);

  // ---------------------------------------------------------------- T0 + 92 days: more than 90 days without contact
  await timers.advanceAsync(T0 + 92 * DAY - timers.now());
  await poll();
  steps = newSteps(mark);
  mark = marks();
  for (const h of renewing) t.equal(pollOf(steps, h)?.data?.['compliance'], 'compliant', `+92 d: ${h} compliant`);
  for (const h of reporting) {
    t.equal(pollOf(steps, h)?.data?.['authorization'], 'authorization-expired', `+92 d: ${h}: AUTH EXPIRED`);
    t.ok(steps.some((e) => e.device === h && e.step === 'finding' && e.data?.['code'] === 'authorization-expired'), `+92 d: ${h}: reported`);
  }
  const locked = steps.find((e) => e.device === 'cbr8-2' && e.step === 'lockout-risk');
  t.same([locked?.status, locked?.data?.['code'], locked?.data?.['severity']], ['warning', 'cli-locked', 'critical'], '+92 d: the cBR-8 reports its DOCSIS CLI locked');
  t.match(locked?.detail, /locks \[no\] cable upstream shutdown/);
  t.equal(e2e.agent('cbr8-2').enforcement(), 'auth-expired', 'and the emulated cBR-8 does lock it');
  t.notOk(steps.some((e) => e.device === 'ncs560-2' && e.step === 'lockout-risk'), 'no lockout on the NCS 560');

  // ---------------------------------------------------------------- the last poll ends both watchers with their results
  const next = scheduler.actions[0];
  if (next !== undefined) {
    scheduler.maxFrames = next.delay;
    scheduler.flush();
  }
  const [eventsA, eventsB] = await Promise.all([a.done, b.done]);
  const valueOf = (events: WorkflowEvent[], h: string): Record<string, unknown> => resultsOf(events).get(h)?.outcome.value as Record<string, unknown>;
  for (const h of renewing) t.match(valueOf(eventsA, h), { polls: 6, renewals: 1, renewFailures: 2, compliance: 'compliant' }, `${h}: the watcher's result`);
  for (const h of reporting) t.match(valueOf(eventsB, h), { polls: 6, renewals: 0, renewFailures: 0, compliance: 'critical' }, `${h}: the watcher's result`);
  t.same([summaryOf(eventsA).changed, summaryOf(eventsB).changed], [3, 0], 'only the renewing watcher changed devices');
  t.equal(scheduler.actions.length, 0, 'no timer of the watchers left');
  await waitFor(() => e2e.openConnections() === 0, 'every session closed');
});
