/**
 * The fleet benchmark (issue 10, item 2): onboarding N emulated devices (default 100, cBR-8 / NCS 560 / NCS 1004
 * in turn) — the intent's configuration, register, wait until authorized, verify — by
 *   - smartlic: `smartlic run playbooks/onboard.json` (compiled, as the `smartlic` bin runs it) with its default
 *     forks, the onboard task polling at 250 ms,
 *   - Ansible: the playbook fleet/ansible.ts generates (ios_config / iosxr_config with the lines smartlic's intent
 *     plans, ios_command / iosxr_command register, wait_for AUTHORIZED, verify) with its default forks (5), and
 *     again with smartlic's forks.
 * Every contender gets a fresh emulator process (unconfigured, unregistered devices, an empty CSSM) and an ID token
 * created through the CSSM API; its wall time, the CPU of all its processes and the emulator's CPU are measured;
 * afterwards every device's licensing state is read back and CSSM's product instances are counted. Target:
 * Ansible (default forks) / smartlic ≥ 20× in wall-clock time.
 */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve as resolvePath } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CssmClient } from '../src/cssm/client.js';
import type { LicensingIntent } from '../src/intents/types.js';
import { inventoryFromObject, type LoadedInventory } from '../src/inventory/load.js';
import { DEFAULT_FORKS } from '../src/playbook/engine.js';
import type { PlaybookReport } from '../src/playbook/report.js';
import { logHotFunctions } from './harness/cpu-profile.js';
import { startEmulatorProcess, type EmulatorProcess } from './harness/emulator-process.js';
import { processCpuMs, runProcessTree, type TreeRun } from './harness/process-tree.js';
import { buildSmartlic, smartlicFromSource, type SmartlicCommand } from './harness/smartlic-build.js';
import { median, summarize } from './harness/stats.js';
import type { BenchContext, BenchOutcome, Benchmark, Measurement, RatioCheck } from './harness/types.js';
import { ansibleInventory, ansiblePlaybook, ansibleVars, parseRecap, WAIT_INTERVAL_S } from './fleet/ansible.js';
import { planPerModel, readFleetLicensing, type FleetLicensing, type ModelPlans } from './fleet/fleet-state.js';
import { BENCH_POLL_INTERVAL, onboardIntent, readOnboardPlaybook, withPollInterval } from './fleet/onboard-playbook.js';

export const DEFAULT_DEVICES = 100;
export const DEFAULT_ROUNDS = 1;
const TARGET = 20;
const ANSIBLE_DEFAULT_FORKS = 5;
const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));
const SMARTLIC_TIMEOUT_MS = 30 * 60_000;
const ANSIBLE_TIMEOUT_MS = 90 * 60_000;

/** What one contender's run looked like from outside. */
export interface ContenderRun {
  readonly contender: string;
  readonly exitCode: number;
  readonly wallMs: number;
  /** CPU of every process of the contender's tree, ms. */
  readonly cpuMs: number;
  /** Peak RSS of its largest process, KiB. */
  readonly maxRssKiB: number;
  /** CPU of the emulator process during the run, ms (null without /proc). */
  readonly emulatorCpuMs: number | null;
  readonly emulatorStartMs: number;
  /** 1-minute load average when the run started. */
  readonly load1: number;
  /** Hosts the contender itself reported ok / failed (its report or PLAY RECAP). */
  readonly reportedOk: number;
  readonly reportedFailed: number;
  /** Read back afterwards. */
  readonly state: FleetLicensing;
}

interface World {
  readonly emulator: EmulatorProcess;
  readonly inventory: LoadedInventory;
  readonly token: string;
  readonly dir: string;
}

interface Prepared {
  readonly command: string;
  readonly args: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  readonly timeoutMs: number;
  /** Hosts ok / failed as the contender reported them, from its output. */
  reported(output: string): { ok: number; failed: number };
}

interface ContenderSpec {
  readonly name: string;
  /** A file-name-safe name (profiles, output files). */
  readonly slug: string;
  prepare(world: World): Promise<Prepared>;
}

