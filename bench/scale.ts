/**
 * The scale benchmark (issue 10, item 4): 1,000 and 5,000 emulated devices (emulator in its own process) onboarded
 * by one smartlic process — the SDK's `runFleet$` + `onboarding()` (scale/onboard-worker.ts) at a bounded
 * concurrency (default 100). Per fleet size: wall time, the process's peak RSS, the peak number of sessions open at
 * once, peak RSS per session = (peak RSS − RSS before the first session) / peak sessions (target ≤ 2 MiB), and
 * errors (must be 0); every device must end registered and authorized on its own word, and afterwards, read back
 * from the devices and CSSM, configured as the intent says, registered, authorized and a product instance.
 *
 * Why the SDK and not `smartlic run`: the playbook engine runs task by task over all hosts (Ansible's linear
 * strategy) and keeps each host's session until the host's last task, so a 5,000-host playbook holds 5,000
 * sessions between tasks; `runFleet$` opens, onboards and closes each device within its concurrency bound, which
 * is what onboarding thousands of devices from one process needs.
 */
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve as resolvePath } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CssmClient } from '../src/cssm/client.js';
import { inventoryFromObject } from '../src/inventory/load.js';
import { logHotFunctions } from './harness/cpu-profile.js';
import { startEmulatorProcess } from './harness/emulator-process.js';
import { processCpuMs, processPeakRssKiB } from './harness/process-tree.js';
import { summarize } from './harness/stats.js';
import type { BenchContext, BenchOutcome, Benchmark, Measurement, RatioCheck } from './harness/types.js';
import { BENCH_POLL_INTERVAL_MS } from './fleet/onboard-playbook.js';
import { readFleetLicensing, type FleetLicensing } from './fleet/fleet-state.js';
import { onboardIntent, readOnboardPlaybook } from './fleet/onboard-playbook.js';
import type { LicensingIntent } from '../src/intents/types.js';
import { TOKEN_VARIABLE, type WorkerReport } from './scale/onboard-worker.js';

export const DEFAULT_SIZES: readonly number[] = [1000, 5000];
export const DEFAULT_CONCURRENCY = 100;
const TARGET_MIB_PER_SESSION = 2;
const MIB = 1024 * 1024;
const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));
const WORKER = join(REPO_ROOT, 'bench/scale/onboard-worker.ts');
const WORKER_TIMEOUT_MS = 60 * 60_000;
const READ_BACK_FORKS = 50;

export interface ScaleRun {
  readonly devices: number;
  readonly worker: WorkerReport;
  /** Read back after the run, outside its timing. */
  readonly state: FleetLicensing;
  readonly emulatorStartMs: number;
  readonly emulatorCpuMs: number | null;
  readonly emulatorPeakRssKiB: number | null;
  readonly load1: number;
}

function runWorker(inventoryFile: string, concurrency: number, token: string, profile: { dir: string; name: string } | undefined): Promise<WorkerReport> {
  return new Promise((resolve, reject) => {
    const prof = profile === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', profile.dir, '--cpu-prof-name', profile.name];
    const child = spawn(
      process.execPath,
      ['--expose-gc', ...prof, '--import', 'tsx', WORKER, '--inventory', inventoryFile, '--concurrency', String(concurrency), '--poll-ms', String(BENCH_POLL_INTERVAL_MS)],
      { cwd: REPO_ROOT, env: { ...process.env, [TOKEN_VARIABLE]: token }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString('utf8')).slice(-4000)));
    const timer = setTimeout(() => child.kill('SIGKILL'), WORKER_TIMEOUT_MS);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      const line = stdout.trim().split('\n').pop() ?? '';
      try {
        if (code !== 0) throw new Error(`exit ${String(code)}`);
        resolve(JSON.parse(line) as WorkerReport);
      } catch (error) {
        reject(new Error(`the onboarding worker failed (${(error as Error).message}): ${stderr.trim()}`));
      }
    });
  });
}

