/**
 * Retry discipline, counted on the emulated lab: onboarding through `runFleet$` over the real driver, with the
 * attempts counted three ways — the result's `attempts`, the `attempt … retrying` step events, and what reached the
 * device (SSH connections and authentication requests in `device.authLog`, `license smart register` lines in its
 * command log). Transient failures (a dropped connection, CSSM answering 5xx, CSSM unreachable) are retried, at
 * most `retries` times, each delay within the policy's cap and all of them within its retry budget; permanent ones
 * (a bad ID token, a configuration line the device refuses, a wrong password, another host key) are tried exactly
 * once and reported once: one failed step carrying the error, one failed result, nothing sent again. The NETCONF
 * lock held by another session is retried by `Device.configure`'s `lockRetry`, counted in `<lock>` requests.
 */
import t, { type Test } from 'tap';
import { openDevice } from '../../src/driver/device.js';
import { generateHostKeys } from '../../src/emulator/device/host-key.js';
import type { EmulatedDevice } from '../../src/emulator/device/types.js';
import { isSmartlicError } from '../../src/errors.js';
import { inventoryFromObject } from '../../src/inventory/load.js';
import type { Inventory, InventoryHost } from '../../src/inventory/types.js';
import { Secret } from '../../src/secret.js';
import { inventoryDeviceOpener } from '../../src/workflows/driver-adapters.js';
import type { DeviceResultEvent, StepEvent, WorkflowEvent } from '../../src/workflows/events.js';
import { runFleet$ } from '../../src/workflows/fleet-runner.js';
import { onboarding } from '../../src/workflows/onboard.js';
import type { DeviceOpener, TokenSource } from '../../src/workflows/ports.js';
import { startE2eLab as startDriverLab, XE_PREREQUISITES } from '../e2e/helpers/e2e-lab.js';
import { collect, directIntent, DRIVER_POLLS, FAST_RETRY, REGISTRATION_WAIT, startE2eLab, waitFor, type E2eLab } from './helpers/e2e-lab.js';

const BAD_TOKEN = 'Tm90QVRva2VuSXNzdWVkQnlDU1NN-bad-retry-token';
const MAX_ATTEMPTS = FAST_RETRY.retries + 1;

interface Counted {
  readonly result: DeviceResultEvent;
  readonly retries: readonly StepEvent[];
  readonly failedSteps: readonly StepEvent[];
  readonly registerLines: number;
  readonly connections: number;
  readonly authAttempts: number;
}

/** Onboards `hosts` (one fleet run) and counts, per host, the attempts as the events and the device tell them. */
async function onboardCounted(e2e: E2eLab, hosts: readonly string[], options: { token?: TokenSource; open?: DeviceOpener } = {}): Promise<Map<string, Counted>> {
  const marks = new Map(hosts.map((h) => [h, { log: e2e.device(h).commandLog.lastSeq, connections: e2e.device(h).authLog.connections, auth: e2e.device(h).authLog.attempts }]));
  const token: TokenSource = options.token ?? (async (host) => (await e2e.cssmClient.createToken({ description: `retry ${host}`, maxUses: 10 })).token);
  const workflow = onboarding({ token, intent: directIntent(), wait: REGISTRATION_WAIT });
  const events: WorkflowEvent[] = await collect(runFleet$(hosts, workflow, { open: options.open ?? e2e.open, clock: e2e.timers, retry: FAST_RETRY, timeoutMs: 60_000, random: () => 0.5 })).done;
  const counted = new Map<string, Counted>();
  for (const host of hosts) {
    const device = e2e.device(host);
    const mark = marks.get(host)!;
    const steps = events.filter((e): e is StepEvent => e.type === 'step' && e.device === host);
    const result = events.find((e): e is DeviceResultEvent => e.type === 'result' && e.device === host);
    if (result === undefined) throw new Error(`no result for ${host}`);
    counted.set(host, {
      result,
      retries: steps.filter((s) => s.step === 'attempt' && s.status === 'retrying'),
      failedSteps: steps.filter((s) => s.status === 'failed'),
      registerLines: device.commandLog.since(mark.log).filter((l) => l.line.startsWith('license smart register')).length,
      connections: device.authLog.connections - mark.connections,
      authAttempts: device.authLog.attempts - mark.auth,
    });
  }
  return counted;
}

