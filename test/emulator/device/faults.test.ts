/**
 * The device fault knobs against real clients over SSH: a connection dropped before a command or in the middle of
 * its output (the command then ran), an answer stalled half-way for a while or for good, `--More--` forced after
 * `terminal length 0`, the same request faults over NETCONF, and the knobs' own bookkeeping. Reboots have their own
 * file (reboot.test.ts).
 */
import t, { type Test } from 'tap';
import { connect } from '../../../src/driver/connect.js';
import { connectNetconf } from '../../../src/driver/netconf/connect-netconf.js';
import type { NetconfConnection } from '../../../src/driver/netconf/netconf-connection.js';
import type { Session } from '../../../src/driver/session.js';
import { FaultKnobs, generateHostKeys, startDevice, type EmulatedDevice } from '../../../src/emulator/index.js';
import { netconfExtension } from '../../../src/emulator/netconf/netconf-extension.js';
import type { DeviceModel } from '../../../src/inventory/types.js';
import { connectSsh } from '../../../src/transport/ssh.js';

const hostKeys = generateHostKeys();
const netconf = netconfExtension();
const XE_NATIVE = 'http://cisco.com/ns/yang/Cisco-IOS-XE-native';

async function withDevice(t: Test, model: DeviceModel = 'cBR-8'): Promise<EmulatedDevice> {
  const device = await startDevice({ model }, { hostKeys, extensions: [netconf] });
  t.teardown(() => device.close());
  return device;
}

async function cli(t: Test, device: EmulatedDevice, commandMs = 15_000): Promise<Session> {
  const s = await connect(
    { name: device.name, host: device.host, port: device.port, username: 'admin', password: 'admin', hostKey: device.hostKeyFingerprint },
    { timeouts: { commandMs } },
  );
  t.teardown(() => s.close());
  return s;
}

async function nc(t: Test, device: EmulatedDevice, commandMs = 15_000): Promise<NetconfConnection> {
  const c = await connectNetconf(
    { name: device.name, host: device.host, netconfPort: device.netconfPort ?? 0, username: 'admin', password: 'admin', hostKey: device.hostKeyFingerprint },
    { timeouts: { commandMs } },
  );
  t.teardown(() => c.close());
  return c;
}

/**
 * What a raw shell receives for one line (typed after `terminal length 0`, then `arm()`), until the device closes
 * the connection or `until` shows up.
 */
