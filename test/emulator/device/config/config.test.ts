/**
 * The configuration model without SSH: loading text through the grammar, ops and their `no` forms, the
 * store (validators, atomic apply, IOS-XR commit confirmed, exclusive lock), rendering, diffs, sections.
 */
import t from 'tap';
import { CommandSet } from '../../../../src/emulator/device/cli/command-set.js';
import { diffLines, diffTrees } from '../../../../src/emulator/device/config/diff.js';
import { treeFromText } from '../../../../src/emulator/device/config/load-text.js';
import { applyOp, type ConfigOp } from '../../../../src/emulator/device/config/ops.js';
import { renderXeBody } from '../../../../src/emulator/device/config/render-xe.js';
import { filterSection, renderXrDiff, renderXrNodes } from '../../../../src/emulator/device/config/render-xr.js';
import { ConfigStore } from '../../../../src/emulator/device/config/store.js';
import { cloneTree, createRoot, toIndentedLines } from '../../../../src/emulator/device/config/tree.js';
import { iosXeEmulation, iosXrEmulation } from '../../../../src/emulator/device/platforms/index.js';
import { ManualTimers } from '../../../../src/emulator/device/timers.js';

const xe = CommandSet.of(iosXeEmulation);
const xr = CommandSet.of(iosXrEmulation);

t.test('text loads through the grammar: stored forms, keys, orders', async (t) => {
  const tree = treeFromText(
    xe,
    'interface Loopback0\n description x\nhostname A\ncall-home\n profile CiscoTAC-1\n  no destination transport-method email\nip domain-lookup\nhostname B\n',
  );
  t.same(toIndentedLines(tree), [
    'hostname B',
    'call-home',
    ' profile "CiscoTAC-1"',
    '  no destination transport-method email',
    'ip domain lookup',
    'interface Loopback0',
    ' description x',
  ]);
  t.equal(tree.children.find((c) => c.line === 'hostname B')?.key, 'hostname', 'hostname is single-valued');
  const unknown = treeFromText(xe, 'frobnicate on\n setting 1\n');
  t.same(toIndentedLines(unknown), ['frobnicate on', ' setting 1'], 'unknown lines are kept as they are');
});

t.test('the XE running-config body: separators between groups and after blocks', async (t) => {
  const tree = treeFromText(xe, 'version 16.12\nservice password-encryption\nhostname R\ncall-home\n profile x\n  active\ninterface Loopback1\ninterface Loopback0\n ip address 10.0.0.1 255.255.255.255\nip ssh version 2\nline vty 0 4\n login local\n');
  t.same(renderXeBody(tree), [
    'version 16.12',
    '!',
    'service password-encryption',
    '!',
    'hostname R',
    '!',
    'call-home',
    ' ! If contact email address in call-home is configured as sch-smart-licensing@cisco.com',
    ' ! the email address configured in Cisco Smart License Portal will be used as contact email address to send SCH notifications.',
    ' profile "x"',
    '  active',
    '!',
    'interface Loopback1',
    ' no ip address',
    '!',
    'interface Loopback0',
    ' ip address 10.0.0.1 255.255.255.255',
    '!',
    'ip ssh version 2',
    '!',
    'line vty 0 4',
    ' login local',
    '!',
    'end',
  ]);
});

