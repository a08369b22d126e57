/**
 * The IOS-XE binding: configuration tree → Cisco-IOS-XE-native XML (checked with yanglint) → configuration tree,
 * replace semantics (what the models do not cover stays), and the errors a bad payload gets.
 */
import t from 'tap';
import { DeviceDatastore } from '../../../../src/emulator/netconf/binding/device-datastore.js';
import { iosXeBinding } from '../../../../src/emulator/netconf/binding/ios-xe-binding.js';
import { parseXmlFragment, renderXml } from '../../../../src/netconf/xml.js';
import { validateXml } from '../../../helpers/yang.js';
import { device, fixture, fixtureXml, rpcErrors, sameXml } from '../helpers/binding.js';

const NATIVE = 'http://cisco.com/ns/yang/Cisco-IOS-XE-native';
const CH = 'http://cisco.com/ns/yang/Cisco-IOS-XE-call-home';
const CONFIG = fixture('xe-smart-licensing.cfg');

function native(body: string): string {
  return `<native xmlns="${NATIVE}">${body}</native>`;
}

t.test('the factory configuration as XML', async (t) => {
  const xe = await device(t, 'cBR-8');
  const xml = iosXeBinding.render(iosXeBinding.read(xe.config.running()));
  sameXml(
    t,
    xml,
    parseXmlFragment(
      native(
        '<hostname>Router</hostname><call-home><contact-email-addr xmlns="' + CH + '">sch-smart-licensing@cisco.com</contact-email-addr>' +
          `<tac-profile xmlns="${CH}"><profile><CiscoTAC-1><active>true</active><destination><transport-method>http</transport-method></destination></CiscoTAC-1></profile></tac-profile></call-home>` +
          '<crypto><pki xmlns="http://cisco.com/ns/yang/Cisco-IOS-XE-crypto"><trustpoint><id>SLA-TrustPoint</id><revocation-check>crl</revocation-check></trustpoint></pki></crypto>',
      ),
    ),
    'hostname, CiscoTAC-1 over HTTP, the SLA trustpoint (enrollment pkcs12 is outside the model)',
  );
  const valid = await validateXml(renderXml(xml), 'config');
  t.ok(valid.valid, valid.messages.join('\n'));
});

t.test('configuration tree → XML → configuration tree', async (t) => {
  const source = await device(t, 'cBR-8', CONFIG);
  const settings = iosXeBinding.read(source.config.running());
  const xml = iosXeBinding.render(settings);
  sameXml(t, xml, fixtureXml('xe-smart-licensing.xml'), 'every modelled line in its YANG place');
  const valid = await validateXml(renderXml(xml), 'config');
  t.ok(valid.valid, `yanglint: ${valid.messages.join('\n')}`);

  const store = new DeviceDatastore(source, iosXeBinding);
  t.same(store.plan(xml), [], 'writing back what was read changes nothing');

  const target = await device(t, 'cBR-8');
  new DeviceDatastore(target, iosXeBinding).setTree(xml, { operation: 'edit-config', user: 'ops' });
  t.same(iosXeBinding.read(target.config.running()), settings, 'the other device now has the same settings');
  const text = target.config.runningText();
  for (const line of [
    'hostname cbr8-lab',
    'service call-home',
    'no ip domain lookup',
    'ip domain name example.com',
    'ip name-server 192.0.2.53 192.0.2.54',
    'ip name-server vrf Mgmt-intf 198.51.100.53',
    'ip http client source-interface GigabitEthernet0',
    ' contact-email-addr ops@example.com',
    ' http-proxy proxy.example.net port 3128',
    ' profile "CiscoTAC-1"',
    '  no reporting smart-licensing-data',
    '  destination address http https://cssm.example.net/its/service/oddce/services/DDCEService',
    ' profile "SL-Profile"',
    '  reporting smart-licensing-data',
    'crypto pki trustpoint Lab-TP',
    ' enrollment terminal pem',
    ' revocation-check crl none',
    '! Last configuration change at 00:00:00 UTC Thu Jan 1 2026 by ops',
  ]) {
    if (line.startsWith('! Last')) t.match(text, /! Last configuration change at .* by ops\n/, 'the change is recorded under the NETCONF user');
    else t.match(text, new RegExp(`\\n${line.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n`), line.trim());
  }
  t.match(text, /crypto pki trustpoint SLA-TrustPoint\n enrollment terminal\n revocation-check none\n/, 'terminal enrollment replaced pkcs12');
  t.match(text, /\ncontroller Integrated-Cable 1\/0\/0\n/, 'lines outside the models are untouched');
});

