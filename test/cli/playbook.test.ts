import t from 'tap';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { parseStringPromise } from 'xml2js';
import { playbookCommands, type PlaybookCommandOptions } from '../../src/cli/commands/playbook.js';
import { runCli, type CliIo } from '../../src/cli/program.js';
import { ManualClock } from '../../src/clock.js';
import { createTaskRegistry } from '../../src/playbook/builtin-tasks.js';
import { ENV, SECRETS, inventoryObject, recordingRegistry, type Recording } from '../playbook/fixtures.js';

interface Outcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'smartlic-run-'));
  writeFileSync(join(dir, 'inventory.json'), JSON.stringify(inventoryObject(), null, 2));
  return dir;
}

function write(dir: string, name: string, doc: unknown): string {
  writeFileSync(join(dir, name), typeof doc === 'string' ? doc : JSON.stringify(doc, null, 2));
  return name;
}

/** Adds `ping`, a task type that exists only in this test, to a recording registry. */
function withPing(rec: Recording, onRun?: () => void): Recording {
  rec.registry.register<{ fail?: string[] }>({
    name: 'ping',
    description: 'answers, or fails on the hosts it is told to',
    paramsSchema: { type: 'object', additionalProperties: false, properties: { fail: { type: 'array', items: { type: 'string' } } } },
    supportsCheck: true,
    async run(params, ctx) {
      onRun?.();
      if (params.fail?.includes(ctx.host)) throw Object.assign(new Error('no answer'), { code: 'X' });
      return { changed: false, value: { host: ctx.host }, detail: 'pong' };
    },
  });
  return rec;
}

async function cli(dir: string, argv: string[], options: PlaybookCommandOptions & { env?: NodeJS.ProcessEnv; signal?: AbortSignal; tty?: boolean } = {}): Promise<Outcome> {
  const stdout = new PassThrough() as PassThrough & { isTTY?: boolean; columns?: number };
  if (options.tty === true) {
    stdout.isTTY = true;
    stdout.columns = 120;
  }
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  const io: CliIo = { stdout, stderr, stdin: Readable.from([]), env: options.env ?? ENV, cwd: dir, ...(options.signal === undefined ? {} : { signal: options.signal }) };
  const clock = new ManualClock('2026-03-01T00:00:00Z');
  const code = await runCli(argv, io, [
    playbookCommands({
      run: { clock, sleep: async (ms) => void clock.advance(ms) },
      ...options,
    }),
  ]);
  return { code, stdout: out, stderr: err };
}

const onboard = {
  name: 'Onboard the lab',
  hosts: 'all',
  vars: { token: { $env: 'SMARTLIC_TOKEN' } },
  tasks: [
    { name: 'licensing config', configure: { intent: { dns: { nameServer: ['192.0.2.53'] } } } },
    { name: 'register', register: { token: '{{ token }}' }, when: "host.platform == 'ios-xe'" },
    { name: 'until registered', wait: { task: { status: {} }, until: "result.value.registration.status == 'registered'", interval: '10s', timeout: '1m' } },
    { name: 'reachable', ping: { fail: ['ncs1004-1'] } },
  ],
};

t.test('run: plain lines off a TTY, reports as JSON and JUnit, exit 1 when a host fails, secrets nowhere', async (t) => {
  const dir = workspace();
  const rec = withPing(recordingRegistry());
  const pb = write(dir, 'onboard.json', onboard);
  const r = await cli(dir, ['run', pb, '-i', 'inventory.json', '--report', 'out.json', '--junit', 'junit.xml', '--forks', '2'], { registry: () => rec.registry });
  t.equal(r.code, 1, r.stderr);
  t.equal(r.stderr, '');
  t.match(r.stdout, /^PLAY Onboard the lab \(onboard\.json\): 3 host\(s\), 4 task\(s\)\n/);
  t.match(r.stdout, /cbr8-1  \[2\/4\] register  changed  \(0ms\)  registered with \*\*\*/);
  t.match(r.stdout, /ncs1004-1  \[3\/4\] until registered  FAILED  \(1m\)  E_TIMEOUT: ncs1004-1: wait until/);
  t.match(r.stdout, /RECAP Onboard the lab: 3 host\(s\)/);
  t.match(r.stdout, /  ncs1004-1  failed   .*→ task 2 "until registered": E_TIMEOUT/);
  const report = JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8')) as { summary: { failed: number; ok: number; changed: number }; hosts: { host: string; status: string }[] };
  t.same(report.hosts.map((h) => [h.host, h.status]), [['cbr8-1', 'changed'], ['cbr8-2', 'changed'], ['ncs1004-1', 'failed']]);
  const junit = readFileSync(join(dir, 'junit.xml'), 'utf8');
  const xml = (await parseStringPromise(junit)) as { testsuites: { $: Record<string, string>; testsuite: { $: { name: string; failures: string } }[] } };
  t.same(xml.testsuites.testsuite.map((s) => [s.$.name, s.$.failures]), [['cbr8-1', '0'], ['cbr8-2', '0'], ['ncs1004-1', '1']]);
  for (const text of [r.stdout, readFileSync(join(dir, 'out.json'), 'utf8'), junit]) {
    t.notMatch(text, new RegExp(SECRETS.SMARTLIC_TOKEN));
    t.notMatch(text, new RegExp(SECRETS.DEV_PW));
  }
  t.same(rec.calls.filter((c) => c.type === 'register').map((c) => c.host), ['cbr8-1', 'cbr8-2']);
});

