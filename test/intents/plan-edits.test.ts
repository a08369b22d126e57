/**
 * The planner on devices that already hold some configuration: nothing for what matches, removals only of what the
 * intent owns, the no-forms in the right sub-modes; and the restore planner, which puts printed lines back exactly.
 */
import t from 'tap';
import type { ConfigLine } from '../../src/channel/cli/types.js';
import { InvalidIntentError } from '../../src/errors.js';
import { parseCaCertificate } from '../../src/intents/ca-certificate.js';
import { configLinesOf, diffOf, renderDiff, type PlannedEdit } from '../../src/intents/planned-edit.js';
import { readLicensingConfig } from '../../src/intents/read-config.js';
import { planChange } from '../../src/intents/render-intent.js';
import { planRestoreEdits, sameLicensingConfig } from '../../src/intents/restore-edits.js';
import type { LicensingIntent } from '../../src/intents/types.js';
import type { PlatformId } from '../../src/platforms/types.js';
import { makeCaPem } from './helpers/certificate.js';

function lines(platform: PlatformId, running: string, intent: LicensingIntent): string[] {
  return planChange(readLicensingConfig(running, platform), intent).lines.map((l: ConfigLine) => (typeof l === 'string' ? l : l.line));
}

const XE_TG_DONE = `ip name-server 198.51.100.53
ip domain lookup
call-home
 contact-email-addr sch-smart-licensing@cisco.com
 profile "CiscoTAC-1"
  active
  destination transport-method http
  no destination transport-method email
  no reporting smart-licensing-data
 profile "Custom-Profile-1"
  destination address http https://tg.example.net:844/transportgate/services/DeviceRequestHandler
  destination transport-method http
  no destination transport-method email
  reporting smart-licensing-data`;

const TG: LicensingIntent = {
  dns: { nameServer: ['198.51.100.53'] },
  callHome: { profile: { name: 'Custom-Profile-1' }, transportGateway: { url: 'https://tg.example.net:844/transportgate/services/DeviceRequestHandler' } },
};

t.test('a device that matches needs nothing', async (t) => {
  t.same(lines('ios-xe', XE_TG_DONE, TG), []);
  const xr = `domain name-server 198.51.100.247
call-home
 service active
 contact smart-licensing
 profile CiscoTAC-1
  active
  destination address http https://tools.cisco.com/its/service/oddce/services/DDCEService
  destination transport-method email disable
  destination transport-method http
 !
!
crypto ca trustpoint Trustpool
 crl optional
!`;
  t.same(lines('ios-xr', xr, { dns: { nameServer: ['198.51.100.247'] }, callHome: { contactSmartLicensing: true, direct: {} }, trust: { trustpool: { form: 'trustpoint-trustpool' } } }), []);
});

t.test('a custom profile\'s other destinations are removed; what is already there is not typed again', async (t) => {
  const running = XE_TG_DONE.replace('  destination transport-method http\n  no destination transport-method email\n  reporting', '  destination address http https://old-tg.example.net/x\n  destination transport-method http\n  no destination transport-method email\n  reporting');
  t.same(lines('ios-xe', running, TG), ['call-home', 'profile Custom-Profile-1', 'no destination address http https://old-tg.example.net/x', 'exit', 'exit']);
});

t.test('Cisco\'s address: removed in on-prem mode unless defaultAddress, kept in direct mode; other addresses go', async (t) => {
  const xr = `call-home
 service active
 profile CiscoTAC-1
  active
  destination address http https://tools.cisco.com/its/service/odbe/services/IDCEService
  destination address http https://old-satellite.example.net/x
  destination transport-method email disable
  destination transport-method http
 !
!`;
  const onPrem = (defaultAddress?: boolean): LicensingIntent => ({
    callHome: { onPrem: { url: 'https://satellite.example.net/Transportgateway/services/DeviceRequestHandler' }, ...(defaultAddress === undefined ? {} : { defaultAddress }) },
  });
  t.same(lines('ios-xr', xr, onPrem()), [
    'call-home',
    'profile CiscoTAC-1',
    'destination address http https://satellite.example.net/Transportgateway/services/DeviceRequestHandler',
    'no destination address http https://tools.cisco.com/its/service/odbe/services/IDCEService',
    'no destination address http https://old-satellite.example.net/x',
    'exit',
    'exit',
  ]);
  t.same(lines('ios-xr', xr, onPrem(true)), [
    'call-home',
    'profile CiscoTAC-1',
    'destination address http https://satellite.example.net/Transportgateway/services/DeviceRequestHandler',
    'no destination address http https://old-satellite.example.net/x',
    'exit',
    'exit',
  ]);
  t.same(lines('ios-xr', xr, { callHome: { direct: { url: 'https://tools.cisco.com/its/service/odbe/services/IDCEService' } } }), [
    'call-home',
    'profile CiscoTAC-1',
    'no destination address http https://old-satellite.example.net/x',
    'exit',
    'exit',
  ]);
});

