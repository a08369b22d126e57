/**
 * Reading a running configuration for a call home, without I/O: route (call-home service, profile, destination,
 * proxy), name service, source interface and trust settings, on both platforms' stored forms.
 */
import t from 'tap';
import { X509Certificate } from 'node:crypto';
import { CommandSet } from '../../../src/emulator/device/cli/command-set.js';
import { treeFromText } from '../../../src/emulator/device/config/load-text.js';
import { iosXeEmulation, iosXrEmulation } from '../../../src/emulator/device/platforms/index.js';
import { toIndentedLines, type ConfigNode } from '../../../src/emulator/device/config/tree.js';
import { callHomeRoute, parseDestination } from '../../../src/emulator/smart-agent/call-home-route.js';
import { lookupProblem, nameService } from '../../../src/emulator/smart-agent/name-service.js';
import { sourceInterfaceProblem } from '../../../src/emulator/smart-agent/source-interface.js';
import { trustFor, xeTrustpoints, xrCrlOptional } from '../../../src/emulator/smart-agent/trust-store.js';
import { labTls, trustpointChain } from './helpers.js';

const xe = (text: string): ConfigNode => treeFromText(CommandSet.of(iosXeEmulation), text);
const xr = (text: string): ConfigNode => treeFromText(CommandSet.of(iosXrEmulation), text);

t.test('destination URLs: scheme ports, authority, IPv6 literals, refusals', async (t) => {
  t.match(parseDestination('https://tools.cisco.com/its/service/oddce/services/DDCEService'), { scheme: 'https', host: 'tools.cisco.com', port: 443, path: '/its/service/oddce/services/DDCEService', authority: 'tools.cisco.com' });
  t.match(parseDestination('http://DS.IP.HFE:844/transportgate/services/DeviceRequestHandler?x=1'), { scheme: 'http', host: 'ds.ip.hfe', port: 844, path: '/transportgate/services/DeviceRequestHandler?x=1', authority: 'ds.ip.hfe:844' });
  t.match(parseDestination('http://[2001:db8::1]/x'), { host: '2001:db8::1', port: 80, authority: '[2001:db8::1]' });
  t.equal(parseDestination('ftp://tools.cisco.com/x'), undefined);
  t.equal(parseDestination('not a url'), undefined);
});

t.test('IOS-XE: call-home on by default, CiscoTAC-1 first, custom profiles, proxy', async (t) => {
  const factory = xe('call-home\n profile "CiscoTAC-1"\n  active\n  destination transport-method http\n  no destination transport-method email\n');
  t.match(callHomeRoute('ios-xe', factory), { ok: true, route: { profile: 'CiscoTAC-1', destination: { url: 'https://tools.cisco.com/its/service/oddce/services/DDCEService' }, proxy: undefined } });
  t.match(callHomeRoute('ios-xe', xe('')), { ok: false, problem: { kind: 'no-http-transport' } }, 'CiscoTAC-1 defaults to email');
  t.match(callHomeRoute('ios-xe', xe('no service call-home\n')), { ok: false, problem: { kind: 'call-home-disabled' } });
  const custom = xe(
    'call-home\n http-proxy 198.51.100.10 port 3128\n profile "CiscoTAC-1"\n  no reporting smart-licensing-data\n  destination transport-method http\n profile "Custom-Profile-1"\n  reporting smart-licensing-data\n  destination transport-method http\n  destination address http https://DS.IP.HFE:844/transportgate/services/DeviceRequestHandler\n',
  );
  t.match(callHomeRoute('ios-xe', custom), {
    ok: true,
    route: { profile: 'Custom-Profile-1', destination: { host: 'ds.ip.hfe', port: 844 }, proxy: { host: '198.51.100.10', port: 3128 } },
  });
  t.match(callHomeRoute('ios-xe', xe('call-home\n profile "CiscoTAC-1"\n  no reporting smart-licensing-data\n')), { ok: false, problem: { kind: 'no-active-profile' } });
});

