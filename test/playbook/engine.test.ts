import t from 'tap';
import { ManualClock } from '../../src/clock.js';
import { DeviceCommandError } from '../../src/errors.js';
import { inventoryFromObject } from '../../src/inventory/load.js';
import { runPlaybook, runPlaybook$ } from '../../src/playbook/engine.js';
import type { PlaybookEvent, TaskEvent } from '../../src/playbook/events.js';
import { preparePlaybook, type PreparedPlaybook } from '../../src/playbook/prepare.js';
import type { PlaybookReport } from '../../src/playbook/report.js';
import type { TaskRegistry } from '../../src/playbook/task-registry.js';
import { ENV, SECRETS, inventory, recordingRegistry, type Recording } from './fixtures.js';

interface ProbeParams {
  readonly fail?: readonly string[];
  readonly hold?: boolean;
  readonly value?: unknown;
  readonly changed?: boolean;
}

interface Probe {
  active: number;
  peak: number;
  readonly runs: string[];
  readonly opened: string[];
  readonly closed: string[];
}

/** An in-test task type: fails on the hosts it is told to, holds until cancelled, counts concurrency, opens a resource. */
function addProbe(registry: TaskRegistry): Probe {
  const probe: Probe = { active: 0, peak: 0, runs: [], opened: [], closed: [] };
  registry.register<ProbeParams>({
    name: 'probe',
    description: 'a task type that exists only in these tests',
    paramsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: { fail: { type: 'array', items: { type: 'string' } }, hold: { type: 'boolean' }, value: {}, changed: { type: 'boolean' } },
    },
    supportsCheck: true,
    async run(params, ctx) {
      probe.runs.push(ctx.host);
      probe.active++;
      probe.peak = Math.max(probe.peak, probe.active);
      try {
        await ctx.acquire('session', async () => {
          probe.opened.push(ctx.host);
          return { host: ctx.host };
        }, async (s) => {
          probe.closed.push(s.host);
        });
        ctx.emit({ step: 'probing', detail: `on ${ctx.host}` });
        // Let every host of the batch start before any finishes, so the concurrency bound is what limits them.
        await new Promise((resolve) => setImmediate(resolve));
        await new Promise((resolve) => setImmediate(resolve));
        if (params.hold === true) {
          await new Promise((_, reject) => {
            if (ctx.signal.aborted) reject(new Error('aborted'));
            ctx.signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
          });
        }
        if (params.fail?.includes(ctx.host)) {
          throw new DeviceCommandError('show license status', '% Invalid input detected', 'ios-xe', { host: ctx.host, code: 'E_CLI_INVALID_INPUT' });
        }
        return { changed: params.changed ?? false, value: params.value ?? { host: ctx.host }, detail: `probed ${ctx.host}` };
      } finally {
        probe.active--;
      }
    },
  });
  return probe;
}

function manyHosts(n: number) {
  const hosts: Record<string, unknown> = {};
  for (let i = 1; i <= n; i++) hosts[`r${i}`] = { host: '127.0.0.1', port: 40000 + i, platform: 'ios-xe' };
  return inventoryFromObject({ defaults: { username: 'admin', password: { $env: 'DEV_PW' } }, hosts, groups: { odd: Object.keys(hosts).filter((_, i) => i % 2 === 0) } }, 'many.json', { env: ENV });
}

function prepared(rec: Recording, doc: Record<string, unknown>, options: { inventory?: ReturnType<typeof inventory>; check?: boolean; diff?: boolean } = {}): PreparedPlaybook {
  const result = preparePlaybook(
    { document: { name: 'engine test', hosts: 'all', ...doc }, file: 'pb.json', baseDir: '.' },
    { registry: rec.registry, inventory: options.inventory ?? inventory(), env: ENV, check: options.check ?? false, diff: options.diff ?? false },
  );
  if (!result.ok) throw new Error(result.errors.map((e) => e.message).join('\n'));
  return result.playbook;
}

async function run(p: PreparedPlaybook, options: Parameters<typeof runPlaybook>[1] = {}): Promise<{ report: PlaybookReport; events: PlaybookEvent[] }> {
  const events: PlaybookEvent[] = [];
  const report = await runPlaybook(p, {
    ...options,
    onEvent: (e) => {
      events.push(e);
      options.onEvent?.(e);
    },
  });
  return { report, events };
}

