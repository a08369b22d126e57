/**
 * The soak: N emulated devices (in their own process, emulator-child.ts: mixed cBR-8 / NCS 560 / NCS 1004 with their
 * Smart Agents and the CSSM emulator, each device's command log capped at `commandLogLimit` entries so that it is
 * full after the onboarding) onboarded through `runFleet$` + `onboarding()` over the real driver, then
 * `cycles` compliance-watch cycles (`complianceWatch({ maxPolls: 1 })`, one SSH session per device per cycle).
 *
 * Measured after the baseline, the onboarding and each cycle, once the run's sockets have settled (bounded wait)
 * and after a forced GC: the client's open file descriptors (/proc/self/fd), its active handles
 * (`process.getActiveResourcesInfo()`), heap used and RSS, and the emulator process's file descriptors, open SSH
 * connections, heap used (after its own full GC), RSS and log entries.
 * Every phase also counts its events against what it must emit: one `result` per device, one `summary` whose
 * totals are the fleet, one `connect succeeded` per attempt, and (watch cycles) the same step sequence on every
 * device of a model; after onboarding, every device is a product instance in CSSM.
 *
 * The bounds a phase must meet (checked, reported as violations):
 * - client file descriptors and active handles within `handleSlack` of the baseline;
 * - emulator file descriptors within `handleSlack` of its baseline and no SSH connection open (every device session
 *   closed server-side);
 * - client heap used within `heapSlackBytes` of the baseline (nothing per device or per run retained);
 * - watch cycles: either process's heap within `heapSlackBytes` of its value after the first cycle, and its RSS no
 *   more than `rssGrowth` above it.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { lastValueFrom, tap, type Observable } from 'rxjs';
import { CssmClient } from '../../src/cssm/client.js';
import { inventoryFromObject } from '../../src/inventory/load.js';
import { complianceWatch } from '../../src/workflows/compliance-watch.js';
import { intentApplier, inventoryDeviceOpener } from '../../src/workflows/driver-adapters.js';
import type { FleetSummary, WorkflowEvent } from '../../src/workflows/events.js';
import { runFleet$ } from '../../src/workflows/fleet-runner.js';
import { onboarding } from '../../src/workflows/onboard.js';
import type { ChildMessage, ChildRequest, EmulatorStats } from './emulator-child.js';

export interface SoakOptions {
  readonly devices: number;
  readonly cycles: number;
  /** Devices worked on at once; default 25. */
  readonly concurrency?: number;
  /** Default 8. */
  readonly handleSlack?: number;
  /** Default 24 MiB. */
  readonly heapSlackBytes?: number;
  /** Default 0.25 (25 %). */
  readonly rssGrowth?: number;
  /** Command-log entries each emulated device keeps; default 32 (full after the onboarding). */
  readonly commandLogLimit?: number;
  readonly log?: (line: string) => void;
}

export interface ProcessFigures {
  readonly fds: number;
  readonly rssBytes: number;
}

export interface SoakSample {
  readonly phase: string;
  readonly client: ProcessFigures & { readonly handles: number; readonly handleTypes: Readonly<Record<string, number>>; readonly heapUsedBytes: number };
  readonly emulator: ProcessFigures & Omit<EmulatorStats, 'fds' | 'rssBytes'>;
}

export interface PhaseCount {
  readonly phase: string;
  readonly events: number;
  readonly results: number;
  readonly succeeded: number;
  readonly failed: number;
  readonly attempts: number;
  readonly connects: number;
  readonly summaries: number;
  /** Devices whose events do not match what the phase must emit, with why. */
  readonly lost: readonly string[];
  readonly wallMs: number;
}

export interface SoakReport {
  readonly devices: number;
  readonly cycles: number;
  readonly concurrency: number;
  readonly bounds: { readonly handleSlack: number; readonly heapSlackBytes: number; readonly rssGrowth: number };
  readonly commandLogLimit: number;
  readonly samples: readonly SoakSample[];
  readonly phases: readonly PhaseCount[];
  readonly productInstances: number;
  /** Wall time of listing them through the CSSM API (every page). */
  readonly productInstancesListMs: number;
  readonly violations: readonly string[];
}

const MIB = 1024 * 1024;

function fdCount(pid: number | 'self'): number {
  return readdirSync(`/proc/${pid}/fd`).length;
}

function rssOf(pid: number | 'self'): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  const kb = Number(/(\d+)/.exec(line ?? '')?.[1] ?? NaN);
  return kb * 1024;
}