t.test('deployment mode switches: the proxy goes in direct mode, changes with its port, other profiles stop reporting', async (t) => {
  const withProxy = XE_TG_DONE.replace(' profile "CiscoTAC-1"', ' http-proxy "198.51.100.10" port 3128\n profile "CiscoTAC-1"');
  t.same(lines('ios-xe', withProxy, { callHome: { direct: {} } }), [
    'call-home',
    'no http-proxy',
    // the old reporting profile stops before CiscoTAC-1 starts again
    'profile Custom-Profile-1',
    'no reporting smart-licensing-data',
    'exit',
    'exit',
    'call-home',
    'profile CiscoTAC-1',
    'reporting smart-licensing-data',
    'exit',
    'exit',
  ]);
  t.same(lines('ios-xe', withProxy, { callHome: { profile: { name: 'Custom-Profile-1' }, httpProxy: { address: '198.51.100.10', port: 8080, url: 'https://tg.example.net:844/transportgate/services/DeviceRequestHandler' } } }), [
    'call-home',
    'http-proxy 198.51.100.10 port 8080',
    'exit',
  ]);
  const xrTacActive = 'call-home\n service active\n profile CiscoTAC-1\n  active\n  destination transport-method http\n !\n!';
  t.same(lines('ios-xr', xrTacActive, { callHome: { profile: { name: 'test1', emailTransport: true }, onPrem: { url: 'https://sat.example.net/Transportgateway/services/DeviceRequestHandler' } } }), [
    'call-home',
    // IOS-XR's CiscoTAC-1 reports Smart Licensing data by default and cannot keep a no-form of it: deactivate.
    'profile CiscoTAC-1',
    'no active',
    'exit',
    'profile test1',
    'reporting smart-licensing-data',
    'destination transport-method http',
    'destination address http https://sat.example.net/Transportgateway/services/DeviceRequestHandler',
    'active',
    'exit',
    'exit',
  ]);
});

t.test('DNS: servers are added (never removed), one IOS-XE line per VRF; lookup and domain name set', async (t) => {
  const xe = 'ip name-server 198.51.100.53 192.0.2.99\nno ip domain lookup\nip domain name old.example';
  t.same(lines('ios-xe', xe, { dns: { nameServer: ['198.51.100.53', '198.51.100.54', '2001:db8::53'], domainName: 'example.net' } }), [
    'ip name-server 198.51.100.54 2001:db8::53',
    'ip domain-lookup',
    'ip domain name example.net',
  ]);
  t.same(lines('ios-xe', 'ip domain lookup', { dns: { nameServer: ['192.0.2.1'], lookup: false } }), ['ip name-server 192.0.2.1', 'no ip domain-lookup']);
  t.same(lines('ios-xe', '', { dns: { nameServer: ['192.0.2.1'], lookup: false } }), ['ip name-server 192.0.2.1', 'no ip domain-lookup'], 'on by default');
  t.same(lines('ios-xe', '', { dns: { nameServer: ['192.0.2.1'] } }), ['ip name-server 192.0.2.1'], 'lookup on by default: nothing to type');
  t.same(lines('ios-xr', 'domain lookup disable', { dns: { nameServer: ['192.0.2.1', '192.0.2.2'], vrf: 'mgmt' } }), [
    'domain vrf mgmt name-server 192.0.2.1',
    'domain vrf mgmt name-server 192.0.2.2',
    'no domain lookup disable',
  ]);
  t.same(lines('ios-xr', '', { dns: { nameServer: ['192.0.2.1'], lookup: false } }), ['domain name-server 192.0.2.1', 'domain lookup disable']);
});