function taskEvents(events: readonly PlaybookEvent[]): TaskEvent[] {
  return events.filter((e): e is TaskEvent => e.kind === 'task');
}

function statuses(report: PlaybookReport): Record<string, string[]> {
  return Object.fromEntries(report.hosts.map((h) => [h.host, h.tasks.map((x) => x.status)]));
}

t.test('serial batches; within a batch each task on every host before the next task', async (t) => {
  const rec = recordingRegistry();
  addProbe(rec.registry);
  const { events, report } = await run(prepared(rec, { serial: 2, tasks: [{ probe: {} }, { status: {} }] }));
  const order = events.filter((e) => e.kind !== 'progress').map((e) => (e.kind === 'task' ? `${e.host}:${e.index}:${e.status}` : e.kind === 'batch-started' ? `batch ${e.batch}` : e.kind === 'host-finished' ? `done ${e.host}` : e.kind));
  t.same(order, [
    'run-started',
    'batch 1',
    'cbr8-1:0:started',
    'cbr8-2:0:started',
    'cbr8-1:0:ok',
    'cbr8-2:0:ok',
    'cbr8-1:1:started',
    'cbr8-2:1:started',
    'cbr8-1:1:ok',
    'cbr8-2:1:ok',
    'done cbr8-1',
    'done cbr8-2',
    'batch 2',
    'ncs1004-1:0:started',
    'ncs1004-1:0:ok',
    'ncs1004-1:1:started',
    'ncs1004-1:1:ok',
    'done ncs1004-1',
    'run-finished',
  ]);
  t.same(report.hosts.map((h) => [h.host, h.batch, h.status]), [['cbr8-1', 1, 'ok'], ['cbr8-2', 1, 'ok'], ['ncs1004-1', 2, 'ok']]);
  t.same(report.summary, { hosts: 3, ok: 3, changed: 0, failed: 0, cancelled: 0, notRun: 0, tasks: { ok: 6, changed: 0, failed: 0, skipped: 0 } });
});

t.test('forks bounds how many hosts run a task at once', async (t) => {
  for (const forks of [1, 3, 8]) {
    const rec = recordingRegistry();
    const probe = addProbe(rec.registry);
    await run(prepared(rec, { tasks: [{ probe: {} }, { probe: {} }] }, { inventory: manyHosts(8) }), { forks });
    t.equal(probe.peak, forks, `forks ${forks}`);
    t.equal(probe.runs.length, 16);
  }
});

t.test('a failed host stops; the others go on; ignoreErrors goes on', async (t) => {
  const rec = recordingRegistry();
  const probe = addProbe(rec.registry);
  const { report, events } = await run(
    prepared(rec, {
      tasks: [
        { name: 'may fail', probe: { fail: ['cbr8-1'] } },
        { name: 'ignored', probe: { fail: ['cbr8-2'] }, ignoreErrors: true, registerAs: 'second' },
        { name: 'after', probe: {}, when: 'not second.failed' },
        { name: 'last', status: {} },
      ],
    }),
  );
  t.same(statuses(report), {
    'cbr8-1': ['failed', 'skipped', 'skipped', 'skipped'],
    'cbr8-2': ['ok', 'failed', 'skipped', 'ok'],
    'ncs1004-1': ['ok', 'ok', 'ok', 'ok'],
  });
  const failedHost = report.hosts[0];
  t.equal(failedHost?.status, 'failed');
  t.same(failedHost?.tasks[0]?.error && { code: failedHost.tasks[0].error.code, command: failedHost.tasks[0].error['command'] }, { code: 'E_CLI_INVALID_INPUT', command: 'show license status' });
  t.equal(failedHost?.tasks[1]?.notRun, 'the host failed at task 0 ("may fail")');
  t.equal(report.hosts[1]?.status, 'ok', 'an ignored failure does not fail the host');
  t.equal(report.hosts[1]?.tasks[1]?.ignored, true);
  t.equal(report.hosts[1]?.tasks[2]?.detail, 'when: not second.failed is false');
  t.same(rec.calls.map((c) => c.host), ['cbr8-2', 'ncs1004-1'], 'the failed host ran nothing more');
  t.same(probe.closed.sort(), ['cbr8-1', 'cbr8-2', 'ncs1004-1'], 'every host resource closed, the failed one too');
  t.same(probe.opened.sort(), ['cbr8-1', 'cbr8-2', 'ncs1004-1'], 'opened once per host');
  const done = events.filter((e) => e.kind === 'host-finished');
  t.same(done.map((e) => e.kind === 'host-finished' && [e.host, e.status, e.notRun]), [['cbr8-1', 'failed', 3], ['cbr8-2', 'ok', 0], ['ncs1004-1', 'ok', 0]]);
});

