/**
 * `npm run bench [-- options]`: runs the registered benchmarks (or those picked with `--only`), prints a table and
 * the ratios with their verdicts (or `--json`), and with `--write` updates BENCHMARKS.md with the results and the
 * machine they were measured on. A missed target is printed loudly but is not a failure: the exit code is 1 only
 * when the harness itself failed, 2 for bad options.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isSmartlicError } from '../src/errors.js';
import { BENCH_USAGE, parseBenchArgs, type BenchArgs } from './harness/args.js';
import { renderSection, updateBenchmarksMarkdown } from './harness/benchmarks-md.js';
import { describeMachine, machineInfo } from './harness/machine.js';
import { formatOutcome, missedTargets } from './harness/report.js';
import { targetMet, type BenchOutcome, type Benchmark } from './harness/types.js';
import { benchmarks } from './registry.js';

const BENCHMARKS_FILE = fileURLToPath(new URL('../BENCHMARKS.md', import.meta.url));

export interface RunIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

async function runSelected(args: BenchArgs, selected: readonly Benchmark[], io: RunIo): Promise<number> {
  const machine = await machineInfo();
  io.stderr(`machine: ${describeMachine(machine)}\n`);
  const outcomes: BenchOutcome[] = [];
  for (const bench of selected) {
    const outcome = await bench.run({
      ...(args.rounds === undefined ? {} : { rounds: args.rounds }),
      ...(args.warmup === undefined ? {} : { warmup: args.warmup }),
      options: args.options,
      log: (line) => io.stderr(`${line}\n`),
    });
    outcomes.push(outcome);
    if (!args.json) io.stdout(`\n${formatOutcome(outcome)}`);
  }

  const missed = missedTargets(outcomes);
  if (args.json) {
    const results = outcomes.map((o) => ({ ...o, ratios: o.ratios.map((r) => ({ ...r, met: targetMet(r) })) }));
    io.stdout(`${JSON.stringify({ machine, results, missed }, null, 2)}\n`);
  } else {
    io.stdout(missed.length === 0 ? '\nall targets met\n' : `\n*** ${missed.length} TARGET(S) MISSED ***\n${missed.map((m) => `  ${m}\n`).join('')}`);
  }
  if (missed.length > 0) io.stderr(`*** TARGET MISSED: ${missed.join('; ')} ***\n`);

  if (args.write) {
    const existing = existsSync(BENCHMARKS_FILE) ? readFileSync(BENCHMARKS_FILE, 'utf8') : null;
    writeFileSync(BENCHMARKS_FILE, updateBenchmarksMarkdown(existing, outcomes.map((o) => renderSection(o, machine))));
    io.stderr(`BENCHMARKS.md updated (${outcomes.map((o) => o.name).join(', ')})\n`);
  }
  return 0;
}

/** The whole command; resolves with the exit code. */
export async function runBench(argv: readonly string[], io: RunIo): Promise<number> {
  let args: BenchArgs;
  try {
    args = parseBenchArgs(argv, benchmarks.map((b) => b.name));
  } catch (error) {
    io.stderr(`${(error as Error).message}\n\n${BENCH_USAGE}`);
    return 2;
  }
  if (args.help) {
    io.stdout(BENCH_USAGE);
    return 0;
  }
  if (args.list) {
    for (const b of benchmarks) io.stdout(`${b.name.padEnd(10)} ${b.summary}\n`);
    return 0;
  }
  const selected = args.only.length === 0 ? benchmarks : benchmarks.filter((b) => args.only.includes(b.name));
  try {
    return await runSelected(args, selected, io);
  } catch (error) {
    const message = isSmartlicError(error) ? `${error.code}: ${error.message}` : error instanceof Error ? (error.stack ?? error.message) : String(error);
    io.stderr(`bench: harness error: ${message}\n`);
    return 1;
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await runBench(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  });
}