t.test('XR rendering, sections and the commit diff', async (t) => {
  const running = treeFromText(xr, 'hostname ios\ndomain name-server 198.51.100.1\ncall-home\n service active\n profile CiscoTAC-1\n  active\n');
  t.same(renderXrNodes(running.children), ['hostname ios', 'domain name-server 198.51.100.1', 'call-home', ' service active', ' profile CiscoTAC-1', '  active', ' !', '!']);
  t.same(filterSection(running.children, ['call-home', 'profile', 'Cisco']).map((n) => toIndentedLines({ ...n, children: [n] })), [
    ['call-home', ' profile CiscoTAC-1', '  active'],
  ]);
  t.same(filterSection(running.children, ['dom']).map((n) => n.line), ['domain name-server 198.51.100.1']);
  t.same(filterSection(running.children, ['interface']), []);

  const candidate = cloneTree(running);
  const ops: ConfigOp[] = [
    { kind: 'delete', path: [], key: 'domain name-server 198.51.100.1', line: 'domain name-server 198.51.100.1' },
    { kind: 'set', path: ['call-home', 'profile CiscoTAC-1'], line: 'destination transport-method http', key: 'destination transport-method http', order: 50, block: false },
    { kind: 'set', path: [], line: 'hostname r2', key: 'hostname', order: 10, block: false },
  ];
  for (const op of ops) applyOp(candidate, op);
  t.same(renderXrDiff('7.3.2', diffLines(running, candidate)), [
    'Building configuration...',
    '!! IOS XR Configuration 7.3.2',
    '-  domain name-server 198.51.100.1',
    '-  hostname ios',
    '+  hostname r2',
    '   call-home',
    '    profile CiscoTAC-1',
    '+    destination transport-method http',
    '    !',
    '   !',
    'end',
  ]);
  t.same(
    diffTrees(running, candidate).map((c) => `${c.op} ${c.line}`),
    ['remove domain name-server 198.51.100.1', 'replace hostname r2', 'add destination transport-method http'],
  );
});

t.test('the store: validators see proposed changes, apply is all-or-nothing, listeners see what changed', async (t) => {
  const timers = new ManualTimers();
  const store = new ConfigStore('ios-xe', createRoot(), timers);
  const seen: string[] = [];
  store.addValidator((change) => {
    seen.push(`${change.op}:${change.line}`);
    return change.line.includes('forbidden') ? '% forbidden line' : undefined;
  });
  const events: string[][] = [];
  store.onChange((e) => events.push(e.changes.map((c) => `${c.op} ${c.line}`)));
  const set = (line: string, key = line, path: string[] = [], block = false): ConfigOp => ({ kind: 'set', path, line, key, order: 0, block });
  let result = store.apply([set('call-home', 'call-home', [], true), set('contact-email-addr a@b.c', 'contact-email-addr', ['call-home'])], { source: 'api' });
  t.ok(result.ok);
  result = store.apply([set('hostname ok', 'hostname'), set('forbidden thing')], { source: 'api' });
  t.notOk(result.ok);
  if (!result.ok) t.same(result.rejected.map((r) => r.message), ['% forbidden line']);
  t.equal(store.running().children.find((c) => c.key === 'hostname'), undefined, 'nothing of a refused apply is kept');
  result = store.apply([set('call-home', 'call-home', [], true)], { source: 'api' });
  t.ok(result.ok && result.changes.length === 0);
  t.same(seen, ['add:call-home', 'add:contact-email-addr a@b.c', 'add:hostname ok', 'add:forbidden thing', 'enter:call-home']);
  t.same(events, [['add call-home', 'add contact-email-addr a@b.c']]);
  t.throws(() => (store.running().children as unknown as unknown[]).push({}), TypeError, 'snapshots are frozen');
});

t.test('the store: IOS-XR commit ids, commit confirmed rollback on the device clock, exclusive lock', async (t) => {
  const timers = new ManualTimers();
  const store = new ConfigStore('ios-xr', treeFromText(xr, 'hostname ios\n'), timers);
  const hostname = (): string | undefined => store.running().children.find((c) => c.key === 'hostname')?.line;
  const op = (name: string): ConfigOp => ({ kind: 'set', path: [], line: `hostname ${name}`, key: 'hostname', order: 10, block: false });
  let result = store.commit([op('a')], { source: 'cli', user: 'admin' }, { confirmMs: 60_000 });
  t.ok(result.ok && result.commitId === '1000000001');
  t.ok(store.confirmPending);
  timers.advance(59_999);
  t.equal(hostname(), 'hostname a');
  timers.advance(1);
  t.equal(hostname(), 'hostname ios', 'rolled back');
  t.notOk(store.confirmPending);
  result = store.commit([op('b')], { source: 'cli' }, { confirmMs: 30_000 });
  t.ok(store.confirm());
  timers.advance(60_000);
  t.equal(hostname(), 'hostname b', 'confirmed');
  t.same(store.history().map((c) => c.id), ['1000000003', '1000000002', '1000000001']);
  t.ok(store.lockExclusive(1));
  t.ok(store.lockExclusive(1), 're-entrant for the holder');
  t.notOk(store.lockExclusive(2));
  store.releaseExclusive(1);
  t.ok(store.lockExclusive(2));
});
