/**
 * Interop: the unmodified Debian ncclient onboards emulated IOS-XE and IOS-XR devices into Smart Licensing over
 * NETCONF alone, in a lab with the CSSM emulator — DNS / call-home by edit-config, `register-id-token` with a real
 * token the CSSM emulator issued, the licensing state by `<get>` until registered, a renewal, the rpc-error of an
 * over-long token, `de-register` — and CSSM sees the product instances come and go. The token reaches the script on
 * stdin and appears in none of its output.
 */
import { fileURLToPath } from 'node:url';
import t from 'tap';
import type { EmulatedDevice } from '../../src/emulator/device/types.js';
import { netconfExtension } from '../../src/emulator/netconf/netconf-extension.js';
import { startLab } from '../../src/emulator/lab.js';
import { smartAgentExtension } from '../../src/emulator/smart-agent/extension.js';
import { netconfLicensing } from '../../src/emulator/smart-agent/netconf/netconf-licensing.js';
import { missingPythonModule, run, SYSTEM_PYTHON } from './helpers.js';

const SCRIPT = fileURLToPath(new URL('./fixtures/ncclient_licensing.py', import.meta.url));

interface Step extends Record<string, unknown> {
  readonly step: string;
}

t.test('ncclient registers, renews and deregisters emulated IOS-XE and IOS-XR devices over NETCONF', async (t) => {
  const missing = await missingPythonModule('ncclient', 'python3-ncclient');
  if (missing !== undefined) {
    t.fail(missing);
    return;
  }
  const lab = await startLab({
    devices: 2,
    platform: 'mixed',
    models: ['cBR-8', 'NCS-1004'],
    smartAgent: false,
    netconf: false,
    extensions: (network) => [smartAgentExtension({ network }), netconfExtension(netconfLicensing())],
  });
  t.teardown(() => lab.close());
  const token = lab.cssm.createToken({ description: 'ncclient' }).token.reveal();
  const [xe, xr] = lab.fleet.devices as [EmulatedDevice, EmulatedDevice];

  const drive = async (device: EmulatedDevice, platform: 'xe' | 'xr'): Promise<Record<string, Step>> => {
    const result = await run(SYSTEM_PYTHON, [SCRIPT, '127.0.0.1', String(device.netconfPort), 'admin', 'admin', platform], { input: `${token}\n`, timeoutMs: 150_000 });
    t.equal(result.code, 0, `${platform} script exit code (stderr: ${result.stderr.slice(-2000)})`);
    t.notOk(result.stdout.includes(token) || result.stderr.includes(token), `${platform}: the token is in none of the output`);
    const steps = result.stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Step);
    return Object.fromEntries(steps.map((s) => [s.step, s]));
  };

  const s = await drive(xe, 'xe');
  t.same(s['hello'], { step: 'hello', actions: true, state: true });
  t.same(s['before'], { step: 'before', registration: 'reg-state-not-registered', authorization: 'auth-state-eval' });
  t.same(s['configure'], { step: 'configure', ok: true });
  t.same(s['register-id-token'], { step: 'register-id-token', return_code: 'registrationinprogress', operation_status: null });
  t.same(s['registered'], {
    step: 'registered',
    registration: 'reg-state-complete',
    authorization: 'auth-state-authorized',
    smart_account: lab.cssm.smartAccountName,
    usage: 3,
    sn: xe.identity.serial,
  });
  t.same(s['register-again'], { step: 'register-again', return_code: 'alreadyregistered', operation_status: null });
  t.same(s['renew-id'], { step: 'renew-id', return_code: 'success', operation_status: null, last_renew_set: true });
  t.same(s['rpc-error'], { step: 'rpc-error', raised: true, tag: 'invalid-value', path: '/cisco-smart-license:register-id-token/id-token' });
  t.same(s['de-register'], { step: 'de-register', return_code: 'success', operation_status: null, registration: 'reg-state-not-registered', authorization: 'auth-state-eval' });
  t.ok(s['closed']);
  t.match(xe.config.runningText(), /\nip name-server 198\.51\.100\.53\n/, 'the name server ncclient configured');

  const r = await drive(xr, 'xr');
  t.same(r['hello'], { step: 'hello', actions: true, state: true });
  t.same(r['before'], { step: 'before', registration: 'not-registered', authorization: 'eval' });
  t.same(r['configure'], { step: 'configure', ok: true });
  t.same(r['register-id-token'], { step: 'register-id-token', return_code: 'registrationinprogress', operation_status: 'success' });
  t.same(r['registered'], { step: 'registered', registration: 'complete', authorization: 'authorized', smart_account: lab.cssm.smartAccountName, usage: 4, sn: xr.identity.serial });
  t.same(r['register-again'], { step: 'register-again', return_code: 'alreadyregistered', operation_status: 'failed' });
  t.same(r['renew-auth'], { step: 'renew-auth', return_code: 'success', operation_status: 'success', authorization: 'authorized' });
  t.same(r['rpc-error'], { step: 'rpc-error', raised: true, tag: 'invalid-value', path: '/Cisco-IOS-XR-smart-license-act:register-id-token/id-token' });
  t.same(r['de-register'], { step: 'de-register', return_code: 'success', operation_status: 'success', registration: 'not-registered', authorization: 'eval' });
  t.ok(r['closed']);

  const replies = lab.cssm.stats().deviceReplies as Record<string, number>;
  t.ok((replies['SUCCESS'] ?? 0) >= 6, 'CSSM answered the registrations, the renewals and the deregistrations');
  t.same(lab.cssm.listProductInstances(), [], 'both product instances are gone from CSSM after de-register');
});
