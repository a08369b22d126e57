/**
 * Intents over NETCONF, pure: `<get-config>` data → `LicensingConfig`; intent + current configuration → the
 * `<edit-config>` content (validated against yang/ with yanglint), with removals as `nc:operation="delete"` /
 * `replace`; the same diff as the CLI planner; planning again from the result changes nothing; the transition
 * back undoes the change; what the models cannot say is refused.
 */
import { readFile } from 'node:fs/promises';
import t from 'tap';
import { configAfterEdits } from '../../src/intents/config-after-edits.js';
import { platformDefaultConfig, type CallHomeState, type LicensingConfig } from '../../src/intents/licensing-config.js';
import {
  NETCONF_LICENSING_FILTERS,
  netconfIntentIssues,
  planNetconfChange,
  readNetconfLicensingConfig,
  renderConfigTransition,
  renderIntentNetconf,
} from '../../src/intents/netconf-plan.js';
import { readLicensingConfig } from '../../src/intents/read-config.js';
import { planChange } from '../../src/intents/render-intent.js';
import type { DeploymentMode, LicensingIntent } from '../../src/intents/types.js';
import { parseXmlFragment, renderXml, type XmlNode } from '../../src/netconf/xml.js';
import type { PlatformId } from '../../src/platforms/types.js';
import { validateXml } from '../helpers/yang.js';
import { makeCaPem } from './helpers/certificate.js';

const NC = 'urn:ietf:params:xml:ns:netconf:base:1.0';
const MODES: readonly DeploymentMode[] = ['direct', 'http-proxy', 'on-prem', 'transport-gateway'];
const PLATFORMS: readonly PlatformId[] = ['ios-xe', 'ios-xr'];

async function fixture(mode: DeploymentMode): Promise<LicensingIntent> {
  return JSON.parse(await readFile(new URL(`fixtures/${mode}.json`, import.meta.url), 'utf8')) as LicensingIntent;
}

/** A mode's fixture as NETCONF takes it on a platform, with its procedure's trust anchor (IOS-XE: no CA import, no message format). */
async function intentFor(mode: DeploymentMode, platform: PlatformId): Promise<LicensingIntent> {
  const base = await fixture(mode);
  const callHome = base.callHome;
  const withoutFormat: LicensingIntent =
    platform === 'ios-xe' && callHome?.profile?.preferredMessageFormat !== undefined
      ? { ...base, callHome: { ...callHome, profile: { name: callHome.profile.name ?? 'CiscoTAC-1' } } }
      : base;
  if (mode === 'direct' || mode === 'http-proxy') return withoutFormat;
  return platform === 'ios-xe' ? { ...withoutFormat, trust: { trustpoint: { name: 'satellite' } } } : { ...withoutFormat, trust: { trustpool: {} } };
}

async function emulatorFixture(name: string): Promise<XmlNode[]> {
  return parseXmlFragment(await readFile(new URL(`../emulator/netconf/fixtures/${name}`, import.meta.url), 'utf8'));
}

/** Every element carrying an nc:operation, as `name=operation`. */
function operations(nodes: readonly XmlNode[]): string[] {
  return nodes.flatMap((n) => [
    ...n.attributes.filter((a) => a.ns === NC && a.name === 'operation').map((a) => `${n.name}=${a.value}`),
    ...operations(n.children),
  ]);
}

t.test('reads the IOS-XE get-config data the emulator serves', async (t) => {
  const config = readNetconfLicensingConfig(await emulatorFixture('xe-smart-licensing.xml'), 'ios-xe');
  t.same(config.nameServers, [
    { address: '192.0.2.53', vrf: null },
    { address: '192.0.2.54', vrf: null },
    { address: '198.51.100.53', vrf: 'Mgmt-intf' },
  ]);
  t.match(config, { platform: 'ios-xe', domainName: 'example.com', domainLookup: false, serviceActive: true, httpClient: { sourceInterface: 'GigabitEthernet0' } });
  t.same(config.callHome?.httpProxy, { address: 'proxy.example.net', port: 3128 });
  t.equal(config.callHome?.contactEmail, 'ops@example.com');
  t.same(config.callHome?.profiles, [
    {
      name: 'CiscoTAC-1',
      active: true,
      reportingSmartLicensing: false,
      transportHttp: true,
      emailTransport: false,
      httpAddresses: ['https://cssm.example.net/its/service/oddce/services/DDCEService'],
      messageFormat: null,
    },
    {
      name: 'SL-Profile',
      active: true,
      reportingSmartLicensing: true,
      transportHttp: true,
      emailTransport: false,
      httpAddresses: ['https://cssm.example.net/its/service/oddce/services/DDCEService'],
      messageFormat: null,
    },
  ]);
  t.match(config.trustpoints, [
    { name: 'SLA-TrustPoint', declared: true, enrollment: 'terminal', revocationCheck: 'none', lines: ['enrollment terminal', 'revocation-check none'] },
    { name: 'Lab-TP', enrollment: 'terminal pem', revocationCheck: 'crl none' },
  ]);
  t.same(readNetconfLicensingConfig([], 'ios-xe'), { ...platformDefaultConfig('ios-xe'), callHome: null }, 'no data: nothing configured');
});

