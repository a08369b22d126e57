/**
 * Parse throughput: every corpus case and seed fixture, repeated into a large corpus, parsed with `parse()`, against
 * a plain line-split pass of the same text in the same run: `text.split(/\r?\n/)` (the captures end their lines
 * with CRLF or LF) and a look at every line. The ratio against a bare `split('\n')`, which leaves the CRs in, is
 * printed too for reference. Prints the
 * ratio parser speed / line-split speed, in CPU time of the process (stable on a shared machine); the target is
 * ≥ 0.25.
 *
 * CPU time of the process includes V8's background threads (concurrent marking and sweeping, JIT compilation), so
 * each timed pass is preceded by an untimed pass of the same kind: the line split of 8 MiB leaves ~10 MiB of
 * promoted lines behind per pass, and without the settling pass the marking of that garbage and the compiler's
 * late work ran during the timed parse and were charged to it (measured: background CPU 10–130 ms per parse pass
 * without, ~0–20 ms with).
 *
 *   npx tsx bench/parse-throughput.ts [--rounds N] [--target-mb N] [--cpu-prof DIR]
 *
 * `runParseBench()` is exported for tests; `parseBench` is its entry in `npm run bench` (`--only parse`).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Session as InspectorSession } from 'node:inspector/promises';
import { join, resolve as resolvePath } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse } from '../src/parsers/parse.js';
import type { ParsePlatform } from '../src/parsers/types.js';
import { hotFunctions, type CpuProfile, type HotFunction } from './harness/cpu-profile.js';
import { summarize } from './harness/stats.js';
import type { Benchmark } from './harness/types.js';

export interface ParseBenchOptions {
  /** Timed rounds; the median is reported. Default 7. */
  readonly rounds?: number;
  /** Untimed warm-up passes of each contender over the whole corpus before the rounds. Default 1. */
  readonly warmup?: number;
  /** Write a CPU profile of one extra (untimed) parse pass there as `parse.cpuprofile`. */
  readonly cpuProfileDir?: string;
  /** Size of the repeated corpus in MiB. Default 8. */
  readonly targetMb?: number;
  /** Folder of shared/corpus (default: ../shared/corpus next to the checkout, or $SMARTLIC_CORPUS). */
  readonly corpusDir?: string;
}

export interface ParseBenchResult {
  /** Parser throughput as a fraction of line-split throughput (1 = as fast as splitting lines). */
  readonly ratio: number;
  readonly target: number;
  /** Median CPU milliseconds of one parse pass over the corpus. */
  readonly parseMs: number;
  /** Median CPU milliseconds of one line-split pass (`split(/\r?\n/)`) over the same text. */
  readonly splitMs: number;
  /** Median CPU milliseconds of a bare `split('\n')` pass, and the parser's ratio against it (reference). */
  readonly bareSplitMs: number;
  readonly bareRatio: number;
  /** Median wall-clock milliseconds of one parse pass. */
  readonly parseWallMs: number;
  /** Untimed warm-up passes of each contender. */
  readonly warmup: number;
  readonly bytes: number;
  readonly lines: number;
  readonly outputs: number;
  readonly samples: number;
  readonly parseMbPerSec: number;
  readonly splitMbPerSec: number;
  /** Per-round CPU milliseconds, in round order (the medians above come from these). */
  readonly parseSamples: readonly number[];
  readonly splitSamples: readonly number[];
  readonly bareSplitSamples: readonly number[];
  /** With `cpuProfileDir`: where the profile was written and its heaviest functions by self time. */
  readonly profile?: { readonly file: string; readonly hot: readonly HotFunction[] };
}

interface Sample {
  readonly command: string;
  readonly text: string;
  readonly platform?: ParsePlatform;
}

const TARGET_RATIO = 0.25;
const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const SPLIT_REPEAT = 5;
const PLATFORMS: Readonly<Record<string, ParsePlatform>> = { iosxe: 'ios-xe', iosxr: 'ios-xr', asa: 'asa', nxos: 'nx-os' };

