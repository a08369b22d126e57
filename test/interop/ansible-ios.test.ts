/**
 * Ansible network_cli with cisco.ios (ios_command, ios_config over paramiko) against emulated cBR-8s: the
 * playbook configures the Smart Licensing prerequisites, the lines show in `show running-config`, and a
 * second run changes nothing and sends no configuration line.
 */
import t from 'tap';
import { readFileSync } from 'node:fs';
import { startFleet } from '../../src/emulator/index.js';
import { AnsibleWorkspace } from './ansible.js';
import { missingCommand, missingPythonModule } from './helpers.js';

t.setTimeout(900_000);

const PLAYBOOK = readFileSync(new URL('./fixtures/ios-smart-licensing.yml', import.meta.url), 'utf8');

t.test('cisco.ios ios_command + ios_config, idempotent on the second run', async (t) => {
  const missing = (await missingCommand('ansible-playbook', 'ansible')) ?? (await missingPythonModule('paramiko', 'python3-paramiko'));
  if (missing !== undefined) {
    t.fail(missing);
    return;
  }
  const fleet = await startFleet({ devices: 2, platform: 'ios-xe' });
  t.teardown(() => fleet.close());
  const workspace = new AnsibleWorkspace();
  t.teardown(() => workspace.close());

  const first = await workspace.playbook(fleet.inventory(), PLAYBOOK);
  t.equal(first.code, 0, 'ansible-playbook exits 0', { output: first.output });
  for (const device of fleet.devices) {
    const stats = first.stats[device.name];
    t.equal(stats?.failures, 0, `${device.name}: no failure`);
    t.equal(stats?.changed, 3, `${device.name}: three configuration tasks changed`);
    const version = first.tasks['show version']?.[device.name]?.['stdout'] as string[] | undefined;
    t.match(version?.[0] ?? '', /^Cisco IOS XE Software, Version 16\.12\.01z/);
    t.match(version?.[1] ?? '', /^call-home\n/);
    const running = device.config.runningText();
    t.match(running, /\nip name-server 198\.51\.100\.53\nip domain lookup\nip domain name example\.com\n/);
    t.match(running, /\n contact-email-addr noc@example\.com\n profile "CiscoTAC-1"\n  active\n  destination address http https:\/\/cssm\.example\.net\/its\/service\/oddce\/services\/DDCEService\n  destination transport-method http\n/);
  }

  const marks = fleet.devices.map((d) => d.commandLog.lastSeq);
  const second = await workspace.playbook(fleet.inventory(), PLAYBOOK);
  t.equal(second.code, 0, 'ansible-playbook exits 0 again', { output: second.output });
  fleet.devices.forEach((device, i) => {
    t.equal(second.stats[device.name]?.changed, 0, `${device.name}: second run changed nothing`);
    const sent = device.commandLog.since(marks[i] ?? 0);
    t.equal(sent.filter((e) => e.kind === 'config').length, 0, `${device.name}: second run sent zero configuration lines`);
    t.ok(sent.some((e) => e.line === 'show running-config'), 'it read the running configuration');
  });
});