function smartlicContender(smartlic: SmartlicCommand, forks: number | undefined, profileDir: string | undefined): ContenderSpec {
  return {
    name: `smartlic run (forks ${forks ?? DEFAULT_FORKS})`,
    slug: 'smartlic',
    prepare: async (world) => {
      const playbook = join(world.dir, 'onboard.json');
      writeFileSync(playbook, JSON.stringify(withPollInterval(readOnboardPlaybook(), BENCH_POLL_INTERVAL), null, 2));
      const report = join(world.dir, 'report.json');
      const [node, ...rest] = smartlic.argv;
      const profile = profileDir === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', profileDir, '--cpu-prof-name', 'smartlic-run.cpuprofile'];
      return {
        command: node!,
        args: [...profile, ...rest, 'run', playbook, '-i', world.emulator.inventoryFile, '--report', report, ...(forks === undefined ? [] : ['--forks', String(forks)])],
        env: { ...process.env, SMARTLIC_TOKEN: world.token, NO_COLOR: '1' },
        timeoutMs: SMARTLIC_TIMEOUT_MS,
        reported: () => {
          try {
            const hosts = (JSON.parse(readFileSync(report, 'utf8')) as PlaybookReport).hosts;
            const ok = hosts.filter((h) => h.status === 'ok' || h.status === 'changed').length;
            return { ok, failed: world.inventory.resolveHosts('all').length - ok };
          } catch {
            return { ok: 0, failed: world.inventory.resolveHosts('all').length };
          }
        },
      };
    },
  };
}

function ansibleContender(forks: number, intent: LicensingIntent, plansCache: { plans?: ModelPlans }): ContenderSpec {
  return {
    name: `Ansible (forks ${forks})`,
    slug: `ansible-forks-${forks}`,
    prepare: async (world) => {
      // Planning reads the configuration only; the plans of one emulator hold for the next (same models).
      plansCache.plans ??= await planPerModel(world.inventory, intent);
      const plans = plansCache.plans;
      const inventoryIni = join(world.dir, 'inventory.ini');
      const playbook = join(world.dir, 'onboard.yml');
      const vars = join(world.dir, 'vars.yml');
      writeFileSync(inventoryIni, ansibleInventory(world.emulator.inventory, plans.keyOf), { mode: 0o600 });
      writeFileSync(playbook, ansiblePlaybook(plans.plans));
      writeFileSync(vars, ansibleVars(world.token), { mode: 0o600 });
      chmodSync(vars, 0o600);
      const home = join(world.dir, 'home');
      mkdirSync(home, { recursive: true });
      const hosts = world.inventory.resolveHosts('all').map((h) => h.name);
      return {
        command: 'ansible-playbook',
        args: ['-i', inventoryIni, '-f', String(forks), '-e', `@${vars}`, playbook],
        env: {
          PATH: process.env['PATH'] ?? '/usr/bin:/bin',
          HOME: home,
          LANG: 'C.UTF-8',
          ANSIBLE_HOME: join(home, '.ansible'),
          ANSIBLE_LOCAL_TEMP: join(home, 'tmp'),
          ANSIBLE_PERSISTENT_CONTROL_PATH_DIR: join(home, 'pc'),
          ANSIBLE_HOST_KEY_CHECKING: 'False',
          ANSIBLE_PARAMIKO_HOST_KEY_CHECKING: 'False',
          ANSIBLE_RETRY_FILES_ENABLED: 'False',
          ANSIBLE_NOCOLOR: '1',
        },
        timeoutMs: ANSIBLE_TIMEOUT_MS,
        reported: (output) => {
          const recap = parseRecap(output);
          const ok = hosts.filter((h) => {
            const line = recap.get(h);
            return line !== undefined && line.failed === 0 && line.unreachable === 0;
          }).length;
          return { ok, failed: hosts.length - ok };
        },
      };
    },
  };
}

