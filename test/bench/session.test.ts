/**
 * A smoke run of the session benchmark (2 rounds, no warm-up): the emulator process starts and stops, every
 * contender completes its rounds and the outcome carries numbers. No duration is asserted.
 */
import t from 'tap';
import { sessionBench } from '../../bench/session.js';

t.setTimeout(300_000);

t.test('session bench, 2 rounds, with netmiko', async (t) => {
  const log: string[] = [];
  const outcome = await sessionBench.run({ rounds: 2, warmup: 0, options: { netmiko: true }, log: (line) => log.push(line) });
  t.equal(outcome.name, 'session');
  t.equal(outcome.settings['rounds'], 2);
  t.match(String(outcome.settings['command']), /^show (license status|version)$/);
  const names = outcome.measurements.map((m) => m.contender);
  t.same(names.slice(0, 2), ['raw ssh2', 'smartlic']);
  t.match(names[2] ?? '', /^netmiko \d/, `netmiko ran (notes: ${outcome.notes.join(' / ')})`);
  for (const m of outcome.measurements) {
    t.equal(m.summary.count, 2, `${m.contender}: 2 samples`);
    t.ok(m.samples.every((s) => Number.isFinite(s) && s > 0), `${m.contender}: positive samples`);
  }
  t.same(
    outcome.ratios.map((r) => r.label),
    ['smartlic / raw ssh2 (median)', 'smartlic / raw ssh2 (p90)', 'smartlic / raw ssh2 (median of per-round ratios)', 'smartlic / raw ssh2 (median client CPU)', 'netmiko / smartlic (median)'],
  );
  t.ok(outcome.ratios.every((r) => Number.isFinite(r.value) && r.value > 0));
  t.same(outcome.ratios[0]?.target, { comparison: '<=', value: 1.3 });
  t.ok(log.some((l) => /round 2\/2/.test(l)), 'progress was logged');
});

t.test('a given command is used as is', async (t) => {
  const outcome = await sessionBench.run({ rounds: 1, warmup: 0, options: { netmiko: false, command: 'show clock', platform: 'ios-xr' }, log: () => undefined });
  t.equal(outcome.settings['command'], 'show clock');
  t.equal(outcome.settings['platform'], 'ios-xr');
  t.same(outcome.measurements.map((m) => m.contender), ['raw ssh2', 'smartlic', 'raw ssh2 (client CPU)', 'smartlic (client CPU)']);
  t.match(outcome.notes.join('\n'), /netmiko left out \(--no-netmiko\)/);
});
