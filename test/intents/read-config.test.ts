/**
 * Reading the licensing configuration out of `show running-config` text as both platforms print it: the IOS-XE
 * `| section` output (quoted profile names, `no` forms, comments, certificate chains) and the IOS-XR sections
 * (timestamps, `!` closers, `… email disable`, `% No such configuration item(s)`).
 */
import t from 'tap';
import { readLicensingConfig } from '../../src/intents/read-config.js';
import { effectiveProfile, emptyLicensingConfig } from '../../src/intents/licensing-config.js';

const XE_SECTION = `ip name-server 198.51.100.53 2001:db8::53
ip name-server vrf Mgmt-intf 192.0.2.53
no ip domain lookup
ip domain name example.net
service call-home
call-home
 ! If contact email address in call-home is configured as sch-smart-licensing@cisco.com
 ! the email address configured in Cisco Smart License Portal will be used as contact email address to send SCH notifications.
 contact-email-addr sch-smart-licensing@cisco.com
 http-proxy "proxy.example.net" port 3128
 profile "CiscoTAC-1"
  active
  destination transport-method http
  no destination transport-method email
  no reporting smart-licensing-data
 profile "Custom-Profile-1"
  no active
  destination address http https://ds.example.net:844/transportgate/services/DeviceRequestHandler
  destination address http https://old.example.net/x
  destination preferred-msg-format long-text
  destination transport-method http
  reporting smart-licensing-data
crypto pki trustpoint SLA-TrustPoint
 enrollment pkcs12
 revocation-check crl
crypto pki trustpoint cisco
 enrollment terminal
 revocation-check none
crypto pki certificate chain cisco
 certificate ca 0A
  3082018D 3081F7A0 03020102
  02010A30
  \tquit
crypto pki certificate chain SLA-TrustPoint
 certificate 1A2B
  30820122
  \tquit
ip http client source-interface GigabitEthernet0`;

t.test('IOS-XE section output', async (t) => {
  const c = readLicensingConfig(XE_SECTION, 'ios-xe');
  t.same(c.nameServers, [
    { address: '198.51.100.53', vrf: null },
    { address: '2001:db8::53', vrf: null },
    { address: '192.0.2.53', vrf: 'Mgmt-intf' },
  ]);
  t.equal(c.domainLookup, false);
  t.equal(c.domainName, 'example.net');
  t.equal(c.serviceActive, true);
  t.same(c.callHome?.httpProxy, { address: 'proxy.example.net', port: 3128 });
  t.equal(c.callHome?.contactEmail, 'sch-smart-licensing@cisco.com');
  const [tac, custom] = c.callHome?.profiles ?? [];
  t.same(tac, {
    name: 'CiscoTAC-1',
    active: true,
    reportingSmartLicensing: false,
    transportHttp: true,
    emailTransport: false,
    httpAddresses: [],
    messageFormat: null,
  });
  t.same(custom, {
    name: 'Custom-Profile-1',
    active: false,
    reportingSmartLicensing: true,
    transportHttp: true,
    emailTransport: null,
    httpAddresses: ['https://ds.example.net:844/transportgate/services/DeviceRequestHandler', 'https://old.example.net/x'],
    messageFormat: 'long-text',
  });
  t.same(
    c.trustpoints.map((tp) => [tp.name, tp.declared, tp.enrollment, tp.revocationCheck, tp.caCertificates, tp.otherCertificates]),
    [
      ['SLA-TrustPoint', true, 'pkcs12', 'crl', [], ['1A2B']],
      ['cisco', true, 'terminal', 'none', [{ serial: '0A', derHex: '3082018D3081F7A00302010202010A30' }], []],
    ],
  );
  t.same(c.trustpoints[1]?.lines, ['enrollment terminal', 'revocation-check none']);
  t.same(c.httpClient, { sourceInterface: 'GigabitEthernet0', ipv4: null, ipv6: null });
});

t.test('IOS-XE: platform defaults of what is not printed', async (t) => {
  const c = readLicensingConfig('call-home\n profile "CiscoTAC-1"\n profile "test1"\n', 'ios-xe');
  const [tac, test1] = c.callHome?.profiles ?? [];
  if (tac === undefined || test1 === undefined) throw new Error('profiles missing');
  t.same(effectiveProfile('ios-xe', tac), {
    active: true,
    reportingSmartLicensing: true,
    transportHttp: false,
    emailTransport: true,
    httpAddresses: ['https://tools.cisco.com/its/service/oddce/services/DDCEService'],
    messageFormat: 'xml',
  });
  t.same(effectiveProfile('ios-xe', test1), { active: true, reportingSmartLicensing: false, transportHttp: false, emailTransport: true, httpAddresses: [], messageFormat: 'xml' });
  t.equal(effectiveProfile('ios-xr', tac).active, false, 'IOS-XR: CiscoTAC-1 is disabled by default (001:274)');
  t.same(effectiveProfile('ios-xr', tac).httpAddresses, [], 'IOS-XR: no built-in address');
  t.equal(c.domainLookup, null, 'not printed');
  t.equal(c.serviceActive, null);
  t.equal(readLicensingConfig('ip domain lookup', 'ios-xe').domainLookup, true);
  t.equal(readLicensingConfig('ip domain-lookup', 'ios-xe').domainLookup, true, 'the older spelling');
});

