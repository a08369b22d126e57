import t from 'tap';
import { InvalidArgumentError } from '../../src/errors.js';
import {
  buildCancelCommit,
  buildCommit,
  buildCopyConfig,
  buildCustomRpc,
  buildDeleteConfig,
  buildDiscardChanges,
  buildEditConfig,
  buildGet,
  buildGetConfig,
  buildKillSession,
  buildLock,
  buildUnlock,
  buildValidate,
  renderRpc,
  withOperation,
} from '../../src/netconf/requests.js';
import { parseXml, renderXml, xmlElement, type XmlNode } from '../../src/netconf/xml.js';

const NC = 'urn:ietf:params:xml:ns:netconf:base:1.0';
const XE = 'http://cisco.com/ns/yang/Cisco-IOS-XE-native';
const r = (node: XmlNode): string => renderXml(node);

const CASES: Array<[string, () => XmlNode, string]> = [
  ['get', () => buildGet(), `<get xmlns="${NC}"/>`],
  [
    'get with a subtree filter given as text',
    () => buildGet(`<native xmlns="${XE}"><ip/></native>`),
    `<get xmlns="${NC}"><filter type="subtree"><native xmlns="${XE}"><ip/></native></filter></get>`,
  ],
  [
    'get-config candidate with an xpath filter and its prefixes',
    () => buildGetConfig('candidate', { type: 'xpath', select: '/ios:native/ios:ip', namespaces: { ios: XE } }),
    `<get-config xmlns="${NC}"><source><candidate/></source><filter xmlns:ios="${XE}" type="xpath" select="/ios:native/ios:ip"/></get-config>`,
  ],
  [
    'get-config startup with a subtree filter object',
    () => buildGetConfig('startup', { type: 'subtree', content: xmlElement('native', XE) }),
    `<get-config xmlns="${NC}"><source><startup/></source><filter type="subtree"><native xmlns="${XE}"/></filter></get-config>`,
  ],
  [
    'edit-config with every option',
    () =>
      buildEditConfig('candidate', `<native xmlns="${XE}"><hostname>r1</hostname></native>`, {
        defaultOperation: 'none',
        testOption: 'test-only',
        errorOption: 'rollback-on-error',
      }),
    `<edit-config xmlns="${NC}"><target><candidate/></target><default-operation>none</default-operation>` +
      `<test-option>test-only</test-option><error-option>rollback-on-error</error-option>` +
      `<config><native xmlns="${XE}"><hostname>r1</hostname></native></config></edit-config>`,
  ],
  [
    'edit-config with a per-node operation',
    () => buildEditConfig('running', [withOperation(xmlElement('native', XE, [xmlElement('hostname', XE, 'r1')]), 'replace')]),
    `<edit-config xmlns="${NC}"><target><running/></target><config>` +
      `<native xmlns="${XE}" xmlns:nc="${NC}" nc:operation="replace"><hostname>r1</hostname></native></config></edit-config>`,
  ],
  [
    'copy-config from a datastore',
    () => buildCopyConfig('startup', 'running'),
    `<copy-config xmlns="${NC}"><target><startup/></target><source><running/></source></copy-config>`,
  ],
  [
    'copy-config from inline config',
    () => buildCopyConfig('candidate', { config: `<native xmlns="${XE}"/>` }),
    `<copy-config xmlns="${NC}"><target><candidate/></target><source><config><native xmlns="${XE}"/></config></source></copy-config>`,
  ],
  ['delete-config', () => buildDeleteConfig('startup'), `<delete-config xmlns="${NC}"><target><startup/></target></delete-config>`],
  ['lock', () => buildLock('candidate'), `<lock xmlns="${NC}"><target><candidate/></target></lock>`],
  ['unlock', () => buildUnlock('running'), `<unlock xmlns="${NC}"><target><running/></target></unlock>`],
  ['commit', () => buildCommit(), `<commit xmlns="${NC}"/>`],
  [
    'commit confirmed with timeout and persist',
    () => buildCommit({ confirmed: true, confirmTimeout: 120, persist: 'change-42' }),
    `<commit xmlns="${NC}"><confirmed/><confirm-timeout>120</confirm-timeout><persist>change-42</persist></commit>`,
  ],
  ['confirming commit with persist-id', () => buildCommit({ persistId: 'change-42' }), `<commit xmlns="${NC}"><persist-id>change-42</persist-id></commit>`],
  ['cancel-commit', () => buildCancelCommit(), `<cancel-commit xmlns="${NC}"/>`],
  ['cancel-commit with persist-id', () => buildCancelCommit('p1'), `<cancel-commit xmlns="${NC}"><persist-id>p1</persist-id></cancel-commit>`],
  ['discard-changes', () => buildDiscardChanges(), `<discard-changes xmlns="${NC}"/>`],
  ['validate candidate', () => buildValidate('candidate'), `<validate xmlns="${NC}"><source><candidate/></source></validate>`],
  ['kill-session', () => buildKillSession(12), `<kill-session xmlns="${NC}"><session-id>12</session-id></kill-session>`],
  [
    'custom RPC (register-id-token)',
    () =>
      buildCustomRpc(
        '<register-id-token xmlns="http://cisco.com/ns/yang/cisco-smart-license"><id-token>abc</id-token><force>true</force></register-id-token>',
      ),
    '<register-id-token xmlns="http://cisco.com/ns/yang/cisco-smart-license"><id-token>abc</id-token><force>true</force></register-id-token>',
  ],
];