t.test('run --json: NDJSON events, the last one carrying the report; exit 0', async (t) => {
  const dir = workspace();
  const rec = withPing(recordingRegistry());
  const pb = write(dir, 'pb.json', { ...onboard, hosts: 'cbr8', tasks: onboard.tasks.slice(0, 3) });
  const r = await cli(dir, ['run', pb, '-i', 'inventory.json', '--json'], { registry: () => rec.registry });
  t.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trimEnd().split('\n');
  const events = lines.map((l) => JSON.parse(l) as { kind: string; status?: string; report?: { summary: unknown } });
  t.equal(events[0]?.kind, 'run-started');
  t.equal(events.at(-1)?.kind, 'run-finished');
  t.same(events.at(-1)?.report?.summary, { hosts: 2, ok: 0, changed: 2, failed: 0, cancelled: 0, notRun: 0, tasks: { ok: 2, changed: 4, failed: 0, skipped: 0 } });
  t.same(new Set(events.map((e) => e.kind)), new Set(['run-started', 'batch-started', 'task', 'host-finished', 'run-finished']));
  t.notMatch(r.stdout, new RegExp(SECRETS.SMARTLIC_TOKEN));
  t.notMatch(r.stdout, /RECAP/, 'nothing but NDJSON on stdout');
});

