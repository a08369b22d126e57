/**
 * The NCS 1004 CSSM sync-loss procedure end to end (004:597-684), on the emulator: a registered NCS 1004 whose
 * product instance is removed in the CSSM portal fails its `license smart renew auth` with the seed's
 * AUTH_RENEW_FAILED "Data and signature do not match for udi PID:…,SN:…"; `forceReregister$` with a new token
 * renews (fails as expected), deregisters (CSSM answers AGENT_DEREG_FAILED, the seed's text) and registers with
 * force back to Authorized. Then across a fleet: sync loss on several devices among healthy ones, found by the
 * agents' own 30-day renewal in virtual time, recovered by `forcedReregistration()` through `runFleet$`.
 */
import t from 'tap';
import { DAY } from '../../src/clock.js';
import type { Secret } from '../../src/secret.js';
import type { StepEvent, WorkflowEvent } from '../../src/workflows/events.js';
import { runFleet$ } from '../../src/workflows/fleet-runner.js';
import { forcedReregistration, forceReregister$ } from '../../src/workflows/force-reregister.js';
import { onboarding } from '../../src/workflows/onboard.js';
import type { TokenSource } from '../../src/workflows/ports.js';
import { collect, directIntent, FAST_RETRY, REGISTRATION_WAIT, resultsOf, startE2eLab, stepsOf, summaryOf, waitFor } from './helpers/e2e-lab.js';

/** The seed's lines (004:635-647 and 004:671-677), joined as the device prints them. */
const AUTH_RENEW_FAILED = /LICENSE-SMART_LIC-3-AUTH_RENEW_FAILED : Authorization renewal with the Cisco Smart Software Manager \(CSSM\) : Error received from Smart Software Manager: Data and signature do not match for udi PID:([^,\s]+),SN:(\S+)/;
const AGENT_DEREG_FAILED =
  /%LICENSE-SMART_LIC-3-AGENT_DEREG_FAILED : Smart Agent for Licensing DeRegistration with Cisco Smart Software Manager \(CSSM\) failed: Agent received a failure status in a response message\. Please check the Agent log file for the detailed message\./;