t.test('registered results feed later tasks: status → verify', async (t) => {
  const rec = recordingRegistry();
  rec.state.set('cbr8-1', { registration: 'registered', authorization: 'authorized' });
  rec.state.set('cbr8-2', { registration: 'registered', authorization: 'out-of-compliance' });
  const { report } = await run(
    prepared(rec, {
      hosts: 'cbr8',
      tasks: [
        { name: 'read', status: {}, registerAs: 'st' },
        { name: 'licensed', verify: { that: ["st.value.registration.status == 'registered'", { path: 'st.value.authorization.status', equals: 'authorized' }], message: 'not licensed' } },
      ],
    }),
  );
  t.same(statuses(report), { 'cbr8-1': ['ok', 'ok'], 'cbr8-2': ['ok', 'failed'] });
  t.same(report.hosts[0]?.tasks[0]?.result, { registration: { status: 'registered' }, authorization: { status: 'authorized' } });
  const error = report.hosts[1]?.tasks[1]?.error;
  t.equal(error?.code, 'E_VERIFY_FAILED');
  t.equal(error?.message, 'cbr8-2: not licensed: 1 of 2 assertion(s) failed: st.value.authorization.status equals "authorized" (actual: "out-of-compliance")');
  t.same(error?.['failures'], [{ assertion: 'st.value.authorization.status equals "authorized"', actual: '"out-of-compliance"' }]);
});

t.test('verify: every operator, and failures listed with the value found', async (t) => {
  const rec = recordingRegistry();
  const probe = addProbe(rec.registry);
  void probe;
  const value = { n: 5, s: 'REGISTERED', list: ['a'], nested: { ok: true }, when: '2026-01-02T00:00:00Z' };
  const pass = [
    { path: 'p.value.n', gt: 4, gte: 5, lt: 6, lte: 5 },
    { path: 'p.value.s', in: ['REGISTERED', 'x'], notIn: ['y'], matches: '^REG', notEquals: 'x' },
    { path: 'p.value.nested', equals: { ok: true } },
    { path: 'p.value.list[0]', exists: true },
    { path: 'p.value.none', exists: false },
    { path: 'p.value.when', gt: '2026-01-01T00:00:00Z' },
    'p.value.n == 5 and p.changed',
  ];
  const fail = [
    { path: 'p.value.n', gt: 5 },
    { path: 'p.value.none', in: [null] },
    { path: 'p.value.none', exists: true },
    { path: 'p.value.s', lt: 3 },
    'p.value.s > 3',
    'p.value.s',
  ];
  const { report } = await run(
    prepared(rec, {
      hosts: 'cbr8-1',
      tasks: [
        { probe: { value, changed: true }, registerAs: 'p' },
        { verify: { that: pass } },
        { verify: { that: fail } },
      ],
    }),
  );
  t.same(statuses(report), { 'cbr8-1': ['changed', 'ok', 'failed'] });
  t.same(report.hosts[0]?.tasks[2]?.error?.['failures'], [
    { assertion: 'p.value.n gt 5', actual: '5' },
    { assertion: 'p.value.none in [null]', actual: 'undefined' },
    { assertion: 'p.value.none exists true', actual: 'undefined' },
    { assertion: 'p.value.s lt 3', actual: '"REGISTERED"' },
    { assertion: 'p.value.s > 3', actual: 'error: ">" compares two numbers or two strings, got string "REGISTERED" and number 3' },
    { assertion: 'p.value.s', actual: 'error: not true or false but "REGISTERED"' },
  ]);
});

