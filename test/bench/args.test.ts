import t from 'tap';
import { parseBenchArgs } from '../../bench/harness/args.js';

const KNOWN = ['session', 'parse'];

t.test('defaults', async (t) => {
  t.same(parseBenchArgs([], KNOWN), { only: [], options: { netmiko: true }, json: false, write: false, list: false, help: false });
});

t.test('every option', async (t) => {
  const args = parseBenchArgs(
    ['--only', 'parse,session', '--rounds', '20', '--warmup=0', '--command', 'show license all', '--platform', 'ios-xr', '--no-netmiko', '--cpu-prof', '/tmp/p', '--json', '--write'],
    KNOWN,
  );
  t.same(args, {
    only: ['session', 'parse'],
    rounds: 20,
    warmup: 0,
    options: { netmiko: false, command: 'show license all', platform: 'ios-xr', cpuProfileDir: '/tmp/p' },
    json: true,
    write: true,
    list: false,
    help: false,
  });
  t.same(parseBenchArgs(['--only', 'session', '--only=session'], KNOWN).only, ['session'], 'repeats collapse');
  t.same(parseBenchArgs(['--devices', '1000, 5000', '--no-ansible', '--forks=20', '--concurrency', '50', '--from-source'], KNOWN).options, {
    netmiko: true,
    devices: [1000, 5000],
    ansible: false,
    forks: 20,
    concurrency: 50,
    fromSource: true,
  });
  t.equal(parseBenchArgs(['-h'], KNOWN).help, true);
  t.equal(parseBenchArgs(['--list'], KNOWN).list, true);
});

t.test('bad input names the flag', async (t) => {
  const cases: Array<[string[], RegExp]> = [
    [['--only', 'fleet'], /--only: unknown benchmark "fleet" \(known: session, parse\)/],
    [['--rounds', '0'], /--rounds: must be between 1 and/],
    [['--rounds', 'ten'], /--rounds: expects a whole number/],
    [['--rounds'], /--rounds: expects a value/],
    [['--rounds', '--json'], /--rounds: expects a value/],
    [['--warmup', '-1'], /--warmup: expects a whole number/],
    [['--platform', 'nx-os'], /--platform: must be ios-xe or ios-xr/],
    [['--command', 'show ?'], /--command: must be one printable command line/],
    [['--command', 'show version\nreload'], /--command: must be one printable command line/],
    [['--json=yes'], /--json: takes no value/],
    [['--fast'], /unknown option "--fast"/],
    [['--devices', '0'], /--devices: must be between 1 and 20000/],
    [['--devices', '100,'], /--devices: expects whole numbers separated by commas/],
    [['--devices', '1e3'], /--devices: expects a whole number/],
    [['--forks', '0'], /--forks: must be between 1 and 1000/],
    [['--concurrency', 'many'], /--concurrency: expects a whole number/],
    [['--no-ansible=1'], /--no-ansible: takes no value/],
  ];
  for (const [argv, message] of cases) t.throws(() => parseBenchArgs(argv, KNOWN), { code: 'E_INVALID_ARGUMENT', message }, argv.join(' '));
});
