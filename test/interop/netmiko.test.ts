/**
 * Unmodified netmiko (Debian python3-netmiko 2.4.2) against emulated devices: `cisco_ios` on a cBR-8,
 * `cisco_xr` on an NCS 560 and an NCS 1004: `send_command('show version')`, `send_config_set([...])` with
 * call-home lines, XR `commit()`, and the lines then appear in `show running-config`.
 */
import t from 'tap';
import { fileURLToPath } from 'node:url';
import { startFleet, type EmulatedDevice } from '../../src/emulator/index.js';
import { missingPythonModule, run, SYSTEM_PYTHON } from './helpers.js';

t.setTimeout(600_000);

const SCRIPT = fileURLToPath(new URL('./fixtures/netmiko_session.py', import.meta.url));

interface NetmikoResult {
  prompt: string;
  show_version: string;
  config_output: string;
  commit_output?: string;
  exit_output?: string;
  running: string;
}

async function netmiko(device: EmulatedDevice, config: readonly string[]): Promise<NetmikoResult> {
  const request = {
    host: device.host,
    port: device.port,
    username: 'admin',
    password: 'admin',
    device_type: device.platform === 'ios-xe' ? 'cisco_ios' : 'cisco_xr',
    config,
    commit: device.platform === 'ios-xr',
  };
  const result = await run(SYSTEM_PYTHON, [SCRIPT], { input: JSON.stringify(request) });
  if (result.code !== 0) throw new Error(`netmiko exited ${result.code}: ${result.stderr.slice(-3000)}`);
  return JSON.parse(result.stdout) as NetmikoResult;
}

t.test('netmiko cisco_ios and cisco_xr drive the emulated devices', async (t) => {
  const missing = await missingPythonModule('netmiko', 'python3-netmiko');
  if (missing !== undefined) {
    t.fail(missing);
    return;
  }
  const fleet = await startFleet({ devices: 3, platform: 'mixed' });
  t.teardown(() => fleet.close());
  const [cbr8, ncs560, ncs1004] = fleet.devices;
  if (cbr8 === undefined || ncs560 === undefined || ncs1004 === undefined) throw new Error('fleet did not start 3 devices');

  await t.test('cisco_ios on a cBR-8', async (t) => {
    const result = await netmiko(cbr8, [
      'ip name-server 198.51.100.53',
      'call-home',
      'contact-email-addr noc@example.com',
      'profile CiscoTAC-1',
      'destination address http https://cssm.example.net/its/service/oddce/services/DDCEService',
    ]);
    t.equal(result.prompt, 'Router#');
    t.match(result.show_version, /^Cisco IOS XE Software, Version 16\.12\.01z/);
    t.notMatch(result.config_output, /%/);
    t.match(result.running, /\nip name-server 198\.51\.100\.53\n/);
    t.match(result.running, /\n contact-email-addr noc@example\.com\n profile "CiscoTAC-1"\n  active\n  destination address http https:\/\/cssm\.example\.net\/its\/service\/oddce\/services\/DDCEService\n/);
    t.equal(cbr8.commandLog.entries((e) => e.kind === 'config').length, 5);
  });

  for (const device of [ncs560, ncs1004]) {
    await t.test(`cisco_xr on an ${device.model}`, async (t) => {
      const result = await netmiko(device, [
        'domain name-server 198.51.100.247',
        'call-home',
        'service active',
        'contact smart-licensing',
        'profile CiscoTAC-1',
        'active',
        'destination address http https://cssm.example.net/its/service/oddce/services/DDCEService',
        'destination transport-method http',
      ]);
      t.equal(result.prompt, 'RP/0/RP0/CPU0:ios#');
      t.match(result.show_version, /\nCisco IOS XR Software, Version 7\.3\.2\n/);
      t.match(result.show_version, new RegExp(`\\ncisco ${device.model} \\(\\) processor\\n`));
      t.notMatch(result.commit_output ?? '', /Failed/);
      t.match(result.exit_output ?? '', /RP\/0\/RP0\/CPU0:ios#$/);
      t.match(result.running, /\ndomain name-server 198\.51\.100\.247\ncall-home\n service active\n contact smart-licensing\n profile CiscoTAC-1\n  active\n  destination address http https:\/\/cssm\.example\.net\/its\/service\/oddce\/services\/DDCEService\n  destination transport-method http\n !\n!\n/);
      t.equal(device.commandLog.entries((e) => e.kind === 'commit' && e.configChanged).length, 1);
    });
  }
});
