/**
 * Ansible network_cli with cisco.iosxr (iosxr_command, iosxr_config over paramiko) against emulated NCS 560
 * and NCS 1004: candidate lines, `show commit changes diff`, `commit comment …`, `abort`; the lines show in
 * `show running-config`, and a second run changes nothing.
 */
import t from 'tap';
import { readFileSync } from 'node:fs';
import { startFleet } from '../../src/emulator/index.js';
import { AnsibleWorkspace } from './ansible.js';
import { missingCommand, missingPythonModule } from './helpers.js';

t.setTimeout(900_000);

const PLAYBOOK = readFileSync(new URL('./fixtures/iosxr-smart-licensing.yml', import.meta.url), 'utf8');

t.test('cisco.iosxr iosxr_command + iosxr_config, idempotent on the second run', async (t) => {
  const missing = (await missingCommand('ansible-playbook', 'ansible')) ?? (await missingPythonModule('paramiko', 'python3-paramiko'));
  if (missing !== undefined) {
    t.fail(missing);
    return;
  }
  const fleet = await startFleet({ devices: 2, platform: 'ios-xr' });
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
    t.match(version?.[0] ?? '', new RegExp(`^Cisco IOS XR Software, Version 7\\.3\\.2\\n[^]*\\ncisco ${device.model} \\(\\) processor`));
    t.match(
      device.config.runningText(),
      /\ndomain name-server 198\.51\.100\.247\ncall-home\n service active\n contact smart-licensing\n profile CiscoTAC-1\n  active\n  destination address http https:\/\/cssm\.example\.net\/its\/service\/oddce\/services\/DDCEService\n  destination transport-method http\n !\n!\n/,
    );
    const commits = device.config.commits();
    t.equal(commits.length, 3, 'one commit per task');
    t.ok(commits.every((c) => c.comment === 'configured by iosxr_config'), 'iosxr_config commits with its default comment');
    t.ok(device.commandLog.entries().some((e) => e.line === 'show commit changes diff'), 'the diff was read before commit');
  }

  const marks = fleet.devices.map((d) => d.commandLog.lastSeq);
  const second = await workspace.playbook(fleet.inventory(), PLAYBOOK);
  t.equal(second.code, 0, 'ansible-playbook exits 0 again', { output: second.output });
  fleet.devices.forEach((device, i) => {
    t.equal(second.stats[device.name]?.changed, 0, `${device.name}: second run changed nothing`);
    const sent = device.commandLog.since(marks[i] ?? 0);
    t.equal(sent.filter((e) => e.kind === 'config' || e.kind === 'commit').length, 0, `${device.name}: second run sent zero configuration lines`);
  });
});