/** A full GC before each heap figure: `gc` when node runs with --expose-gc (npm run soak), else V8's own, exposed late. */
function collectGarbage(): void {
  let gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
  gc();
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface Emulator {
  readonly pid: number;
  readonly inventory: unknown;
  stats(): Promise<EmulatorStats>;
  stop(): Promise<void>;
}

const CHILD = fileURLToPath(new URL('./emulator-child.ts', import.meta.url));

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Forks emulator-child.ts and waits (bounded) for its inventory. */
async function startEmulator(devices: number, commandLogLimit: number, readyTimeoutMs: number): Promise<Emulator> {
  const child = fork(CHILD, [String(devices), String(commandLogLimit)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString('utf8')).slice(-4000);
  });
  const kill = (): void => void child.kill('SIGKILL');
  process.once('exit', kill);
  const next = (type: ChildMessage['type'], timeoutMs: number): Promise<ChildMessage> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => finish(new Error(`the emulator sent no ${type} within ${timeoutMs} ms; stderr: ${stderr.trim()}`)), timeoutMs);
      const onMessage = (message: ChildMessage): void => {
        if (message.type === type) finish(undefined, message);
      };
      const onExit = (): void => finish(new Error(`the emulator exited (${child.exitCode ?? child.signalCode}); stderr: ${stderr.trim()}`));
      const finish = (error?: Error, message?: ChildMessage): void => {
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
        if (error !== undefined) reject(error);
        else resolve(message!);
      };
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  const request = (r: ChildRequest): void => void child.send(r);
  let ready: ChildMessage;
  try {
    ready = await next('ready', readyTimeoutMs);
  } catch (error) {
    kill();
    await exited(child);
    process.removeListener('exit', kill);
    throw error;
  }
  return {
    pid: child.pid ?? -1,
    inventory: (ready as { inventory: unknown }).inventory,
    stats: async () => {
      const reply = next('stats', 60_000);
      request({ type: 'stats' });
      const { type: _type, ...stats } = (await reply) as { type: 'stats' } & EmulatorStats;
      return stats;
    },
    stop: async () => {
      if (child.connected) request({ type: 'stop' });
      const timer = setTimeout(kill, 15_000);
      await exited(child);
      clearTimeout(timer);
      process.removeListener('exit', kill);
    },
  };
}

/**
 * Waits (at most 10 s) until both processes' descriptor counts stop falling for half a second and the devices count
 * no open connection, then measures.
 */
async function settleAndSample(phase: string, emulator: Emulator): Promise<SoakSample> {
  let last = fdCount('self') + fdCount(emulator.pid);
  let stable = 0;
  for (let i = 0; i < 100 && stable < 5; i++) {
    await pause(100);
    const now = fdCount('self') + fdCount(emulator.pid);
    stable = now >= last ? stable + 1 : 0;
    last = now;
  }
  let stats = await emulator.stats();
  for (let i = 0; i < 50 && stats.connections > 0; i++) {
    await pause(100);
    stats = await emulator.stats();
  }
  collectGarbage();
  const handleTypes: Record<string, number> = {};
  const resources = process.getActiveResourcesInfo();
  for (const r of resources) handleTypes[r] = (handleTypes[r] ?? 0) + 1;
  return {
    phase,
    client: {
      fds: fdCount('self'),
      rssBytes: rssOf('self'),
      handles: resources.length,
      handleTypes,
      heapUsedBytes: process.memoryUsage().heapUsed,
    },
    emulator: stats,
  };
}

interface DeviceTally {
  results: number;
  connects: number;
  attempts: number;
  steps: string[];
}