const XR_SECTIONS = [
  'Tue Jul  2 13:13:37.123 UTC\ndomain name-server 198.51.100.247\ndomain vrf mgmt name-server 2001:db8::53\ndomain name-server vrf mgmt2 192.0.2.1\ndomain name example.com\ndomain lookup disable\n',
  `call-home
 service active
 contact smart-licensing
 contact-email-addr sch-smart-licensing@cisco.com
 http-proxy 198.51.100.10 port 3128
 profile CiscoTAC-1
  destination transport-method email disable
 !
 profile test1
  active
  destination address http http://209.165.201.15/Transportgateway/services/DeviceRequestHandler
  destination preferred-msg-format xml
  destination transport-method http
  reporting smart-licensing-data
 !
!
`,
  'crypto ca trustpool policy\n crl optional\n!\ncrypto ca trustpoint Trustpool\n crl optional\n!\n',
  'http client source-interface ipv4 Vlan100\nhttp client source-interface ipv6 MgmtEth0/RP0/CPU0/0\n',
  '% No such configuration item(s)\n',
];

t.test('IOS-XR sections', async (t) => {
  const c = readLicensingConfig(XR_SECTIONS, 'ios-xr');
  t.same(c.nameServers, [
    { address: '198.51.100.247', vrf: null },
    { address: '2001:db8::53', vrf: 'mgmt' },
    { address: '192.0.2.1', vrf: 'mgmt2' },
  ]);
  t.equal(c.domainName, 'example.com');
  t.equal(c.domainLookup, false);
  t.equal(c.serviceActive, true);
  t.equal(c.callHome?.contactSmartLicensing, true);
  t.same(c.callHome?.httpProxy, { address: '198.51.100.10', port: 3128 });
  t.same(c.callHome?.profiles.map((p) => [p.name, p.active, p.emailTransport, p.reportingSmartLicensing, p.transportHttp, p.httpAddresses, p.messageFormat]), [
    ['CiscoTAC-1', null, false, null, false, [], null],
    ['test1', true, null, true, true, ['http://209.165.201.15/Transportgateway/services/DeviceRequestHandler'], 'xml'],
  ]);
  t.same(c.trustpool, { crlOptional: true });
  t.same(c.trustpoints.map((tp) => [tp.name, tp.declared, tp.crlOptional]), [['Trustpool', true, true]]);
  t.same(c.httpClient, { sourceInterface: null, ipv4: 'Vlan100', ipv6: 'MgmtEth0/RP0/CPU0/0' });
  t.equal(c.flexibleConsumption, false);
  t.equal(readLicensingConfig('license smart flexible-consumption enable\n', 'ios-xr').flexibleConsumption, true);
});

t.test('empty sections and a whole running configuration', async (t) => {
  t.same(readLicensingConfig(['% No such configuration item(s)', '', '% No such configuration item(s)'], 'ios-xr'), emptyLicensingConfig('ios-xr'));
  const whole = `Building configuration...
!! IOS XR Configuration 7.3.2
!! Last configuration change at Tue Jul  2 13:13:37 2024 by admin
!
hostname ios
domain name-server 198.51.100.247
call-home
 service active
 profile CiscoTAC-1
  active
  destination transport-method http
 !
!
interface MgmtEth0/RP0/CPU0/0
 ipv4 address 192.0.2.20 255.255.255.0
!
license smart flexible-consumption enable
end`;
  const c = readLicensingConfig(whole, 'ios-xr');
  t.same(c.nameServers, [{ address: '198.51.100.247', vrf: null }]);
  t.same(c.callHome?.profiles.map((p) => p.name), ['CiscoTAC-1']);
  t.equal(c.flexibleConsumption, true);
  const xe = readLicensingConfig('Building configuration...\n\nCurrent configuration : 120 bytes\n!\nversion 16.12\nhostname Router\n!\ncall-home\n profile "CiscoTAC-1"\n  active\n!\nend', 'ios-xe');
  t.same(xe.callHome?.profiles.map((p) => [p.name, p.active]), [['CiscoTAC-1', true]]);
});
