import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { hotFunctions, logHotFunctions, type CpuProfile } from '../../bench/harness/cpu-profile.js';

const profile: CpuProfile = {
  nodes: [
    { id: 1, callFrame: { functionName: '(root)', url: '', lineNumber: -1 } },
    { id: 2, callFrame: { functionName: 'consume', url: 'file:///repo/src/channel/cli/prompt-engine.ts', lineNumber: 9 } },
    { id: 3, callFrame: { functionName: '', url: 'file:///repo/node_modules/ssh2/lib/protocol/Protocol.js', lineNumber: 99 } },
    { id: 4, callFrame: { functionName: '(idle)', url: '', lineNumber: -1 } },
    // Same function from another call path: merged by name.
    { id: 5, callFrame: { functionName: 'consume', url: 'file:///repo/src/channel/cli/prompt-engine.ts', lineNumber: 9 } },
  ],
  samples: [2, 3, 4, 2, 5, 4],
  timeDeltas: [1000, 500, 4000, 1000, 1500, 2000],
  startTime: 0,
  endTime: 10_000,
};

t.test('self time per function, heaviest first, paths relative to the checkout or node_modules', async (t) => {
  const hot = hotFunctions(profile, 10, '/repo');
  t.same(
    hot.map((h) => [h.name, h.selfMs]),
    [
      ['(idle)', 6],
      ['consume (src/channel/cli/prompt-engine.ts:10)', 3.5],
      ['(anonymous) (node_modules/ssh2/lib/protocol/Protocol.js:100)', 0.5],
    ],
  );
  t.equal(hot[1]!.share, 0.35);
  t.equal(hotFunctions(profile, 1).length, 1);
  t.same(hotFunctions({ nodes: [], startTime: 0, endTime: 0 }), []);
});

t.test('logHotFunctions prints a profile file, or says why it cannot', async (t) => {
  const dir = t.testdir({});
  const file = join(dir, 'run.cpuprofile');
  writeFileSync(file, JSON.stringify(profile));
  const lines: string[] = [];
  logHotFunctions((line) => lines.push(line), 'client', file, '/repo');
  t.same(lines, [
    '  client: 10 ms profiled; top self time:',
    '         6.0 ms  60.0%  (idle)',
    '         3.5 ms  35.0%  consume (src/channel/cli/prompt-engine.ts:10)',
    '         0.5 ms   5.0%  (anonymous) (node_modules/ssh2/lib/protocol/Protocol.js:100)',
  ]);
  const missing: string[] = [];
  logHotFunctions((line) => missing.push(line), 'emulator', join(dir, 'absent.cpuprofile'));
  t.match(missing, [/^  emulator: profile unavailable \(ENOENT/]);
});
