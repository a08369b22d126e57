import { isDeepStrictEqual } from 'node:util';
import t from 'tap';
import { golden, loadFixtures, runFixture, type Outcome } from './helpers/transcript.js';

const fixtures = loadFixtures();
t.ok(fixtures.length > 0, 'fixtures found');

function longestReply(fixture: (typeof fixtures)[number]): number {
  let max = 0;
  for (const step of fixture.transcript) {
    const parts = step.device === undefined ? [] : typeof step.device === 'string' ? [step.device] : step.device;
    for (const p of parts) max = Math.max(max, Buffer.byteLength(p, 'utf8'));
  }
  return max;
}

/**
 * A prompt followed by a space (`Router# `) may be recognised before the space arrives when the reply is split
 * right there; the space is then dropped as stray output. Only `raw` can differ, and only by that space.
 */
function comparable(outcome: Outcome): unknown {
  return JSON.parse(JSON.stringify(outcome), (key, value: unknown) =>
    key === 'raw' && typeof value === 'string' ? value.replace(/ +$/, '') : value,
  ) as unknown;
}

for (const fixture of fixtures) {
  t.test(`${fixture.name}: ${fixture.description}`, async (t) => {
    const { outcome, stream } = await runFixture(fixture);
    t.equal(stream.mismatch, null, 'the client typed exactly what the transcript expects');
    t.equal(stream.remaining, 0, 'the whole transcript was played');
    const g = golden(fixture.name, outcome);
    t.same(g.actual, g.expected, g.updated ? 'golden written' : 'matches the golden file');

    if (fixture.splitReplay === false) return;
    // Every reply split in two at byte k (all replies at once, for every k), then every reply byte by byte.
    const longest = longestReply(fixture);
    let splitFailures = 0;
    for (let k = 1; k < longest && splitFailures === 0; k++) {
      const split = (reply: Buffer): Buffer[] => (k < reply.length ? [reply.subarray(0, k), reply.subarray(k)] : [reply]);
      const replay = await runFixture(fixture, split);
      if (replay.stream.mismatch !== null || !isDeepStrictEqual(comparable(replay.outcome), comparable(outcome))) {
        splitFailures++;
        t.same(comparable(replay.outcome), comparable(outcome), `replies split at byte ${k}`);
        t.equal(replay.stream.mismatch, null, `replies split at byte ${k}: client input`);
      }
    }
    t.equal(splitFailures, 0, `same outcome with replies split at each of ${Math.max(0, longest - 1)} byte offsets`);
    const bytewise = await runFixture(fixture, (reply) => [...reply].map((b) => Buffer.from([b])));
    t.same(comparable(bytewise.outcome), comparable(outcome), 'same outcome with replies delivered byte by byte');
    t.equal(bytewise.stream.mismatch, null);
  });
}
