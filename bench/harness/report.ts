/** Plain-text tables for the terminal: one block per benchmark, then a line per ratio with its verdict. */
import { targetMet, type BenchOutcome, type RatioCheck } from './types.js';

export type Align = 'left' | 'right';

/** Columns padded to their widest cell; the first column left-aligned, the others as `align` says. */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[], align: readonly Align[] = []): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, c) => ((align[c] ?? (c === 0 ? 'left' : 'right')) === 'left' ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** Enough digits to compare contenders: 0.123, 12.34, 123.4, 1234. */
export function formatNumber(n: number): string {
  const abs = Math.abs(n);
  if (abs >= 1000) return n.toFixed(0);
  if (abs >= 100) return n.toFixed(1);
  if (abs >= 1) return n.toFixed(2);
  return n.toFixed(3);
}

function formatValue(value: number, format: NonNullable<RatioCheck['format']>): string {
  switch (format) {
    case 'percent':
      return `${(value * 100).toFixed(1)}%`;
    case 'times':
      return `${value >= 10 ? value.toFixed(1) : value.toFixed(2)}×`;
    case 'count':
      return String(Math.round(value));
    case 'ratio':
      return value.toFixed(2);
  }
}

export function formatRatioValue(ratio: Pick<RatioCheck, 'value' | 'format' | 'unit'>): string {
  const text = formatValue(ratio.value, ratio.format ?? 'ratio');
  return ratio.unit === undefined ? text : `${text} ${ratio.unit}`;
}

/** `target ≤ 1.30  met` / `target ≤ 1.30  MISSED` / `reference`. */
export function formatVerdict(ratio: RatioCheck): string {
  const met = targetMet(ratio);
  if (met === null || ratio.target === undefined) return 'reference';
  const sign = ratio.target.comparison === '<=' ? '≤' : '≥';
  const target = formatRatioValue({ value: ratio.target.value, ...(ratio.format === undefined ? {} : { format: ratio.format }), ...(ratio.unit === undefined ? {} : { unit: ratio.unit }) });
  return `target ${sign} ${target}  ${met ? 'met' : '*** MISSED ***'}`;
}

export function formatOutcome(outcome: BenchOutcome): string {
  const settings = Object.entries(outcome.settings)
    .map(([k, v]) => `${k}=${typeof v === 'string' && /\s/.test(v) ? JSON.stringify(v) : String(v)}`)
    .join(' ');
  const parts = [`== ${outcome.name}: ${outcome.title}`, `   ${settings}`, ''];
  if (outcome.measurements.length > 0) {
    const units = [...new Set(outcome.measurements.map((m) => m.unit))];
    const oneUnit = units.length === 1;
    const rows = outcome.measurements.map((m) => [
      m.contender,
      ...(oneUnit ? [] : [m.unit]),
      formatNumber(m.summary.median),
      formatNumber(m.summary.p90),
      formatNumber(m.summary.mean),
      formatNumber(m.summary.min),
      formatNumber(m.summary.max),
      String(m.summary.count),
    ]);
    const header = oneUnit ? [`contender (${units[0]})`] : ['contender', 'unit'];
    const align: Align[] = oneUnit ? [] : ['left', 'left'];
    parts.push(formatTable([...header, 'median', 'p90', 'mean', 'min', 'max', 'n'], rows, align), '');
  }
  if (outcome.ratios.length > 0) {
    parts.push(
      formatTable(
        ['ratio', 'value', 'verdict'],
        outcome.ratios.map((r) => [r.label, formatRatioValue(r), formatVerdict(r)]),
        ['left', 'right', 'left'],
      ),
      '',
    );
  }
  for (const note of outcome.notes) parts.push(`note: ${note}`);
  return `${parts.join('\n').trimEnd()}\n`;
}

/** The ratios that missed their targets, across benchmarks, for the closing summary. */
export function missedTargets(outcomes: readonly BenchOutcome[]): string[] {
  return outcomes.flatMap((o) => o.ratios.filter((r) => targetMet(r) === false).map((r) => `${o.name}: ${r.label} = ${formatRatioValue(r)} (${formatVerdict(r)})`));
}