t.test('reads the IOS-XR get-config data (unified models; the native ones are the same settings again)', async (t) => {
  const config = readNetconfLicensingConfig(await emulatorFixture('xr-smart-licensing.xml'), 'ios-xr');
  t.same(config.nameServers, [
    { address: '198.51.100.247', vrf: null },
    { address: '198.51.100.248', vrf: null },
    { address: '192.0.2.53', vrf: 'mgmt' },
  ]);
  t.match(config, {
    domainName: 'example.com',
    domainLookup: false,
    serviceActive: true,
    trustpool: { crlOptional: true },
    httpClient: { ipv4: 'MgmtEth0/RP0/CPU0/0', ipv6: null },
    flexibleConsumption: true,
    callHome: { contactEmail: 'ops@example.com', contactSmartLicensing: true, httpProxy: { address: 'proxy.example.net', port: 3128 } },
  });
  t.same(config.callHome?.profiles[0], {
    name: 'CiscoTAC-1',
    active: true,
    reportingSmartLicensing: true,
    transportHttp: true,
    emailTransport: false,
    httpAddresses: ['https://cssm.example.net/its/service/oddce/services/DDCEService'],
    messageFormat: 'long-text',
  });
  t.same(config.callHome?.profiles[1]?.httpAddresses, [], 'an e-mail destination is not an HTTP one');
  t.match(config.trustpoints, [{ name: 'Trustpool', crlOptional: true, lines: ['crl optional', 'enrollment url http://ca.example.net', 'rsakeypair SL-KEY', 'subject-name CN=ncs560-1'] }]);
  t.match(NETCONF_LICENSING_FILTERS['ios-xr'], /Cisco-IOS-XR-um-call-home-cfg/);
});

t.test('each mode on each platform: valid edit-config XML, the CLI planner diff, nothing left to do afterwards, and the way back', async (t) => {
  for (const platform of PLATFORMS) {
    for (const mode of MODES) {
      const intent = await intentFor(mode, platform);
      const current = platformDefaultConfig(platform);
      const plan = planNetconfChange(current, intent);
      const label = `${platform} ${mode}`;
      t.ok(plan.config.length > 0, `${label}: something to write`);
      const xml = renderXml(plan.config);
      const checked = await validateXml(xml, 'edit');
      t.ok(checked.valid, `${label}: the edit validates against yang/\n${checked.messages.join('\n')}\n${xml}`);
      t.equal(renderIntentNetconf(intent, platform), xml, `${label}: renderIntentNetconf renders the same`);

      const cli = planChange(current, intent);
      // IOS-XR's unified model has no node for the xml message format, the default: nothing to write for it
      const cliAdds = cli.diff.add.filter((l) => !(platform === 'ios-xr' && l.line === 'destination preferred-msg-format xml'));
      t.same(plan.diff, { ...cli.diff, add: cliAdds }, `${label}: the diff the CLI path reports`);

      const again = planNetconfChange(plan.target, intent);
      t.same(again.edits, [], `${label}: planned again from the result, nothing changes`);
      t.same(again.config, [], `${label}: and nothing is written`);

      const back = renderConfigTransition(plan.target, current);
      const backChecked = await validateXml(renderXml(back), 'edit');
      t.ok(backChecked.valid, `${label}: the transition back validates\n${backChecked.messages.join('\n')}`);
      t.ok(operations(back).some((o) => /=(delete|replace)$/.test(o)), `${label}: the way back deletes what the change added`);
      t.same(renderConfigTransition(current, current), [], `${label}: no transition between equal configurations`);
    }
  }
});