t.test('run --check --diff on a TTY: the progress line, the diff, nothing changed', async (t) => {
  const dir = workspace();
  const rec = withPing(recordingRegistry());
  const pb = write(dir, 'pb.json', { ...onboard, tasks: onboard.tasks.slice(0, 2) });
  const r = await cli(dir, ['run', pb, '-i', 'inventory.json', '--check', '--diff', '--limit', 'cbr8-1'], { registry: () => rec.registry, tty: true, env: { ...ENV, NO_COLOR: '1' } });
  t.equal(r.code, 0, r.stderr);
  t.match(r.stdout, /\r\x1b\[2K\[#+-*\] \d\/2/);
  t.match(r.stdout, /cbr8-1  \[1\/2\] configure|cbr8-1  \[1\/2\] licensing config  changed/);
  t.match(r.stdout, /    \+ ip name-server 192\.0\.2\.53/);
  t.notMatch(r.stdout, /\x1b\[3\dm/, 'NO_COLOR');
  t.same(rec.calls.map((c) => [c.type, c.host, c.check]), [['configure', 'cbr8-1', true], ['register', 'cbr8-1', true]], 'every task gets check mode');
});

t.test('bad input: every problem listed with its pointer, exit 2, nothing sent', async (t) => {
  const dir = workspace();
  let pings = 0;
  const rec = withPing(recordingRegistry(), () => pings++);
  const registry = () => rec.registry;
  const bad = write(dir, 'bad.json', {
    name: 'broken',
    hosts: 'cbr9',
    vars: { token: { $env: 'UNSET_TOKEN' } },
    tasks: [{ ping: {} }, { show: { command: 'reload' } }, { renew: { kind: 'both' } }, { ping: {}, when: 'x ==' }],
  });
  const r = await cli(dir, ['run', bad, '-i', 'inventory.json', '--report', 'out.json'], { registry });
  t.equal(r.code, 2);
  t.equal(r.stdout, '');
  t.same(r.stderr.split('\n'), [
    'smartlic: the playbook was not run (nothing was sent): 5 problem(s)',
    'E_PLAYBOOK bad.json',
    '  /hosts: host pattern "cbr9" matches no host or group in inventory inventory.json',
    '  /tasks/1/show/command: must start with "show"',
    '  /tasks/2/renew/kind: must be one of: "id", "auth"',
    '  /tasks/3/when: syntax error at column 5: unexpected end of expression',
    'E_SECRET_MISSING bad.json',
    '  /vars/token: environment variable UNSET_TOKEN is not set',
    '',
  ]);
  t.equal(existsSync(join(dir, 'out.json')), false, 'no report for a run that did not happen');
  t.same(rec.calls, []);
  t.equal(pings, 0);

  const json = await cli(dir, ['run', bad, '-i', 'inventory.json', '--json'], { registry });
  t.equal(json.code, 2);
  const line = JSON.parse(json.stdout) as { kind: string; errors: { code: string; issues: unknown[] }[] };
  t.equal(line.kind, 'invalid');
  t.same(line.errors.map((e) => [e.code, e.issues.length]), [['E_PLAYBOOK', 4], ['E_SECRET_MISSING', 1]]);

  write(dir, 'broken-inventory.json', { hosts: { 'x 1': {} } });
  const inv = await cli(dir, ['run', bad, '-i', 'broken-inventory.json'], { registry });
  t.equal(inv.code, 2);
  t.match(inv.stderr, /E_INVENTORY broken-inventory\.json\n  \/hosts\/x 1: has an invalid property name "x 1"/);
  t.match(inv.stderr, /E_PLAYBOOK bad\.json\n  \/tasks\/1\/show\/command: must start with "show"/, 'the playbook is still checked');

  const missing = await cli(dir, ['run', 'nope.json', '-i', 'nope-inv.json'], { registry });
  t.equal(missing.code, 2);
  t.match(missing.stderr, /E_INVENTORY nope-inv\.json\n  \/: cannot read inventory \(ENOENT\)\nE_PLAYBOOK nope\.json\n  \/: cannot read playbook \(ENOENT\)/);

  const good = write(dir, 'good.json', { name: 'ok', hosts: 'all', tasks: [{ ping: {} }] });
  const limit = await cli(dir, ['run', good, '-i', 'inventory.json', '--limit', 'ncs560*'], { registry });
  t.equal(limit.code, 2);
  t.match(limit.stderr, /E_INVENTORY inventory\.json\n  \/: --limit "ncs560\*": host pattern "ncs560\*" matches no host or group/);
  const noPw = await cli(dir, ['run', good, '-i', 'inventory.json'], { registry, env: { SMARTLIC_TOKEN: SECRETS.SMARTLIC_TOKEN } });
  t.equal(noPw.code, 2);
  t.match(noPw.stderr, /E_SECRET_MISSING inventory\.json\n  \/defaults\/password: environment variable DEV_PW is not set/);
  t.equal(pings, 0, 'still nothing ran');

  for (const [args, message] of [
    [['--forks', '0'], /invalid --forks: must be a whole number from 1 to 9999, got "0"/],
    [['--report', 'out.txt'], /invalid --report: "out.txt": the format comes from the extension, \.json or \.xml/],
  ] as const) {
    const r2 = await cli(dir, ['run', good, '-i', 'inventory.json', ...args], { registry });
    t.equal(r2.code, 2);
    t.match(r2.stderr, message);
  }
  const usage = await cli(dir, ['run', good], { registry });
  t.equal(usage.code, 2);
  t.match(usage.stderr, /required option '-i, --inventory <file>' not specified/);
  t.equal(pings, 0);
});

t.test('a registry without the device runners: device tasks refuse to run, nothing sent', async (t) => {
  const dir = workspace();
  const pb = write(dir, 'pb.json', { name: 'status', hosts: 'all', tasks: [{ status: {} }] });
  const r = await cli(dir, ['run', pb, '-i', 'inventory.json'], { registry: createTaskRegistry });
  t.equal(r.code, 2);
  t.match(r.stderr, /\/tasks\/0\/status: task type "status" has no runner in this build/);
  const v = await cli(dir, ['validate', pb, '-i', 'inventory.json'], { registry: createTaskRegistry });
  t.equal(v.code, 0, 'the playbook itself is valid');
});

t.test('an interrupted run exits 130 and reports the cancelled hosts', async (t) => {
  const dir = workspace();
  const rec = recordingRegistry();
  const controller = new AbortController();
  rec.registry.register({
    name: 'hang',
    description: 'waits until the run is cancelled',
    paramsSchema: { type: 'object' },
    supportsCheck: true,
    async run(_params, ctx) {
      controller.abort();
      await ctx.sleep(60_000).catch(() => undefined);
      throw new Error('interrupted');
    },
  });
  const pb = write(dir, 'pb.json', { name: 'hang', hosts: 'cbr8-1', tasks: [{ hang: {} }, { status: {} }] });
  const r = await cli(dir, ['run', pb, '-i', 'inventory.json', '--report', 'out.json'], { registry: () => rec.registry, signal: controller.signal, run: {} });
  t.equal(r.code, 130);
  const report = JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8')) as { cancelled: boolean; hosts: { status: string; tasks: { status: string; error?: { code: string } }[] }[] };
  t.equal(report.cancelled, true);
  t.equal(report.hosts[0]?.status, 'cancelled');
  t.equal(report.hosts[0]?.tasks[0]?.error?.code, 'E_CANCELLED');
  t.same(rec.calls, []);
});

t.test('validate: ok, or every problem; with and without an inventory; --json', async (t) => {
  const dir = workspace();
  const rec = withPing(recordingRegistry());
  const registry = () => rec.registry;
  const pb = write(dir, 'pb.json', { name: 'v', hosts: 'cbr8', tasks: [{ ping: {} }, { show: { command: 'show {{ site }} {{ dns[0] }}' } }] });
  const plain = await cli(dir, ['validate', pb], { registry });
  t.equal(plain.code, 0, plain.stderr);
  t.equal(plain.stdout, 'ok: pb.json (2 task(s))\n');
  const withInv = await cli(dir, ['validate', pb, '-i', 'inventory.json'], { registry });
  t.equal(withInv.code, 0, withInv.stderr);
  t.equal(withInv.stdout, 'ok: pb.json (2 task(s), checked against inventory.json)\n');
  const json = await cli(dir, ['validate', pb, '--json'], { registry });
  t.same(JSON.parse(json.stdout), { ok: true, file: 'pb.json', tasks: 2 });

  const bad = write(dir, 'bad.yaml', 'name: v\nhosts: cbr8\ntasks:\n  - ping: {}\n    when: "rol == 1"\n  - show: { command: "show {{ nope }}" }\n');
  const r = await cli(dir, ['validate', bad, '-i', 'inventory.json'], { registry });
  t.equal(r.code, 2);
  t.same(r.stderr.split('\n'), [
    'smartlic: bad.yaml is not valid: 2 problem(s)',
    'E_PLAYBOOK bad.yaml',
    '  /tasks/0/when: "rol" is not defined for any host',
    '  /tasks/1/show/command: "nope" is not defined',
    '',
  ]);
  const noInv = await cli(dir, ['validate', bad], { registry });
  t.equal(noInv.code, 0, 'without an inventory these may be inventory variables');
  const badJson = await cli(dir, ['validate', bad, '-i', 'inventory.json', '--json'], { registry });
  t.equal(badJson.code, 2);
  t.equal((JSON.parse(badJson.stdout) as { errors: unknown[] }).errors.length, 1);
  t.same(rec.calls, []);
});

t.test('--help on each verb', async (t) => {
  const dir = workspace();
  const run = await cli(dir, ['run', '--help']);
  t.equal(run.code, 0);
  for (const option of ['-i, --inventory <file>', '--check', '--diff', '--limit <pattern>', '--forks <n>', '--json', '--report <file>', '--junit <file>', '--tags <list>', '--skip-tags <list>']) {
    t.ok(run.stdout.includes(option), option);
  }
  t.match(run.stdout, /Exit codes: 0 every host succeeded; 1 one or more hosts failed/);
  const validate = await cli(dir, ['validate', '--help']);
  t.equal(validate.code, 0);
  t.match(validate.stdout, /Usage: smartlic validate \[options\] <playbook>/);
  t.match(validate.stdout, /-i, --inventory <file>/);
});
