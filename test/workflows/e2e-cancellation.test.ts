/**
 * Cancelling a 50-device onboarding mid-run on the emulator (issue 8): once by unsubscribing, once by aborting the
 * run's signal, while registrations are in flight (CSSM answers slowly). Afterwards no SSH connection stays open
 * on any emulated device, no device is left with half of the configuration, the unsubscribed run emits nothing
 * more, the aborted run ends with `cancelled` results and its summary, and no token text is in any event.
 */
import t, { type Test } from 'tap';
import { planConfiguration } from '../../src/driver/configure.js';
import { validateIntent } from '../../src/intents/validate-intent.js';
import { DriverLicensingDevice } from '../../src/workflows/driver-adapters.js';
import type { Secret } from '../../src/secret.js';
import type { WorkflowEvent } from '../../src/workflows/events.js';
import { runFleet$ } from '../../src/workflows/fleet-runner.js';
import { onboarding } from '../../src/workflows/onboard.js';
import type { TokenSource } from '../../src/workflows/ports.js';
import { collect, directIntent, directIntentDocument, FAST_RETRY, REGISTRATION_WAIT, resultsOf, startE2eLab, summaryOf, waitFor, type E2eLab } from './helpers/e2e-lab.js';

const FLEET = 50;

const registering = (events: readonly WorkflowEvent[]): number => events.filter((e) => e.type === 'step' && e.step === 'register' && e.status === 'started').length;

/** Devices whose `register` step started and has not ended. */
function midRegistration(events: readonly WorkflowEvent[]): string[] {
  const open = new Set<string>();
  for (const e of events) {
    if (e.type !== 'step' || e.step !== 'register') continue;
    if (e.status === 'started') open.add(e.device);
    else open.delete(e.device);
  }
  return [...open];
}

t.test('cancelling a 50-device onboarding mid-registration', async (t) => {
  const e2e = await startE2eLab(t, 2 * FLEET);
  const { lab, hosts } = e2e;
  const issued: Secret[] = [];
  const token: TokenSource = async (host) => {
    const created = await e2e.cssmClient.createToken({ description: `onboard ${host}`, maxUses: 1 });
    issued.push(created.token);
    return created.token;
  };
  const workflow = onboarding({ token, intent: directIntent(), wait: REGISTRATION_WAIT });
  const fleetOptions = { open: e2e.open, clock: e2e.timers, retry: FAST_RETRY, timeoutMs: 40_000, random: () => 0, concurrency: FLEET };
  // Each call home takes 1.5 s: registrations are in flight when the run is cancelled.
  lab.cssm.faults.slow(1500, 'device');
  t.teardown(() => lab.cssm.faults.slow(0));

  t.test('unsubscribing', async (t) => {
    const fleet = hosts.slice(0, FLEET);
    const before = configurations(e2e, fleet);
    const run = collect(runFleet$(fleet, workflow, fleetOptions));
    const started = Date.now();
    await run.until(() => registering(run.events) >= FLEET / 2);
    const inFlight = midRegistration(run.events);
    run.subscription.unsubscribe();
    const seen = run.events.length;
    t.ok(inFlight.length > 0, `${inFlight.length} devices were mid-registration`);
    t.comment(`unsubscribed ${Date.now() - started} ms after the start, ${registering(run.events)} registrations in flight`);
    await waitFor(() => fleet.every((h) => e2e.device(h).connections === 0), 'every emulated device to see its sessions closed');
    t.pass('no SSH connection left on any device');
    await new Promise((resolve) => setTimeout(resolve, 300));
    t.equal(run.events.length, seen, 'no event after unsubscribing');
    t.notOk(run.events.some((e) => e.type === 'summary'), 'no summary: the run was dropped');
    await checkConfigurations(t, e2e, before);
    checkNoSecret(t, run.events, issued, e2e);
  });

  t.test('aborting the signal', async (t) => {
    const fleet = hosts.slice(FLEET);
    const controller = new AbortController();
    const before = configurations(e2e, fleet);
    const run = collect(runFleet$(fleet, workflow, { ...fleetOptions, signal: controller.signal }));
    const started = Date.now();
    await run.until(() => registering(run.events) >= FLEET / 2);
    const inFlight = midRegistration(run.events);
    const abortedAt = Date.now() - started;
    controller.abort();
    const events = await run.done;
    t.comment(`aborted ${abortedAt} ms after the start; the run ended ${Date.now() - started} ms after the start`);
    t.ok(inFlight.length > 0, `${inFlight.length} devices were mid-registration`);
    for (const h of inFlight) t.equal(resultsOf(events).get(h)?.status, 'cancelled', `${h}: cancelled mid-registration`);
    const summary = summaryOf(events);
    t.equal(summary.total, FLEET, 'one result per device');
    t.ok(summary.cancelled > 0, `${summary.cancelled} devices cancelled`);
    t.equal(summary.succeeded + summary.cancelled, FLEET, 'every device either finished or was cancelled');
    t.same(summary.errorCodes, { E_CANCELLED: summary.cancelled });
    for (const [host, result] of resultsOf(events)) {
      if (result.status === 'cancelled') t.equal(result.error?.code, 'E_CANCELLED', `${host}: cancelled`);
    }
    t.equal(events.at(-1)?.type, 'summary', 'the summary ends the run');
    await waitFor(() => fleet.every((h) => e2e.device(h).connections === 0), 'every emulated device to see its sessions closed');
    t.pass('no SSH connection left on any device');
    await checkConfigurations(t, e2e, before);
    checkNoSecret(t, events, issued, e2e);
  });
});

/** The running configuration without its header (size, last change). */
function configBody(text: string): string {
  const lines = text.split('\n');
  return lines.slice(lines.findIndex((l) => !/^(?:Building configuration\.\.\.|Current configuration :.*|!.*|)$/.test(l))).join('\n');
}

function configurations(e2e: E2eLab, fleet: readonly string[]): Map<string, string> {
  return new Map(fleet.map((h) => [h, configBody(e2e.device(h).config.runningText())]));
}

/** Each device's configuration is either untouched or holds the whole intent: nothing half-applied. */
async function checkConfigurations(t: Test, e2e: E2eLab, before: Map<string, string>): Promise<void> {
  const intent = validateIntent(directIntentDocument());
  const changed = [...before].filter(([host, text]) => configBody(e2e.device(host).config.runningText()) !== text).map(([host]) => host);
  const untouched = before.size - changed.length;
  const plans = await Promise.all(
    changed.map(async (host) => {
      const device = await e2e.open(host, {});
      try {
        if (!(device instanceof DriverLicensingDevice)) throw new Error('not a driver device');
        return { host, left: (await planConfiguration(device.device.session, intent)).edits.map((e) => e.command) };
      } finally {
        await device.close();
      }
    }),
  );
  for (const { host, left } of plans) t.same(left, [], `${host}: changed, so it holds the whole intent`);
  const applied = plans.length;
  t.comment(`${untouched} devices untouched, ${applied} with the whole intent`);
}

function checkNoSecret(t: Test, events: readonly WorkflowEvent[], issued: readonly Secret[], e2e: E2eLab): void {
  const text = JSON.stringify(events);
  t.ok(issued.length > 0, `${issued.length} tokens issued`);
  const leaked = [...issued.map((s) => s.reveal()), ...e2e.secrets()].filter((s) => text.includes(s));
  t.same(leaked.length, 0, 'no token or password in any event');
}