t.test('a replace removes modelled settings the XML leaves out and keeps everything else', async (t) => {
  const xe = await device(t, 'cBR-8', CONFIG);
  const before = xe.config.runningText();
  new DeviceDatastore(xe, iosXeBinding).setTree(parseXmlFragment(native('<hostname>cbr8-lab</hostname>')));
  const after = xe.config.runningText();
  t.notMatch(after, /ip name-server|ip domain name|contact-email-addr|http-proxy|SL-Profile|Lab-TP|service call-home/);
  t.notMatch(after, /crypto pki trustpoint/, 'the trustpoint list entries went, with their lines');
  for (const kept of ['license udi pid', 'redundancy', ' mode sso', 'controller Upstream-Cable 1/0/0', 'interface GigabitEthernet0', ' vrf forwarding Mgmt-intf', 'line vty 0 4']) {
    t.ok(before.includes(kept) && after.includes(kept), `kept: ${kept}`);
  }
  t.match(after, /call-home\n(?: !.*\n)* profile "CiscoTAC-1"\n!/, 'CiscoTAC-1 itself stays (a container in the model), emptied');
  const back = iosXeBinding.render(iosXeBinding.read(xe.config.running()));
  sameXml(
    t,
    back,
    parseXmlFragment(native(`<hostname>cbr8-lab</hostname><call-home><tac-profile xmlns="${CH}"><profile><CiscoTAC-1><destination><transport-method>email</transport-method></destination></CiscoTAC-1></profile></tac-profile></call-home>`)),
    'reads back as written; the emptied CiscoTAC-1 sends by e-mail, the device default',
  );
  t.same(new DeviceDatastore(xe, iosXeBinding).plan(parseXmlFragment(native('<hostname>cbr8-lab</hostname>'))), [], 'and writing the same again changes nothing');
});

t.test('defaults: a value given equal to the default is kept as given; CiscoTAC-1 back to e-mail', async (t) => {
  const xe = await device(t, 'cBR-8');
  const store = new DeviceDatastore(xe, iosXeBinding);
  const base = renderXml(store.getTree());
  const withDefaults = base
    .replace('<hostname>Router</hostname>', '<hostname>Router</hostname><ip><domain><lookup>true</lookup></domain></ip>')
    .replace('<active>true</active>', '<active>true</active><reporting><smart-call-home-data>true</smart-call-home-data></reporting>');
  t.same(
    store.plan(parseXmlFragment(withDefaults)).map((e) => `${e.op} ${e.line}`),
    ['set ip domain lookup', 'set reporting smart-call-home-data'],
    'explicit defaults become explicit lines (with-defaults explicit: they read back as given)',
  );
  store.setTree(parseXmlFragment(withDefaults));
  sameXml(t, store.getTree(), parseXmlFragment(withDefaults), 'read back as given');
  const email = renderXml(store.getTree()).replace('<transport-method>http</transport-method>', '<transport-method>email</transport-method>');
  t.same(
    store.plan(parseXmlFragment(email)).map((e) => `${e.op} ${e.line}`),
    ['delete destination transport-method http', 'delete destination transport-method email'],
    'CiscoTAC-1 back to e-mail: the http method goes, the "no … email" line goes',
  );
  store.setTree(parseXmlFragment(email));
  t.same(xe.config.find(['call-home', 'profile "CiscoTAC-1"'])?.children.map((c) => c.line), ['active', 'reporting smart-call-home-data']);
});