t.test('check mode is passed to tasks; types without check support are skipped', async (t) => {
  const rec = recordingRegistry();
  const { report } = await run(
    prepared(rec, { hosts: 'cbr8-1', vars: { token: { $env: 'SMARTLIC_TOKEN' } }, tasks: [{ configure: { intent: { dns: { nameServer: ['192.0.2.1'] } } } }, { register: { token: '{{ token }}' } }, { reload: {} }, { status: {} }] }, { check: true }),
  );
  t.same(rec.calls.map((c) => [c.type, c.check]), [['configure', true], ['register', true], ['status', true]]);
  t.same(statuses(report), { 'cbr8-1': ['changed', 'changed', 'skipped', 'ok'] });
  t.equal(report.hosts[0]?.tasks[2]?.detail, 'check mode: "reload" does not support check mode');
  t.equal(report.check, true);
  t.equal(report.hosts[0]?.tasks[0]?.diff, undefined, 'no diff unless asked');
  const withDiff = recordingRegistry();
  const diffRun = await run(prepared(withDiff, { hosts: 'cbr8-1', tasks: [{ configure: { intent: { dns: { nameServer: ['192.0.2.1'] } } } }] }, { check: true, diff: true }));
  t.equal(diffRun.report.hosts[0]?.tasks[0]?.diff, '+ ip name-server 192.0.2.53\n+ ip domain lookup');
  t.equal(taskEvents(diffRun.events).find((e) => e.status === 'changed')?.diff, '+ ip name-server 192.0.2.53\n+ ip domain lookup');
});

t.test('secrets stay wrapped to the task and are redacted in every event and the report', async (t) => {
  const rec = recordingRegistry();
  const { report, events } = await run(
    prepared(rec, { hosts: 'cbr8-1', vars: { token: { $env: 'SMARTLIC_TOKEN' } }, tasks: [{ register: { token: '{{ token }}' }, registerAs: 'reg' }, { verify: { that: ['reg.value.token is defined'] } }] }),
  );
  t.same(statuses(report), { 'cbr8-1': ['changed', 'ok'] });
  t.equal(rec.calls[0]?.type, 'register');
  const everything = JSON.stringify({ report, events });
  t.notMatch(everything, new RegExp(SECRETS.SMARTLIC_TOKEN), 'the token never appears');
  t.notMatch(everything, new RegExp(SECRETS.DEV_PW), 'nor the device password');
  t.equal(report.hosts[0]?.tasks[0]?.detail, 'registered with ***');
  t.same(report.hosts[0]?.tasks[0]?.result, { token: '***', echoed: 'idtoken ***' });
});

t.test('wait polls with the injected clock until the condition holds, or times out', async (t) => {
  const rec = recordingRegistry();
  let polls = 0;
  const clock = new ManualClock('2026-03-01T00:00:00Z');
  const sleeps: number[] = [];
  const sleep = async (ms: number): Promise<void> => {
    sleeps.push(ms);
    clock.advance(ms);
    polls++;
    if (polls === 3) rec.state.set('cbr8-1', { registration: 'registered', authorization: 'authorized' });
  };
  const doc = {
    hosts: 'cbr8',
    tasks: [{ name: 'until registered', wait: { task: { status: {} }, until: "result.value.registration.status == 'registered'", interval: '30s', timeout: '2m' }, registerAs: 'w' }, { verify: { that: ["w.value.registration.status == 'registered'"] } }],
  };
  const { report, events } = await run(prepared(rec, doc), { clock, sleep, forks: 1 });
  t.same(statuses(report), { 'cbr8-1': ['ok', 'ok'], 'cbr8-2': ['failed', 'skipped'] });
  t.equal(report.hosts[0]?.tasks[0]?.detail, 'condition held after 4 attempt(s)');
  t.equal(report.hosts[0]?.tasks[0]?.durationMs, 90_000, 'durations on the injected clock');
  const timeout = report.hosts[1]?.tasks[0]?.error;
  t.equal(timeout?.code, 'E_TIMEOUT');
  t.match(timeout?.message, /^cbr8-2: wait until result\.value\.registration\.status == 'registered' \(5 attempt\(s\), last: ok\) timed out after 120000 ms/);
  t.same(sleeps, [30_000, 30_000, 30_000, 30_000, 30_000, 30_000, 30_000], '3 for cbr8-1, 4 for cbr8-2, bounded by the timeout');
  t.equal(events.filter((e) => e.kind === 'progress' && e.step === 'poll').length, 7);
  t.equal(report.startedAt, '2026-03-01T00:00:00.000Z');
});

