import t from 'tap';
import { parseStringPromise } from 'xml2js';
import { ManualClock } from '../../src/clock.js';
import type { PlaybookEvent } from '../../src/playbook/events.js';
import { toJUnitXml } from '../../src/playbook/junit.js';
import { toNdjsonLine } from '../../src/playbook/ndjson.js';
import { ProgressRenderer } from '../../src/playbook/progress.js';
import { summarise, type HostReport, type PlaybookReport } from '../../src/playbook/report.js';
import { Secret } from '../../src/secret.js';

const SECRET = 'output-test-secret-5d4c3b2a19';
new Secret(SECRET);

const hosts: HostReport[] = [
  {
    host: 'cbr8-1',
    status: 'changed',
    batch: 1,
    tasks: [
      { index: 0, name: 'configure <dns> & "call-home"', type: 'configure', status: 'changed', changed: true, durationMs: 1234, detail: 'changed 2 lines', diff: '+ ip name-server 192.0.2.53' },
      { index: 1, name: 'register', type: 'register', status: 'failed', changed: false, durationMs: 20, ignored: true, error: { code: 'E_ALREADY_REGISTERED', message: 'cbr8-1: register: already registered' } },
      { index: 2, name: 'only on XR', type: 'status', status: 'skipped', changed: false, durationMs: 0, detail: "when: host.platform == 'ios-xr' is false" },
    ],
  },
  {
    host: 'cbr8.lab.2',
    status: 'failed',
    batch: 2,
    tasks: [
      { index: 0, name: 'configure <dns> & "call-home"', type: 'configure', status: 'ok', changed: false, durationMs: 5 },
      {
        index: 1,
        name: 'register',
        type: 'register',
        status: 'failed',
        changed: false,
        durationMs: 3000,
        error: { code: 'E_TOKEN_INVALID', message: `cbr8.lab.2: register: token ${SECRET} <invalid> & "rejected"\u0007`, evidence: ['%SMART_LIC-3-REG_FAILED'] },
      },
      { index: 2, name: 'only on XR', type: 'status', status: 'skipped', changed: false, durationMs: 0, notRun: 'the host failed at task 1 ("register")' },
    ],
  },
  {
    host: 'ncs1004-1',
    status: 'cancelled',
    batch: 2,
    tasks: [
      { index: 0, name: 'configure <dns> & "call-home"', type: 'configure', status: 'failed', changed: false, durationMs: 7, error: { code: 'E_CANCELLED', message: 'ncs1004-1: task "configure" was cancelled' } },
      { index: 1, name: 'register', type: 'register', status: 'skipped', changed: false, durationMs: 0, notRun: 'the run was cancelled' },
      { index: 2, name: 'only on XR', type: 'status', status: 'skipped', changed: false, durationMs: 0, notRun: 'the run was cancelled' },
    ],
  },
];

const report: PlaybookReport = {
  playbook: 'Onboard & verify',
  file: 'playbooks/onboard.json',
  startedAt: '2026-03-01T00:00:00.000Z',
  finishedAt: '2026-03-01T00:00:04.500Z',
  durationMs: 4500,
  check: false,
  diff: true,
  cancelled: true,
  summary: summarise(hosts),
  hosts,
};

t.test('summary counts hosts and tasks by status', async (t) => {
  t.same(report.summary, { hosts: 3, ok: 0, changed: 1, failed: 1, cancelled: 1, notRun: 0, tasks: { ok: 1, changed: 1, failed: 3, skipped: 4 } });
});