/** Runs one phase, counting its events as they pass (nothing kept but the counts and each device's step names). */
async function countedRun(phase: string, hosts: readonly string[], models: ReadonlyMap<string, string>, source: Observable<WorkflowEvent>, sameSteps: boolean): Promise<PhaseCount> {
  const tallies = new Map<string, DeviceTally>(hosts.map((h) => [h, { results: 0, connects: 0, attempts: 0, steps: [] }]));
  let events = 0;
  let summaries = 0;
  let summary: FleetSummary | undefined;
  let succeeded = 0;
  let failed = 0;
  const lost: string[] = [];
  const started = Date.now();
  await lastValueFrom(
    source.pipe(
      tap((event) => {
        events++;
        if (event.type === 'summary') {
          summaries++;
          summary = event.summary;
          return;
        }
        const tally = tallies.get(event.device);
        if (tally === undefined) {
          lost.push(`${event.device}: an event for a device not in the run`);
          return;
        }
        if (event.type === 'result') {
          tally.results++;
          tally.attempts = event.outcome.attempts;
          if (event.outcome.status === 'succeeded') succeeded++;
          else failed++;
          return;
        }
        if (event.step === 'connect' && event.status === 'succeeded') tally.connects++;
        if (event.step !== 'connect' && event.step !== 'attempt') tally.steps.push(`${event.step}:${event.status}`);
      }),
    ),
    { defaultValue: undefined },
  );
  const wallMs = Date.now() - started;
  let attempts = 0;
  let connects = 0;
  const signatures = new Map<string, Map<string, number>>();
  for (const [host, tally] of tallies) {
    attempts += tally.attempts;
    connects += tally.connects;
    if (tally.results !== 1) lost.push(`${host}: ${tally.results} result events`);
    if (tally.connects !== tally.attempts) lost.push(`${host}: ${tally.connects} sessions opened for ${tally.attempts} attempts`);
    const model = models.get(host) ?? '?';
    const bySignature = signatures.get(model) ?? new Map<string, number>();
    const signature = tally.steps.join(' ');
    bySignature.set(signature, (bySignature.get(signature) ?? 0) + 1);
    signatures.set(model, bySignature);
  }
  if (sameSteps) {
    for (const [model, bySignature] of signatures) {
      if (bySignature.size > 1) lost.push(`${model}: ${bySignature.size} different step sequences (${[...bySignature.values()].join(' / ')} devices)`);
    }
  }
  if (summaries !== 1) lost.push(`${summaries} summary events`);
  if (summary !== undefined && summary.total !== hosts.length) lost.push(`summary total ${summary.total} for ${hosts.length} devices`);
  if (summary !== undefined && summary.succeeded !== succeeded) lost.push(`summary says ${summary.succeeded} succeeded, the results ${succeeded}`);
  return { phase, events, results: [...tallies.values()].reduce((n, t) => n + t.results, 0), succeeded, failed, attempts, connects, summaries, lost, wallMs };
}

export function checkSample(sample: SoakSample, baseline: SoakSample, firstCycle: SoakSample | undefined, bounds: SoakReport['bounds']): string[] {
  const out: string[] = [];
  const { phase } = sample;
  if (sample.client.fds > baseline.client.fds + bounds.handleSlack) out.push(`${phase}: client fds ${sample.client.fds} > baseline ${baseline.client.fds} + ${bounds.handleSlack}`);
  if (sample.client.handles > baseline.client.handles + bounds.handleSlack) {
    out.push(`${phase}: client handles ${sample.client.handles} > baseline ${baseline.client.handles} + ${bounds.handleSlack} (${JSON.stringify(sample.client.handleTypes)})`);
  }
  if (sample.emulator.fds > baseline.emulator.fds + bounds.handleSlack) out.push(`${phase}: emulator fds ${sample.emulator.fds} > baseline ${baseline.emulator.fds} + ${bounds.handleSlack}`);
  if (sample.client.heapUsedBytes > baseline.client.heapUsedBytes + bounds.heapSlackBytes) {
    out.push(`${phase}: client heap ${(sample.client.heapUsedBytes / MIB).toFixed(1)} MiB > baseline ${(baseline.client.heapUsedBytes / MIB).toFixed(1)} + ${(bounds.heapSlackBytes / MIB).toFixed(0)} MiB`);
  }
  if (sample.emulator.connections > 0) out.push(`${phase}: ${sample.emulator.connections} SSH connections still open on the devices`);
  if (firstCycle !== undefined && sample !== firstCycle) {
    for (const side of ['client', 'emulator'] as const) {
      const heapLimit = firstCycle[side].heapUsedBytes + bounds.heapSlackBytes;
      if (sample[side].heapUsedBytes > heapLimit) {
        out.push(`${phase}: ${side} heap ${(sample[side].heapUsedBytes / MIB).toFixed(1)} MiB > first cycle's ${(firstCycle[side].heapUsedBytes / MIB).toFixed(1)} + ${(bounds.heapSlackBytes / MIB).toFixed(0)} MiB`);
      }
      const limit = firstCycle[side].rssBytes * (1 + bounds.rssGrowth);
      if (sample[side].rssBytes > limit) out.push(`${phase}: ${side} RSS ${(sample[side].rssBytes / MIB).toFixed(0)} MiB > first cycle's ${(firstCycle[side].rssBytes / MIB).toFixed(0)} MiB + ${bounds.rssGrowth * 100} %`);
    }
  }
  return out;
}

const DIRECT_INTENT = fileURLToPath(new URL('../../test/intents/fixtures/direct.json', import.meta.url));

