/**
 * `device.reboot()`: sessions dropped and SSH refused while the device is down (virtual time), IOS-XE back at its
 * startup configuration (what was not saved is lost), IOS-XR keeping its commits but not an uncommitted candidate
 * or an unconfirmed `commit confirmed`, locks gone, the logging buffer restarted, and the Smart Agent keeping its
 * registration (what a device persists) while losing a registration in flight (what lives in memory).
 */
import t, { type Test } from 'tap';
import { connect } from '../../../src/driver/connect.js';
import { connectNetconf } from '../../../src/driver/netconf/connect-netconf.js';
import type { Session } from '../../../src/driver/session.js';
import { generateHostKeys, ManualTimers, startDevice, type EmulatedDevice } from '../../../src/emulator/index.js';
import { netconfExtension } from '../../../src/emulator/netconf/netconf-extension.js';
import type { DeviceModel } from '../../../src/inventory/types.js';
import { DAY, startE2eLab, XE_PREREQUISITES, XR_PREREQUISITES } from '../../e2e/helpers/e2e-lab.js';

const hostKeys = generateHostKeys();
const netconf = netconfExtension();

async function withDevice(t: Test, model: DeviceModel, timers: ManualTimers): Promise<EmulatedDevice> {
  const device = await startDevice({ model }, { hostKeys, timers, extensions: [netconf] });
  t.teardown(() => device.close());
  return device;
}

const target = (device: EmulatedDevice) => ({
  name: device.name,
  host: device.host,
  port: device.port,
  netconfPort: device.netconfPort ?? 0,
  username: 'admin',
  password: 'admin',
  hostKey: device.hostKeyFingerprint,
});

async function cli(t: Test, device: EmulatedDevice): Promise<Session> {
  const s = await connect(target(device), { timeouts: { commandMs: 15_000 } });
  t.teardown(() => s.close());
  return s;
}

t.test('IOS-XE: down for a while (SSH refused), back with the startup configuration; the unsaved change is lost', async (t) => {
  const timers = new ManualTimers('2026-03-01T00:00:00Z');
  const device = await withDevice(t, 'cBR-8', timers);
  const s = await cli(t, device);
  await s.sendConfig(['hostname saved-name']);
  await s.send('write memory');
  await s.sendConfig(['hostname unsaved-name', 'ip name-server 198.51.100.1']);
  t.equal(device.hostname, 'unsaved-name');

  const rebooting = device.reboot({ downMs: 120_000 });
  await t.rejects(s.send('show version'), { code: 'E_CLOSED' }, 'the open session is gone');
  await t.rejects(connect(target(device), { timeouts: { connectMs: 5_000 } }), { code: 'E_CONNECT' }, 'SSH refused while the device is down');
  await timers.advanceAsync(120_000);
  await rebooting;

  const back = await cli(t, device);
  t.equal(device.hostname, 'saved-name', 'the startup configuration');
  t.notMatch(device.config.runningText(), /ip name-server 198\.51\.100\.1/, 'the unsaved line is gone');
  t.match((await back.send('show version')).output, /uptime is 2 minutes/, 'uptime counts from the reboot');
  t.same(
    device.syslog.entries().map((e) => `%${e.facility}-${e.severity}-${e.mnemonic}: ${e.text}`),
    ['%SYS-5-RESTART: System restarted --'],
    'the logging buffer restarted',
  );
});

t.test('IOS-XR: commits kept; an uncommitted candidate, an unconfirmed commit and configure exclusive are not', async (t) => {
  const timers = new ManualTimers('2026-03-01T00:00:00Z');
  const device = await withDevice(t, 'NCS-560', timers);
  const committer = await cli(t, device);
  await committer.sendConfig(['hostname committed-name']);
  await committer.sendConfig(['domain name trial.example'], { confirmed: 600 });
  const editing = await cli(t, device);
  await editing.send('configure exclusive');
  await editing.send('hostname candidate-only');
  t.match(device.config.runningText(), /domain name trial\.example/);

  await device.reboot();
  t.equal(device.hostname, 'committed-name', 'the committed hostname stays; the candidate is gone');
  t.notMatch(device.config.runningText(), /trial\.example/, 'the unconfirmed commit was rolled back');
  const after = await cli(t, device);
  await after.sendConfig(['hostname after-reboot']);
  t.equal(device.hostname, 'after-reboot', 'no exclusive lock left behind');
  await timers.advanceAsync(601_000);
  t.equal(device.hostname, 'after-reboot', 'no rollback timer left behind either');
  t.match(device.syslog.entries()[0], { facility: 'OS-SYSMGR', mnemonic: 'NOTICE', text: 'Card is COLD started' });
});

