import t from 'tap';
import { describeCapabilities, hasCapability, parseModuleCapability, preferredEditTarget } from '../../src/netconf/capabilities.js';
import { negotiateFraming, parseHello, buildHello } from '../../src/netconf/hello.js';
import { NetconfProtocolError } from '../../src/errors.js';

// Shapes of real hellos (YANG-PATHS.md §9): XE 17.x has writable-running and candidate, no confirmed-commit;
// XR has candidate and confirmed-commit:1.1, no writable-running.
const XE_17 = [
  'urn:ietf:params:netconf:base:1.0',
  'urn:ietf:params:netconf:base:1.1',
  'urn:ietf:params:netconf:capability:writable-running:1.0',
  'urn:ietf:params:netconf:capability:xpath:1.0',
  'urn:ietf:params:netconf:capability:validate:1.0',
  'urn:ietf:params:netconf:capability:validate:1.1',
  'urn:ietf:params:netconf:capability:rollback-on-error:1.0',
  'urn:ietf:params:netconf:capability:candidate:1.0',
  'urn:ietf:params:netconf:capability:with-defaults:1.0?basic-mode=explicit',
  'http://cisco.com/ns/yang/cisco-smart-license?module=cisco-smart-license&revision=2021-03-01',
  'urn:ietf:params:xml:ns:yang:ietf-netconf?module=ietf-netconf&revision=2011-06-01&features=writable-running,candidate,rollback-on-error,validate,xpath',
];
const XR = [
  'urn:ietf:params:netconf:base:1.1',
  'urn:ietf:params:netconf:capability:candidate:1.0',
  'urn:ietf:params:netconf:capability:confirmed-commit:1.1',
  'urn:ietf:params:netconf:capability:rollback-on-error:1.0',
  'urn:ietf:params:netconf:capability:validate:1.1',
  'http://cisco.com/ns/yang/Cisco-IOS-XR-um-call-home-cfg?module=Cisco-IOS-XR-um-call-home-cfg&revision=2022-02-15',
];

t.test('features from real hello shapes', async (t) => {
  const xe = describeCapabilities(XE_17);
  t.match(xe, { base10: true, base11: true, writableRunning: true, candidate: true, confirmedCommit: false, validate: true, xpath: true, startup: false });
  t.equal(preferredEditTarget(xe), 'candidate');
  const xr = describeCapabilities(XR);
  t.match(xr, { base10: false, base11: true, writableRunning: false, candidate: true, confirmedCommit: true, xpath: false });
  t.equal(preferredEditTarget(describeCapabilities(XE_17.filter((c) => !c.includes('candidate')))), 'running');
  t.equal(preferredEditTarget(describeCapabilities(['urn:ietf:params:netconf:base:1.1'])), null);
});

t.test('modules announced in the hello', async (t) => {
  const xe = describeCapabilities(XE_17);
  t.same(
    xe.modules.map((m) => [m.module, m.revision, m.namespace]),
    [
      ['cisco-smart-license', '2021-03-01', 'http://cisco.com/ns/yang/cisco-smart-license'],
      ['ietf-netconf', '2011-06-01', 'urn:ietf:params:xml:ns:yang:ietf-netconf'],
    ],
  );
  t.same(parseModuleCapability(XE_17[10] as string)?.features, ['writable-running', 'candidate', 'rollback-on-error', 'validate', 'xpath']);
  t.equal(parseModuleCapability('urn:x?module=m&amp;revision=2020-01-01')?.revision, '2020-01-01', 'double-escaped & tolerated');
  t.equal(parseModuleCapability(XE_17[8] as string), undefined, 'a parameterised capability is not a module');
});

t.test('hasCapability: short names match any version; URIs match exactly without parameters', async (t) => {
  t.ok(hasCapability(XR, 'confirmedCommit'));
  t.ok(hasCapability(['urn:ietf:params:netconf:capability:confirmed-commit:1.0'], 'confirmedCommit'));
  t.ok(hasCapability(XE_17, 'urn:ietf:params:netconf:capability:with-defaults:1.0'));
  t.notOk(hasCapability(XE_17, 'urn:ietf:params:netconf:capability:with-defaults:1.1'));
  t.ok(hasCapability(XR, 'http://cisco.com/ns/yang/Cisco-IOS-XR-um-call-home-cfg'));
});

t.test('hello build / parse / framing negotiation', async (t) => {
  const hello = parseHello(buildHello(XR, 4242));
  t.same(hello, { capabilities: XR, sessionId: 4242 });
  t.equal(parseHello(buildHello(XE_17)).sessionId, undefined);
  t.equal(negotiateFraming(XE_17, XR), 'chunked');
  t.equal(negotiateFraming(['urn:ietf:params:netconf:base:1.0'], XE_17), 'eom');
  t.equal(negotiateFraming(['urn:ietf:params:netconf:base:1.0'], XR), null);
  const bad: Array<[string, RegExp]> = [
    ['<hello xmlns="urn:wrong"/>', /expected \{urn:ietf:params:xml:ns:netconf:base:1.0\}hello/],
    ['<hello xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"/>', /no <capabilities>/],
    ['<hello xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><capabilities/></hello>', /no capability listed/],
    [
      '<hello xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><capabilities><capability>urn:ietf:params:netconf:base:1.1</capability></capabilities><session-id>0</session-id></hello>',
      /session-id "0" is not a positive 32-bit integer/,
    ],
    ['<hello', /invalid <hello>/],
  ];
  for (const [text, message] of bad) {
    t.throws(() => parseHello(text), message);
    t.throws(() => parseHello(text), NetconfProtocolError);
  }
});