t.test('what the CLI takes back with `no …` is deleted; changed lists are written whole', async (t) => {
  const xr = readLicensingConfig(
    [
      'domain name-server 192.0.2.1',
      'call-home',
      ' service active',
      ' http-proxy 192.0.2.10 port 8080',
      ' profile CiscoTAC-1',
      '  active',
      '  destination address http https://old.example.net/its/service/oddce/services/DDCEService',
      '  destination address http https://tools.cisco.com/its/service/oddce/services/DDCEService',
      '  destination transport-method http',
      '  destination transport-method email disable',
      '  destination preferred-msg-format long-text',
    ].join('\n'),
    'ios-xr',
  );
  const plan = planNetconfChange(xr, {
    dns: { nameServer: ['198.51.100.247'] },
    callHome: { direct: {}, profile: { preferredMessageFormat: 'xml' } },
  });
  t.same(operations(plan.config), ['http-proxy=delete', 'address=delete', 'preferred-msg-format=delete', 'name-servers=replace']);
  const xml = renderXml(plan.config);
  t.match(xml, /<name-server><order>0<\/order><address>192\.0\.2\.1<\/address><\/name-server><name-server><order>1<\/order><address>198\.51\.100\.247<\/address>/);
  t.match(xml, /<address xmlns:nc="[^"]+" nc:operation="delete"><address-type>http<\/address-type><destination-address>https:\/\/old\.example\.net/);
  t.same(plan.diff.remove.map((l) => l.line), ['http-proxy 192.0.2.10 port 8080', 'destination address http https://old.example.net/its/service/oddce/services/DDCEService']);
  t.ok((await validateXml(xml, 'edit')).valid);

  const xe = readLicensingConfig(
    [
      'ip name-server 192.0.2.1',
      'call-home',
      ' http-proxy 192.0.2.10 port 8080',
      ' profile "CiscoTAC-1"',
      '  active',
      '  destination transport-method http',
      '  no destination transport-method email',
      '  destination address http https://old.example.net/its/service/oddce/services/DDCEService',
      ' profile "Old"',
      '  reporting smart-licensing-data',
      '  destination transport-method http',
    ].join('\n'),
    'ios-xe',
  );
  const xePlan = planNetconfChange(xe, { callHome: { direct: {} } });
  t.same(operations(xePlan.config), ['http-proxy=delete', 'http-address=delete', 'smart-licensing-data=delete']);
  t.match(
    renderXml(xePlan.config),
    /<http-address xmlns:nc="[^"]+" nc:operation="delete">https:\/\/old\.example\.net\S+<\/http-address><default-address>true<\/default-address>/,
    'the value deleted rides along (valid instance data); Cisco\'s default address is what is left',
  );
  t.ok((await validateXml(renderXml(xePlan.config), 'edit')).valid);
});

t.test('IOS-XE: what its models cannot say is refused with the field, before anything is read', async (t) => {
  const pem = makeCaPem('satellite CA', '0a');
  const intent: LicensingIntent = {
    callHome: { serviceActive: false, onPrem: { url: 'https://satellite.example.net/Transportgateway/services/DeviceRequestHandler' }, profile: { name: 'SL', preferredMessageFormat: 'xml' }, defaultProfile: { emailTransport: true } },
    trust: { trustpoint: { name: 'satellite', caCertificatePem: pem } },
  };
  t.same(
    netconfIntentIssues(intent, 'ios-xe').map((i) => i.pointer),
    ['/trust/trustpoint/caCertificatePem', '/callHome/profile/preferredMessageFormat', '/callHome/serviceActive', '/callHome/defaultProfile/emailTransport'],
  );
  t.throws(() => planNetconfChange(platformDefaultConfig('ios-xe'), intent), { code: 'E_INVALID_INTENT', message: /crypto pki authenticate is an exec command/ });
  t.same(netconfIntentIssues({ callHome: { direct: {}, profile: { emailTransport: true } } }, 'ios-xe').map((i) => i.pointer), ['/callHome/profile/emailTransport']);
  t.same(netconfIntentIssues(intent, 'ios-xr'), [], 'IOS-XR models say all of it');
  t.throws(() => planNetconfChange(platformDefaultConfig('ios-xe'), { trust: { trustpool: {} } }), { code: 'E_INVALID_INTENT' }, 'the platform checks of the CLI path apply too');

  // a state the transition cannot write (CiscoTAC-1 on HTTP and e-mail at once)
  const current = platformDefaultConfig('ios-xe');
  const callHome = current.callHome as CallHomeState;
  const both: LicensingConfig = { ...current, callHome: { ...callHome, profiles: callHome.profiles.map((p) => ({ ...p, emailTransport: null })) } };
  t.throws(() => renderConfigTransition(current, both), { code: 'E_PLATFORM', message: /HTTP and e-mail at once/ });
  t.throws(() => renderConfigTransition(current, { ...current, serviceActive: false }), { code: 'E_PLATFORM', message: /no service call-home/ });
  t.throws(() => renderConfigTransition(current, platformDefaultConfig('ios-xr')), { code: 'E_INVALID_ARGUMENT' });
});