t.test('sync loss on NCS 1004s: the seed procedure on one device, then a fleet with healthy devices among them', async (t) => {
  const e2e = await startE2eLab(t, 12);
  const { lab, hosts } = e2e;
  const clock = e2e.timers;
  const issued: Secret[] = [];
  const freshToken: TokenSource = async (host) => {
    const created = await e2e.cssmClient.createToken({ description: `re-registration of ${host}`, maxUses: 1 });
    issued.push(created.token);
    return created.token;
  };
  const fleetOptions = { open: e2e.open, clock, retry: FAST_RETRY, timeoutMs: 40_000, random: () => 0, concurrency: 12 };
  const onboarded = await collect(runFleet$(hosts, onboarding({ token: freshToken, intent: directIntent(), wait: REGISTRATION_WAIT }), fleetOptions)).done;
  t.equal(summaryOf(onboarded).succeeded, 12, 'the lab is onboarded');
  const all: WorkflowEvent[] = [...onboarded];

  t.test('one NCS 1004, step by step as the seed', async (t) => {
    const host = 'ncs1004-1';
    const emulated = e2e.device(host);
    const sn = emulated.identity.serial;
    const device = await e2e.open(host, {});
    t.teardown(() => device.close());

    // Step 3: Inventory → Product Instances → Remove. The device is not told.
    t.equal(lab.cssm.removeProductInstance({ sn }), true, 'removed in the portal');
    t.equal(e2e.agent(host).snapshot().authorization.status, 'authorized', 'the device does not know yet');

    // Step 4: license smart renew auth; show logging | i "Data and signature".
    await t.rejects(device.renewAuth(), { code: 'E_SYNC_LOST' }, 'the renewal fails with the sync loss');
    const { output } = await device.send('show logging | i "Data and signature"');
    const line = AUTH_RENEW_FAILED.exec(output);
    t.ok(line, 'show logging prints the seed\'s AUTH_RENEW_FAILED', { output });
    t.equal(line?.[1], emulated.identity.pid, 'for this PID');
    t.equal(line?.[2], sn, 'and serial');
    t.notOk(/AGENT_REG|AUTH_RENEW_SUCCESS/.test(output), 'only the matching lines');

    // Steps 5 and on, by the workflow: renew auth → deregister (AGENT_DEREG_FAILED expected) → register force.
    const run = await collect(forceReregister$(device, { token: freshToken, wait: REGISTRATION_WAIT, clock })).done;
    all.push(...run);
    const steps = run.filter((e): e is StepEvent => e.type === 'step');
    t.same(
      steps.filter((e) => e.status !== 'started' && e.status !== 'progress').map((e) => `${e.step}:${e.status}`),
      ['detect-sync-loss:succeeded', 'renew-auth:warning', 'deregister:warning', 'register-force:succeeded', 'wait-registration:succeeded', 'verify:succeeded'],
      'the seed procedure, each expected failure tolerated',
    );
    const detected = steps.find((e) => e.step === 'detect-sync-loss' && e.status === 'succeeded');
    t.match(detected?.detail, /Data and signature do not match for udi/);
    t.match(steps.find((e) => e.step === 'renew-auth' && e.status === 'warning')?.detail, /expected failure: .*\(removed in CSSM\).*\(004:626-648\)/);
    t.match(steps.find((e) => e.step === 'deregister' && e.status === 'warning')?.detail, /expected AGENT_DEREG_FAILED from CSSM \(004:660-678\); the device is unregistered/);
    const result = run.at(-1);
    t.same([result?.type, result?.status], ['result', 'succeeded']);
    t.equal(e2e.agent(host).snapshot().authorization.status, 'authorized', 'Authorized again');
    t.equal(e2e.agent(host).snapshot().registration.force, true, 'registered with force');

    // The seed filters with `| i Dereg`, which its own line (`DeRegistration`, `AGENT_DEREG_FAILED`) only matches
    // case-insensitively; IOS-XR `include` is case-sensitive, so the mnemonic is matched instead.
    const dereg = await device.send('show logging | i DEREG');
    t.match(dereg.output, AGENT_DEREG_FAILED, "show logging prints the seed's AGENT_DEREG_FAILED");
    t.ok(lab.cssm.findProductInstance({ sn }), 'CSSM lists the device again');
  });

  t.test('a fleet: sync loss on three devices among nine healthy ones', async (t) => {
    const lost = ['ncs1004-2', 'ncs1004-3', 'cbr8-4'];
    for (const h of lost) t.equal(lab.cssm.removeProductInstance({ sn: e2e.device(h).identity.serial }), true, `${h} removed in the portal`);
    // The agents' own renewal, 30 days after the last success, meets the missing instances.
    await clock.advanceAsync(31 * DAY);
    for (const h of lost) {
      const renewal = e2e.agent(h).snapshot().authorization.lastCommunication;
      t.equal(renewal?.result, 'failed', `${h}: the scheduled renewal failed`);
      t.match(e2e.device(h).syslog.entries().map((e) => e.text).join('\n'), /Data and signature do not match for udi/);
    }

    const started = Date.now();
    const run = await collect(runFleet$(hosts, forcedReregistration({ token: freshToken, wait: REGISTRATION_WAIT }), fleetOptions)).done;
    t.comment(`forced re-registration over ${hosts.length} devices: ${Date.now() - started} ms`);
    all.push(...run);
    const summary = summaryOf(run);
    t.same([summary.total, summary.succeeded, summary.skipped, summary.failed, summary.changed], [12, 3, 9, 0, 3]);
    const results = resultsOf(run);
    for (const h of hosts) {
      const agent = e2e.agent(h).snapshot();
      t.equal(agent.authorization.status, 'authorized', `${h}: authorized`);
      t.ok(lab.cssm.findProductInstance({ sn: e2e.device(h).identity.serial }), `${h}: in CSSM`);
      if (lost.includes(h)) {
        t.equal(results.get(h)?.status, 'succeeded', `${h}: recovered`);
        t.ok(stepsOf(run, h).includes('deregister:warning') && stepsOf(run, h).includes('register-force:succeeded'), `${h}: deregistered (refused by CSSM) and registered with force`);
      } else {
        t.equal(results.get(h)?.status, 'skipped', `${h}: healthy, left alone`);
        t.notOk(stepsOf(run, h).some((s) => s.startsWith('register-force:') && s !== 'register-force:skipped'), `${h}: not re-registered`);
      }
    }
  });

  t.test('a product instance just removed: the device shows nothing yet; the probe asks CSSM (004:626)', async (t) => {
    const quiet = 'ncs1004-4';
    const healthy = 'ncs560-2';
    const sn = e2e.device(quiet).identity.serial;
    t.equal(lab.cssm.removeProductInstance({ sn }), true, `${quiet} removed in the portal`);
    const passive = await collect(runFleet$([quiet], forcedReregistration({ token: freshToken, wait: REGISTRATION_WAIT }), fleetOptions)).done;
    all.push(...passive);
    t.same([resultsOf(passive).get(quiet)?.status, resultsOf(passive).get(quiet)?.outcome.changed], ['skipped', false], 'without the probe nothing shows a sync loss yet');
    t.notOk(lab.cssm.findProductInstance({ sn }), 'still unknown to CSSM');

    const mark = e2e.device(quiet).commandLog.lastSeq;
    const probed = await collect(runFleet$([quiet, healthy], forcedReregistration({ token: freshToken, wait: REGISTRATION_WAIT, probe: true }), fleetOptions)).done;
    all.push(...probed);
    const results = resultsOf(probed);
    t.same([results.get(quiet)?.status, results.get(quiet)?.outcome.changed], ['succeeded', true], `${quiet}: recovered`);
    const detected = probed.find((e): e is StepEvent => e.type === 'step' && e.device === quiet && e.step === 'detect-sync-loss' && e.status === 'succeeded');
    t.match(detected?.detail, /sync loss found by license smart renew auth \(004:626-648\)/);
    t.ok(stepsOf(probed, quiet).includes('renew-auth:skipped'), `${quiet}: renew auth is not sent twice`);
    t.ok(stepsOf(probed, quiet).includes('deregister:warning') && stepsOf(probed, quiet).includes('register-force:succeeded'), `${quiet}: deregistered (refused by CSSM) and registered with force`);
    t.equal(e2e.device(quiet).commandLog.since(mark).filter((e) => e.line === 'license smart renew auth').length, 1, `${quiet}: one renew auth, the probe's`);
    t.ok(lab.cssm.findProductInstance({ sn }), 'CSSM lists it again');
    t.equal(e2e.agent(quiet).snapshot().authorization.status, 'authorized');
    t.same([results.get(healthy)?.status, results.get(healthy)?.outcome.changed], ['skipped', true], `${healthy}: CSSM renewed it; left alone`);
    t.match(probed.find((e): e is StepEvent => e.type === 'step' && e.device === healthy && e.step === 'detect-sync-loss' && e.status === 'skipped')?.detail, /no sync loss: CSSM renewed the authorization/);
    t.notOk(stepsOf(probed, healthy).some((s) => s.startsWith('register-force:') && s !== 'register-force:skipped'), `${healthy}: not re-registered`);
  });

  t.test('no token in any event; no session left open', async (t) => {
    const text = JSON.stringify(all);
    t.ok(issued.length >= 16);
    for (const secret of [...issued.map((s) => s.reveal()), ...e2e.secrets()]) {
      if (text.includes(secret)) t.fail('a secret appears in the events');
    }
    await waitFor(() => e2e.openConnections() === 0, 'every session closed');
    t.pass('every session closed');
  });
});