t.test('off switches: service, flexible consumption, CRL, e-mail transport kept', async (t) => {
  const factory = 'call-home\n profile "CiscoTAC-1"\n  active\n  destination transport-method http\n  no destination transport-method email';
  t.same(lines('ios-xe', factory, { callHome: { serviceActive: false, direct: {} } }), ['no service call-home']);
  t.same(lines('ios-xe', 'no service call-home\ncall-home\n profile "CiscoTAC-1"\n  active\n  destination transport-method http', { callHome: { profile: { emailTransport: true }, direct: {} } }), ['service call-home']);
  t.same(lines('ios-xr', 'license smart flexible-consumption enable', { flexibleConsumption: { enable: false } }), ['no license smart flexible-consumption enable']);
  t.same(lines('ios-xr', 'crypto ca trustpool policy\n crl optional\n!', { trust: { trustpool: { crlOptional: false } } }), ['crypto ca trustpool policy', 'no crl optional', 'exit']);
  t.same(lines('ios-xr', 'crypto ca trustpoint Trustpool\n crl optional\n!', { trust: { trustpool: { form: 'trustpoint-trustpool', crlOptional: false } } }), ['crypto ca trustpoint Trustpool', 'no crl optional', 'exit']);
  t.same(lines('ios-xr', 'license smart flexible-consumption enable', { flexibleConsumption: { enable: true } }), [], 'already there');
});

t.test('trustpoints: the CA certificate already held is not authenticated again; another one is not replaced', async (t) => {
  const pem = makeCaPem('held CA', '0a');
  const ca = parseCaCertificate(pem);
  const hex = (ca.derHex.match(/.{1,8}/g) ?? []).join(' ');
  const held = `crypto pki trustpoint cisco\n enrollment terminal\n revocation-check none\ncrypto pki certificate chain cisco\n certificate ca 0A\n  ${hex}\n  \tquit`;
  t.same(lines('ios-xe', held, { trust: { trustpoint: { name: 'cisco', caCertificatePem: pem } } }), []);
  t.same(lines('ios-xe', held, { trust: { trustpoint: { name: 'cisco', revocationCheck: 'crl', enrollmentTerminal: false } } }), [
    'crypto pki trustpoint cisco',
    'no enrollment',
    'revocation-check crl',
    'exit',
  ]);
  const other = makeCaPem('another CA', '0b');
  const error = (() => {
    try {
      planChange(readLicensingConfig(held, 'ios-xe'), { trust: { trustpoint: { name: 'cisco', caCertificatePem: other } } });
    } catch (e) {
      return e;
    }
    return undefined;
  })();
  t.ok(error instanceof InvalidIntentError);
  t.same((error as InvalidIntentError).issues.map((i) => i.pointer), ['/trust/trustpoint/caCertificatePem']);
  t.match((error as Error).message, /already holds another CA certificate \(serial 0A\)/);
});

t.test('navigation: IOS-XE re-enters from the top for a sibling sub-mode, IOS-XR stays in the parent', async (t) => {
  const edits: PlannedEdit[] = [
    { path: ['call-home', 'profile A'], line: 'active', op: 'add', command: 'active' },
    { path: ['call-home', 'profile B'], line: 'active', op: 'add', command: 'active' },
    { path: ['call-home'], line: 'contact-email-addr a@example.net', op: 'add', command: 'contact-email-addr a@example.net' },
    { path: ['crypto ca trustpool policy'], line: 'crl optional', op: 'add', command: 'crypto ca trustpool policy crl optional', typedAt: [] },
  ];
  t.same(configLinesOf(edits, 'ios-xe'), ['call-home', 'profile A', 'active', 'exit', 'exit', 'call-home', 'profile B', 'active', 'exit', 'contact-email-addr a@example.net', 'exit', 'crypto ca trustpool policy crl optional']);
  t.same(configLinesOf(edits, 'ios-xr'), ['call-home', 'profile A', 'active', 'exit', 'profile B', 'active', 'exit', 'contact-email-addr a@example.net', 'exit', 'crypto ca trustpool policy crl optional']);
  t.same(diffOf(edits).add.map((d) => d.line), ['active', 'active', 'contact-email-addr a@example.net', 'crl optional']);
  t.equal(renderDiff(edits), '  call-home\n   profile A\n+   active\n   profile B\n+   active\n+  contact-email-addr a@example.net\n  crypto ca trustpool policy\n+  crl optional');
});