t.test('request builders render the RFC 6241 elements', async (t) => {
  for (const [name, build, expected] of CASES) t.equal(r(build()), expected, name);
});

t.test('the rpc envelope carries the message-id', async (t) => {
  const text = renderRpc('42', buildLock('candidate'));
  t.equal(text, `<?xml version="1.0" encoding="UTF-8"?><rpc xmlns="${NC}" message-id="42"><lock><target><candidate/></target></lock></rpc>`);
  t.equal(parseXml(text).attributes[0]?.value, '42');
});

const REFUSED: Array<[string, () => unknown, RegExp]> = [
  ['unknown datastore', () => buildLock('scratch' as never), /invalid target datastore: "scratch" is not one of running, candidate, startup/],
  ['bad default-operation', () => buildEditConfig('running', '<a xmlns="urn:a"/>', { defaultOperation: 'delete' as never }), /default-operation/],
  ['bad test-option', () => buildEditConfig('running', '<a xmlns="urn:a"/>', { testOption: 'maybe' as never }), /test-option/],
  ['bad error-option', () => buildEditConfig('running', '<a xmlns="urn:a"/>', { errorOption: 'ignore' as never }), /error-option/],
  ['empty config', () => buildEditConfig('running', ''), /no configuration element/],
  ['malformed config', () => buildEditConfig('running', '<a>'), /invalid edit-config config: not well-formed/],
  ['bad per-node operation', () => withOperation(xmlElement('a', 'urn:a'), 'erase' as never), /edit operation/],
  ['confirm-timeout without confirmed', () => buildCommit({ confirmTimeout: 30 }), /need confirmed: true/],
  ['zero confirm-timeout', () => buildCommit({ confirmed: true, confirmTimeout: 0 }), /confirm-timeout/],
  ['fractional confirm-timeout', () => buildCommit({ confirmed: true, confirmTimeout: 1.5 }), /confirm-timeout/],
  ['persist with a newline', () => buildCommit({ confirmed: true, persist: 'a\nb' }), /persist/],
  ['empty persist-id', () => buildCancelCommit(''), /persist-id/],
  ['session-id zero', () => buildKillSession(0), /kill-session session-id/],
  ['copy a datastore onto itself', () => buildCopyConfig('running', 'running'), /source and target are both running/],
  ['delete running', () => buildDeleteConfig('running'), /cannot be deleted/],
  ['custom RPC without namespace', () => buildCustomRpc('<renew-id/>'), /has no namespace/],
  ['xpath filter without select', () => buildGet({ type: 'xpath', select: ' ' }), /select is empty/],
];

t.test('builders refuse bad arguments before anything is sent', async (t) => {
  for (const [name, build, message] of REFUSED) {
    t.throws(build, message, name);
    t.throws(build, InvalidArgumentError, `${name}: typed`);
  }
});