async function runSize(devices: number, concurrency: number, intent: LicensingIntent, ctx: BenchContext, profileDir: string | undefined): Promise<ScaleRun> {
  ctx.log(`scale: starting an emulator with ${devices} devices in its own process`);
  const emulator = await startEmulatorProcess({
    platform: 'mixed',
    devices,
    readyTimeoutMs: 600_000,
    ...(profileDir === undefined ? {} : { cpuProfileDir: profileDir, cpuProfileName: `emulator-${devices}.cpuprofile` }),
  });
  try {
    const inventory = inventoryFromObject(emulator.inventory, emulator.inventoryFile);
    if (inventory.cssm === undefined) throw new Error('the emulator inventory has no cssm entry');
    const cssm = CssmClient.fromAccount(inventory.cssm, { pageSize: 500 });
    const token = await cssm.createToken({ description: `smartlic bench scale ${devices}`, expiresAfterDays: 1, maxUses: devices });
    const load1 = Math.round(loadavg()[0]! * 100) / 100;
    ctx.log(`scale: emulator ready in ${(emulator.startMs / 1000).toFixed(1)} s; onboarding ${devices} devices, ${concurrency} at a time (load ${load1})`);
    const cpuBefore = processCpuMs(emulator.pid);
    const worker = await runWorker(emulator.inventoryFile, concurrency, token.token.reveal(), profileDir === undefined ? undefined : { dir: profileDir, name: `smartlic-${devices}.cpuprofile` });
    const cpuAfter = processCpuMs(emulator.pid);
    const emulatorPeakRssKiB = processPeakRssKiB(emulator.pid);
    ctx.log(`scale: ${devices} devices in ${(worker.wallMs / 1000).toFixed(1)} s: ${worker.succeeded} succeeded, ${worker.failed} failed, ${worker.authorized} authorized; reading every device back`);
    const state = await readFleetLicensing(inventory, intent, READ_BACK_FORKS);
    ctx.log(`scale: read back ${state.configured} configured, ${state.authorized} authorized, ${state.unreadable} unreadable; CSSM ${state.cssmInstances}`);
    return { devices, worker, state, emulatorStartMs: emulator.startMs, emulatorCpuMs: cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore, emulatorPeakRssKiB, load1 };
  } finally {
    await emulator.stop();
  }
}

/** Devices the run onboarded by every account: its own result, the devices read back, CSSM. */
function onboarded(run: ScaleRun): number {
  return Math.min(run.worker.authorized, run.state.configured, run.state.authorized, run.state.cssmInstances);
}

/** (peak RSS − baseline RSS) / peak sessions open at once, MiB. */
export function rssPerSessionMiB(report: Pick<WorkerReport, 'peakRss' | 'baselineRss' | 'peakSessions'>): number {
  return report.peakSessions === 0 ? 0 : (report.peakRss - report.baselineRss) / report.peakSessions / MIB;
}