t.test('IOS-XR: service active and active profiles are explicit', async (t) => {
  t.match(callHomeRoute('ios-xr', xr('')), { ok: false, problem: { kind: 'service-inactive' } });
  t.match(callHomeRoute('ios-xr', xr('call-home\n service active\n')), { ok: false, problem: { kind: 'no-active-profile' } }, 'CiscoTAC-1 is disabled by default (001:274)');
  t.match(callHomeRoute('ios-xr', xr('call-home\n service active\n profile CiscoTAC-1\n  active\n')), { ok: false, problem: { kind: 'no-http-transport' } });
  t.match(callHomeRoute('ios-xr', xr('call-home\n service active\n profile CiscoTAC-1\n  active\n  destination transport-method http\n')), {
    ok: true,
    route: { profile: 'CiscoTAC-1', destination: { url: 'https://tools.cisco.com/its/service/oddce/services/DDCEService' } },
  });
  const twoProfiles = xr(
    'call-home\n service active\n profile zeta\n  active\n  reporting smart-licensing-data\n  destination transport-method http\n  destination address http http://209.165.201.15/Transportgateway/services/DeviceRequestHandler\n profile CiscoTAC-1\n  active\n  destination transport-method http\n',
  );
  t.match(callHomeRoute('ios-xr', twoProfiles), { ok: true, route: { profile: 'CiscoTAC-1' } }, 'CiscoTAC-1 is tried first');
});

t.test('name service: servers of any VRF, lookups off', async (t) => {
  t.same(nameService('ios-xe', xe('ip name-server 198.51.100.1 198.51.100.2\nip name-server vrf Mgmt-intf 198.51.100.3\n')), { servers: ['198.51.100.1', '198.51.100.2', '198.51.100.3'], lookup: true });
  t.same(nameService('ios-xe', xe('no ip domain lookup\n')), { servers: [], lookup: false });
  t.same(nameService('ios-xr', xr('domain name-server 198.51.100.247\ndomain lookup disable\n')), { servers: ['198.51.100.247'], lookup: false });
  t.match(lookupProblem({ servers: [], lookup: true }, 'a.example'), { kind: 'no-name-server', host: 'a.example' });
  t.match(lookupProblem({ servers: ['192.0.2.1'], lookup: false }, 'a.example'), { kind: 'domain-lookup-disabled' });
  t.equal(lookupProblem({ servers: ['192.0.2.1'], lookup: true }, 'a.example'), undefined);
});

t.test('source interface: XE family rules (000:494-499), XR per family', async (t) => {
  const both = 'interface Loopback0\n ip address 10.0.0.1 255.255.255.255\n ipv6 address 2001:db8::1/128\nip http client source-interface Loopback0\n';
  t.equal(sourceInterfaceProblem('ios-xe', xe(''), '209.165.201.15'), undefined, 'none configured');
  t.match(sourceInterfaceProblem('ios-xe', xe(both), '209.165.201.15'), { kind: 'no-route', address: '209.165.201.15', family: 'ipv6' }, 'IPv6 wins');
  t.equal(sourceInterfaceProblem('ios-xe', xe(both), 'tools.cisco.com'), undefined, 'a name reaches CSSM over IPv6');
  t.equal(sourceInterfaceProblem('ios-xe', xe(both), '2001:db8::9'), undefined);
  t.equal(sourceInterfaceProblem('ios-xe', xe('interface Loopback0\n ip address 10.0.0.1 255.255.255.255\nip http client source-interface Loopback0\n'), '209.165.201.15'), undefined);
  t.match(sourceInterfaceProblem('ios-xe', xe('interface Loopback0\nip http client source-interface Loopback0\n'), 'tools.cisco.com'), { kind: 'source-interface-no-address', family: 'ipv4' });
  t.match(sourceInterfaceProblem('ios-xe', xe('ip http client source-interface Loopback0\n'), 'tools.cisco.com'), { kind: 'source-interface-missing', name: 'Loopback0' });

  const xrBoth = 'interface Vlan100\n ipv4 address 10.1.100.1 255.255.255.0\ninterface Vlan200\n ipv6 address 2001:db8:200::1/64\nhttp client source-interface ipv4 Vlan100\nhttp client source-interface ipv6 Vlan200\n';
  t.equal(sourceInterfaceProblem('ios-xr', xr(xrBoth), '209.165.201.15'), undefined);
  t.equal(sourceInterfaceProblem('ios-xr', xr(xrBoth), '2001:db8::9'), undefined);
  t.equal(sourceInterfaceProblem('ios-xr', xr(xrBoth), 'satellite.example.net'), undefined);
  const v6only = xr('interface Vlan100\n ipv6 address 2001:db8:100::1/64\nhttp client source-interface ipv4 Vlan100\n');
  t.match(sourceInterfaceProblem('ios-xr', v6only, 'satellite.example.net'), { kind: 'source-interface-no-address', name: 'Vlan100', family: 'ipv4' });
  t.equal(sourceInterfaceProblem('ios-xr', v6only, '2001:db8::9'), undefined, 'no ipv6 line: an IPv6 destination is not constrained');
  t.match(sourceInterfaceProblem('ios-xr', xr('interface vlan100\n ipv4 address 10.1.100.1 255.255.255.0\n shutdown\nhttp client source-interface ipv4 Vlan100\n'), '209.165.201.15'), { kind: 'source-interface-down' });
});

