import t from 'tap';
import { formatNumber, formatOutcome, formatRatioValue, formatTable, formatVerdict, missedTargets } from '../../bench/harness/report.js';
import { summarize } from '../../bench/harness/stats.js';
import { targetMet, type BenchOutcome } from '../../bench/harness/types.js';

const outcome: BenchOutcome = {
  name: 'session',
  title: 'connect + "show version" + close',
  settings: { platform: 'ios-xe', command: 'show version', rounds: 3 },
  measurements: [
    { contender: 'raw ssh2', unit: 'ms per round', summary: summarize([10, 11, 12]), samples: [10, 11, 12] },
    { contender: 'smartlic', unit: 'ms per round', summary: summarize([12, 14, 16]), samples: [12, 14, 16] },
  ],
  ratios: [
    { label: 'smartlic / raw ssh2 (median)', value: 14 / 11, target: { comparison: '<=', value: 1.3 } },
    { label: 'netmiko / smartlic (median)', value: 52.25, format: 'times' },
  ],
  notes: ['a note'],
};

t.test('tables pad columns', async (t) => {
  t.equal(formatTable(['name', 'ms'], [['a', '1.00'], ['longer', '12.50']]), 'name       ms\n------  -----\na        1.00\nlonger  12.50');
  t.equal(formatTable(['x', 'y'], [['1', 'left']], ['right', 'left']), 'x  y\n-  ----\n1  left');
});

t.test('numbers and ratios', async (t) => {
  t.equal(formatNumber(0.12345), '0.123');
  t.equal(formatNumber(12.345), '12.35');
  t.equal(formatNumber(123.45), '123.5');
  t.equal(formatNumber(4553.2), '4553');
  t.equal(formatRatioValue({ value: 1.2345 }), '1.23');
  t.equal(formatRatioValue({ value: 52.25, format: 'times' }), '52.3×');
  t.equal(formatRatioValue({ value: 2.5, format: 'times' }), '2.50×');
  t.equal(formatRatioValue({ value: 0.4567, format: 'percent' }), '45.7%');
  t.equal(formatRatioValue({ value: 99.6, format: 'count' }), '100');
  t.equal(formatRatioValue({ value: 0.5187, unit: 'MiB' }), '0.52 MiB');
});

t.test('verdicts', async (t) => {
  t.equal(formatVerdict({ label: 'a', value: 1.2, target: { comparison: '<=', value: 1.3 } }), 'target ≤ 1.30  met');
  t.equal(formatVerdict({ label: 'a', value: 1.4, target: { comparison: '<=', value: 1.3 } }), 'target ≤ 1.30  *** MISSED ***');
  t.equal(formatVerdict({ label: 'a', value: 0.3, target: { comparison: '>=', value: 0.25 }, format: 'percent' }), 'target ≥ 25.0%  met');
  t.equal(formatVerdict({ label: 'a', value: 3 }), 'reference');
  t.equal(formatVerdict({ label: 'a', value: 0.52, target: { comparison: '<=', value: 2 }, unit: 'MiB' }), 'target ≤ 2.00 MiB  met');
  t.equal(formatVerdict({ label: 'a', value: 98, target: { comparison: '>=', value: 100 }, format: 'count' }), 'target ≥ 100  *** MISSED ***');
  t.equal(targetMet({ label: 'a', value: 1.3, target: { comparison: '<=', value: 1.3 } }), true, 'the bound itself meets the target');
  t.equal(targetMet({ label: 'a', value: 3 }), null);
});

t.test('an outcome block', async (t) => {
  const text = formatOutcome(outcome);
  t.match(text, /^== session: connect \+ "show version" \+ close\n   platform=ios-xe command="show version" rounds=3\n/);
  t.match(text, /contender \(ms per round\)\s+median\s+p90\s+mean\s+min\s+max\s+n\n/);
  t.match(text, /\nraw ssh2\s+11\.00\s+12\.00\s+11\.00\s+10\.00\s+12\.00\s+3\n/);
  t.match(text, /\nsmartlic \/ raw ssh2 \(median\)\s+1\.27\s+target ≤ 1\.30  met\n/);
  t.match(text, /\nnetmiko \/ smartlic \(median\)\s+52\.3×\s+reference\n/);
  t.match(text, /\nnote: a note\n$/);
});

t.test('missed targets are collected across benchmarks', async (t) => {
  t.same(missedTargets([outcome]), []);
  const slow: BenchOutcome = { ...outcome, ratios: [{ label: 'smartlic / raw ssh2 (median)', value: 1.5, target: { comparison: '<=', value: 1.3 } }] };
  t.same(missedTargets([outcome, slow]), ['session: smartlic / raw ssh2 (median) = 1.50 (target ≤ 1.30  *** MISSED ***)']);
});