export const scaleBench: Benchmark = {
  name: 'scale',
  summary: '1,000 and 5,000 emulated devices onboarded by one smartlic process: wall time, RSS per session (target ≤ 2 MiB), errors',
  async run(ctx: BenchContext): Promise<BenchOutcome> {
    const sizes = ctx.options.devices ?? DEFAULT_SIZES;
    const concurrency = ctx.options.concurrency ?? DEFAULT_CONCURRENCY;
    const profileDir = ctx.options.cpuProfileDir === undefined ? undefined : resolvePath(ctx.options.cpuProfileDir);
    if (profileDir !== undefined) mkdirSync(profileDir, { recursive: true });
    const runs: ScaleRun[] = [];
    try {
      const intent = onboardIntent(readOnboardPlaybook()) as LicensingIntent;
      for (const devices of sizes) runs.push(await runSize(devices, concurrency, intent, ctx, profileDir));
    } finally {
      if (profileDir !== undefined) {
        for (const devices of sizes) {
          logHotFunctions((line) => ctx.log(line), `smartlic process, ${devices} devices`, join(profileDir, `smartlic-${devices}.cpuprofile`), REPO_ROOT);
          logHotFunctions((line) => ctx.log(line), `emulator process, ${devices} devices`, join(profileDir, `emulator-${devices}.cpuprofile`), REPO_ROOT);
        }
        ctx.log(`  profiles written to ${profileDir}`);
      }
    }

    const measurements: Measurement[] = runs
      .filter((r) => r.worker.deviceMs.length > 0)
      .map((r) => ({
        contender: `${r.devices} devices, ${r.worker.concurrency} at a time`,
        unit: 'ms per device (open → close)',
        summary: summarize(r.worker.deviceMs),
        samples: r.worker.deviceMs.map((x) => Math.round(x)),
      }));
    const ratios: RatioCheck[] = [];
    for (const r of runs) {
      const w = r.worker;
      const errors = w.failed + (w.devices - w.succeeded - w.failed);
      ratios.push(
        { label: `${r.devices} devices: wall-clock`, value: w.wallMs / 1000, unit: 's' },
        { label: `${r.devices} devices: peak RSS of the smartlic process`, value: w.peakRss / MIB, unit: 'MiB' },
        { label: `${r.devices} devices: peak sessions open at once`, value: w.peakSessions, format: 'count' },
        { label: `${r.devices} devices: peak RSS per session`, value: rssPerSessionMiB(w), unit: 'MiB', target: { comparison: '<=', value: TARGET_MIB_PER_SESSION } },
        { label: `${r.devices} devices: errors`, value: errors, format: 'count', target: { comparison: '<=', value: 0 } },
        { label: `${r.devices} devices: configured + registered + authorized (own result, read back and in CSSM)`, value: onboarded(r), format: 'count', target: { comparison: '>=', value: r.devices } },
      );
    }
    const notes = [
      `One smartlic process (scale/onboard-worker.ts) onboards every device of a fresh emulator process with the SDK: runFleet$ + onboarding() (the intent of playbooks/onboard.json, register, wait, verify; status reads every ${BENCH_POLL_INTERVAL_MS} ms) over inventoryDeviceOpener, ${concurrency} devices at a time. runFleet$ rather than \`smartlic run\`: the playbook engine keeps each host's session until the host's last task (Ansible's linear strategy), so a 5,000-host playbook would hold 5,000 sessions between tasks.`,
      `Peak RSS per session = (peak RSS − RSS before the first session) / peak sessions open at once. The baseline is read after loading and a full GC (node --expose-gc); the peak is sampled every 20 ms while devices are onboarded; sessions are counted at the opener (opened → closed). The process runs from source through tsx, which adds to the baseline only. Afterwards, outside the timing, every device is read back (${READ_BACK_FORKS} at a time: its licensing configuration planned against the intent, no edit left, and its \`show license status\`) and CSSM's product instances are counted.`,
      ...runs.map((r) => {
        const w = r.worker;
        const codes = Object.entries(w.errorCodes).map(([code, n]) => `${n} ${code}`).join(', ');
        const ok = w.failed === 0 && onboarded(r) === r.devices;
        return `${ok ? '' : '*** '}${r.devices} devices: ${(w.wallMs / 1000).toFixed(1)} s wall, ${(w.cpuMs / 1000).toFixed(1)} s CPU in the smartlic process; RSS ${(w.baselineRss / MIB).toFixed(1)} MiB before the first session, peak ${(w.peakRss / MIB).toFixed(1)} MiB (VmHWM ${w.vmHwm === null ? 'n/a' : (w.vmHwm / MIB).toFixed(1)} MiB) with ${w.peakSessions} sessions (${w.sessionsOpened} opened in all); ${w.succeeded} succeeded, ${w.failed} failed${codes === '' ? '' : ` (${codes})`}, ${w.authorized} authorized; read back ${r.state.configured} configured as the intent says, ${r.state.authorized} registered and authorized${r.state.unreadable === 0 ? '' : `, ${r.state.unreadable} unreadable`}, CSSM ${r.state.cssmInstances} product instances. Emulator: ready in ${(r.emulatorStartMs / 1000).toFixed(1)} s, ${r.emulatorCpuMs === null ? 'n/a' : (r.emulatorCpuMs / 1000).toFixed(1)} s CPU during the run, peak RSS ${r.emulatorPeakRssKiB === null ? 'n/a' : (r.emulatorPeakRssKiB / 1024).toFixed(0)} MiB; load ${r.load1} at the start.${ok ? '' : ' ***'}`;
      }),
    ];
    return {
      name: 'scale',
      title: `${sizes.join(' and ')} emulated devices onboarded by one smartlic process (runFleet$, ${concurrency} at a time)`,
      settings: { devices: sizes.join(','), concurrency, pollIntervalMs: BENCH_POLL_INTERVAL_MS, platform: 'mixed' },
      measurements,
      ratios,
      notes,
      details: { runs: runs.map((r) => ({ ...r, worker: { ...r.worker, deviceMs: undefined } })) },
    };
  },
};
