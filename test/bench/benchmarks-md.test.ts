import t from 'tap';
import { renderSection, updateBenchmarksMarkdown } from '../../bench/harness/benchmarks-md.js';
import type { MachineInfo } from '../../bench/harness/machine.js';
import { summarize } from '../../bench/harness/stats.js';
import type { BenchOutcome } from '../../bench/harness/types.js';

const machine: MachineInfo = {
  date: '2026-03-01T10:20:30.000Z',
  cpu: 'Test CPU',
  cores: 2,
  ramGiB: 23.5,
  os: 'Linux 6.1',
  load1: 0.5,
  node: 'v20.20.2',
  ssh2: '1.17.0',
  python: '3.11.2',
  netmiko: '2.4.2',
  paramiko: '2.12.0',
};

const outcome: BenchOutcome = {
  name: 'session',
  title: 'connect + "show version" + close',
  settings: { command: 'show version', rounds: 3 },
  measurements: [{ contender: 'raw ssh2', unit: 'ms per round', summary: summarize([10, 11, 12]), samples: [10, 11, 12] }],
  ratios: [{ label: 'smartlic / raw ssh2 (median)', value: 1.1, target: { comparison: '<=', value: 1.3 } }],
  notes: ['pipes | are escaped in cells only'],
};

t.test('a section names the machine, the settings, the figures and the verdicts', async (t) => {
  const section = renderSection(outcome, machine);
  t.equal(section.name, 'session');
  t.equal(
    section.markdown,
    [
      '### session: connect + "show version" + close',
      '',
      'Measured 2026-03-01 10:20 UTC on Test CPU, 2 cores, 23.5 GiB RAM, Linux 6.1, load 0.5; Node v20.20.2, ssh2 1.17.0, Python 3.11.2, netmiko 2.4.2, paramiko 2.12.0.',
      '',
      'Settings: command `show version`, rounds `3`.',
      '',
      '| contender | unit | median | p90 | mean | min | max | n |',
      '|---|---|---:|---:|---:|---:|---:|---:|',
      '| raw ssh2 | ms per round | 11.00 | 12.00 | 11.00 | 10.00 | 12.00 | 3 |',
      '',
      '| ratio | value | verdict |',
      '|---|---:|---|',
      '| smartlic / raw ssh2 (median) | 1.10 | target ≤ 1.30 met |',
      '',
      '- pipes | are escaped in cells only',
    ].join('\n'),
  );
});

t.test('a new file gets the header and the block', async (t) => {
  const text = updateBenchmarksMarkdown(null, [{ name: 'session', markdown: 'S1' }]);
  t.match(text, /^# Benchmarks\n/);
  t.match(text, /## Latest results\n\n<!-- bench:session:begin -->\nS1\n<!-- bench:session:end -->\n/);
});

t.test('blocks are replaced in place; hand-written text stays; new blocks go after the last one', async (t) => {
  const before = [
    '# Benchmarks',
    '',
    'intro',
    '',
    '## Latest results',
    '',
    '<!-- bench:session:begin -->',
    'old session',
    '<!-- bench:session:end -->',
    '',
    '## History',
    '',
    'hand-written before/after',
    '',
  ].join('\n');
  const after = updateBenchmarksMarkdown(before, [
    { name: 'session', markdown: 'new session' },
    { name: 'parse', markdown: 'new parse' },
  ]);
  t.equal(
    after,
    [
      '# Benchmarks',
      '',
      'intro',
      '',
      '## Latest results',
      '',
      '<!-- bench:session:begin -->',
      'new session',
      '<!-- bench:session:end -->',
      '',
      '<!-- bench:parse:begin -->',
      'new parse',
      '<!-- bench:parse:end -->',
      '',
      '## History',
      '',
      'hand-written before/after',
      '',
    ].join('\n'),
  );
  t.equal(updateBenchmarksMarkdown(after, [{ name: 'parse', markdown: 'new parse' }]), after, 'rewriting the same results changes nothing');
  t.equal(updateBenchmarksMarkdown('# Notes', [{ name: 'parse', markdown: 'P' }]), '# Notes\n\n<!-- bench:parse:begin -->\nP\n<!-- bench:parse:end -->\n');
});