export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const log = options.log ?? (() => undefined);
  const concurrency = options.concurrency ?? 25;
  const bounds = { handleSlack: options.handleSlack ?? 8, heapSlackBytes: options.heapSlackBytes ?? 24 * MIB, rssGrowth: options.rssGrowth ?? 0.25 };
  const commandLogLimit = options.commandLogLimit ?? 32;
  log(`starting ${options.devices} emulated devices in their own process`);
  const emulator = await startEmulator(options.devices, commandLogLimit, 30_000 + options.devices * 100);
  try {
    const inventory = inventoryFromObject(emulator.inventory, 'soak-inventory.json');
    const hosts = inventory.resolveHosts('all').map((h) => h.name);
    const models = new Map(inventory.resolveHosts('all').map((h) => [h.name, h.model ?? h.name.replace(/-\d+$/, '')]));
    const account = inventory.cssm;
    if (account === undefined) throw new Error('the emulator inventory has no cssm entry');
    const cssm = new CssmClient(account);
    const open = inventoryDeviceOpener(inventory, { licensing: { pollIntervalMs: 100, maxPollIntervalMs: 1000, timeoutMs: 120_000 } });
    const { httpClient: _sourceInterface, ...direct } = JSON.parse(readFileSync(DIRECT_INTENT, 'utf8')) as Record<string, unknown>;
    const token = (await cssm.createToken({ description: `soak ${options.devices}`, maxUses: options.devices })).token;
    const fleet = { open, concurrency, timeoutMs: 300_000 };

    const samples: SoakSample[] = [];
    const phases: PhaseCount[] = [];
    const baseline = await settleAndSample('baseline', emulator);
    samples.push(baseline);
    log(`baseline: ${JSON.stringify(baseline)}`);

    const onboard = onboarding({ token: async () => token, intent: intentApplier(direct), wait: { pollIntervalMs: 100, timeoutMs: 120_000 } });
    phases.push(await countedRun('onboarding', hosts, models, runFleet$(hosts, onboard, fleet), false));
    log(`onboarding: ${JSON.stringify(phases.at(-1))}`);
    samples.push(await settleAndSample('onboarding', emulator));
    const listStarted = Date.now();
    const productInstances = (await cssm.listProductInstances()).length;
    const productInstancesListMs = Date.now() - listStarted;
    log(`CSSM lists ${productInstances} product instances in ${productInstancesListMs} ms`);

    for (let cycle = 1; cycle <= options.cycles; cycle++) {
      const phase = `watch ${cycle}`;
      phases.push(await countedRun(phase, hosts, models, runFleet$(hosts, complianceWatch({ maxPolls: 1 }), fleet), true));
      log(`${phase}: ${JSON.stringify(phases.at(-1))}`);
      samples.push(await settleAndSample(phase, emulator));
    }

    const violations: string[] = [];
    for (const p of phases) {
      if (p.failed > 0) violations.push(`${p.phase}: ${p.failed} devices failed`);
      violations.push(...p.lost.map((l) => `${p.phase}: ${l}`));
    }
    if (productInstances !== options.devices) violations.push(`onboarding: ${productInstances} product instances in CSSM for ${options.devices} devices`);
    const firstCycle = samples.find((s) => s.phase === 'watch 1');
    for (const sample of samples.slice(1)) violations.push(...checkSample(sample, baseline, sample.phase.startsWith('watch') ? firstCycle : undefined, bounds));
    return { devices: options.devices, cycles: options.cycles, concurrency, bounds, commandLogLimit, samples, phases, productInstances, productInstancesListMs, violations };
  } finally {
    await emulator.stop();
  }
}

/** The samples as a table (MiB for memory). */
export function formatSoak(report: SoakReport): string {
  const mib = (b: number): string => (b / MIB).toFixed(1);
  const rows = [
    ['phase', 'client fds', 'handles', 'heap MiB', 'RSS MiB', 'emulator fds', 'conns', 'heap MiB', 'RSS MiB', 'log entries'],
    ...report.samples.map((s) => [
      s.phase,
      String(s.client.fds),
      String(s.client.handles),
      mib(s.client.heapUsedBytes),
      mib(s.client.rssBytes),
      String(s.emulator.fds),
      String(s.emulator.connections),
      mib(s.emulator.heapUsedBytes),
      mib(s.emulator.rssBytes),
      String(s.emulator.commandLogEntries + s.emulator.syslogEntries),
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const table = rows.map((r) => r.map((c, i) => c.padStart(widths[i]!)).join('  ')).join('\n');
  const phases = report.phases
    .map((p) => `${p.phase}: ${p.results} results (${p.succeeded} ok, ${p.failed} failed), ${p.events} events, ${p.attempts} attempts, ${p.connects} sessions, ${p.summaries} summary, ${p.lost.length} lost, ${(p.wallMs / 1000).toFixed(1)} s`)
    .join('\n');
  const verdict = report.violations.length === 0 ? 'every bound met, no event lost' : `VIOLATIONS:\n${report.violations.map((v) => `  - ${v}`).join('\n')}`;
  return `soak: ${report.devices} devices, ${report.cycles} watch cycles, concurrency ${report.concurrency}; ${report.productInstances} product instances in CSSM (listed in ${report.productInstancesListMs} ms)\n${table}\n${phases}\n${verdict}\n`;
}
