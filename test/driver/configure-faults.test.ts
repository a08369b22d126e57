/**
 * The fault matrix of `Device.configure`: every device fault × every apply path (CLI IOS-XE, CLI IOS-XR, NETCONF
 * IOS-XE, NETCONF IOS-XR), the on-prem procedure's intent. The connection is dropped before each request of the
 * change in turn, and in the middle of each answer in turn (the request then ran); answers stall for good at
 * points across the change; the device reboots at its first configuration change; another session holds the
 * lock; the device refuses a line; `--More--` is forced and output is slow. Each run asserts the end state, not
 * only the error: the running configuration equals the one before or the intent's, never a mix; a failure is a
 * typed error that says what happened and leaves the configuration as it was before; `RollbackError` (the restore
 * could not happen) comes only from the reboot, where the device is down when the restore tries to reach it.
 */
import t, { type Test } from 'tap';
import { openDevice, type Device } from '../../src/driver/device.js';
import { isSmartlicError, type ErrorCode } from '../../src/errors.js';
import { runtimeOf } from '../../src/emulator/device/device-runtime.js';
import { generateHostKeys, ManualTimers, startDevice, type ConfigNode, type EmulatedDevice } from '../../src/emulator/index.js';
import { netconfExtension } from '../../src/emulator/netconf/netconf-extension.js';
import type { LicensingIntent } from '../../src/intents/types.js';
import type { DeviceModel, TransportKind } from '../../src/inventory/types.js';
import { makeCaPem } from '../intents/helpers/certificate.js';
import { intentFor } from './helpers/procedure-intents.js';

const hostKeys = generateHostKeys();
const netconf = netconfExtension();
const PEM = makeCaPem('satellite CA', '0a');

interface ApplyPath {
  readonly name: string;
  readonly model: DeviceModel;
  readonly transport: TransportKind;
}

const PATHS: readonly ApplyPath[] = [
  { name: 'CLI IOS-XE', model: 'cBR-8', transport: 'cli' },
  { name: 'CLI IOS-XR', model: 'NCS-560', transport: 'cli' },
  { name: 'NETCONF IOS-XE', model: 'cBR-8', transport: 'netconf' },
  { name: 'NETCONF IOS-XR', model: 'NCS-560', transport: 'netconf' },
];

/** The running configuration without its header (byte counts and change stamps move with every change). */
function body(text: string): string {
  const lines = text.split('\n');
  const first = lines.findIndex((l) => !/^(?:Building configuration\.\.\.|Current configuration :.*|!.*|)$/.test(l));
  return lines.slice(first).join('\n');
}

interface Bench {
  readonly path: ApplyPath;
  readonly device: EmulatedDevice;
  readonly timers: ManualTimers;
  readonly intent: LicensingIntent;
  /** The configuration before, as a tree (put back after each run) and as text. */
  readonly initial: ConfigNode;
  readonly before: string;
  readonly after: string;
  /** Requests (CLI lines, NETCONF rpcs) a clean apply makes once the session is open. */
  readonly requests: number;
  /** CLI: the lines of a clean apply, in order (empty over NETCONF). */
  readonly lines: readonly string[];
}

/** How the runs ended, printed as a comment per path (the figures in RELIABILITY.md). */
const tally = { runs: 0, succeeded: 0, failedRestored: 0, rollbackReported: 0 };

function open(bench: Bench, commandMs = 15_000): Promise<Device> {
  const { device, path } = bench;
  return openDevice(
    {
      name: device.name,
      host: device.host,
      port: device.port,
      netconfPort: device.netconfPort ?? 0,
      platform: device.platform,
      username: 'admin',
      password: 'admin',
      hostKey: device.hostKeyFingerprint,
    },
    { transport: path.transport, timeouts: { commandMs, connectMs: 5_000 } },
  );
}

async function settle(device: EmulatedDevice): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (device.connections > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
}

async function bench(t: Test, path: ApplyPath): Promise<Bench> {
  const timers = new ManualTimers('2026-03-01T00:00:00Z');
  const device = await startDevice({ model: path.model }, { hostKeys, timers, extensions: [netconf] });
  t.teardown(() => device.close());
  const intent = await intentFor('on-prem', path.model, { transport: path.transport, caPem: PEM });
  const tree = device.config.running();
  const before = body(device.config.runningText());
  const d = await open({ path, device, timers, intent, initial: tree, before, after: '', requests: 0, lines: [] });
  const mark = device.commandLog.lastSeq;
  device.faults.set({ dropAfterCommands: 10_000 });
  await d.configure(intent);
  const requests = 10_000 - (device.faults.get().dropAfterCommands ?? 0);
  const lines = device.commandLog.since(mark).map((e) => e.line);
  device.faults.clear();
  await d.close();
  const after = body(device.config.runningText());
  runtimeOf(device).store.replace(tree, { source: 'api' });
  await settle(device);
  return { path, device, timers, intent, initial: tree, before, after, requests, lines };
}

interface Expectation {
  /** Error codes this fault may end in (besides success). */
  readonly codes: readonly ErrorCode[];
  /** The fault may leave the restore impossible (the device is down): RollbackError is then the honest answer. */
  readonly rollbackAllowed?: boolean;
  /** The fault must not fail the change. */
  readonly succeeds?: boolean;
  readonly commandMs?: number;
}

/**
 * One run: a fresh session, `arm` sets the fault, `configure` runs; then the end state is checked and the device
 * brought back to the state before for the next run.
 */
type Arm = (device: EmulatedDevice) => void | (() => unknown) | Promise<void | (() => unknown)>;

