/**
 * The smartlic process of the scale benchmark: onboards every host of an inventory with the SDK — `runFleet$` +
 * `onboarding()` with the intent of playbooks/onboard.json over `inventoryDeviceOpener`, at a bounded
 * concurrency — and prints one JSON line with what it measured on itself: wall time, RSS before the first session
 * (after a GC) and its peak during the run, the peak number of sessions open at once, per-device durations and
 * outcomes.
 *
 * Run by bench/scale.ts as `node --expose-gc --import tsx bench/scale/onboard-worker.ts --inventory FILE
 * --concurrency N --poll-ms MS`, with the ID token in the environment variable SMARTLIC_BENCH_TOKEN.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { lastValueFrom, tap } from 'rxjs';
import { InvalidArgumentError } from '../../src/errors.js';
import { loadInventory } from '../../src/inventory/load.js';
import { Secret } from '../../src/secret.js';
import type { DeviceOpener, LicensingDevice } from '../../src/workflows/ports.js';
import { inventoryDeviceOpener, intentApplier } from '../../src/workflows/driver-adapters.js';
import type { DeviceOutcome } from '../../src/workflows/events.js';
import { runFleet$ } from '../../src/workflows/fleet-runner.js';
import { onboarding } from '../../src/workflows/onboard.js';
import { onboardIntent, readOnboardPlaybook } from '../fleet/onboard-playbook.js';

export const TOKEN_VARIABLE = 'SMARTLIC_BENCH_TOKEN';

export interface WorkerReport {
  readonly devices: number;
  readonly concurrency: number;
  readonly wallMs: number;
  readonly cpuMs: number;
  /** RSS after loading, before the first session, after a full GC (bytes). */
  readonly baselineRss: number;
  /** Highest RSS sampled while sessions were open (bytes), every `sampleMs`. */
  readonly peakRss: number;
  /** The kernel's high-water mark of the process (VmHWM, bytes), whole life. */
  readonly vmHwm: number | null;
  readonly peakSessions: number;
  readonly sessionsOpened: number;
  readonly succeeded: number;
  readonly authorized: number;
  readonly failed: number;
  readonly errorCodes: Readonly<Record<string, number>>;
  /** Per device, open to close, ms. */
  readonly deviceMs: readonly number[];
  readonly sampleMs: number;
}

const SAMPLE_MS = 20;

function flag(argv: readonly string[], name: string): string {
  const i = argv.indexOf(name);
  const value = i < 0 ? undefined : argv[i + 1];
  if (value === undefined) throw new InvalidArgumentError(name, 'is required');
  return value;
}

function whole(name: string, value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new InvalidArgumentError(name, `expects a whole number above 0, got "${value}"`);
  return Number(value);
}

function vmHwm(): number | null {
  try {
    const kb = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    return kb === undefined ? null : Number(kb) * 1024;
  } catch {
    return null;
  }
}

/** The opener, counting sessions open at once (from the opener's answer to the device's close). */
function countingOpener(open: DeviceOpener, onChange: (delta: 1 | -1) => void): DeviceOpener {
  return async (host, options) => {
    const device = await open(host, options);
    onChange(1);
    let closed = false;
    const close = device.close.bind(device);
    const counted: LicensingDevice = Object.assign(device, {
      close: async (): Promise<void> => {
        if (!closed) {
          closed = true;
          onChange(-1);
        }
        await close();
      },
    });
    return counted;
  };
}

export async function runWorker(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<WorkerReport> {
  const inventoryFile = flag(argv, '--inventory');
  const concurrency = whole('--concurrency', flag(argv, '--concurrency'));
  const pollMs = whole('--poll-ms', flag(argv, '--poll-ms'));
  const tokenText = env[TOKEN_VARIABLE];
  if (tokenText === undefined || tokenText === '') throw new InvalidArgumentError(TOKEN_VARIABLE, 'must hold the ID token');
  const token = new Secret(tokenText);

  const inventory = await loadInventory(inventoryFile, { cwd: process.cwd(), env: {} });
  const hosts = inventory.resolveHosts('all').map((h) => h.name);
  let sessions = 0;
  let peakSessions = 0;
  let sessionsOpened = 0;
  const open = countingOpener(inventoryDeviceOpener(inventory, { licensing: { pollIntervalMs: pollMs } }), (delta) => {
    sessions += delta;
    if (delta > 0) sessionsOpened++;
    peakSessions = Math.max(peakSessions, sessions);
  });
  const workflow = onboarding({ token, intent: intentApplier(onboardIntent(readOnboardPlaybook())), wait: { pollIntervalMs: pollMs } });

  (globalThis as { gc?: () => void }).gc?.();
  const baselineRss = process.memoryUsage.rss();
  let peakRss = baselineRss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
  }, SAMPLE_MS);

  const outcomes: DeviceOutcome[] = [];
  const cpu = process.cpuUsage();
  const started = performance.now();
  try {
    await lastValueFrom(
      runFleet$(hosts, workflow, { open, concurrency }).pipe(
        tap((event) => {
          if (event.type === 'result') outcomes.push(event.outcome);
        }),
      ),
    );
  } finally {
    clearInterval(sampler);
  }
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  peakRss = Math.max(peakRss, process.memoryUsage.rss());

  const errorCodes: Record<string, number> = {};
  for (const o of outcomes) if (o.status !== 'succeeded') errorCodes[o.error?.code ?? o.status] = (errorCodes[o.error?.code ?? o.status] ?? 0) + 1;
  const authorized = outcomes.filter((o) => {
    const value = o.value as { registration?: unknown; authorization?: unknown } | undefined;
    return o.status === 'succeeded' && value?.registration === 'registered' && value.authorization === 'authorized';
  }).length;
  return {
    devices: hosts.length,
    concurrency,
    wallMs,
    cpuMs: (used.user + used.system) / 1000,
    baselineRss,
    peakRss,
    vmHwm: vmHwm(),
    peakSessions,
    sessionsOpened,
    succeeded: outcomes.filter((o) => o.status === 'succeeded').length,
    authorized,
    failed: outcomes.filter((o) => o.status === 'failed' || o.status === 'cancelled').length + (hosts.length - outcomes.length),
    errorCodes,
    deviceMs: outcomes.map((o) => o.durationMs),
    sampleMs: SAMPLE_MS,
  };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    const report = await runWorker(process.argv.slice(2), process.env);
    process.stdout.write(`${JSON.stringify(report)}\n`);
  } catch (error) {
    process.stderr.write(`onboard-worker: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  }
}
