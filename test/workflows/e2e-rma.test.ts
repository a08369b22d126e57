/**
 * RMA deregistration end to end (issue 8): devices onboarded on the emulator, then `rmaDeregistration()` through
 * `runFleet$` with the real `CssmClient` as the CSSM port: the evidence bundle (serial, licenses in use, licensing
 * configuration, syslog) captured before the change and written with `writeEvidenceBundle`, the device
 * unregistered, its product instance gone from CSSM, and no secret anywhere in the bundle or the events.
 */
import t from 'tap';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { StepEvent, WorkflowEvent } from '../../src/workflows/events.js';
import { writeEvidenceBundle } from '../../src/workflows/evidence-bundle-file.js';
import { runFleet$ } from '../../src/workflows/fleet-runner.js';
import { onboarding } from '../../src/workflows/onboard.js';
import { rmaDeregistration } from '../../src/workflows/rma-deregister.js';
import { RMA_EVIDENCE_FORMAT, type RmaEvidenceBundle } from '../../src/workflows/rma-evidence.js';
import { collect, directIntent, FAST_RETRY, REGISTRATION_WAIT, resultsOf, startE2eLab, stepsOf, summaryOf, waitFor } from './helpers/e2e-lab.js';

t.test('RMA of five registered devices: evidence bundle, device unregistered, product instance gone from CSSM', async (t) => {
  const e2e = await startE2eLab(t, 6);
  const { lab, hosts } = e2e;
  const clock = lab.timers;
  const token = lab.cssm.createToken({ description: 'rma lab', maxUses: 10 }).token;
  const fleetOptions = { open: e2e.open, clock, retry: FAST_RETRY, timeoutMs: 40_000, random: () => 0, concurrency: 6 };
  const onboarded = await collect(runFleet$(hosts, onboarding({ token, intent: directIntent(), wait: REGISTRATION_WAIT }), fleetOptions)).done;
  t.equal(summaryOf(onboarded).succeeded, 6, 'the lab is onboarded');

  const returned = hosts.slice(0, 5);
  const kept = hosts[5]!;
  const inUse = new Map(returned.map((h) => [h, e2e.agent(h).snapshot().entitlements.filter((e) => e.count > 0).map((e) => e.shortTag)]));
  // The CSSM API answers 503 twice: CssmClient's own retries absorb it.
  lab.cssm.faults.failNext(2, 503, 'api');
  const started = Date.now();
  const events: WorkflowEvent[] = await collect(runFleet$(returned, rmaDeregistration({ cssm: e2e.cssmClient, cssmCheck: { polls: 2, intervalMs: 20 } }), fleetOptions)).done;
  t.comment(`RMA of ${returned.length} devices: ${Date.now() - started} ms`);
  const summary = summaryOf(events);
  t.same([summary.total, summary.succeeded, summary.failed, summary.changed], [5, 5, 0, 5]);

  const dir = t.testdir({});
  for (const h of returned) {
    const device = e2e.device(h);
    const result = resultsOf(events).get(h);
    t.same(
      stepsOf(events, h).filter((s) => !s.startsWith('connect')),
      [
        'capture-evidence:started',
        'capture-evidence:succeeded',
        'deregister:started',
        'deregister:succeeded',
        'verify-device:started',
        'verify-device:succeeded',
        'verify-cssm:started',
        'verify-cssm:succeeded',
        'remove-cssm-instance:skipped',
        'evidence-bundle:started',
        'evidence-bundle:succeeded',
      ],
      `${h}: evidence first, then the deregistration, verified on the device and in CSSM`,
    );
    const bundle = result?.outcome.value as unknown as RmaEvidenceBundle;
    const path = await writeEvidenceBundle(join(dir, `${h}.json`), bundle);
    t.equal(statSync(path).mode & 0o777, 0o600, `${h}: the bundle file is private`);
    const text = readFileSync(path, 'utf8');
    const written = JSON.parse(text) as RmaEvidenceBundle;
    t.equal(written.format, RMA_EVIDENCE_FORMAT);
    t.equal(written.device, h);
    t.equal(written.evidence.udi.sn, device.identity.serial, `${h}: the serial in the bundle is the device's`);
    t.equal(written.cssm.query.sn, device.identity.serial);
    t.equal(written.evidence.registration, 'registered', `${h}: captured before the deregistration`);
    t.equal(written.evidence.authorization, 'authorized');
    t.same(written.evidence.licensesInUse.map((l) => l.tag).sort(), [...(inUse.get(h) ?? [])].sort(), `${h}: the licenses in use`);
    t.ok(written.evidence.licensesInUse.length > 0 && written.evidence.licensesInUse.every((l) => (l.count ?? 0) > 0));
    t.ok(written.evidence.licensingConfig.some((l) => /call-home/.test(l)), `${h}: the call-home configuration`);
    t.ok(written.evidence.licensingConfig.some((l) => /contact-email-addr licensing@example\.net/.test(l)), `${h}: the configuration the onboarding applied`);
    t.ok(written.evidence.syslog.some((l) => /SMART_LIC-\d-AGENT_REG_SUCCESS|SMART_LIC-\d-AUTH_RENEW_SUCCESS/.test(l)), `${h}: the licensing syslog`);
    t.same(written.evidence.commands.filter((c) => c.error !== undefined), [], `${h}: every evidence command answered`);
    t.equal(written.deregistration.result, 'deregistered');
    t.equal(written.deregistration.registration, 'unregistered');
    t.equal(written.cssm.productInstance, 'absent', `${h}: CSSM dropped the instance on the deregistration`);
    for (const secret of [token.reveal(), ...e2e.secrets()]) {
      if (text.includes(secret)) t.fail(`${h}: a secret in the bundle`);
    }

    const agent = e2e.agent(h).snapshot();
    t.equal(agent.registration.status, 'unregistered', `${h}: the device is unregistered`);
    t.equal(agent.authorization.status, 'evaluation', `${h}: back in evaluation`);
    t.equal(lab.cssm.findProductInstance({ sn: device.identity.serial }), undefined, `${h}: gone from CSSM`);
  }
  t.ok(lab.cssm.findProductInstance({ sn: e2e.device(kept).identity.serial }), 'the device not returned stays in CSSM');
  t.equal(e2e.agent(kept).snapshot().registration.status, 'registered');

  // A second run finds every device unregistered: nothing changes, the kept evidence still says what it was.
  const again = await collect(runFleet$(returned, rmaDeregistration({ cssm: e2e.cssmClient, cssmCheck: { polls: 1, intervalMs: 0 } }), fleetOptions)).done;
  const s2 = summaryOf(again);
  t.same([s2.succeeded, s2.changed], [5, 0], 'a second RMA run changes nothing');
  for (const h of returned) {
    t.ok(stepsOf(again, h).includes('deregister:skipped'), `${h}: already unregistered`);
    t.equal((resultsOf(again).get(h)?.outcome.value as unknown as RmaEvidenceBundle).deregistration.result, 'already-unregistered');
  }

  t.equal(lab.cssm.faults.snapshot().http5xx, null, 'the two API failures were served');

  // The last device is returned while its call home cannot reach CSSM: it drops its registration locally, CSSM
  // keeps the instance, and the workflow removes it through the CSSM API.
  await lab.cssm.faults.unreachable('reset', 'device');
  const offline = await collect(runFleet$([kept], rmaDeregistration({ cssm: e2e.cssmClient, removeFromCssm: true, cssmCheck: { polls: 1, intervalMs: 0 } }), fleetOptions)).done;
  await lab.cssm.faults.reachable();
  const result = resultsOf(offline).get(kept);
  t.equal(result?.status, 'succeeded', `${kept}: returned although CSSM did not hear the deregistration`);
  const steps = stepsOf(offline, kept);
  t.ok(steps.includes('verify-cssm:warning') && steps.includes('remove-cssm-instance:succeeded'), 'the instance removed through the API', { steps });
  const failed = offline.find((e): e is StepEvent => e.type === 'step' && e.device === kept && e.step === 'deregister' && e.status === 'failed');
  t.same([failed?.error?.code, failed?.error?.['commCause']], ['E_COMM_FAILED', 'unreachable'], 'the deregistration did not reach CSSM (retried)');
  t.equal(result?.outcome.changed, true, 'the run changed the device');
  const bundle = result?.outcome.value as unknown as RmaEvidenceBundle;
  t.equal(bundle.deregistration.result, 'deregistered', 'the bundle says this run deregistered it');
  t.equal(bundle.evidence.registration, 'registered');
  t.equal(bundle.cssm.productInstance, 'removed');
  t.equal(bundle.evidence.udi.sn, e2e.device(kept).identity.serial);
  t.equal(lab.cssm.findProductInstance({ sn: e2e.device(kept).identity.serial }), undefined, 'gone from CSSM');
  t.equal(e2e.agent(kept).snapshot().registration.status, 'unregistered');

  const all = JSON.stringify([...onboarded, ...events, ...again, ...offline]);
  for (const secret of [token.reveal(), ...e2e.secrets()]) t.notOk(all.includes(secret), 'no secret in any event');
  await waitFor(() => e2e.openConnections() === 0, 'every session closed');
});