t.test('bad payloads are refused whole, each problem with its path', async (t) => {
  const xe = await device(t, 'cBR-8');
  const store = new DeviceDatastore(xe, iosXeBinding);
  const before = xe.config.runningText();
  const cases: [string, string, { tag: string; path: string; appTag?: string }[]][] = [
    ['hostname with a blank', native('<hostname>a b</hostname>'), [{ tag: 'invalid-value', path: '/native/hostname' }]],
    [
      'name server that is not an address',
      native('<ip><name-server><no-vrf-ordered>192.0.2.300</no-vrf-ordered></name-server></ip>'),
      [{ tag: 'invalid-value', path: '/native/ip/name-server/no-vrf-ordered' }],
    ],
    ['lookup not a boolean', native('<ip><domain><lookup>yes</lookup></domain></ip>'), [{ tag: 'invalid-value', path: '/native/ip/domain/lookup' }]],
    [
      'unknown interface type',
      native('<ip><http xmlns="http://cisco.com/ns/yang/Cisco-IOS-XE-http"><client><source-interface>Foo0/0</source-interface></client></http></ip>'),
      [{ tag: 'invalid-value', path: '/native/ip/http/client/source-interface' }],
    ],
    [
      'trustpoint without its key',
      native('<crypto><pki xmlns="http://cisco.com/ns/yang/Cisco-IOS-XE-crypto"><trustpoint><revocation-check>none</revocation-check></trustpoint></pki></crypto>'),
      [{ tag: 'missing-element', path: '/native/crypto/pki/trustpoint' }],
    ],
    [
      'proxy without its port',
      native(`<call-home><http-proxy xmlns="${CH}"><proxy-servers><proxy-server>proxy.example.net</proxy-server></proxy-servers></http-proxy></call-home>`),
      [{ tag: 'missing-element', path: "/native/call-home/http-proxy/proxy-servers[proxy-server='proxy.example.net']" }],
    ],
    ['an element the models do not have', native('<banner>hello</banner>'), [{ tag: 'unknown-element', path: '/native/banner' }]],
    [
      'the default URL as http-address',
      native(`<call-home><tac-profile xmlns="${CH}"><profile><CiscoTAC-1><destination><address><http><http-address>https://tools.cisco.com/its/service/oddce/services/DDCEService</http-address></http></address></destination></CiscoTAC-1></profile></tac-profile></call-home>`),
      [{ tag: 'operation-failed', appTag: 'must-violation', path: '/native/call-home/tac-profile/profile/CiscoTAC-1/destination/address/http/http-address' }],
    ],
    [
      'two active profiles reporting Smart Licensing',
      native(
        `<call-home><tac-profile xmlns="${CH}"><profile><CiscoTAC-1><active>true</active></CiscoTAC-1></profile></tac-profile>` +
          `<user-profile xmlns="${CH}"><profile><profile-name>SL</profile-name><reporting><smart-licensing-data/></reporting></profile></user-profile></call-home>`,
      ),
      [{ tag: 'operation-failed', appTag: 'must-violation', path: '/native/call-home/user-profile' }],
    ],
    [
      'seven name servers',
      native(`<ip><name-server>${[1, 2, 3, 4, 5, 6, 7].map((i) => `<no-vrf-ordered>192.0.2.${i}</no-vrf-ordered>`).join('')}</name-server></ip>`),
      [{ tag: 'operation-failed', appTag: 'too-many-elements', path: '/native/ip/name-server/no-vrf-ordered' }],
    ],
    [
      'several problems at once',
      native('<hostname>a b</hostname><ip><domain><name>x?y</name></domain></ip>'),
      [
        { tag: 'invalid-value', path: '/native/hostname' },
        { tag: 'invalid-value', path: '/native/ip/domain/name' },
      ],
    ],
  ];
  for (const [name, xml, expected] of cases) {
    const errors = rpcErrors(() => store.setTree(parseXmlFragment(xml)));
    t.match(errors, expected, name);
    t.ok(errors.every((e) => e.type === 'application' && (e.message ?? '').length > 0), `${name}: application errors with a message`);
  }
  t.equal(xe.config.runningText(), before, 'nothing was applied');
});

t.test('a device validator refusing a line refuses the whole write', async (t) => {
  const xe = await device(t, 'cBR-8');
  xe.config.addValidator((change) => (change.line.startsWith('ip domain name ') ? '% Domain name changes are locked' : undefined));
  const store = new DeviceDatastore(xe, iosXeBinding);
  const before = xe.config.runningText();
  const errors = rpcErrors(() => store.setTree(parseXmlFragment(native('<hostname>locked-out</hostname><ip><domain><name>example.com</name></domain></ip>'))));
  t.match(errors, [{ tag: 'operation-failed', type: 'application', path: '/native/ip/domain/name', message: /Domain name changes are locked/ }]);
  t.equal(xe.config.runningText(), before, 'the hostname edit of the same write was not applied');
  t.match(rpcErrors(() => store.check(parseXmlFragment(native('<ip><domain><name>example.com</name></domain></ip>'))))[0], { tag: 'operation-failed' }, 'validate sees it too');
  t.doesNotThrow(() => store.check(parseXmlFragment(native('<hostname>fine</hostname>'))));
  t.equal(xe.config.runningText(), before, 'check applies nothing');
});