const XE_BEFORE = `call-home
 contact-email-addr sch-smart-licensing@cisco.com
 profile "CiscoTAC-1"
  active
  destination transport-method http
  no destination transport-method email
crypto pki trustpoint SLA-TrustPoint
 enrollment pkcs12
 revocation-check crl`;

t.test('restore: the lines an apply added come back out, "not configured" as default', async (t) => {
  const before = readLicensingConfig(XE_BEFORE, 'ios-xe');
  const pem = makeCaPem();
  const ca = parseCaCertificate(pem);
  const hex = (ca.derHex.match(/.{1,8}/g) ?? []).join(' ');
  const now = readLicensingConfig(
    `ip name-server 198.51.100.53
ip domain lookup
${XE_TG_DONE.split('\n').slice(2).join('\n')}
crypto pki trustpoint SLA-TrustPoint
 enrollment pkcs12
 revocation-check crl
crypto pki trustpoint cisco
 enrollment terminal
 revocation-check none
crypto pki certificate chain cisco
 certificate ca ${ca.serial}
  ${hex}
  \tquit
ip http client source-interface GigabitEthernet0`,
    'ios-xe',
  );
  const edits = planRestoreEdits(now, before);
  t.same(configLinesOf(edits, 'ios-xe').map((l) => (typeof l === 'string' ? l : `${l.line} [answers ${l.expect?.length ?? 0}]`)), [
    'no ip name-server 198.51.100.53',
    'default ip domain-lookup',
    'no crypto pki trustpoint cisco [answers 1]',
    'call-home',
    'no profile Custom-Profile-1',
    'profile CiscoTAC-1',
    'default reporting smart-licensing-data',
    'exit',
    'exit',
    'no ip http client source-interface',
  ]);
  t.same(planRestoreEdits(before, before), []);
  t.ok(sameLicensingConfig(before, readLicensingConfig(XE_BEFORE, 'ios-xe')));
  t.notOk(sameLicensingConfig(before, now));
});

t.test('restore: a trustpoint whose CA certificate changed is typed back, the old certificate authenticated again', async (t) => {
  const oldPem = makeCaPem('old CA', '01');
  const old = parseCaCertificate(oldPem);
  const newer = parseCaCertificate(makeCaPem('new CA', '02'));
  const chain = (c: typeof old): string => `crypto pki certificate chain tp\n certificate ca ${c.serial}\n  ${(c.derHex.match(/.{1,8}/g) ?? []).join(' ')}\n  \tquit`;
  const before = readLicensingConfig(`crypto pki trustpoint tp\n enrollment terminal\n revocation-check none\n${chain(old)}`, 'ios-xe');
  const now = readLicensingConfig(`crypto pki trustpoint tp\n enrollment terminal\n revocation-check crl\n${chain(newer)}`, 'ios-xe');
  const typed = configLinesOf(planRestoreEdits(now, before), 'ios-xe');
  t.same(typed.map((l) => (typeof l === 'string' ? l : l.line)), ['no crypto pki trustpoint tp', 'crypto pki trustpoint tp', 'enrollment terminal', 'revocation-check none', 'exit', 'crypto pki authenticate tp']);
  const authenticate = typed[5];
  if (authenticate === undefined || typeof authenticate === 'string') throw new Error('no answers');
  const pasted = String(authenticate.expect?.[0]?.answer).replace(/\nquit$/, '');
  t.equal(parseCaCertificate(pasted).derHex, old.derHex, 'the certificate read from the hex dump is the old one');
});

t.test('restore on IOS-XR: a call-home block that was not there goes as a whole', async (t) => {
  const before = readLicensingConfig('% No such configuration item(s)', 'ios-xr');
  const now = readLicensingConfig('domain name-server 192.0.2.1\ncall-home\n service active\n profile test1\n  active\n !\n!\ncrypto ca trustpool policy\n!\nlicense smart flexible-consumption enable', 'ios-xr');
  t.same(configLinesOf(planRestoreEdits(now, before), 'ios-xr'), [
    'no domain name-server 192.0.2.1',
    'no call-home',
    'no crypto ca trustpool policy',
    'no license smart flexible-consumption enable',
  ]);
});