t.test('JUnit: well-formed, one testsuite per host, failures with code and message, escaped, no secrets', async (t) => {
  const xml = toJUnitXml(report);
  t.notMatch(xml, new RegExp(SECRET));
  t.notMatch(xml, /\u0007/, 'characters XML forbids are replaced');
  const doc = (await parseStringPromise(xml)) as { testsuites: { $: Record<string, string>; testsuite: any[] } };
  t.same(doc.testsuites.$, { name: 'smartlic Onboard & verify', tests: '9', failures: '1', errors: '1', skipped: '4', time: '4.500', timestamp: '2026-03-01T00:00:00.000Z' });
  t.same(doc.testsuites.testsuite.map((s) => s.$.name), ['cbr8-1', 'cbr8.lab.2', 'ncs1004-1']);
  const [first, second, third] = doc.testsuites.testsuite;
  t.same(first.$, { name: 'cbr8-1', tests: '3', failures: '0', errors: '0', skipped: '1', time: '1.254', timestamp: '2026-03-01T00:00:00.000Z' });
  t.same(first.properties[0].property.map((p: any) => [p.$.name, p.$.value]), [['status', 'changed'], ['batch', '1'], ['playbook', 'playbooks/onboard.json'], ['check', 'false']]);
  t.same(first.testcase[0].$, { name: '00 configure <dns> & "call-home"', classname: 'smartlic.cbr8-1', time: '1.234' });
  t.equal(first.testcase[0]['system-out'][0], 'changed\nchanged 2 lines\n+ ip name-server 192.0.2.53');
  t.match(first.testcase[1]['system-err'][0], /^failed \(ignoreErrors\): E_ALREADY_REGISTERED: cbr8-1: register: already registered/);
  t.same(first.testcase[2].skipped[0].$, { message: "when: host.platform == 'ios-xr' is false" });
  const failure = second.testcase[1].failure[0];
  t.same(failure.$.type, 'E_TOKEN_INVALID');
  t.equal(failure.$.message, 'cbr8.lab.2: register: token *** <invalid> & "rejected"\uFFFD');
  t.match(failure._, /^E_TOKEN_INVALID: cbr8\.lab\.2: register: token \*\*\* <invalid> & "rejected"/);
  t.match(failure._, /evidence: \["%SMART_LIC-3-REG_FAILED"\]/);
  t.equal(second.testcase[1].$.classname, 'smartlic.cbr8_lab_2', 'dots would split the class name in Jenkins');
  t.same(second.testcase[2].skipped[0].$, { message: 'the host failed at task 1 ("register")' });
  t.equal(third.testcase[0].error[0].$.type, 'E_CANCELLED', 'a cancel is an error, not a failure');
});

t.test('NDJSON: one redacted JSON object per line', async (t) => {
  const events: PlaybookEvent[] = [
    { kind: 'task', host: 'cbr8-1', task: 'register', index: 1, type: 'register', status: 'failed', detail: `token ${SECRET}`, at: '2026-03-01T00:00:00.000Z' },
    { kind: 'run-finished', report, at: '2026-03-01T00:00:04.500Z' },
  ];
  const text = events.map((e) => toNdjsonLine(e)).join('');
  t.notMatch(text, new RegExp(SECRET));
  const lines = text.trimEnd().split('\n');
  t.equal(lines.length, 2);
  const parsed = lines.map((l) => JSON.parse(l) as { kind: string; detail?: string });
  t.same(parsed.map((p) => p.kind), ['task', 'run-finished']);
  t.equal(parsed[0]?.detail, 'token ***');
  t.same(JSON.parse(toNdjsonLine({ kind: 'x', secret: new Secret(SECRET) })), { kind: 'x', secret: '***' });
});

function capture(): { out: { write(s: string): boolean; columns: number }; text: () => string } {
  let text = '';
  return { out: { write: (s: string) => ((text += s), true), columns: 100 }, text: () => text };
}

const events: PlaybookEvent[] = [
  { kind: 'run-started', playbook: 'Onboard', file: 'pb.json', hosts: ['cbr8-1', 'cbr8-2'], tasks: 2, batches: 2, check: false, diff: true, at: '' },
  { kind: 'batch-started', batch: 1, hosts: ['cbr8-1'], at: '' },
  { kind: 'task', host: 'cbr8-1', task: 'configure', index: 0, type: 'configure', status: 'started', at: '' },
  { kind: 'task', host: 'cbr8-1', task: 'configure', index: 0, type: 'configure', status: 'changed', detail: 'changed 2 lines', durationMs: 1500, diff: '+ a\n+ b', at: '' },
  { kind: 'task', host: 'cbr8-1', task: 'status', index: 1, type: 'status', status: 'started', at: '' },
  { kind: 'progress', host: 'cbr8-1', task: 'status', index: 1, step: 'poll', detail: 'attempt 1', at: '' },
  { kind: 'task', host: 'cbr8-1', task: 'status', index: 1, type: 'status', status: 'ok', durationMs: 20, at: '' },
  { kind: 'host-finished', host: 'cbr8-1', status: 'changed', notRun: 0, at: '' },
  { kind: 'batch-started', batch: 2, hosts: ['cbr8-2'], at: '' },
  { kind: 'task', host: 'cbr8-2', task: 'configure', index: 0, type: 'configure', status: 'failed', error: { code: 'E_CONFIG_VERIFY', message: 'did not verify' }, durationMs: 3, at: '' },
  { kind: 'host-finished', host: 'cbr8-2', status: 'failed', notRun: 1, at: '' },
];

