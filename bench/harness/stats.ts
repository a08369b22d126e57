/** Order statistics over benchmark samples (milliseconds or any other unit). */
import { InvalidArgumentError } from '../../src/errors.js';

export interface Summary {
  readonly count: number;
  readonly median: number;
  readonly p90: number;
  readonly mean: number;
  readonly min: number;
  readonly max: number;
}

function sortedCopy(samples: readonly number[]): number[] {
  if (samples.length === 0) throw new InvalidArgumentError('samples', 'no samples to summarize');
  for (const s of samples) {
    if (!Number.isFinite(s)) throw new InvalidArgumentError('samples', `not a finite number: ${String(s)}`);
  }
  return [...samples].sort((a, b) => a - b);
}

/** The middle value; the mean of the two middle values for an even count. */
export function median(samples: readonly number[]): number {
  const sorted = sortedCopy(samples);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Nearest-rank percentile (`p` in 0–100): the smallest sample with at least p% of the samples at or below it. */
export function percentile(samples: readonly number[], p: number): number {
  if (!(p >= 0 && p <= 100)) throw new InvalidArgumentError('percentile', `must be 0-100, got ${String(p)}`);
  const sorted = sortedCopy(samples);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

export function summarize(samples: readonly number[]): Summary {
  const sorted = sortedCopy(samples);
  let sum = 0;
  for (const s of sorted) sum += s;
  return {
    count: sorted.length,
    median: median(sorted),
    p90: percentile(sorted, 90),
    mean: sum / sorted.length,
    min: sorted[0]!,
    max: sorted[sorted.length - 1]!,
  };
}
