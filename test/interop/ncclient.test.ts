/**
 * Interop: the unmodified Debian ncclient (python3-ncclient over paramiko, with its iosxe / iosxr device handlers)
 * against emulated devices serving NETCONF through netconfExtension: get-config, lock, edit-config to candidate,
 * commit, the change in the device's running-config, save-config (IOS-XE), commit confirmed + cancel-commit
 * (IOS-XR), an xpath get of state and a custom RPC added through the extension's hook, and an rpc-error.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { startFleet } from '../../src/emulator/device/fleet.js';
import { generateHostKeys } from '../../src/emulator/device/host-key.js';
import type { EmulatedDevice } from '../../src/emulator/device/types.js';
import { netconfExtension } from '../../src/emulator/netconf/netconf-extension.js';
import { childText, xmlElement } from '../../src/netconf/xml.js';
import { SYSTEM_PYTHON, missingPythonModule } from './helpers.js';

const SCRIPT = fileURLToPath(new URL('./fixtures/ncclient_session.py', import.meta.url));
const SMART_LICENSE = 'http://cisco.com/ns/yang/cisco-smart-license';

interface Step extends Record<string, unknown> {
  readonly step: string;
}

function run(device: EmulatedDevice, platform: 'xe' | 'xr'): Promise<{ code: number; steps: Record<string, Step>; stderr: string }> {
  return new Promise((resolve) => {
    execFile(SYSTEM_PYTHON, [SCRIPT, '127.0.0.1', String(device.netconfPort), 'admin', 'admin', platform], { timeout: 150_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      const steps = stdout
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Step);
      resolve({ code, steps: Object.fromEntries(steps.map((s) => [s.step, s])), stderr });
    });
  });
}

t.test('ncclient drives emulated IOS-XE and IOS-XR devices unmodified', async (t) => {
  const missing = await missingPythonModule('ncclient', 'python3-ncclient');
  if (missing !== undefined) {
    t.fail(missing);
    return;
  }
  const registrations: string[] = [];
  const netconf = netconfExtension({
    rpcs: (device) =>
      device.platform === 'ios-xe'
        ? [
            {
              namespace: SMART_LICENSE,
              name: 'register-id-token',
              handler: (input) => {
                registrations.push(`${childText(input, 'id-token', SMART_LICENSE) ?? ''} force=${childText(input, 'force', SMART_LICENSE) ?? 'false'}`);
                return [xmlElement('return-code', SMART_LICENSE, 'registrationinprogress')];
              },
            },
          ]
        : [],
    state: (device) =>
      device.platform === 'ios-xe'
        ? () => [xmlElement('licensing', SMART_LICENSE, [xmlElement('state', SMART_LICENSE, [xmlElement('smart-enabled', SMART_LICENSE, 'true')])])]
        : undefined,
  });
  const fleet = await startFleet({ devices: 2, platform: 'mixed', models: ['cBR-8', 'NCS-560'], hostKeys: generateHostKeys(), extensions: [netconf] });
  t.teardown(() => fleet.close());
  const [xe, xr] = fleet.devices as [EmulatedDevice, EmulatedDevice];
  xe.config.apply('hostname cbr8-1\nip name-server 192.0.2.53\n');

  const xeRun = await run(xe, 'xe');
  t.equal(xeRun.code, 0, `IOS-XE script exit code (stderr: ${xeRun.stderr.slice(-2000)})`);
  const s = xeRun.steps;
  t.match(s['hello'], { candidate: true, writable_running: true, confirmed_commit: false, base11: true, module: true });
  t.same(s['get-config'], { step: 'get-config', hostname: 'cbr8-1' });
  t.same(s['edit-config'], { step: 'edit-config', ok: true });
  t.same(s['commit'], { step: 'commit', ok: true });
  t.same(s['verify'], { step: 'verify', hostname: 'from-ncclient', name_servers: ['192.0.2.53', '198.51.100.53'] }, 'the deprecated no-vrf leaf-list adds to the ordered list');
  t.same(s['save-config'], { step: 'save-config', ok: true }, "ncclient's iosxe save_config");
  t.same(s['get-xpath'], { step: 'get-xpath', smart_enabled: 'true' });
  t.same(s['register-id-token'], { step: 'register-id-token', return_code: 'registrationinprogress' });
  t.same(s['rpc-error'], { step: 'rpc-error', raised: true, tag: 'invalid-value', severity: 'error', type: 'application', path: '/native/hostname' });
  t.ok(s['closed'], 'close-session done');
  t.same(registrations, ['NCCLIENT-TOKEN force=true']);
  const xeText = xe.config.runningText();
  t.match(xeText, /\nhostname from-ncclient\n/, 'the commit reached the running configuration');
  t.match(xeText, /\nip name-server 192\.0\.2\.53 198\.51\.100\.53\n/);
  t.match(xeText, /! NVRAM config last updated at .* by netconf\n/, 'save-config wrote the startup configuration');

  const xrRun = await run(xr, 'xr');
  t.equal(xrRun.code, 0, `IOS-XR script exit code (stderr: ${xrRun.stderr.slice(-2000)})`);
  const r = xrRun.steps;
  t.match(r['hello'], { candidate: true, writable_running: false, confirmed_commit: true, base11: true, module: true });
  t.same(r['edit-config'], { step: 'edit-config', ok: true });
  t.same(r['before-commit'], { step: 'before-commit', call_home: false }, 'the candidate is not running');
  t.same(r['commit'], { step: 'commit', ok: true });
  t.same(r['verify'], { step: 'verify', name_servers: ['198.51.100.247'], profiles: ['CiscoTAC-1'] });
  t.same(r['confirmed-commit'], { step: 'confirmed-commit', domain_name: 'trial.example.com' });
  t.same(r['cancel-commit'], { step: 'cancel-commit', domain_name_left: false }, 'cancel-commit rolled the trial back');
  t.ok(r['closed']);
  const xrText = xr.config.runningText();
  t.match(xrText, /\ndomain name-server 198\.51\.100\.247\ncall-home\n service active\n contact smart-licensing\n profile CiscoTAC-1\n  active\n  destination address http https:\/\/tools\.cisco\.com\/its\/service\/oddce\/services\/DDCEService\n  destination transport-method http\n  reporting smart-licensing-data\n !\n!\n/);
  t.notMatch(xrText, /trial\.example\.com/);
  t.equal(netconf.netconfDevice(xr)?.lockHolder('candidate'), undefined, 'no lock left behind');
});
