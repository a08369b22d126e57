/**
 * The IOS-XR binding: configuration tree → unified + native model XML (checked with yanglint) → configuration
 * tree as one commit, writes through either model family, replace semantics, and the errors of bad payloads.
 */
import t from 'tap';
import { DeviceDatastore } from '../../../../src/emulator/netconf/binding/device-datastore.js';
import { iosXrBinding } from '../../../../src/emulator/netconf/binding/ios-xr-binding.js';
import { parseXmlFragment, renderXml, type XmlNode } from '../../../../src/netconf/xml.js';
import { validateXml } from '../../../helpers/yang.js';
import { device, fixture, fixtureXml, rpcErrors, sameXml } from '../helpers/binding.js';

const NS = 'http://cisco.com/ns/yang/';
const UM_CH = `${NS}Cisco-IOS-XR-um-call-home-cfg`;
const UM_DOMAIN = `${NS}Cisco-IOS-XR-um-domain-cfg`;
const NATIVE_CH = `${NS}Cisco-IOS-XR-call-home-cfg`;
const NATIVE_DOMAIN = `${NS}Cisco-IOS-XR-ip-domain-cfg`;
const CONFIG = fixture('xr-smart-licensing.cfg');

function withoutNamespace(nodes: readonly XmlNode[], ns: string): XmlNode[] {
  return nodes.filter((n) => n.ns !== ns);
}

t.test('the factory configuration has nothing the models cover', async (t) => {
  const xr = await device(t, 'NCS-560');
  t.same(iosXrBinding.render(iosXrBinding.read(xr.config.running())), []);
});

t.test('configuration tree → XML → configuration tree, as one commit', async (t) => {
  const source = await device(t, 'NCS-1004', CONFIG);
  const settings = iosXrBinding.read(source.config.running());
  const xml = iosXrBinding.render(settings);
  sameXml(t, xml, fixtureXml('xr-smart-licensing.xml'), 'unified models, then the native ones');
  const valid = await validateXml(renderXml(xml), 'config');
  t.ok(valid.valid, `yanglint: ${valid.messages.join('\n')}`);
  t.same(new DeviceDatastore(source, iosXrBinding).plan(xml), [], 'writing back what was read changes nothing');

  const target = await device(t, 'NCS-560');
  const commits = target.config.commits().length;
  new DeviceDatastore(target, iosXrBinding).setTree(xml, { operation: 'commit', user: 'ops', sessionId: 7 });
  t.same(iosXrBinding.read(target.config.running()), settings, 'the other device has the same settings');
  t.equal(target.config.commits().length, commits + 1, 'in one commit');
  t.equal(target.config.commits()[0]?.user, 'ops');
  const text = target.config.runningText();
  for (const block of [
    'domain name example.com\ndomain lookup disable\ndomain lookup source-interface MgmtEth0/RP0/CPU0/0\ndomain name-server 198.51.100.247\ndomain name-server 198.51.100.248\ndomain name-server vrf mgmt 192.0.2.53\n',
    ' profile CiscoTAC-1\n  active\n  destination address http https://cssm.example.net/its/service/oddce/services/DDCEService\n',
    '  destination transport-method email disable\n',
    '  destination preferred-msg-format long-text\n',
    ' profile Ops\n',
    'http client source-interface ipv4 MgmtEth0/RP0/CPU0/0\nhttp client vrf mgmt\nlicense smart flexible-consumption enable\n',
    'crypto ca trustpool policy\n',
    'crypto ca trustpoint Trustpool\n crl optional\n',
  ]) {
    t.ok(text.includes(block), `running-config has ${JSON.stringify(block.split('\n')[0])}`);
  }
  t.match(text, /\nnetconf-yang agent\n ssh\n/, 'lines outside the models are untouched');
});

t.test('a change through the native models', async (t) => {
  const xr = await device(t, 'NCS-560', CONFIG);
  const store = new DeviceDatastore(xr, iosXrBinding);
  const tree = renderXml(store.getTree());
  const nativeEdit = tree
    .replace('<contact-email-address>ops@example.com</contact-email-address>', '<contact-email-address>noc@example.com</contact-email-address>')
    .replace(
      '<server><order>1</order><server-address>198.51.100.248</server-address></server>',
      '<server><order>1</order><server-address>198.51.100.249</server-address></server>',
    );
  t.same(
    store.plan(parseXmlFragment(nativeEdit)).map((e) => `${e.op} ${e.line}`),
    ['delete domain name-server 198.51.100.248', 'set domain name-server 198.51.100.249', 'set contact-email-addr noc@example.com'],
    'the native view changed and the unified one did not: the native one is meant',
  );
  store.setTree(parseXmlFragment(nativeEdit));
  t.match(xr.config.runningText(), /\n contact-email-addr noc@example\.com\n/);
  const back = renderXml(store.getTree());
  t.match(back, /<contact-email-addr>noc@example\.com<\/contact-email-addr>/, 'the unified view shows it');

  const umOnly = withoutNamespace(withoutNamespace(parseXmlFragment(back), NATIVE_CH), NATIVE_DOMAIN);
  t.same(store.plan(umOnly), [], 'a payload without the native trees is read from the unified ones alone');
  const umEdit = back.replace('<contact-email-addr>noc@example.com</contact-email-addr>', '<contact-email-addr>sl@example.com</contact-email-addr>');
  t.same(store.plan(parseXmlFragment(umEdit)).map((e) => e.line), ['contact-email-addr sl@example.com'], 'the unified view changed: it is meant');
  const deleted = parseXmlFragment(back).filter((n) => !(n.name === 'call-home' && n.ns === UM_CH));
  t.ok(
    store.plan(deleted).some((e) => e.op === 'delete' && e.path.length === 0 && e.line === 'call-home'),
    'deleting the unified call-home deletes the block (a non-presence container), though the native view is still there',
  );
});

