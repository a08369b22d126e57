/**
 * The shapes every benchmark shares: what `bench/run.ts` hands a benchmark (`BenchContext`) and what it gets back
 * (`BenchOutcome`: measured contenders, ratios with their targets, notes). A new benchmark is one module that
 * exports a `Benchmark` plus one line in `bench/registry.ts`.
 */
import type { Summary } from './stats.js';

export interface BenchContext {
  /** Timed rounds (`--rounds`); each benchmark has its own default when absent. */
  readonly rounds?: number;
  /** Untimed warm-up rounds (`--warmup`). */
  readonly warmup?: number;
  /** Benchmark-specific options (`--command`, `--platform`, `--no-netmiko` …), already validated by args.ts. */
  readonly options: BenchOptions;
  /** Progress lines (stderr); never the results. */
  readonly log: (line: string) => void;
}

export interface BenchOptions {
  readonly command?: string;
  readonly platform?: 'ios-xe' | 'ios-xr';
  readonly netmiko: boolean;
  /** Folder for CPU profiles (`--cpu-prof DIR`), when profiling was asked for. */
  readonly cpuProfileDir?: string;
  /** Emulated devices (`--devices`): fleet takes the first, scale runs each in turn. */
  readonly devices?: readonly number[];
  /** fleet: run the Ansible contenders (default true; `--no-ansible`). */
  readonly ansible?: boolean;
  /** fleet: `smartlic run --forks` (default: smartlic's own default); the second Ansible run uses it too. */
  readonly forks?: number;
  /** scale: devices onboarded at once (`--concurrency`). */
  readonly concurrency?: number;
  /** fleet: run the smartlic CLI through tsx instead of compiling it first (`--from-source`). */
  readonly fromSource?: boolean;
}

export interface Benchmark {
  /** What `--only` selects: lower-case, one word. */
  readonly name: string;
  /** One line for `--list`. */
  readonly summary: string;
  run(context: BenchContext): Promise<BenchOutcome>;
}

/** One contender's samples and their summary. */
export interface Measurement {
  readonly contender: string;
  /** What one sample is, for the table header (`ms per round`, `ms CPU per pass`). */
  readonly unit: string;
  readonly summary: Summary;
  readonly samples: readonly number[];
}

export type TargetComparison = '<=' | '>=';

export interface RatioCheck {
  /** `smartlic / raw ssh2 (median)`. */
  readonly label: string;
  readonly value: number;
  /** Absent for ratios printed for reference only. */
  readonly target?: { readonly comparison: TargetComparison; readonly value: number };
  /** How the value is printed: `1.12`, `12.3×`, a percentage, or a whole number (`count`). */
  readonly format?: 'ratio' | 'times' | 'percent' | 'count';
  /** Printed after the value and the target (`MiB`, `s`). */
  readonly unit?: string;
}

export interface BenchOutcome {
  readonly name: string;
  /** One line: what was measured. */
  readonly title: string;
  /** Settings that make the numbers reproducible (rounds, command, platform, corpus size …). */
  readonly settings: Readonly<Record<string, string | number | boolean>>;
  readonly measurements: readonly Measurement[];
  readonly ratios: readonly RatioCheck[];
  /** Anything a reader must know (a peer that could not run, how the baseline was built). */
  readonly notes: readonly string[];
  /** Extra machine-readable figures for `--json`. */
  readonly details?: Readonly<Record<string, unknown>>;
}

/** Whether a ratio meets its target; null when it has none. */
export function targetMet(ratio: RatioCheck): boolean | null {
  if (ratio.target === undefined) return null;
  return ratio.target.comparison === '<=' ? ratio.value <= ratio.target.value : ratio.value >= ratio.target.value;
}
