/** The command itself, without running a benchmark: usage, listing, refusals and their exit codes. */
import t from 'tap';
import { runBench } from '../../bench/run.js';

function capture(): { io: { stdout: (s: string) => void; stderr: (s: string) => void }; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return { io: { stdout: (s) => (out += s), stderr: (s) => (err += s) }, out: () => out, err: () => err };
}

t.test('--help and --list', async (t) => {
  const help = capture();
  t.equal(await runBench(['--help'], help.io), 0);
  t.match(help.out(), /^Usage: npm run bench -- \[options\]/);
  t.match(help.out(), /--only <names>/);
  const list = capture();
  t.equal(await runBench(['--list'], list.io), 0);
  t.match(list.out(), /^session\s+one device: connect \+ show command \+ close/m);
  t.match(list.out(), /^parse\s+parser throughput/m);
});

t.test('bad options exit 2 with the reason and the usage', async (t) => {
  const c = capture();
  t.equal(await runBench(['--only', 'nothing'], c.io), 2);
  t.match(c.err(), /invalid --only: unknown benchmark "nothing"/);
  t.match(c.err(), /Usage: npm run bench/);
  t.equal(c.out(), '');
});
