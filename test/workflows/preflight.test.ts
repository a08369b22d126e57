import t from 'tap';
import { checkLicensing, checkPlatform, clockSkew, hasNameServer } from '../../src/workflows/preflight.js';

t.test('platform and release from show version', async (t) => {
  const xe = 'Cisco IOS XE Software, Version 16.12.04\nCisco IOS Software [Gibraltar], cBR Software (X86_64_LINUX_IOSD-UNIVERSALK9-M), Version 16.12.4, RELEASE SOFTWARE (fc2)';
  const xr = 'Cisco IOS XR Software, Version 7.3.2\nCopyright (c) 2013-2021 by Cisco Systems, Inc.';
  t.same(checkPlatform(xe, 'ios-xe'), { detected: 'ios-xe', release: '16.12.04', problem: null });
  t.same(checkPlatform(xr, 'ios-xr'), { detected: 'ios-xr', release: '7.3.2', problem: null });
  t.match(checkPlatform(xr, 'ios-xe').problem, /says ios-xr but the session was opened as ios-xe/);
  t.match(checkPlatform('Linux 6.1', 'ios-xe'), { detected: null, problem: /neither IOS-XE nor IOS-XR/ });
});

t.test('clock skew from show clock', async (t) => {
  const now = Date.parse('2024-07-02T13:13:37.123Z');
  t.equal(clockSkew('*13:13:37.123 UTC Tue Jul 2 2024', now), 0, 'IOS-XE, unsynchronised marker');
  t.equal(clockSkew('Tue Jul  2 13:13:40.000 UTC\n13:14:37.123 UTC Tue Jul 02 2024', now), 60_000, 'IOS-XR with the exec timestamp line');
  t.equal(clockSkew('.13:13:27.123 UTC Tue Jul 2 2024', now), -10_000);
  t.equal(clockSkew('13:13:37.123 pacific Tue Jul 2 2024', now), null, 'unknown zone');
  t.equal(clockSkew('', now), null);
});

t.test('name servers in the running configuration', async (t) => {
  t.equal(hasNameServer('ip name-server 192.0.2.53'), true);
  t.equal(hasNameServer('ip name-server vrf Mgmt-intf 192.0.2.53 192.0.2.54'), true);
  t.equal(hasNameServer('domain name-server 192.0.2.53'), true);
  t.equal(hasNameServer('ip domain lookup\nno ip domain-lookup'), false);
  t.equal(hasNameServer(''), false);
});

t.test('licensing mode and Smart Licensing state', async (t) => {
  t.same(checkLicensing({ mode: 'classic', smartLicensing: 'enabled' }, ['classic']), { mode: 'classic', problem: null, configurable: false });
  t.match(checkLicensing({ mode: 'slp' }, ['classic']), { mode: 'slp', problem: /license smart trust idtoken/, configurable: false });
  t.match(checkLicensing({ mode: 'traditional' }, ['classic']), { problem: /traditional licensing/ });
  t.match(checkLicensing({ mode: 'classic', smartLicensing: 'disabled' }, ['classic']), { problem: 'Smart Licensing is disabled', configurable: true });
  t.same(checkLicensing({}, ['classic']), { mode: 'unknown', problem: null, configurable: false });
});