function registered(device: EmulatedDevice, e2e: E2eLab): string {
  return e2e.agent(device.name).snapshot().registration.status;
}

/** The delays the runner announced stay within the policy: each under the cap, all within the retry budget. */
function delaysWithinPolicy(t: Test, c: Counted, where: string): void {
  const delays = c.retries.map((r) => Number((r.data as { delayMs?: number } | undefined)?.delayMs));
  t.ok(
    delays.every((d) => d >= FAST_RETRY.minTimeoutMs && d <= FAST_RETRY.maxTimeoutMs),
    `${where}: every delay within [${FAST_RETRY.minTimeoutMs}, ${FAST_RETRY.maxTimeoutMs}] ms (${delays.join(', ')})`,
  );
  t.ok(delays.reduce((a, b) => a + b, 0) <= FAST_RETRY.maxRetryTimeMs, `${where}: all of them within the ${FAST_RETRY.maxRetryTimeMs} ms budget`);
}

t.test('transient failures: retried, bounded in count and time', async (t) => {
  const e2e = await startE2eLab(t, 3, ['cBR-8', 'NCS-560', 'NCS-1004']);
  const [cbr8, ncs560, ncs1004] = e2e.hosts as [string, string, string];

  // A connection dropped in the middle of the run: the second attempt onboards the device.
  e2e.device(cbr8).faults.set({ dropAfterCommands: 6 });
  const dropped = (await onboardCounted(e2e, [cbr8])).get(cbr8)!;
  t.match(dropped.result.outcome, { status: 'succeeded', attempts: 2 }, 'dropped connection: succeeded on the second attempt');
  t.equal(dropped.retries.length, 1, 'dropped connection: one retry announced');
  t.match(dropped.retries[0]?.error, { code: 'E_CLOSED' }, 'dropped connection: the retry names E_CLOSED');
  t.equal(dropped.connections, 2, 'dropped connection: two SSH connections reached the device');
  t.equal(dropped.registerLines, 1, 'dropped connection: registered once');
  t.equal(registered(e2e.device(cbr8), e2e), 'registered');
  delaysWithinPolicy(t, dropped, 'dropped connection');

  // CSSM answers 503 once: the registration fails once, the retry registers.
  e2e.lab.cssm.faults.failNext(1, 503, 'device');
  const once = (await onboardCounted(e2e, [ncs560])).get(ncs560)!;
  t.match(once.result.outcome, { status: 'succeeded', attempts: 2 }, 'CSSM 503 once: succeeded on the second attempt');
  t.match(once.retries.map((r) => r.error), [{ code: 'E_COMM_FAILED', commCause: 'http' }], 'CSSM 503 once: one retry, classified http');
  t.equal(once.registerLines, 2, 'CSSM 503 once: the registration sent again after it failed, once');
  t.equal(registered(e2e.device(ncs560), e2e), 'registered');

  // CSSM unreachable for good: every attempt fails, the runner stops after retries + 1 and reports it once.
  await e2e.lab.cssm.faults.unreachable('reset', 'device');
  const down = (await onboardCounted(e2e, [ncs1004])).get(ncs1004)!;
  await e2e.lab.cssm.faults.clear();
  t.match(down.result.outcome, { status: 'failed', attempts: MAX_ATTEMPTS, error: { code: 'E_COMM_FAILED', commCause: 'unreachable' } }, `CSSM unreachable: failed after ${MAX_ATTEMPTS} attempts`);
  t.equal(down.retries.length, FAST_RETRY.retries, `CSSM unreachable: ${FAST_RETRY.retries} retries, no more`);
  t.equal(down.registerLines, MAX_ATTEMPTS, 'CSSM unreachable: one registration per attempt');
  t.equal(down.connections, MAX_ATTEMPTS, 'CSSM unreachable: one session per attempt');
  t.equal(registered(e2e.device(ncs1004), e2e), 'registration-failed', 'CSSM unreachable: the device is left unregistered, the failure recorded');
  t.notOk((await e2e.cssmClient.listProductInstances()).some((i) => i.udi.sn === e2e.device(ncs1004).identity.serial), 'CSSM unreachable: no product instance');
  delaysWithinPolicy(t, down, 'CSSM unreachable');

  // CSSM answering 503 to everything: the same bound.
  e2e.lab.cssm.faults.failRate(1, 503, 'device');
  const failing = (await onboardCounted(e2e, [ncs1004])).get(ncs1004)!;
  await e2e.lab.cssm.faults.clear();
  t.match(failing.result.outcome, { status: 'failed', attempts: MAX_ATTEMPTS, error: { code: 'E_COMM_FAILED', commCause: 'http' } }, `CSSM 503 for good: failed after ${MAX_ATTEMPTS} attempts`);
  t.equal(failing.registerLines, MAX_ATTEMPTS, 'CSSM 503 for good: one registration per attempt');
  await waitFor(() => e2e.openConnections() === 0, 'every session closed');
  t.equal(e2e.openConnections(), 0, 'every session closed');
});

