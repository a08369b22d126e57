/**
 * `show running-config call-home` (IOS-XR) and `show running-config | section call-home` (IOS-XE), built from the
 * configuration sequences of the seeds (001:270-340, 004:205-227, 000:533-534).
 */
import t from 'tap';
import { parse } from '../../src/parsers/parse.js';
import { parseCallHomeConfig } from '../../src/parsers/show-running-config-call-home.js';

const XR = `RP/0/RP0/CPU0:ios#show running-config call-home
Tue Jul  2 13:13:37.123 UTC
call-home
 service active
 contact smart-licensing
 contact-email-addr sch-smart-licensing@cisco.com
 http-proxy 198.51.100.10 port 3128
 profile CiscoTAC-1
  active
  destination address http https://tools.cisco.com/its/service/oddce/services/DDCEService
  destination transport-method http
 !
 profile test1
  reporting smart-licensing-data
  destination transport-method http
  destination address http http://209.165.201.15/Transportgateway/services/DeviceRequestHandler
  destination preferred-msg-format xml
  active
 !
!
`;

const XE = `Router#show running-config | section call-home
service call-home
call-home
 ! If contact email address in call-home is configured as sch-smart-licensing@cisco.com
 ! the email address configured in Cisco Smart License Portal will be used as contact email address to send SCH notifications.
 contact-email-addr sch-smart-licensing@cisco.com
 source-interface GigabitEthernet0
 vrf Mgmt-intf
 no http secure server-identity-check
 profile "CiscoTAC-1"
  no reporting smart-licensing-data
  destination transport-method http
  no destination transport-method email
 profile "Custom-Profile-1"
  reporting smart-licensing-data
  destination transport-method http
  no destination transport-method email
  destination address http https://DS.IP.HFE:844/transportgate/services/DeviceRequestHandler
  subscribe-to-alert-group inventory periodic monthly 1 10:00
Router#`;

t.test('IOS-XR call-home block', async (t) => {
  const r = parse('show run call-home', XR, { platform: 'ios-xr' });
  if (r.kind !== 'running-config-call-home') throw new Error(r.kind);
  t.same(r.unparsed, []);
  t.equal(r.serviceActive, true);
  t.equal(r.contactSmartLicensing, true);
  t.equal(r.contactEmail, 'sch-smart-licensing@cisco.com');
  t.same(r.httpProxy, { host: '198.51.100.10', port: 3128 });
  t.same(
    r.profiles.map((p) => [p.name, p.active, p.reportingSmartLicensing, p.transportMethods.http, p.httpAddresses]),
    [
      ['CiscoTAC-1', true, null, true, ['https://tools.cisco.com/its/service/oddce/services/DDCEService']],
      ['test1', true, true, true, ['http://209.165.201.15/Transportgateway/services/DeviceRequestHandler']],
    ],
  );
  t.equal(r.profiles[1]!.preferredMessageFormat, 'xml');
  t.equal(r.capturedAt?.zone, 'UTC');
});

t.test('IOS-XE call-home section (quoted profile names, no-forms)', async (t) => {
  const r = parseCallHomeConfig(XE, { command: 'show running-config | section call-home' });
  t.same(r.unparsed, []);
  t.equal(r.command, 'show running-config call-home');
  t.equal(r.serviceCallHome, true);
  t.equal(r.sourceInterface, 'GigabitEthernet0');
  t.equal(r.vrf, 'Mgmt-intf');
  t.equal(r.serverIdentityCheck, false);
  const [tac, custom] = r.profiles;
  t.equal(tac?.name, 'CiscoTAC-1');
  t.equal(tac?.reportingSmartLicensing, false, 'no reporting smart-licensing-data (000:533)');
  t.same(tac?.transportMethods, { http: true, email: false });
  t.equal(custom?.name, 'Custom-Profile-1');
  t.same(custom?.httpAddresses, ['https://DS.IP.HFE:844/transportgate/services/DeviceRequestHandler']);
  t.same(custom?.otherLines, ['subscribe-to-alert-group inventory periodic monthly 1 10:00']);
});

t.test('empty running-config: call-home not configured', async (t) => {
  const r = parseCallHomeConfig('RP/0/RP0/CPU0:ios#show running-config call-home\nTue Jul  2 13:13:37.123 UTC\n% No such configuration item(s)\n\nRP/0/RP0/CPU0:ios#');
  t.same(r.profiles, []);
  t.same(r.unparsed, []);
  t.equal(r.serviceActive, undefined);
});