function loadSamples(corpusDir: string): Sample[] {
  const samples: Sample[] = [];
  const seeds = fileURLToPath(new URL('../test/parsers/fixtures/seeds/', import.meta.url));
  for (const f of JSON.parse(readFileSync(join(seeds, 'seeds.json'), 'utf8')) as Array<{ file: string; command: string; platform: ParsePlatform }>) {
    const command = f.command === 'show controllers optics' ? 'show controllers optics 0/1/0/1' : f.command;
    samples.push({ command, text: readFileSync(join(seeds, f.file), 'utf8'), platform: f.platform });
  }
  const cases = join(corpusDir, 'cases.json');
  if (existsSync(cases)) {
    for (const c of JSON.parse(readFileSync(cases, 'utf8')) as Array<{ file: string; command: string; platform: string; negative?: boolean }>) {
      if (c.negative === true) continue;
      const platform = PLATFORMS[c.platform];
      samples.push(platform === undefined ? { command: c.command, text: readFileSync(join(corpusDir, c.file), 'utf8') } : { command: c.command, text: readFileSync(join(corpusDir, c.file), 'utf8'), platform });
    }
  }
  return samples;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** The baseline: split into lines at CRLF or LF and touch each line, so the pass cannot be optimised away. */
function lineSplitPass(text: string): number {
  const lines = text.split(/\r?\n/);
  let total = 0;
  for (let i = 0; i < lines.length; i++) total += lines[i]!.length;
  return total + lines.length;
}

/** Reference only: a bare split at LF (CRs stay in the lines). */
function bareSplitPass(text: string): number {
  const lines = text.split('\n');
  let total = 0;
  for (let i = 0; i < lines.length; i++) total += lines[i]!.length;
  return total + lines.length;
}

function parsePass(samples: readonly Sample[], repeat: number): number {
  let count = 0;
  for (let r = 0; r < repeat; r++) {
    for (const s of samples) {
      const result = parse(s.command, s.text, s.platform === undefined ? {} : { platform: s.platform });
      count += result.unparsed.length + 1;
    }
  }
  return count;
}

export async function runParseBench(options: ParseBenchOptions = {}): Promise<ParseBenchResult> {
  const corpusDir = options.corpusDir ?? process.env['SMARTLIC_CORPUS'] ?? fileURLToPath(new URL('../../shared/corpus/', import.meta.url));
  const samples = loadSamples(corpusDir);
  const one = samples.map((s) => s.text).join('\n');
  const oneBytes = Buffer.byteLength(one);
  const repeat = Math.max(1, Math.round(((options.targetMb ?? 8) * 1024 * 1024) / oneBytes));
  const big = Array.from({ length: repeat }, () => one).join('\n');
  const rounds = Math.max(1, options.rounds ?? 7);
  const warmup = Math.max(0, options.warmup ?? 1);

  // Warm up both paths over the whole corpus (the JIT compiles the parsers on background threads, whose CPU time
  // counts), then alternate timed rounds so machine load hits both alike.
  let sink = 0;
  for (let w = 0; w < warmup; w++) sink += parsePass(samples, repeat) + lineSplitPass(big) + bareSplitPass(big);
  // CPU time of this process (user + system), so other processes on a shared machine do not skew the ratio.
  const cpuMs = (since: NodeJS.CpuUsage): number => {
    const used = process.cpuUsage(since);
    return (used.user + used.system) / 1000;
  };
  const parseTimes: number[] = [];
  const splitTimes: number[] = [];
  const bareTimes: number[] = [];
  const wallParse: number[] = [];
  for (let i = 0; i < rounds; i++) {
    // Each timed phase follows an untimed pass of the same kind, which absorbs the background work the previous
    // phase left (see the top of this file). The split pass is short: time several and take the mean.
    sink += lineSplitPass(big);
    let cpu = process.cpuUsage();
    for (let k = 0; k < SPLIT_REPEAT; k++) sink += lineSplitPass(big);
    splitTimes.push(cpuMs(cpu) / SPLIT_REPEAT);
    sink += bareSplitPass(big);
    cpu = process.cpuUsage();
    for (let k = 0; k < SPLIT_REPEAT; k++) sink += bareSplitPass(big);
    bareTimes.push(cpuMs(cpu) / SPLIT_REPEAT);
    sink += parsePass(samples, repeat);
    cpu = process.cpuUsage();
    const wall = performance.now();
    sink += parsePass(samples, repeat);
    parseTimes.push(cpuMs(cpu));
    wallParse.push(performance.now() - wall);
    await new Promise((resolve) => setImmediate(resolve));
  }
  if (sink < 0) throw new Error('unreachable');
  const profile = options.cpuProfileDir === undefined ? undefined : await profileParse(resolvePath(options.cpuProfileDir), samples, repeat);
  const parseMs = median(parseTimes);
  const splitMs = median(splitTimes);
  const bareSplitMs = median(bareTimes);
  const bytes = Buffer.byteLength(big);
  const mb = bytes / (1024 * 1024);
  return {
    ratio: splitMs / parseMs,
    target: TARGET_RATIO,
    parseMs,
    splitMs,
    bareSplitMs,
    bareRatio: bareSplitMs / parseMs,
    parseWallMs: median(wallParse),
    warmup,
    bytes,
    lines: big.split('\n').length,
    outputs: samples.length * repeat,
    samples: samples.length,
    parseMbPerSec: mb / (parseMs / 1000),
    splitMbPerSec: mb / (splitMs / 1000),
    parseSamples: parseTimes,
    splitSamples: splitTimes,
    bareSplitSamples: bareTimes,
    ...(profile === undefined ? {} : { profile }),
  };
}

/** One parse pass under the inspector's sampling profiler (after the timed rounds, so it does not slow them). */
async function profileParse(dir: string, samples: readonly Sample[], repeat: number): Promise<{ file: string; hot: HotFunction[] }> {
  mkdirSync(dir, { recursive: true });
  const inspector = new InspectorSession();
  inspector.connect();
  try {
    await inspector.post('Profiler.enable');
    await inspector.post('Profiler.setSamplingInterval', { interval: 100 });
    await inspector.post('Profiler.start');
    parsePass(samples, repeat);
    const { profile } = (await inspector.post('Profiler.stop')) as { profile: CpuProfile };
    const file = join(dir, 'parse.cpuprofile');
    writeFileSync(file, JSON.stringify(profile));
    // The first sample's delta runs from Profiler.start (the inspector's dispatch), not from a parse sample.
    const deltas = profile.timeDeltas === undefined ? undefined : [0, ...profile.timeDeltas.slice(1)];
    return { file, hot: hotFunctions(deltas === undefined ? profile : { ...profile, timeDeltas: deltas }, 15, REPO_ROOT) };
  } finally {
    inspector.disconnect();
  }
}

export const parseBench: Benchmark = {
  name: 'parse',
  summary: 'parser throughput: parse() over the corpus vs a line split of the same text (target ≥ 25%)',
  async run(ctx) {
    ctx.log('parse: building the corpus and timing parse() against split(/\\r?\\n/)');
    const r = await runParseBench({
      ...(ctx.rounds === undefined ? {} : { rounds: ctx.rounds }),
      ...(ctx.warmup === undefined ? {} : { warmup: ctx.warmup }),
      ...(ctx.options.cpuProfileDir === undefined ? {} : { cpuProfileDir: ctx.options.cpuProfileDir }),
    });
    if (r.profile !== undefined) {
      ctx.log(`  parse: profile of one pass written to ${r.profile.file}; top self time:`);
      for (const f of r.profile.hot) ctx.log(`    ${f.selfMs.toFixed(1).padStart(8)} ms ${(f.share * 100).toFixed(1).padStart(5)}%  ${f.name}`);
    }
    const unit = 'ms CPU per pass';
    return {
      name: 'parse',
      title: `parse() of ${r.outputs} captured outputs (${(r.bytes / 1048576).toFixed(1)} MiB) vs a line split of the same text`,
      settings: { rounds: r.parseSamples.length, warmup: r.warmup, samples: r.samples, outputs: r.outputs, mib: Math.round((r.bytes / 1048576) * 10) / 10, lines: r.lines },
      measurements: [
        { contender: 'line split: split(/\\r?\\n/)', unit, summary: summarize(r.splitSamples), samples: r.splitSamples },
        { contender: "bare split('\\n')", unit, summary: summarize(r.bareSplitSamples), samples: r.bareSplitSamples },
        { contender: 'parse()', unit, summary: summarize(r.parseSamples), samples: r.parseSamples },
      ],
      ratios: [
        { label: 'parse() speed / line-split speed (median CPU)', value: r.ratio, target: { comparison: '>=', value: r.target }, format: 'percent' },
        { label: "parse() speed / bare split('\\n') speed", value: r.bareRatio, format: 'percent' },
      ],
      notes: [
        `CPU time of this process (user + system), so other processes on a shared machine do not skew it; parse() runs at ${r.parseMbPerSec.toFixed(1)} MiB/s (${r.parseWallMs.toFixed(0)} ms wall per pass).`,
        `Warm-up: ${r.warmup} untimed pass(es) of each contender over the whole corpus; each timed phase follows an untimed pass of the same kind, so V8's background work left by the other phase (marking the split's promoted lines, late JIT compilation) is not charged to it.`,
      ],
      details: { parseMbPerSec: r.parseMbPerSec, splitMbPerSec: r.splitMbPerSec, parseWallMs: r.parseWallMs },
    };
  },
};

function argValue(name: string): number | undefined {
  const i = process.argv.indexOf(name);
  if (i === -1) return undefined;
  const n = Number(process.argv[i + 1]);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rounds = argValue('--rounds');
  const warmup = argValue('--warmup');
  const targetMb = argValue('--target-mb');
  const profileAt = process.argv.indexOf('--cpu-prof');
  const cpuProfileDir = profileAt === -1 ? undefined : process.argv[profileAt + 1];
  const r = await runParseBench({
    ...(rounds === undefined ? {} : { rounds }),
    ...(warmup === undefined ? {} : { warmup }),
    ...(targetMb === undefined ? {} : { targetMb }),
    ...(cpuProfileDir === undefined ? {} : { cpuProfileDir }),
  });
  const f = (n: number): string => n.toFixed(1);
  process.stdout.write(
    `parse throughput: ${r.outputs} outputs (${r.samples} samples), ${f(r.bytes / 1048576)} MiB, ${r.lines} lines\n` +
      `  line split : ${f(r.splitMs)} ms CPU  (${f(r.splitMbPerSec)} MiB/s)  split(/\\r?\\n/)\n` +
      `  parse()    : ${f(r.parseMs)} ms CPU  (${f(r.parseMbPerSec)} MiB/s; ${f(r.parseWallMs)} ms wall)\n` +
      `  ratio      : ${(r.ratio * 100).toFixed(1)}% of line-split speed (target ≥ ${r.target * 100}%) ${r.ratio >= r.target ? 'OK' : 'BELOW TARGET'}\n` +
      `  reference  : ${(r.bareRatio * 100).toFixed(1)}% of a bare split('\\n') (${f(r.bareSplitMs)} ms CPU; leaves the CRs in)\n`,
  );
  if (r.profile !== undefined) {
    process.stdout.write(`  profile    : ${r.profile.file}\n`);
    for (const h of r.profile.hot) process.stdout.write(`    ${h.selfMs.toFixed(1).padStart(8)} ms ${(h.share * 100).toFixed(1).padStart(5)}%  ${h.name}\n`);
  }
}
