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
  const sample = (phase: string, fds: number, handles: number, heapMiB: number, rssMiB: number, emulatorFds: number, connections = 0): SoakSample => ({
    phase,
    client: { fds, handles, handleTypes: { TCPSocketWrap: handles }, heapUsedBytes: heapMiB * 1024 * 1024, rssBytes: rssMiB * 1024 * 1024 },
    emulator: { fds: emulatorFds, connections, heapUsedBytes: 100 * 1024 * 1024, rssBytes: 200 * 1024 * 1024, commandLogEntries: 0, syslogEntries: 0 },
  });
  const bounds = { handleSlack: 8, heapSlackBytes: 24 * 1024 * 1024, rssGrowth: 0.25 };
  const baseline = sample('baseline', 30, 5, 20, 120, 70);
  const first = sample('watch 1', 31, 5, 22, 140, 71);
  t.same(checkSample(first, baseline, first, bounds), [], 'within the bounds');
  const found = checkSample(sample('watch 2', 60, 30, 50, 190, 100, 3), baseline, first, bounds).join('\n');
  t.match(found, /client fds 60 > baseline 30 \+ 8/);
  t.match(found, /client handles 30 > baseline 5 \+ 8/);
  t.match(found, /emulator fds 100 > baseline 70 \+ 8/);
  t.match(found, /client heap 50\.0 MiB > baseline 20\.0 \+ 24 MiB/);
  t.match(found, /client heap 50\.0 MiB > first cycle's 22\.0 \+ 24 MiB/);
  t.match(found, /client RSS 190 MiB > first cycle's 140 MiB \+ 25 %/);
  t.match(found, /3 SSH connections still open on the devices/);
  t.equal(found.split('\n').length, 7, 'and nothing else');
});