t.test('progress without a TTY: plain lines, one per finished task, then the recap', async (t) => {
  const { out, text } = capture();
  const renderer = new ProgressRenderer(out, { tty: false });
  for (const e of events) renderer.handle(e);
  renderer.handle({ kind: 'run-finished', report, at: '' });
  t.notMatch(text(), /\x1b/, 'no escape sequences');
  t.same(text().split('\n').slice(0, 10), [
    'PLAY Onboard (pb.json): 2 host(s), 2 task(s)',
    'batch 1/2: cbr8-1',
    'cbr8-1  [1/2] configure  changed  (1.5s)  changed 2 lines',
    '    + a',
    '    + b',
    'cbr8-1  [2/2] status  … poll: attempt 1',
    'cbr8-1  [2/2] status  ok  (20ms)',
    'batch 2/2: cbr8-2',
    'cbr8-2  [1/2] configure  FAILED  (3ms)  E_CONFIG_VERIFY: did not verify',
    'RECAP Onboard & verify: 3 host(s) in 4.5s (cancelled)',
  ]);
  t.match(text(), /  cbr8\.lab\.2  failed     ok=1 changed=0 failed=1 skipped=1  → task 1 "register": E_TOKEN_INVALID/);
});

t.test('progress on a TTY: one line redrawn in place, failures and diffs above it', async (t) => {
  const { out, text } = capture();
  const renderer = new ProgressRenderer(out, { tty: true, color: false, clock: new ManualClock(), redrawMs: 0 });
  for (const e of events) renderer.handle(e);
  const screen = text();
  t.match(screen, /\r\x1b\[2K\[#####---------------\] 1\/4 · ok 0 · changed 1 · failed 0 · skipped 0/);
  t.match(screen, /\r\x1b\[2K\[##########----------\] 2\/4 · ok 1 · changed 1 · failed 0 · skipped 0/);
  t.match(screen, /\r\x1b\[2K\[####################\] 4\/4 · ok 1 · changed 1 · failed 1 · skipped 1/);
  t.match(screen, /\r\x1b\[2Kcbr8-2  \[1\/2\] configure  FAILED  \(3ms\)  E_CONFIG_VERIFY: did not verify\n/);
  t.notMatch(screen, /status  ok/, 'plain ok tasks are not listed on a TTY');
  t.match(screen, / · status on cbr8-1/, 'what is running');
  renderer.handle({ kind: 'run-finished', report, at: '' });
  t.match(text(), /\r\x1b\[2KRECAP Onboard & verify/);
  const colored = capture();
  const c = new ProgressRenderer(colored.out, { tty: true, color: true, clock: new ManualClock(), redrawMs: 0 });
  for (const e of events) c.handle(e);
  t.match(colored.text(), /\x1b\[31mFAILED\x1b\[0m/);
});

t.test('progress on a TTY redraws at most every redrawMs', async (t) => {
  const { out, text } = capture();
  const clock = new ManualClock();
  const renderer = new ProgressRenderer(out, { tty: true, color: false, clock, redrawMs: 100 });
  renderer.handle(events[0] as PlaybookEvent);
  for (let i = 0; i < 5; i++) renderer.handle({ kind: 'progress', host: 'cbr8-1', task: 'wait', index: 0, step: 'poll', at: '' });
  const draws = (text().match(/\[--------------------\]/g) ?? []).length;
  t.equal(draws, 1, 'progress events within the interval do not redraw');
  clock.advance(150);
  renderer.handle({ kind: 'progress', host: 'cbr8-1', task: 'wait', index: 0, step: 'poll', at: '' });
  t.equal((text().match(/\[--------------------\]/g) ?? []).length, 2);
});
