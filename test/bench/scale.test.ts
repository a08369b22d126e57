/**
 * A smoke run of the scale benchmark on five emulated devices, two at a time: the onboarding process reports its
 * numbers, no errors, and every device is read back configured as the intent says, authorized, and in CSSM. No
 * duration or memory figure is asserted.
 */
import t from 'tap';
import { rssPerSessionMiB, scaleBench, type ScaleRun } from '../../bench/scale.js';

t.setTimeout(300_000);

t.test('scale, 5 devices, 2 at a time', async (t) => {
  const outcome = await scaleBench.run({ options: { netmiko: false, devices: [5], concurrency: 2 }, log: () => undefined });
  t.equal(outcome.name, 'scale');
  t.match(outcome.settings, { devices: '5', concurrency: 2 });
  const [run] = (outcome.details as { runs: ScaleRun[] }).runs;
  t.match(run, { devices: 5, state: { devices: 5, configured: 5, authorized: 5, unreadable: 0, cssmInstances: 5, others: {} }, worker: { devices: 5, concurrency: 2, succeeded: 5, failed: 0, authorized: 5, sessionsOpened: 5, errorCodes: {} } });
  t.ok(run!.worker.peakSessions >= 1 && run!.worker.peakSessions <= 2, 'never more sessions than the concurrency');
  t.ok(run!.worker.peakRss >= run!.worker.baselineRss && run!.worker.baselineRss > 0);
  t.same(outcome.measurements.map((m) => [m.contender, m.summary.count]), [['5 devices, 2 at a time', 5]]);
  const labels = outcome.ratios.map((r) => r.label);
  t.same(labels, [
    '5 devices: wall-clock',
    '5 devices: peak RSS of the smartlic process',
    '5 devices: peak sessions open at once',
    '5 devices: peak RSS per session',
    '5 devices: errors',
    '5 devices: configured + registered + authorized (own result, read back and in CSSM)',
  ]);
  t.match(outcome.ratios[3], { unit: 'MiB', target: { comparison: '<=', value: 2 } });
  t.match(outcome.ratios[4], { value: 0, target: { comparison: '<=', value: 0 } });
  t.match(outcome.ratios[5], { value: 5, target: { comparison: '>=', value: 5 } });
});

t.test('RSS per session', async (t) => {
  t.equal(rssPerSessionMiB({ baselineRss: 100 * 1024 * 1024, peakRss: 150 * 1024 * 1024, peakSessions: 100 }), 0.5);
  t.equal(rssPerSessionMiB({ baselineRss: 1, peakRss: 1, peakSessions: 0 }), 0);
});