t.test('IOS-XR: asking for the xml message format where none is set changes nothing; from long-text it removes the format', async (t) => {
  const intent: LicensingIntent = { callHome: { direct: {}, profile: { preferredMessageFormat: 'xml' } } };
  const plain = readLicensingConfig(
    'call-home\n service active\n profile CiscoTAC-1\n  active\n  destination address http https://tools.cisco.com/its/service/oddce/services/DDCEService\n  destination transport-method http\n  destination transport-method email disable',
    'ios-xr',
  );
  t.same(planNetconfChange(plain, intent).edits, []);
  const long = readLicensingConfig(
    'call-home\n service active\n profile CiscoTAC-1\n  active\n  destination address http https://tools.cisco.com/its/service/oddce/services/DDCEService\n  destination transport-method http\n  destination transport-method email disable\n  destination preferred-msg-format long-text',
    'ios-xr',
  );
  const plan = planNetconfChange(long, intent);
  t.same(operations(plan.config), ['preferred-msg-format=delete']);
  t.same(planNetconfChange(plan.target, intent).edits, [], 'the result reads as xml');
});

t.test('configAfterEdits follows the CLI semantics of each line', async (t) => {
  const xe = platformDefaultConfig('ios-xe');
  const tac = ['call-home', 'profile CiscoTAC-1'];
  const after = configAfterEdits(xe, [
    { path: [], line: 'ip domain lookup', op: 'remove', command: 'no ip domain-lookup' },
    { path: tac, line: 'active', op: 'remove', command: 'no active' },
    { path: tac, line: 'reporting smart-licensing-data', op: 'remove', command: 'default reporting smart-licensing-data' },
    { path: [], line: 'ip name-server vrf Mgmt 192.0.2.1 192.0.2.2', op: 'add', command: 'ip name-server vrf Mgmt 192.0.2.1 192.0.2.2' },
    { path: ['call-home'], line: 'http-proxy 192.0.2.10 port 3128', op: 'add', command: 'http-proxy 192.0.2.10 port 3128' },
  ]);
  t.equal(after.domainLookup, false, 'IOS-XE keeps `no ip domain lookup`');
  t.equal(after.callHome?.profiles[0]?.active, false, '`no active` is stored');
  t.equal(after.callHome?.profiles[0]?.reportingSmartLicensing, null, '`default …` clears');
  t.same(after.nameServers, [
    { address: '192.0.2.1', vrf: 'Mgmt' },
    { address: '192.0.2.2', vrf: 'Mgmt' },
  ]);
  t.same(after.callHome?.httpProxy, { address: '192.0.2.10', port: 3128 });

  const xr = configAfterEdits(platformDefaultConfig('ios-xr'), [
    { path: [], line: 'call-home', op: 'add', command: 'call-home', enters: true },
    { path: ['call-home'], line: 'profile P', op: 'add', command: 'profile P', enters: true },
    { path: ['call-home', 'profile P'], line: 'active', op: 'add', command: 'active' },
    { path: ['call-home', 'profile P'], line: 'active', op: 'remove', command: 'no active' },
    { path: ['crypto ca trustpoint Trustpool'], line: 'crl optional', op: 'add', command: 'crypto ca trustpoint Trustpool crl optional', typedAt: [] },
    { path: [], line: 'domain lookup disable', op: 'add', command: 'domain lookup disable' },
  ]);
  t.equal(xr.callHome?.profiles[0]?.active, null, 'IOS-XR `no active` removes the line');
  t.match(xr.trustpoints, [{ name: 'Trustpool', declared: true, crlOptional: true, lines: ['crl optional'] }]);
  t.equal(xr.domainLookup, false);
  t.throws(() => configAfterEdits(xr, [{ path: [], line: 'snmp-server community x', op: 'add', command: 'snmp-server community x' }]), { code: 'E_PLATFORM' });
});