t.test('wait: a failing attempt fails the wait unless retryOnError; check mode skips an unsupported poll', async (t) => {
  const rec = recordingRegistry();
  addProbe(rec.registry);
  const clock = new ManualClock();
  const sleep = async (ms: number): Promise<void> => void clock.advance(ms);
  const doc = (retryOnError: boolean) => ({
    hosts: 'cbr8-1',
    tasks: [{ wait: { task: { probe: { fail: ['cbr8-1'] } }, until: 'result.failed and result.error.code == "E_CLI_INVALID_INPUT"', timeout: '1m', interval: '10s', retryOnError } }],
  });
  const strict = await run(prepared(rec, doc(false)), { clock, sleep });
  t.equal(strict.report.hosts[0]?.tasks[0]?.error?.code, 'E_CLI_INVALID_INPUT');
  const lenient = await run(prepared(rec, doc(true)), { clock, sleep });
  t.equal(lenient.report.hosts[0]?.tasks[0]?.status, 'ok', 'the condition can look at the failure');
  const check = await run(prepared(rec, { hosts: 'cbr8-1', tasks: [{ wait: { task: { reload: {} }, until: 'result.changed', timeout: '1m' } }] }, { check: true }), { clock, sleep });
  t.equal(check.report.hosts[0]?.tasks[0]?.status, 'skipped');
  t.equal(check.report.hosts[0]?.tasks[0]?.detail, 'check mode: "reload" does not support check mode');
  t.same(rec.calls.filter((c) => c.type === 'reload'), []);
});

t.test('cancellation: running tasks abort, nothing more runs, resources close', async (t) => {
  const rec = recordingRegistry();
  const probe = addProbe(rec.registry);
  const controller = new AbortController();
  const done = run(prepared(rec, { tasks: [{ probe: { hold: true } }, { status: {} }] }), { signal: controller.signal, onEvent: (e) => e.kind === 'progress' && probe.runs.length === 3 && controller.abort() });
  const { report } = await done;
  t.equal(report.cancelled, true);
  t.same(statuses(report), { 'cbr8-1': ['failed', 'skipped'], 'cbr8-2': ['failed', 'skipped'], 'ncs1004-1': ['failed', 'skipped'] });
  t.same(report.hosts.map((h) => h.status), ['cancelled', 'cancelled', 'cancelled']);
  t.equal(report.hosts[0]?.tasks[0]?.error?.code, 'E_CANCELLED');
  t.equal(report.hosts[0]?.tasks[1]?.notRun, 'the run was cancelled');
  t.same(rec.calls, [], 'status never ran');
  t.same(probe.closed.sort(), ['cbr8-1', 'cbr8-2', 'ncs1004-1']);
});

t.test('unsubscribing from runPlaybook$ cancels the run', async (t) => {
  const rec = recordingRegistry();
  const probe = addProbe(rec.registry);
  await new Promise<void>((resolve) => {
    const subscription = runPlaybook$(prepared(rec, { hosts: 'cbr8-1', tasks: [{ probe: { hold: true } }, { status: {} }] })).subscribe((e) => {
      if (e.kind === 'progress') {
        subscription.unsubscribe();
        resolve();
      }
    });
  });
  for (let i = 0; i < 50 && probe.closed.length === 0; i++) await new Promise((r) => setImmediate(r));
  t.same(probe.closed, ['cbr8-1'], 'the session was closed');
  t.same(rec.calls, []);
});

t.test('maxFailPercentage stops later batches', async (t) => {
  const rec = recordingRegistry();
  addProbe(rec.registry);
  const { report } = await run(prepared(rec, { serial: 1, maxFailPercentage: 0, tasks: [{ probe: { fail: ['cbr8-2'] } }] }));
  t.same(report.hosts.map((h) => h.status), ['ok', 'failed', 'not-run']);
  t.equal(report.stopped, 'batch 2: 1 of 1 host(s) failed, more than maxFailPercentage 0%');
  t.equal(report.hosts[2]?.tasks[0]?.notRun, report.stopped);
  t.equal(report.summary.notRun, 1);
});