async function run(t: Test, b: Bench, label: string, arm: Arm, expect: Expectation): Promise<void> {
  const d = await open(b, expect.commandMs);
  const disarm = await arm(b.device);
  const error = await d.configure(b.intent, { lockRetry: { retries: 1, minTimeoutMs: 5, maxTimeoutMs: 10 } }).then(
    () => undefined,
    (e: unknown) => e,
  );
  await d.close();
  if (typeof disarm === 'function') await disarm();
  b.device.faults.clear();
  await b.timers.advanceAsync(600_000); // a rebooted device comes back
  await settle(b.device);
  const state = body(b.device.config.runningText());
  tally.runs++;
  const where = `${b.path.name}, ${label}`;
  if (error === undefined) {
    tally.succeeded++;
    if (state !== b.after) t.fail(`${where}: succeeded but the configuration is not the intent's`, { diff: state });
    else t.pass(`${where}: succeeded, the intent's configuration`);
  } else if (!isSmartlicError(error)) {
    t.fail(`${where}: an untyped error`, { error });
  } else if (error.code === 'E_ROLLBACK_FAILED') {
    tally.rollbackReported++;
    t.ok(expect.rollbackAllowed, `${where}: RollbackError only where the restore cannot reach the device (${error.message})`);
    t.ok(state === b.before || state === b.after, `${where}: after the RollbackError, before or the intent, not a mix`);
  } else {
    tally.failedRestored++;
    t.ok(expect.codes.includes(error.code), `${where}: ${error.code} is one of ${expect.codes.join(', ')} (${error.message})`);
    t.ok(!expect.succeeds, `${where}: this fault must not fail the change (${error.message})`);
    if (state !== b.before) t.fail(`${where}: failed with ${error.code} but the configuration is not the one before`, { state });
    else t.pass(`${where}: failed with ${error.code}, the configuration before`);
  }
  const nd = netconf.netconfDevice(b.device);
  t.equal(nd?.lockHolder('running'), undefined, `${where}: no NETCONF lock left`);
  t.notOk(nd?.candidateModified, `${where}: no NETCONF candidate left modified`);
  t.equal(runtimeOf(b.device).store.exclusiveHolder, undefined, `${where}: no exclusive configuration lock left`);
  t.equal(b.device.connections, 0, `${where}: every session closed`);
  if (state !== b.before) runtimeOf(b.device).store.replace(b.initial, { source: 'api' });
}

/**
 * Indexes spread over the change: the first request, every quarter, the last. Not the IOS-XR `commit`: the channel
 * gives a commit two minutes (a real one can take that long), too long a wait for a test.
 */
function spread(b: Bench): number[] {
  const n = b.requests;
  const points = [0, Math.floor(n / 4), Math.floor(n / 2), Math.floor((3 * n) / 4), n - 1].map((i) => (b.lines[i]?.startsWith('commit') ? i + 1 : i));
  return [...new Set(points.filter((i) => i < n))];
}

for (const path of PATHS) {
  t.test(`${path.name}: every fault, the end state is the configuration before or the intent's`, async (t) => {
    const b = await bench(t, path);
    t.ok(b.requests > 3, `a clean apply makes ${b.requests} requests`);
    t.not(b.after, b.before, 'the intent changes the configuration');

    for (let n = 0; n < b.requests; n++) {
      await run(t, b, `connection dropped before request ${n + 1}/${b.requests}`, (d) => d.faults.set({ dropAfterCommands: n }), { codes: ['E_CLOSED'] });
      await run(t, b, `connection dropped in the middle of answer ${n + 1}/${b.requests}`, (d) => d.faults.set({ dropAfterCommands: n, dropMidOutput: true }), {
        codes: ['E_CLOSED'],
      });
    }
    for (const n of spread(b)) {
      await run(t, b, `answer ${n + 1}/${b.requests} stalled for good`, (d) => d.faults.set({ stallAfterCommands: n }), { codes: ['E_TIMEOUT'], commandMs: 400 });
    }
    await run(t, b, 'answers stalled for a while', (d) => d.faults.set({ stallAfterCommands: 1, stallMs: 50 }), { codes: [], succeeds: true });
    await run(t, b, 'slow output', (d) => d.faults.set({ outputDelayMs: 5 }), { codes: [], succeeds: true });
    await run(t, b, '--More-- forced', (d) => d.faults.set({ pagingLength: 4 }), { codes: [], succeeds: true });
    await run(
      t,
      b,
      'the device refuses a line',
      (d) => d.config.addValidator((change) => (change.op !== 'remove' && change.line.includes('satellite.example.net') ? '% Error: destination refused by local policy' : undefined)),
      { codes: ['E_DEVICE_COMMAND', 'E_COMMIT_FAILED', 'E_NETCONF_RPC'] },
    );
    if (path.model !== 'cBR-8' || path.transport === 'netconf') {
      await run(
        t,
        b,
        'another session holds the configuration lock',
        async (d) => {
          if (path.transport === 'netconf') {
            await netconf.netconfDevice(d)?.lockExternally('running');
            return () => netconf.netconfDevice(d)?.unlockExternally('running');
          }
          runtimeOf(d).store.lockExclusive(4242);
          return () => runtimeOf(d).store.releaseExclusive(4242);
        },
        { codes: ['E_NETCONF_RPC', 'E_COMMIT_FAILED'] },
      );
    }
    await run(
      t,
      b,
      'the device reboots at its first configuration change',
      (d) => {
        const off = d.config.onChange(() => {
          off();
          void d.reboot({ downMs: 300_000 });
        });
      },
      { codes: ['E_CLOSED', 'E_CONNECT'], rollbackAllowed: true },
    );
    t.comment(`${path.name}: ${JSON.stringify(tally)} (cumulative)`);
  });
}