t.test('trust: XE trustpoints from the authenticated chain, XR trustpool CRL policy in every spelling', async (t) => {
  const ca = labTls().caPem;
  const tree = xe(`crypto pki trustpoint cisco\n enrollment terminal\n revocation-check crl none\n${trustpointChain('cisco', ca)}crypto pki trustpoint SLA-TrustPoint\n enrollment pkcs12\n`);
  const points = xeTrustpoints(tree);
  t.same(points.map((p) => [p.name, p.caPems.length, p.revocation]), [
    ['cisco', 1, ['crl', 'none']],
    ['SLA-TrustPoint', 0, ['crl']],
  ]);
  t.equal(new X509Certificate(points[0]?.caPems[0] ?? '').fingerprint256, new X509Certificate(ca).fingerprint256, 'the DER hex lines give back the CA certificate');
  t.match(trustFor('ios-xe', tree, { trustpool: ['POOL'], ciscoHost: false }), { store: 'trustpoint', crlReachable: false, anchors: [{ store: 'cisco', crlOptional: true }] });
  t.equal(trustFor('ios-xe', tree, { trustpool: ['POOL'], ciscoHost: true }).anchors[0]?.store, 'trustpool');

  for (const text of ['crypto ca trustpool policy\n crl optional\n', 'crypto ca trustpool policy crl optional\n', 'crypto ca trustpoint Trustpool\n crl optional\n', 'crypto ca trustpoint Trustpool crl optional\n']) {
    t.ok(xrCrlOptional(xr(text)), JSON.stringify(text));
  }
  t.notOk(xrCrlOptional(xr('crypto ca trustpool policy\n cabundle http http://192.0.2.1/bundle\n')));
  t.match(trustFor('ios-xr', xr('crypto ca trustpool policy crl optional\n'), { trustpool: ['POOL'], ciscoHost: false }), { store: 'trustpool', anchors: [{ pem: 'POOL', crlOptional: true }] });
});

t.test("CiscoTAC-1's built-in address is turned off by `no destination address http <Cisco URL>` (001:330)", async (t) => {
  const tac = 'https://tools.cisco.com/its/service/oddce/services/DDCEService';
  const off = xe(`call-home\n profile CiscoTAC-1\n  destination transport-method http\n  no destination address http ${tac}\n`);
  t.match(callHomeRoute('ios-xe', off), { ok: false, problem: { kind: 'no-http-address' } });
  t.ok(toIndentedLines(off).includes(`  no destination address http ${tac}`), 'kept as a no line');
  const twice = xe(`call-home\n profile CiscoTAC-1\n  no destination address http ${tac}\n  no destination address http ${tac}\n`);
  t.ok(toIndentedLines(twice).includes(`  no destination address http ${tac}`), 'a second no keeps it off');
  const back = xe(`call-home\n profile CiscoTAC-1\n  destination transport-method http\n  no destination address http ${tac}\n  destination address http ${tac}\n`);
  t.same(toIndentedLines(back).filter((l) => l.includes('destination address')), [`  destination address http ${tac}`], 'the positive form replaces it');
  t.match(callHomeRoute('ios-xe', back), { ok: true });
  const other = xr(`call-home\n profile test1\n  no destination address http ${tac}\n profile CiscoTAC-1\n  no destination address http https://example.com/x\n`);
  t.same(toIndentedLines(other).filter((l) => l.includes('destination address')), [], 'elsewhere, or a non-Cisco URL: nothing to remove');
  const configured = xr(`call-home\n profile CiscoTAC-1\n  destination address http https://satellite.example.net/x\n  no destination address http https://satellite.example.net/x\n`);
  t.same(toIndentedLines(configured).filter((l) => l.includes('destination address')), [], 'a configured address is removed');
});