t.test('a replace removes modelled settings the XML leaves out and keeps everything else', async (t) => {
  const xr = await device(t, 'NCS-560', CONFIG);
  new DeviceDatastore(xr, iosXrBinding).setTree(parseXmlFragment(`<domain xmlns="${UM_DOMAIN}"><name>example.com</name></domain>`));
  const text = xr.config.runningText();
  t.notMatch(text, /name-server|lookup|contact|profile|http client|flexible-consumption|crypto ca/);
  t.match(text, /\ndomain name example\.com\n/);
  t.match(text, /\nhostname ios\n[^]*interface MgmtEth0\/RP0\/CPU0\/0\n ipv4 address 192\.0\.2\.20 255\.255\.255\.0\n[^]*\nssh server v2\n/, 'hostname, interfaces and ssh stay');
});

t.test('bad payloads are refused whole, each problem with its path', async (t) => {
  const xr = await device(t, 'NCS-560', CONFIG);
  const store = new DeviceDatastore(xr, iosXrBinding);
  const before = xr.config.runningText();
  const callHome = (profile: string): string => `<call-home xmlns="${UM_CH}"><profiles><profile><profile-name>P1</profile-name>${profile}</profile></profiles></call-home>`;
  const cases: [string, string, { tag: string; path: string; appTag?: string }[]][] = [
    [
      'an address type that does not exist',
      callHome('<destination><addresses><address><address-type>fax</address-type><destination-address>x</destination-address></address></addresses></destination>'),
      [{ tag: 'invalid-value', path: "/call-home/profiles/profile[profile-name='P1']/destination/addresses/address/address-type" }],
    ],
    [
      'an http destination that is not a URL',
      callHome('<destination><addresses><address><address-type>http</address-type><destination-address>ops@example.com</destination-address></address></addresses></destination>'),
      [{ tag: 'invalid-value', path: "/call-home/profiles/profile[profile-name='P1']/destination/addresses/address[address-type='http'][destination-address='ops@example.com']/destination-address" }],
    ],
    [
      'a name server without its order key',
      `<domain xmlns="${UM_DOMAIN}"><name-servers><name-server><address>192.0.2.1</address></name-server></name-servers></domain>`,
      [{ tag: 'missing-element', path: '/domain/name-servers/name-server' }],
    ],
    ['a leaf the emulator does not model', `<call-home xmlns="${UM_CH}"><rate-limit>3</rate-limit></call-home>`, [{ tag: 'unknown-element', path: '/call-home/rate-limit' }]],
    [
      'short-text and long-text together',
      callHome('<destination><preferred-msg-format><short-text/><long-text/></preferred-msg-format></destination>'),
      [{ tag: 'bad-element', path: "/call-home/profiles/profile[profile-name='P1']/destination/preferred-msg-format/long-text" }],
    ],
    ['a proxy without its port', `<call-home xmlns="${UM_CH}"><http-proxy><server-name>proxy.example.net</server-name></http-proxy></call-home>`, [{ tag: 'missing-element', path: '/call-home/http-proxy' }]],
    ['a message size out of range', callHome('<destination><message-size-limit>10</message-size-limit></destination>'), [{ tag: 'invalid-value', path: "/call-home/profiles/profile[profile-name='P1']/destination/message-size-limit" }]],
    ['a top-level element of no model', `<hostname xmlns="${NS}Cisco-IOS-XR-um-hostname-cfg"><system-network-name>x</system-network-name></hostname>`, [{ tag: 'unknown-element', path: '/hostname' }]],
  ];
  for (const [name, xml, expected] of cases) {
    t.match(rpcErrors(() => store.setTree(parseXmlFragment(xml))), expected, name);
  }
  t.equal(xr.config.runningText(), before, 'nothing was applied');
});

t.test('a commit refused by a device validator applies nothing', async (t) => {
  const xr = await device(t, 'NCS-560');
  xr.config.addValidator((change, ctx) => (ctx.stage === 'commit' && change.line === 'license smart flexible-consumption enable' ? 'Flexible consumption is not licensed here' : undefined));
  const store = new DeviceDatastore(xr, iosXrBinding);
  const errors = rpcErrors(() =>
    store.setTree(
      parseXmlFragment(
        `<domain xmlns="${UM_DOMAIN}"><name>example.com</name></domain>` +
          `<licensing xmlns="${NS}Cisco-IOS-XR-smart-license-cfg"><flex-consumption><fcm-enable/></flex-consumption></licensing>`,
      ),
      { operation: 'commit' },
    ),
  );
  t.match(errors, [{ tag: 'operation-failed', path: '/licensing/flex-consumption/fcm-enable', message: /Flexible consumption is not licensed here/ }]);
  t.notMatch(xr.config.runningText(), /domain name/);
  t.equal(xr.config.commits().length, 0, 'no commit');
});