t.test('NETCONF: sessions end, locks are released, a persistent confirmed commit is rolled back', async (t) => {
  const timers = new ManualTimers('2026-03-01T00:00:00Z');
  const device = await withDevice(t, 'NCS-1004', timers);
  const before = device.config.runningText();
  const nc = await connectNetconf(target(device), { timeouts: { commandMs: 15_000 } });
  t.teardown(() => nc.close());
  await nc.client.lock('running');
  await nc.client.editConfig('candidate', '<domain xmlns="http://cisco.com/ns/yang/Cisco-IOS-XR-um-domain-cfg"><name>nc-trial.example.com</name></domain>');
  await nc.client.commit({ confirmed: true, confirmTimeout: 600, persist: 'p1' });
  t.match(device.config.runningText(), /domain name nc-trial\.example\.com/);
  t.ok(netconf.netconfDevice(device)?.pendingConfirmedCommit);

  await device.reboot();
  await t.rejects(nc.client.getConfig('running'), { code: 'E_CLOSED' });
  const nd = netconf.netconfDevice(device);
  t.equal(nd?.lockHolder('running'), undefined, 'no lock held');
  t.equal(nd?.pendingConfirmedCommit, undefined, 'no confirmed commit pending');
  t.notMatch(device.config.runningText(), /nc-trial/, 'rolled back to the configuration before the trial');
  t.equal(device.config.runningText().replace(/^!! Last configuration change.*\n/m, ''), before.replace(/^!! Last configuration change.*\n/m, ''));
  const again = await connectNetconf(target(device), { timeouts: { commandMs: 15_000 } });
  t.teardown(() => again.close());
  await again.client.lock('running');
  await again.client.unlock('running');
});

t.test('Smart Agent: a registered device stays registered and renews on schedule; a registration in flight is lost', async (t) => {
  const e2e = await startE2eLab(t, { devices: 2, platform: 'mixed', models: ['cBR-8', 'NCS-1004'] });
  const [cbr8, ncs] = [e2e.device('cbr8-1'), e2e.device('ncs1004-1')];
  const xe = await e2e.open('cbr8-1');
  await xe.session.sendConfig(XE_PREREQUISITES);
  await xe.send('write memory');
  const xr = await e2e.open('ncs1004-1');
  await xr.session.sendConfig(XR_PREREQUISITES);

  const token = (await e2e.cssm.createToken({ description: 'reboot test' })).token;
  await xe.register(token);
  const registered = e2e.agent('cbr8-1').snapshot();
  t.match(registered, { registration: { status: 'registered' }, authorization: { status: 'authorized' } });

  await cbr8.reboot();
  const restarted = e2e.agent('cbr8-1').snapshot();
  t.same(restarted.registration, registered.registration, 'the registration survived the reboot');
  t.equal(restarted.authorization.status, 'authorized');
  t.equal(restarted.statistics.REGISTRATION.success, 0, 'the call-home statistics restarted');
  const renewals = (await e2e.cssm.listProductInstances()).find((i) => i.udi.sn === cbr8.identity.serial)?.lastContactAt;
  await e2e.timers.advanceAsync(31 * DAY);
  const contact = (await e2e.cssm.listProductInstances()).find((i) => i.udi.sn === cbr8.identity.serial)?.lastContactAt;
  t.ok(contact !== undefined && renewals !== undefined && contact > renewals, 'the 30-day authorization renewal still ran');

  // A registration in flight when the device goes down: CSSM answers slowly, the reboot comes first.
  e2e.lab.cssm.faults.slow(2_000, 'device');
  t.equal(e2e.agent('ncs1004-1').register(token.reveal()).accepted, true);
  t.equal(e2e.agent('ncs1004-1').snapshot().registration.status, 'registering');
  await ncs.reboot();
  e2e.lab.cssm.faults.slow(0);
  await e2e.agent('ncs1004-1').idle();
  t.match(e2e.agent('ncs1004-1').snapshot(), { registration: { status: 'unregistered' }, authorization: { status: 'evaluation' } }, 'the token did not survive the reboot');
  t.notOk(e2e.agent('ncs1004-1').snapshot().registration.nextRegistrationAttemptAt, 'and no retry is planned');
});