async function rawShell(device: EmulatedDevice, line: string, arm: () => void, until?: RegExp): Promise<string> {
  const conn = await connectSsh({ host: device.host, port: device.port, username: 'admin', password: 'admin', hostKey: device.hostKeyFingerprint });
  try {
    const shell = await conn.openShell();
    let text = '';
    let wake: () => void = () => undefined;
    const ended = new Promise<void>((resolve) => shell.onEnd(() => resolve()));
    shell.onData((chunk) => {
      text += chunk.toString('utf8');
      wake();
    });
    const waitFor = async (pattern: RegExp): Promise<void> => {
      while (!pattern.test(text) && !shell.closed) await Promise.race([new Promise<void>((resolve) => (wake = resolve)), ended]);
    };
    await waitFor(/#\s*$/);
    text = '';
    shell.write('terminal length 0\n');
    await waitFor(/terminal length 0\r\n[^\n]*#\s*$/);
    arm();
    text = '';
    shell.write(`${line}\n`);
    await waitFor(until ?? /(?!)/);
    return text;
  } finally {
    await conn.close();
  }
}

t.test('knob bookkeeping: countdowns per request, one-shot, values checked before any is set', async (t) => {
  const knobs = new FaultKnobs();
  knobs.set({ dropAfterCommands: 2, dropMidOutput: true, stallAfterCommands: 1, stallMs: 50 });
  t.same(knobs.get(), { dropAfterCommands: 2, dropMidOutput: true, stallAfterCommands: 1, stallMs: 50 });
  t.same(knobs.nextRequest(), { kind: 'answer' });
  t.same(knobs.nextRequest(), { kind: 'stall', ms: 50 });
  t.same(knobs.nextRequest(), { kind: 'drop', midOutput: true });
  t.same(knobs.nextRequest(), { kind: 'answer' }, 'both fired once');
  t.same(knobs.get(), {});
  knobs.set({ stallAfterCommands: 0 });
  t.same(knobs.nextRequest(), { kind: 'stall', ms: null }, 'no stallMs: for good');
  t.throws(() => knobs.set({ pagingLength: 1 }), { code: 'E_INVALID_ARGUMENT', message: /pagingLength/ });
  t.throws(() => knobs.set({ dropAfterCommands: 1, stallMs: -1 }), { message: /stallMs/ });
  t.same(knobs.get(), {}, 'a refused setting changes nothing');
  knobs.set({ pagingLength: 10, outputDelayMs: 5, dnsNotAnswering: true });
  knobs.clear();
  t.same(knobs.get(), {});
});

t.test('CLI: a drop before the command → it never ran; a drop mid-output → it ran and part of its answer arrived', async (t) => {
  const device = await withDevice(t);
  const s = await cli(t, device);
  await s.sendConfig(['hostname before-drop']);
  device.faults.set({ dropAfterCommands: 1 });
  await t.rejects(s.sendConfig(['hostname never-typed']), { code: 'E_CLOSED' });
  t.equal(device.hostname, 'before-drop', 'the line the connection dropped on was not carried out');
  t.notOk(device.commandLog.entries().some((e) => e.line === 'hostname never-typed'));

  const s2 = await cli(t, device);
  device.faults.set({ dropAfterCommands: 1, dropMidOutput: true });
  await t.rejects(s2.sendConfig(['hostname applied-then-dropped']), { code: 'E_CLOSED' });
  t.equal(device.hostname, 'applied-then-dropped', 'the line ran before the connection dropped');

  const received = await rawShell(device, 'show running-config', () => device.faults.set({ dropAfterCommands: 0, dropMidOutput: true }));
  t.match(received, /show running-config\r\n[\s\S]*Building configuration/, 'the first part of the output arrived');
  t.notMatch(received, /\nend\r\n/, 'not the end of it');
  t.notMatch(received, /applied-then-dropped#\s*$/, 'and no prompt after it');
  t.equal(device.faults.get().dropAfterCommands, undefined, 'one-shot');
});

t.test('CLI: a stalled answer resumes after the stall; a stall for good times the command out and ends with the session', async (t) => {
  const device = await withDevice(t, 'NCS-560');
  const s = await cli(t, device);
  const expected = (await s.send('show running-config')).output;
  device.faults.set({ stallAfterCommands: 0, stallMs: 200 });
  t.equal((await s.send('show running-config')).output, expected, 'the whole output, once the stall is over');

  const partial = await rawShell(device, 'show running-config', () => device.faults.set({ stallAfterCommands: 0 }), /Building configuration/);
  t.match(partial, /Building configuration/, 'the first half arrives');

  const stalled = await cli(t, device, 300);
  device.faults.set({ stallAfterCommands: 0 });
  await t.rejects(stalled.send('show running-config'), { code: 'E_TIMEOUT' });
  await stalled.close();
  const deadline = Date.now() + 10_000;
  while (device.connections > 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  t.equal(device.connections, 1, 'the stalled session ended with its connection (only the first session is left)');
  t.same((await s.send('show running-config')).output, expected, 'other sessions were never stalled');
});

t.test('CLI: --More-- forced after terminal length 0: the channel pages through, the output is whole', async (t) => {
  for (const model of ['cBR-8', 'NCS-1004'] as const) {
    const device = await withDevice(t, model);
    const s = await cli(t, device);
    const expected = (await s.send('show running-config')).output;
    device.faults.set({ pagingLength: 6 });
    const paged = await s.send('show running-config');
    t.equal(paged.output, expected, `${model}: the same output, no pager residue`);
    t.notMatch(paged.output, /More/);
    const raw = await rawShell(device, 'show running-config', () => undefined, / --More-- $/);
    t.equal(raw.split('\r\n').length, 7, `${model}: the device really paged: the echo, 5 lines, --More-- (terminal length 0 notwithstanding)`);
    await s.sendConfig(['hostname paged-config']);
    t.equal(device.hostname, 'paged-config', `${model}: configuration mode works while paging is forced`);
  }
});

t.test('NETCONF: a drop before the rpc, mid-reply (the edit is applied), and a stalled reply', async (t) => {
  const device = await withDevice(t, 'cBR-8');
  const edit = (name: string): string => `<native xmlns="${XE_NATIVE}"><hostname>${name}</hostname></native>`;

  const c1 = await nc(t, device);
  device.faults.set({ dropAfterCommands: 0 });
  await t.rejects(c1.client.editConfig('running', edit('nc-never')), { code: 'E_CLOSED' });
  t.not(device.hostname, 'nc-never', 'dropped before it ran');

  const c2 = await nc(t, device);
  device.faults.set({ dropAfterCommands: 0, dropMidOutput: true });
  await t.rejects(c2.client.editConfig('running', edit('nc-applied')), { code: 'E_CLOSED' });
  t.equal(device.hostname, 'nc-applied', 'the edit ran before the connection dropped');

  const c3 = await nc(t, device);
  device.faults.set({ stallAfterCommands: 0, stallMs: 200 });
  await c3.client.editConfig('running', edit('nc-stalled'));
  t.equal(device.hostname, 'nc-stalled', 'the stalled reply came in the end');

  const c4 = await nc(t, device, 300);
  device.faults.set({ stallAfterCommands: 0 });
  await t.rejects(c4.client.getConfig('running'), { code: 'E_TIMEOUT' });
  const c5 = await nc(t, device);
  t.ok((await c5.client.getConfig('running')).length > 0, 'other sessions answer');
});

t.test('the knobs from a CLI session: emulator fault … and show emulator faults', async (t) => {
  for (const model of ['cBR-8', 'NCS-1004'] as const) {
    const device = await withDevice(t, model);
    const s = await cli(t, device);
    t.match((await s.send('show emulator faults')).output, /Drop after requests: off[\s\S]*Name servers: answering/, `${model}: all off`);
    t.match((await s.send('emulator fault dns not-answering')).output, /Name servers: not answering/);
    t.equal(device.faults.dnsNotAnswering, true, `${model}: dns knob set from the CLI`);
    await s.send('emulator fault output-delay 5');
    await s.send('emulator fault paging 20');
    await s.send('emulator fault stall-after 50 milliseconds 100');
    t.same(device.faults.get(), { stallAfterCommands: 50, stallMs: 100, outputDelayMs: 5, pagingLength: 20, dnsNotAnswering: true }, `${model}: the knobs as typed`);
    await t.rejects(s.send('emulator fault paging 1'), { code: 'E_DEVICE_COMMAND' }, `${model}: a paging length of 1 refused`);
    t.match((await s.send('emulator fault clear')).output, /Drop after requests: off/);
    t.same(device.faults.get(), {}, `${model}: cleared`);

    // Two more requests are answered, the third drops the session.
    await s.send('emulator fault drop-after 2');
    await s.send('show clock');
    await s.send('show clock');
    await t.rejects(s.send('show clock'), { code: 'E_CLOSED' }, `${model}: dropped at the third request`);
    t.same(device.faults.get(), {}, `${model}: the one-shot drop spent`);

    const again = await cli(t, device);
    await again.send('emulator fault reboot');
    await t.rejects(again.send('show clock'), { code: 'E_CLOSED' }, `${model}: the reload drops the session`);
    t.same(device.faults.get(), {});
  }
});
