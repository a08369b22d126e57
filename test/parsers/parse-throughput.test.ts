/** The throughput bench runs and reports consistent numbers (no duration is asserted: the machine is shared). */
import t from 'tap';
import { runParseBench } from '../../bench/parse-throughput.js';

t.test('runParseBench on a small corpus', async (t) => {
  const r = await runParseBench({ rounds: 1, targetMb: 0.2 });
  t.ok(r.samples > 30, `${r.samples} samples`);
  t.ok(r.outputs >= r.samples);
  t.ok(r.bytes > 100_000);
  t.ok(r.lines > 1000);
  for (const key of ['ratio', 'parseMs', 'splitMs', 'bareSplitMs', 'bareRatio', 'parseWallMs', 'parseMbPerSec', 'splitMbPerSec'] as const) {
    t.ok(Number.isFinite(r[key]) && r[key] > 0, `${key} = ${r[key]}`);
  }
  t.equal(r.target, 0.25);
  t.equal(r.ratio, r.splitMs / r.parseMs);
});
