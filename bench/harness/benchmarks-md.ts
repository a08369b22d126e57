/**
 * BENCHMARKS.md: the latest results of each benchmark live between `<!-- bench:NAME:begin -->` and
 * `<!-- bench:NAME:end -->`, so `npm run bench -- --write` replaces only the blocks of the benchmarks it ran and
 * leaves the hand-written text (how to run, the before/after history) alone.
 */
import { describeMachine, type MachineInfo } from './machine.js';
import { formatNumber, formatRatioValue, formatVerdict } from './report.js';
import type { BenchOutcome } from './types.js';

export interface MarkdownSection {
  readonly name: string;
  /** The block's content, without its markers. */
  readonly markdown: string;
}

const RESULTS_HEADING = '## Latest results';

const DEFAULT_HEADER = `# Benchmarks

\`npm run bench\` measures smartlic and its baseline in the same run and prints the ratios against each target
(\`npm run bench -- --help\` for the options); \`npm run bench -- --write\` updates the blocks below.

${RESULTS_HEADING}
`;

function beginMarker(name: string): string {
  return `<!-- bench:${name}:begin -->`;
}

function endMarker(name: string): string {
  return `<!-- bench:${name}:end -->`;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

export function renderSection(outcome: BenchOutcome, machine: MachineInfo): MarkdownSection {
  const lines = [`### ${outcome.name}: ${cell(outcome.title)}`, ''];
  lines.push(`Measured ${machine.date.slice(0, 16).replace('T', ' ')} UTC on ${describeMachine(machine)}.`, '');
  const settings = Object.entries(outcome.settings).map(([k, v]) => `${k} \`${String(v)}\``);
  if (settings.length > 0) lines.push(`Settings: ${settings.join(', ')}.`, '');
  if (outcome.measurements.length > 0) {
    lines.push('| contender | unit | median | p90 | mean | min | max | n |', '|---|---|---:|---:|---:|---:|---:|---:|');
    for (const m of outcome.measurements) {
      const s = m.summary;
      lines.push(
        `| ${cell(m.contender)} | ${cell(m.unit)} | ${formatNumber(s.median)} | ${formatNumber(s.p90)} | ${formatNumber(s.mean)} | ${formatNumber(s.min)} | ${formatNumber(s.max)} | ${s.count} |`,
      );
    }
    lines.push('');
  }
  if (outcome.ratios.length > 0) {
    lines.push('| ratio | value | verdict |', '|---|---:|---|');
    for (const r of outcome.ratios) lines.push(`| ${cell(r.label)} | ${formatRatioValue(r)} | ${cell(formatVerdict(r)).replace(/\s+/g, ' ')} |`);
    lines.push('');
  }
  for (const note of outcome.notes) lines.push(`- ${note}`);
  return { name: outcome.name, markdown: lines.join('\n').trimEnd() };
}

function block(section: MarkdownSection): string {
  return `${beginMarker(section.name)}\n${section.markdown}\n${endMarker(section.name)}`;
}

/**
 * The new file text: each section replaces its own block; a benchmark without a block yet gets one after the last
 * bench block (or under "## Latest results", or at the end). `existing` null starts a new file.
 */
export function updateBenchmarksMarkdown(existing: string | null, sections: readonly MarkdownSection[]): string {
  let text = existing ?? DEFAULT_HEADER;
  for (const section of sections) {
    const begin = text.indexOf(beginMarker(section.name));
    const end = begin < 0 ? -1 : text.indexOf(endMarker(section.name), begin);
    if (begin >= 0 && end >= 0) {
      text = text.slice(0, begin) + block(section) + text.slice(end + endMarker(section.name).length);
      continue;
    }
    const lastEnd = [...text.matchAll(/<!-- bench:[a-z0-9-]+:end -->/g)].pop();
    if (lastEnd?.index !== undefined) {
      const at = lastEnd.index + lastEnd[0].length;
      text = `${text.slice(0, at)}\n\n${block(section)}${text.slice(at)}`;
      continue;
    }
    const heading = text.indexOf(`${RESULTS_HEADING}\n`);
    if (heading >= 0) {
      const at = heading + RESULTS_HEADING.length + 1;
      text = `${text.slice(0, at)}\n${block(section)}\n${text.slice(at)}`;
      continue;
    }
    text = `${text.trimEnd()}\n\n${block(section)}\n`;
  }
  return text.endsWith('\n') ? text : `${text}\n`;
}