async function ansibleMissing(): Promise<string | undefined> {
  try {
    const run = await runProcessTree('ansible-playbook', ['--version'], {
      env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: tmpdir() },
      cwd: tmpdir(),
      outputFile: join(tmpdir(), `smartlic-ansible-version-${process.pid}.txt`),
      timeoutMs: 120_000,
    });
    return run.code === 0 ? undefined : `ansible-playbook --version exited ${run.code} (install the Debian package ansible)`;
  } catch (error) {
    return `ansible-playbook cannot run: ${(error as Error).message} (install the Debian package ansible)`;
  } finally {
    rmSync(join(tmpdir(), `smartlic-ansible-version-${process.pid}.txt`), { force: true });
  }
}

async function runContender(spec: ContenderSpec, devices: number, intent: LicensingIntent, ctx: BenchContext, profileDir: string | undefined): Promise<ContenderRun> {
  const dir = mkdtempSync(join(tmpdir(), `smartlic-fleet-${spec.slug}-`));
  ctx.log(`fleet: ${spec.name}: starting a fresh emulator with ${devices} devices`);
  const emulator = await startEmulatorProcess({
    platform: 'mixed',
    devices,
    readyTimeoutMs: 300_000,
    ...(profileDir === undefined ? {} : { cpuProfileDir: profileDir, cpuProfileName: `emulator-${spec.slug}.cpuprofile` }),
  });
  try {
    const inventory = inventoryFromObject(emulator.inventory, emulator.inventoryFile);
    if (inventory.cssm === undefined) throw new Error('the emulator inventory has no cssm entry');
    const cssm = CssmClient.fromAccount(inventory.cssm);
    const token = await cssm.createToken({ description: `smartlic bench fleet: ${spec.name}`, expiresAfterDays: 1, maxUses: devices });
    const world: World = { emulator, inventory, token: token.token.reveal(), dir };
    const prepared = await spec.prepare(world);
    const outputFile = join(dir, 'output.txt');
    const load1 = Math.round(loadavg()[0]! * 100) / 100;
    ctx.log(`fleet: ${spec.name}: onboarding ${devices} devices (load ${load1})`);
    const emulatorBefore = processCpuMs(emulator.pid);
    const run: TreeRun = await runProcessTree(prepared.command, prepared.args, { env: prepared.env, cwd: dir, outputFile, timeoutMs: prepared.timeoutMs });
    const emulatorAfter = processCpuMs(emulator.pid);
    const output = readFileSync(outputFile, 'utf8');
    const reported = prepared.reported(output);
    ctx.log(`fleet: ${spec.name}: ${(run.wallMs / 1000).toFixed(1)} s, exit ${run.code}; reading every device back`);
    const state = await readFleetLicensing(inventory, intent);
    const result: ContenderRun = {
      contender: spec.name,
      exitCode: run.code,
      wallMs: run.wallMs,
      cpuMs: run.cpuMs,
      maxRssKiB: run.maxRssKiB,
      emulatorCpuMs: emulatorBefore === null || emulatorAfter === null ? null : emulatorAfter - emulatorBefore,
      emulatorStartMs: emulator.startMs,
      load1,
      reportedOk: reported.ok,
      reportedFailed: reported.failed,
      state,
    };
    if (!onboardedAll(result, devices)) {
      ctx.log(`fleet: *** ${spec.name}: exit ${run.code}, ${state.configured}/${devices} configured, ${state.authorized}/${devices} authorized, ${state.cssmInstances} in CSSM; last output:\n${output.slice(-3000)}`);
    }
    return result;
  } finally {
    await emulator.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Devices the run really onboarded: configured as the intent says, registered and authorized, and in CSSM. */
function onboardedCount(run: ContenderRun): number {
  return run.exitCode === 0 ? Math.min(run.state.configured, run.state.authorized, run.state.cssmInstances) : 0;
}

function onboardedAll(run: ContenderRun, devices: number): boolean {
  return onboardedCount(run) === devices && run.state.unreadable === 0;
}

function describeState(run: ContenderRun, devices: number): string {
  const others = Object.entries(run.state.others).map(([k, n]) => `${n} ${k}`);
  const problems = [...others, ...(run.state.unreadable > 0 ? [`${run.state.unreadable} unreadable`] : [])];
  const ok = onboardedAll(run, devices);
  return `${ok ? '' : '*** '}${run.contender}: exit ${run.exitCode}; reported ${run.reportedOk} ok / ${run.reportedFailed} failed; read back ${run.state.configured}/${devices} configured as the intent says, ${run.state.authorized}/${devices} registered and authorized${problems.length === 0 ? '' : ` (${problems.join(', ')})`}; CSSM ${run.state.cssmInstances} product instances${ok ? '' : ' ***'}`;
}


export const fleetBench: Benchmark = {
  name: 'fleet',
  summary: 'onboard 100 emulated devices: smartlic run vs an Ansible playbook (target ≥ 20× faster wall-clock)',
  async run(ctx: BenchContext): Promise<BenchOutcome> {
    const devices = ctx.options.devices?.[0] ?? DEFAULT_DEVICES;
    const rounds = ctx.rounds ?? DEFAULT_ROUNDS;
    const forks = ctx.options.forks;
    const smartlicForks = forks ?? DEFAULT_FORKS;
    const profileDir = ctx.options.cpuProfileDir === undefined ? undefined : resolvePath(ctx.options.cpuProfileDir);
    if (profileDir !== undefined) mkdirSync(profileDir, { recursive: true });
    const notes: string[] = [];
    const intent = onboardIntent(readOnboardPlaybook()) as LicensingIntent;

    let withAnsible = ctx.options.ansible !== false;
    if (!withAnsible) notes.push('Ansible left out (--no-ansible)');
    else {
      const missing = await ansibleMissing();
      if (missing !== undefined) {
        withAnsible = false;
        notes.push(`*** Ansible left out: ${missing} ***`);
        ctx.log(`fleet: *** Ansible left out: ${missing} ***`);
      }
    }

    ctx.log(ctx.options.fromSource === true ? 'fleet: smartlic runs from source (tsx)' : 'fleet: compiling smartlic (as npm run build does) into a temporary package');
    const smartlic = ctx.options.fromSource === true ? smartlicFromSource() : await buildSmartlic();
    try {
      const plansCache: { plans?: ModelPlans } = {};
      const specs: ContenderSpec[] = [smartlicContender(smartlic, forks, profileDir)];
      if (withAnsible) {
        specs.push(ansibleContender(ANSIBLE_DEFAULT_FORKS, intent, plansCache));
        if (smartlicForks !== ANSIBLE_DEFAULT_FORKS) specs.push(ansibleContender(smartlicForks, intent, plansCache));
      }
      const runs: ContenderRun[] = [];
      for (let round = 0; round < rounds; round++) {
        for (const spec of specs) runs.push(await runContender(spec, devices, intent, ctx, round === 0 ? profileDir : undefined));
      }

      const byContender = (name: string): ContenderRun[] => runs.filter((r) => r.contender === name);
      const measure = (contender: string, unit: string, values: readonly number[]): Measurement => ({
        contender,
        unit,
        summary: summarize(values),
        samples: values.map((x) => Math.round(x * 1000) / 1000),
      });
      const measurements: Measurement[] = [];
      for (const spec of specs) measurements.push(measure(spec.name, 's wall-clock', byContender(spec.name).map((r) => r.wallMs / 1000)));
      for (const spec of specs) measurements.push(measure(`${spec.name}: CPU of all its processes`, 's CPU', byContender(spec.name).map((r) => r.cpuMs / 1000)));
      for (const spec of specs) {
        const cpu = byContender(spec.name).map((r) => r.emulatorCpuMs).filter((x): x is number => x !== null);
        if (cpu.length > 0) measurements.push(measure(`emulator during ${spec.name}`, 's CPU', cpu.map((x) => x / 1000)));
      }
      for (const spec of specs) measurements.push(measure(`${spec.name}: largest process`, 'MiB peak RSS', byContender(spec.name).map((r) => r.maxRssKiB / 1024)));

      const wallOf = (name: string): number => median(byContender(name).map((r) => r.wallMs));
      const cpuOf = (name: string): number => median(byContender(name).map((r) => r.cpuMs));
      const smartlicName = specs[0]!.name;
      const ratios: RatioCheck[] = [];
      if (withAnsible) {
        const ansible5 = specs[1]!.name;
        ratios.push({ label: `${ansible5} / ${smartlicName} (median wall-clock)`, value: wallOf(ansible5) / wallOf(smartlicName), target: { comparison: '>=', value: TARGET }, format: 'times' });
        const same = specs.find((s) => s.name === `Ansible (forks ${smartlicForks})`);
        if (same !== undefined && same.name !== ansible5) ratios.push({ label: `${same.name} / ${smartlicName} (median wall-clock, same forks)`, value: wallOf(same.name) / wallOf(smartlicName), format: 'times' });
        ratios.push({ label: `${ansible5} / ${smartlicName} (CPU of all processes)`, value: cpuOf(ansible5) / cpuOf(smartlicName), format: 'times' });
      }
      for (const spec of specs) {
        const worst = Math.min(...byContender(spec.name).map((r) => onboardedCount(r)));
        ratios.push({ label: `${spec.name}: devices configured + registered + authorized (read back and in CSSM, worst round)`, value: worst, target: { comparison: '>=', value: devices }, format: 'count' });
      }

      notes.push(
        `Each contender onboards a fresh emulator process (\`smartlic emulate --devices ${devices} --platform mixed\`: unconfigured, unregistered devices, an empty CSSM) with an ID token created through the CSSM API; contenders run one after the other. Wall-clock and CPU cover each contender's whole process tree (Ansible's per-host ansible-connection daemons included, reaped as a subreaper); the emulator's CPU is counted apart. Afterwards every device is read back — its licensing configuration planned against the intent (no edit left) and its \`show license status\` — and CSSM's product instances are counted.`,
        `smartlic: \`smartlic run playbooks/onboard.json\` compiled as the \`smartlic\` bin runs it${smartlic.kind === 'source' ? ' (here from source through tsx: --from-source)' : ''}, forks ${smartlicForks}; the onboard task (pre-flight: show version, licensing status, clock, name servers; the intent; register; wait; verify) polls every ${BENCH_POLL_INTERVAL}, then the playbook reads the licensing state and verifies it.`,
        `Ansible${withAnsible ? '' : ' (not run)'}: one play, ios_config / iosxr_config per sub-mode with the lines smartlic's intent plans on each model (iosxr_config commits each task), ios_command / iosxr_command \`license smart register idtoken\` (no_log), \`show license status\` with wait_for "Status: AUTHORIZED" (retries, interval ${WAIT_INTERVAL_S} s, Ansible's default), the state read again and asserted; network_cli over paramiko, host key checking off (smartlic verifies pinned host keys); no pre-flight reads.`,
        ...runs.map((r) => describeState(r, devices)),
        `Load (1 min) at the start of each run: ${runs.map((r) => `${r.contender} ${r.load1}`).join(', ')}; emulator start ${runs.map((r) => `${(r.emulatorStartMs / 1000).toFixed(1)} s`).join(', ')}.`,
      );
      return {
        name: 'fleet',
        title: `onboarding ${devices} emulated devices (cBR-8, NCS 560, NCS 1004): smartlic run vs Ansible`,
        settings: { devices, rounds, smartlicForks, ansibleForks: withAnsible ? [...new Set([ANSIBLE_DEFAULT_FORKS, smartlicForks])].join(' and ') : 'not run', pollInterval: BENCH_POLL_INTERVAL, smartlic: smartlic.kind },
        measurements,
        ratios,
        notes,
        details: { runs },
      };
    } finally {
      smartlic.dispose();
      if (profileDir !== undefined) {
        logHotFunctions((line) => ctx.log(line), 'smartlic run (client process)', join(profileDir, 'smartlic-run.cpuprofile'), REPO_ROOT);
        logHotFunctions((line) => ctx.log(line), 'emulator during smartlic run', join(profileDir, 'emulator-smartlic.cpuprofile'), REPO_ROOT);
        ctx.log(`  profiles written to ${profileDir} (open in Chrome DevTools › Performance)`);
      }
    }
  },
};