t.test('permanent failures: tried once, reported once', async (t) => {
  const e2e = await startE2eLab(t, 6, ['cBR-8', 'NCS-560', 'NCS-1004']);
  const [badToken, rejected, wrongPassword, wrongKey, rejectedXr, healthy] = e2e.hosts as [string, string, string, string, string, string];
  const stranger = generateHostKeys();

  // The devices' configuration refuses the call-home destination (a device policy): IOS-XE stops at the line,
  // IOS-XR refuses the commit.
  for (const host of [rejected, rejectedXr]) {
    e2e.device(host).config.addValidator((change) => (change.op !== 'remove' && change.line.includes('destination address http') ? '% Error: destination refused by local policy' : undefined));
  }
  const inventory = e2e.lab.inventory() as Inventory;
  const hosts: Record<string, InventoryHost> = { ...inventory.hosts };
  hosts[wrongPassword] = { ...hosts[wrongPassword]!, password: 'not-the-password' };
  hosts[wrongKey] = { ...hosts[wrongKey]!, hostKey: stranger.fingerprint };
  const open = inventoryDeviceOpener(inventoryFromObject({ ...inventory, hosts }, 'retry.json'), { licensing: DRIVER_POLLS });
  const token: TokenSource = async (host) => (host === badToken ? new Secret(BAD_TOKEN) : (await e2e.cssmClient.createToken({ description: `retry ${host}`, maxUses: 1 })).token);
  const configBefore = new Map([rejected, rejectedXr].map((h) => [h, e2e.device(h).config.runningText()]));

  const counted = await onboardCounted(e2e, e2e.hosts, { token, open });
  const expected: Record<string, { code: string; registerLines: number }> = {
    [badToken]: { code: 'E_TOKEN_INVALID', registerLines: 1 },
    [rejected]: { code: e2e.device(rejected).platform === 'ios-xe' ? 'E_DEVICE_COMMAND' : 'E_COMMIT_FAILED', registerLines: 0 },
    [rejectedXr]: { code: e2e.device(rejectedXr).platform === 'ios-xe' ? 'E_DEVICE_COMMAND' : 'E_COMMIT_FAILED', registerLines: 0 },
    [wrongPassword]: { code: 'E_AUTH', registerLines: 0 },
    [wrongKey]: { code: 'E_HOSTKEY', registerLines: 0 },
  };
  for (const [host, want] of Object.entries(expected)) {
    const c = counted.get(host)!;
    const where = `${host} (${want.code})`;
    t.match(c.result.outcome, { status: 'failed', attempts: 1, error: { code: want.code } }, `${where}: failed after one attempt`);
    t.equal(c.retries.length, 0, `${where}: no retry`);
    t.equal(c.failedSteps.length, 1, `${where}: reported by one failed step`);
    t.equal(c.failedSteps[0]?.error?.code, want.code, `${where}: the step carries the error`);
    t.match(c.result.detail, /\S/, `${where}: the result says what went wrong (${c.result.detail})`);
    t.equal(c.registerLines, want.registerLines, `${where}: ${want.registerLines} registration sent`);
    t.equal(c.connections, 1, `${where}: one connection reached the device`);
  }
  t.equal(counted.get(wrongKey)!.authAttempts, 0, 'another host key: no authentication request reached the device');
  t.ok(counted.get(wrongPassword)!.authAttempts >= 1, 'wrong password: the device saw the password tried');
  t.equal(e2e.device(wrongPassword).authLog.recent.filter((a) => a.accepted).length, 0, 'wrong password: never accepted');
  for (const host of [rejected, rejectedXr]) t.equal(e2e.device(host).config.runningText(), configBefore.get(host), `${host}: the configuration before, not half the intent`);
  t.equal(registered(e2e.device(badToken), e2e), 'registration-failed', 'bad token: the device is unregistered with the failure recorded');
  t.match(counted.get(healthy)!.result.outcome, { status: 'succeeded', attempts: 1 }, 'the healthy device in the same run onboards');
  await waitFor(() => e2e.openConnections() === 0, 'every session closed');
  t.equal(e2e.openConnections(), 0, 'every session closed');
});

