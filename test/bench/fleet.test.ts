/**
 * Smoke runs of the fleet benchmark on two emulated devices: smartlic alone, and smartlic against the generated
 * Ansible playbook (both at forks 5, so Ansible runs once; Debian's ansible, as .ci/run installs it). smartlic runs
 * from source (the bench compiles it first; a compile would double this file's time). Each contender's numbers are
 * there, and every device was read back configured as the intent says (no edit left), registered and authorized,
 * and counted in CSSM. No duration is asserted.
 */
import t from 'tap';
import { fleetBench, type ContenderRun } from '../../bench/fleet.js';

t.setTimeout(600_000);

t.test('fleet, 2 devices, smartlic only', async (t) => {
  const log: string[] = [];
  const outcome = await fleetBench.run({ options: { netmiko: false, devices: [2], ansible: false, fromSource: true }, log: (line) => log.push(line) });
  t.equal(outcome.name, 'fleet');
  t.match(outcome.settings, { devices: 2, rounds: 1, smartlicForks: 10, ansibleForks: 'not run', smartlic: 'source' });
  t.same(
    outcome.measurements.map((m) => [m.contender, m.unit, m.summary.count]),
    [
      ['smartlic run (forks 10)', 's wall-clock', 1],
      ['smartlic run (forks 10): CPU of all its processes', 's CPU', 1],
      ['emulator during smartlic run (forks 10)', 's CPU', 1],
      ['smartlic run (forks 10): largest process', 'MiB peak RSS', 1],
    ],
  );
  t.ok(outcome.measurements.every((m) => m.samples.every((s) => Number.isFinite(s) && s > 0)), 'positive numbers');
  t.same(outcome.ratios, [
    { label: 'smartlic run (forks 10): devices configured + registered + authorized (read back and in CSSM, worst round)', value: 2, target: { comparison: '>=', value: 2 }, format: 'count' },
  ]);
  const [run] = (outcome.details as { runs: ContenderRun[] }).runs;
  t.match(run, { exitCode: 0, reportedOk: 2, reportedFailed: 0, state: { devices: 2, configured: 2, authorized: 2, unreadable: 0, cssmInstances: 2, others: {} } });
  t.match(outcome.notes.join('\n'), /Ansible left out \(--no-ansible\)/);
  t.ok(log.some((l) => /reading every device back/.test(l)));
});

t.test('fleet, 2 devices, smartlic and Ansible at forks 5', async (t) => {
  const outcome = await fleetBench.run({ options: { netmiko: false, devices: [2], forks: 5, fromSource: true }, log: () => undefined });
  t.equal(outcome.settings['ansibleForks'], '5');
  t.same(
    outcome.measurements.filter((m) => m.unit === 's wall-clock').map((m) => m.contender),
    ['smartlic run (forks 5)', 'Ansible (forks 5)'],
  );
  const ratio = outcome.ratios[0];
  t.equal(ratio?.label, 'Ansible (forks 5) / smartlic run (forks 5) (median wall-clock)');
  t.same(ratio?.target, { comparison: '>=', value: 20 });
  t.ok(Number.isFinite(ratio?.value) && (ratio?.value ?? 0) > 0);
  const runs = (outcome.details as { runs: ContenderRun[] }).runs;
  for (const run of runs) {
    t.match(run, { exitCode: 0, reportedOk: 2, state: { configured: 2, authorized: 2, unreadable: 0, cssmInstances: 2 } }, `${run.contender}: both devices onboarded`);
    t.ok(run.cpuMs > 0 && run.maxRssKiB > 0, `${run.contender}: CPU and RSS measured`);
  }
});
