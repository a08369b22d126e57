/**
 * The soak in small (bench/soak): 20 emulated devices in their own process, onboarded, then two compliance-watch
 * cycles; every event accounted for, every device a product instance in CSSM, descriptors, handles and heap back
 * within the bounds after each phase. The bound checks themselves are tested on samples with a leak.
 */
import t from 'tap';
import { checkSample, formatSoak, runSoak, type SoakSample } from '../../bench/soak/soak-run.js';

t.test('20 devices, onboarding and 2 watch cycles: no event lost, back to the baseline', async (t) => {
  const report = await runSoak({ devices: 20, cycles: 2, concurrency: 10 });
  t.comment(formatSoak(report));
  t.same(report.violations, [], 'every bound met, no event lost');
  t.equal(report.productInstances, 20, 'every device registered in CSSM');
  t.same(
    report.phases.map((p) => [p.phase, p.results, p.succeeded, p.summaries, p.lost.length]),
    [
      ['onboarding', 20, 20, 1, 0],
      ['watch 1', 20, 20, 1, 0],
      ['watch 2', 20, 20, 1, 0],
    ],
  );
  t.equal(report.phases[1]?.events, report.phases[2]?.events, 'both watch cycles emit the same number of events');
  t.same(report.samples.map((s) => s.phase), ['baseline', 'onboarding', 'watch 1', 'watch 2']);
});

t.test('the bounds catch a leak', async (t) => {
  const sample = (phase: string, fds: number, handles: number, heapMiB: number, rssMiB: number, emulatorFds: number): SoakSample => ({
    phase,
    client: { fds, handles, handleTypes: { TCPSocketWrap: handles }, heapUsedBytes: heapMiB * 1024 * 1024, rssBytes: rssMiB * 1024 * 1024 },
    emulator: { fds: emulatorFds, rssBytes: 200 * 1024 * 1024 },
  });
  const bounds = { handleSlack: 8, heapSlackBytes: 24 * 1024 * 1024, rssGrowth: 0.15 };
  const baseline = sample('baseline', 30, 5, 20, 120, 70);
  const first = sample('watch 1', 31, 5, 22, 140, 71);
  t.same(checkSample(first, baseline, first, bounds), [], 'within the bounds');
  const leaking = sample('watch 2', 60, 30, 50, 170, 100);
  const found = checkSample(leaking, baseline, first, bounds);
  t.equal(found.length, 5, 'fds, handles, emulator fds, heap and RSS');
  t.match(found.join('\n'), /client fds 60 > baseline 30 \+ 8/);
  t.match(found.join('\n'), /emulator fds 100/);
  t.match(found.join('\n'), /client RSS 170 MiB > first cycle's 140 MiB/);
});