t.test('tags select tasks', async (t) => {
  const rec = recordingRegistry();
  const p = prepared(rec, { hosts: 'cbr8-1', tasks: [{ status: {}, tags: ['read'] }, { show: { command: 'show version' }, tags: ['slow'] }, { show: { command: 'show license udi' } }] });
  const only = await run(p, { tags: ['read'] });
  t.same(statuses(only.report), { 'cbr8-1': ['ok', 'skipped', 'skipped'] });
  const skip = await run(p, { skipTags: ['slow'] });
  t.same(statuses(skip.report), { 'cbr8-1': ['ok', 'skipped', 'ok'] });
  t.equal(skip.report.hosts[0]?.tasks[1]?.detail, 'tagged slow (skipped)');
});

t.test('values known only at run time are checked when the task runs', async (t) => {
  const rec = recordingRegistry();
  addProbe(rec.registry);
  const { report } = await run(
    prepared(rec, {
      hosts: 'cbr8-1',
      tasks: [
        { probe: { value: { cmd: 'reload' } }, registerAs: 'p' },
        { show: { command: '{{ p.value.cmd }}' }, ignoreErrors: true },
        { show: { command: '{{ p.value.missing }}' }, ignoreErrors: true },
        { status: {}, when: 'p.value.cmd > 3', ignoreErrors: true },
      ],
    }),
  );
  const [, bad, missing, typeError] = report.hosts[0]?.tasks ?? [];
  t.equal(bad?.error?.code, 'E_PLAYBOOK');
  t.equal(bad?.error?.message, 'pb.json: /tasks/1/show/command: must start with "show" (host cbr8-1)');
  t.equal(missing?.error?.code, 'E_EXPRESSION');
  t.match(missing?.error?.message, /^cbr8-1: "\/tasks\/2\/show\/command": "p\.value\.missing" is not defined/);
  t.equal(typeError?.error?.code, 'E_EXPRESSION');
  t.match(typeError?.error?.message, /^cbr8-1: "p\.value\.cmd > 3": ">" compares two numbers or two strings/);
  t.same(rec.calls, [], 'no show or status was sent');
});

t.test('setVars values are rendered once and used by later tasks', async (t) => {
  const rec = recordingRegistry();
  const { report } = await run(
    prepared(rec, {
      hosts: 'cbr8',
      tasks: [
        { setVars: { first_dns: '{{ dns[0] }}', edge: "{{ role == 'edge' }}" } },
        { verify: { that: ['edge', "first_dns in ['192.0.2.53', 'not-an-ip']"] } },
      ],
    }),
  );
  t.same(statuses(report), { 'cbr8-1': ['ok', 'ok'], 'cbr8-2': ['ok', 'ok'] });
  t.same(report.hosts[0]?.tasks[0]?.result, { first_dns: '192.0.2.53', edge: true });
});

t.test('check mode after a task that would change the host: wait looks once, verify does not fail on what is not there yet', async (t) => {
  const rec = recordingRegistry();
  let sleeps = 0;
  const doc = {
    hosts: 'cbr8-1',
    vars: { token: { $env: 'SMARTLIC_TOKEN' } },
    tasks: [
      { register: { token: '{{ token }}' } },
      { wait: { task: { status: {} }, until: "result.value.registration.status == 'registered'", interval: '10s', timeout: '10m' }, registerAs: 'after' },
      { status: {}, registerAs: 'now' },
      { verify: { that: ["now.value.registration.status == 'registered'"] } },
    ],
  };
  const { report } = await run(prepared(rec, doc, { check: true }), { sleep: async () => void sleeps++ });
  t.same(statuses(report), { 'cbr8-1': ['changed', 'skipped', 'ok', 'skipped'] });
  t.match(report.hosts[0]?.tasks[1]?.detail, /^check mode: result\.value\.registration\.status == 'registered' does not hold now \(earlier tasks would change the device first\); a run would poll for up to 10m$/);
  t.equal(sleeps, 0, 'the wait polled once and never slept');
  t.equal(report.hosts[0]?.tasks[3]?.detail, 'check mode: 1 of 1 assertion(s) do not hold yet; earlier tasks would change the device first');
  t.equal(report.hosts[0]?.status, 'changed');

  const readOnly = await run(prepared(recordingRegistry(), { hosts: 'cbr8-1', tasks: doc.tasks.slice(2) }, { check: true }));
  t.same(statuses(readOnly.report), { 'cbr8-1': ['ok', 'failed'] }, 'with nothing that would change, a check-mode verify is a real verification');
  t.equal(readOnly.report.hosts[0]?.tasks[1]?.error?.code, 'E_VERIFY_FAILED');
});
