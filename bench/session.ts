/**
 * The session benchmark (issues 3 and 10): one emulated device in its own process; per round, connect + one show
 * command + close, by
 *   - raw ssh2: the minimal script in session/raw-ssh2.ts (the baseline; target smartlic ≤ 1.3× its median),
 *   - smartlic: `connect(host)` from the inventory as a user runs it (pinned host key, strict policy) + `send` + `close`,
 *   - netmiko: `ConnectHandler` + `send_command` + `disconnect` in one Python process (session/netmiko_rounds.py).
 * Rounds are interleaved and the order rotates every round, so drift and ordering hit every contender alike; warm-up
 * rounds are not counted. The command is `show license status` when the device answers it, else `show version`.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Session as InspectorSession } from 'node:inspector/promises';
import { join, resolve as resolvePath } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connect } from '../src/driver/connect.js';
import { isSmartlicError } from '../src/errors.js';
import { inventoryFromObject, type ResolvedHost } from '../src/inventory/load.js';
import { hotFunctions, type CpuProfile } from './harness/cpu-profile.js';
import { median, summarize } from './harness/stats.js';
import type { BenchContext, BenchOutcome, Benchmark, Measurement } from './harness/types.js';
import { startEmulatorProcess } from './harness/emulator-process.js';
import { NetmikoProcess } from './session/netmiko-process.js';
import { rawSsh2Round } from './session/raw-ssh2.js';

export const DEFAULT_ROUNDS = 50;
export const DEFAULT_WARMUP = 5;
const TARGET = 1.3;
const PREFERRED_COMMAND = 'show license status';
const FALLBACK_COMMAND = 'show version';
const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));

interface RoundResult {
  /** Wall-clock milliseconds. */
  readonly ms: number;
  /** CPU milliseconds of the client's process during the round (user + system). */
  readonly cpuMs: number;
  /** Length of the output it got. */
  readonly chars: number;
}

interface Contender {
  readonly name: string;
  round(): Promise<RoundResult>;
}

/** Times a round of an in-process contender; the CPU figure is this process's (nothing else runs in it meanwhile). */
async function timed(run: () => Promise<number>): Promise<RoundResult> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const chars = await run();
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { ms, cpuMs: (used.user + used.system) / 1000, chars };
}

async function smartlicRound(host: ResolvedHost, command: string): Promise<number> {
  const session = await connect(host);
  try {
    return (await session.send(command)).output.length;
  } finally {
    await session.close();
  }
}

/** `show license status` when the device knows it (the Smart Agent is there), else `show version`. */
async function probeCommand(host: ResolvedHost): Promise<{ command: string; probed: string }> {
  const session = await connect(host);
  try {
    await session.send(PREFERRED_COMMAND);
    return { command: PREFERRED_COMMAND, probed: 'answered' };
  } catch (error) {
    if (isSmartlicError(error) && error.code === 'E_CLI_INVALID_INPUT') return { command: FALLBACK_COMMAND, probed: `"${PREFERRED_COMMAND}" refused` };
    throw error;
  } finally {
    await session.close();
  }
}

async function profileSmartlic(dir: string, rounds: number, host: ResolvedHost, command: string): Promise<CpuProfile> {
  const inspector = new InspectorSession();
  inspector.connect();
  try {
    await inspector.post('Profiler.enable');
    await inspector.post('Profiler.setSamplingInterval', { interval: 100 });
    await inspector.post('Profiler.start');
    for (let i = 0; i < rounds; i++) await smartlicRound(host, command);
    const { profile } = (await inspector.post('Profiler.stop')) as { profile: CpuProfile };
    writeFileSync(join(dir, 'smartlic.cpuprofile'), JSON.stringify(profile));
    return profile;
  } finally {
    inspector.disconnect();
  }
}

function logHot(ctx: BenchContext, title: string, profile: CpuProfile): void {
  ctx.log(`  ${title}: ${((profile.endTime - profile.startTime) / 1000).toFixed(0)} ms profiled; top self time:`);
  for (const f of hotFunctions(profile, 15, REPO_ROOT)) ctx.log(`    ${f.selfMs.toFixed(1).padStart(8)} ms ${(f.share * 100).toFixed(1).padStart(5)}%  ${f.name}`);
}