t.test('a NETCONF lock held by another session: retried a bounded number of times, counted in <lock> requests', async (t) => {
  const e2e = await startDriverLab(t, { devices: 1, platform: 'ios-xe', models: ['cBR-8'] });
  await (await e2e.open('cbr8-1')).session.sendConfig(XE_PREREQUISITES);
  const device = e2e.device('cbr8-1');
  const nd = e2e.lab.netconf?.netconfDevice(device);
  if (nd === undefined) throw new Error('no NETCONF device');
  let locks = 0;
  let denied = 0;
  const lock = nd.lock.bind(nd);
  nd.lock = async (sessionId, datastore) => {
    if (sessionId !== 0) locks++;
    try {
      await lock(sessionId, datastore);
    } catch (error) {
      denied++;
      throw error;
    }
  };
  const [host] = e2e.inventory.resolveHosts('cbr8-1');
  const intent = { dns: { nameServer: ['198.51.100.9'] }, callHome: { contactEmail: 'retry@example.net', direct: { url: 'https://tools.cisco.com/its/service/oddce/services/DDCEService' } } };
  const before = device.config.runningText();
  const lockRetry = { retries: 2, minTimeoutMs: 5, maxTimeoutMs: 10 };

  await nd.lockExternally('running');
  const d = await openDevice(host!, { transport: 'netconf' });
  t.teardown(() => d.close());
  const error = await d.configure(intent, { lockRetry }).then(
    () => undefined,
    (e: unknown) => e,
  );
  t.ok(isSmartlicError(error), 'a typed error');
  t.match(error, { code: 'E_NETCONF_RPC' }, 'the lock refusal, after the retries');
  t.match(String((error as Error).message), /lock/i, 'naming the lock');
  t.equal(locks, lockRetry.retries + 1, `${lockRetry.retries + 1} <lock> requests, no more`);
  t.equal(denied, lockRetry.retries + 1, 'each denied');
  t.equal(device.config.runningText(), before, 'nothing changed');

  // Released after the first refusal: the retry takes the lock and the change goes through.
  locks = 0;
  denied = 0;
  const release = setInterval(() => {
    if (denied >= 1) {
      clearInterval(release);
      void nd.unlockExternally('running');
    }
  }, 1);
  t.teardown(() => clearInterval(release));
  const done = await d.configure(intent, { lockRetry: { retries: 5, minTimeoutMs: 20, maxTimeoutMs: 40 } });
  clearInterval(release);
  t.equal(done.changed, true, 'configured once the lock was free');
  t.ok(locks >= 2 && locks <= 6, `retried until the lock was free, within the bound (${locks} <lock> requests)`);
  t.match(device.config.runningText(), /198\.51\.100\.9/, 'the intent is on the device');
});