export const sessionBench: Benchmark = {
  name: 'session',
  summary: 'one device: connect + show command + close; smartlic vs raw ssh2 (target ≤ 1.3×) and vs netmiko',
  async run(ctx: BenchContext): Promise<BenchOutcome> {
    const platform = ctx.options.platform ?? 'ios-xe';
    const rounds = ctx.rounds ?? DEFAULT_ROUNDS;
    const warmup = ctx.warmup ?? DEFAULT_WARMUP;
    const profileDir = ctx.options.cpuProfileDir === undefined ? undefined : resolvePath(ctx.options.cpuProfileDir);
    if (profileDir !== undefined) mkdirSync(profileDir, { recursive: true });
    const notes: string[] = [];

    ctx.log(`session: starting the emulator (${platform}) in its own process`);
    const emulator = await startEmulatorProcess({ platform, ...(profileDir === undefined ? {} : { cpuProfileDir: profileDir }) });
    let netmiko: NetmikoProcess | undefined;
    let smartlicProfile: CpuProfile | undefined;
    try {
      const inventory = inventoryFromObject(emulator.inventory, emulator.inventoryFile);
      const host = inventory.resolveHosts('all')[0];
      if (host === undefined || host.password === undefined || host.hostKey === undefined) {
        throw new Error('the emulator inventory has no host with a password and a pinned host key');
      }
      const chosen = ctx.options.command === undefined ? await probeCommand(host) : { command: ctx.options.command, probed: 'given' };
      const command = chosen.command;
      ctx.log(`session: ${host.name} (${host.model ?? platform}) at ${host.host}:${host.port}, command "${command}" (${chosen.probed})`);

      const rawTarget = { host: host.host, port: host.port, username: host.username, password: host.password.reveal(), hostKey: host.hostKey };
      const contenders: Contender[] = [
        { name: 'raw ssh2', round: () => timed(async () => (await rawSsh2Round(rawTarget, command)).length) },
        { name: 'smartlic', round: () => timed(() => smartlicRound(host, command)) },
      ];
      if (ctx.options.netmiko) {
        try {
          netmiko = await NetmikoProcess.start({ ...rawTarget, deviceType: platform === 'ios-xe' ? 'cisco_ios' : 'cisco_xr' }, command);
          const peer = netmiko;
          contenders.push({ name: `netmiko ${peer.version}`, round: () => peer.round() });
        } catch (error) {
          const reason = `netmiko left out: ${(error as Error).message}`;
          notes.push(reason);
          ctx.log(`session: *** ${reason} ***`);
        }
      } else {
        notes.push('netmiko left out (--no-netmiko)');
      }

      const samples = new Map<string, number[]>(contenders.map((c) => [c.name, []]));
      // smartlic's time over raw ssh2's in the same round: both ran back to back, under the same machine load.
      const pairedRatios: number[] = [];
      const cpuSamples = new Map<string, number[]>(contenders.map((c) => [c.name, []]));
      const chars = new Map<string, number>();
      const total = warmup + rounds;
      for (let r = 0; r < total; r++) {
        const order = contenders.map((_, i) => contenders[(i + r) % contenders.length]!);
        const wallThisRound = new Map<string, number>();
        for (const contender of order) {
          const result = await contender.round();
          if (result.chars === 0) throw new Error(`${contender.name} got no output for "${command}"`);
          chars.set(contender.name, result.chars);
          wallThisRound.set(contender.name, result.ms);
          if (r >= warmup) {
            samples.get(contender.name)!.push(result.ms);
            if (Number.isFinite(result.cpuMs)) cpuSamples.get(contender.name)!.push(result.cpuMs);
          }
        }
        if (r >= warmup) pairedRatios.push(wallThisRound.get('smartlic')! / wallThisRound.get('raw ssh2')!);
        if ((r + 1) % 10 === 0 || r + 1 === total) ctx.log(`session: round ${r + 1}/${total}${r < warmup ? ' (warm-up)' : ''}`);
      }

      if (profileDir !== undefined) {
        ctx.log(`session: profiling ${rounds} smartlic rounds`);
        smartlicProfile = await profileSmartlic(profileDir, rounds, host, command);
      }

      const measure = (contender: string, unit: string, values: readonly number[]): Measurement => ({
        contender,
        unit,
        summary: summarize(values),
        samples: values.map((x) => Math.round(x * 1000) / 1000),
      });
      const wall = contenders.map((c) => measure(c.name, 'ms per round', samples.get(c.name)!));
      const cpu = contenders.filter((c) => cpuSamples.get(c.name)!.length > 0).map((c) => measure(`${c.name} (client CPU)`, 'ms CPU per round', cpuSamples.get(c.name)!));
      const measurements = [...wall, ...cpu];
      const byName = (list: readonly Measurement[], name: string): Measurement => list.find((m) => m.contender.startsWith(name))!;
      const raw = byName(wall, 'raw ssh2');
      const smartlic = byName(wall, 'smartlic');
      const peer = wall.find((m) => m.contender.startsWith('netmiko'));
      const rawCpu = byName(cpu, 'raw ssh2');
      const smartlicCpu = byName(cpu, 'smartlic');
      notes.push(
        'Each round is a full connect + command + close; rounds alternate between contenders in a rotating order. The emulator runs in a separate process; the raw ssh2 baseline verifies the pinned host key and turns Nagle off, as smartlic does. Client CPU is the CPU time of the client process during the round (the emulator excluded): on a loaded machine it is steadier than wall time.',
      );
      if (peer !== undefined) notes.push('netmiko runs with its defaults (ConnectHandler(**device)); its rounds are timed inside one Python process.');
      return {
        name: 'session',
        title: `connect + "${command}" + close, one emulated ${host.model ?? platform}`,
        settings: { platform, model: host.model ?? '', command, rounds, warmup, order: 'interleaved, rotating' },
        measurements,
        ratios: [
          { label: 'smartlic / raw ssh2 (median)', value: smartlic.summary.median / raw.summary.median, target: { comparison: '<=', value: TARGET } },
          { label: 'smartlic / raw ssh2 (p90)', value: smartlic.summary.p90 / raw.summary.p90 },
          { label: 'smartlic / raw ssh2 (median of per-round ratios)', value: median(pairedRatios) },
          { label: 'smartlic / raw ssh2 (median client CPU)', value: smartlicCpu.summary.median / rawCpu.summary.median },
          ...(peer === undefined ? [] : [{ label: 'netmiko / smartlic (median)', value: peer.summary.median / smartlic.summary.median, format: 'times' as const }]),
        ],
        notes,
        details: { outputChars: Object.fromEntries(chars), commandChoice: chosen.probed },
      };
    } finally {
      await netmiko?.stop();
      await emulator.stop();
      if (profileDir !== undefined) {
        if (smartlicProfile !== undefined) logHot(ctx, 'smartlic (client process)', smartlicProfile);
        try {
          logHot(ctx, 'emulator process (whole run)', JSON.parse(readFileSync(join(profileDir, 'emulator.cpuprofile'), 'utf8')) as CpuProfile);
        } catch (error) {
          ctx.log(`  emulator profile unavailable: ${(error as Error).message}`);
        }
        ctx.log(`  profiles written to ${profileDir} (open in Chrome DevTools › Performance)`);
      }
    }
  },
};
