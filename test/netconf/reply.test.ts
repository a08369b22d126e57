import t from 'tap';
import { NetconfProtocolError, NetconfRpcError } from '../../src/errors.js';
import { assertRpcOk, parseRpcReply } from '../../src/netconf/reply.js';
import { readRpcError, renderRpcError } from '../../src/netconf/rpc-error.js';
import { parseXml, renderXml } from '../../src/netconf/xml.js';

const NC = 'urn:ietf:params:xml:ns:netconf:base:1.0';

t.test('ok, data and custom output, with or without prefixes', async (t) => {
  const ok = parseRpcReply(`<nc:rpc-reply xmlns:nc="${NC}" message-id="urn:uuid:1"><nc:ok/></nc:rpc-reply>`);
  t.equal(ok.messageId, 'urn:uuid:1');
  t.equal(ok.ok, true);
  t.equal(ok.data, undefined);

  const data = parseRpcReply(`<rpc-reply xmlns="${NC}" message-id="2"><data><native xmlns="urn:n"><hostname>r1</hostname></native></data></rpc-reply>`);
  t.equal(data.ok, false);
  t.equal(data.data?.[0]?.name, 'native');
  t.equal(data.data?.[0]?.children[0]?.text, 'r1');

  const output = parseRpcReply(
    `<rpc-reply xmlns="${NC}" message-id="3"><return-code xmlns="http://cisco.com/ns/yang/cisco-smart-license">registrationinprogress</return-code></rpc-reply>`,
  );
  t.same(output.body.map((n) => [n.name, n.text]), [['return-code', 'registrationinprogress']]);
});

t.test('several rpc-errors, every field, warnings apart', async (t) => {
  const reply = parseRpcReply(`<rpc-reply xmlns="${NC}" message-id="9">
    <rpc-error>
      <error-type>protocol</error-type><error-tag>lock-denied</error-tag><error-severity>error</error-severity>
      <error-message xml:lang="en">Lock failed, lock is already held</error-message>
      <error-info><session-id>454</session-id></error-info>
    </rpc-error>
    <rpc-error>
      <error-type>application</error-type><error-tag>invalid-value</error-tag><error-severity>error</error-severity>
      <error-app-tag>too-long</error-app-tag>
      <error-path xmlns:ios="urn:n">/ios:native/ios:hostname</error-path>
      <error-message>hostname too long</error-message>
      <error-info><bad-element>hostname</bad-element><bad-element>domain</bad-element><detail><x>1</x></detail></error-info>
    </rpc-error>
    <rpc-error>
      <error-type>application</error-type><error-tag>operation-failed</error-tag><error-severity>warning</error-severity>
      <error-message>deprecated leaf used</error-message>
    </rpc-error>
  </rpc-reply>`);
  t.equal(reply.errors.length, 2);
  t.same(reply.errors[0], {
    type: 'protocol',
    tag: 'lock-denied',
    severity: 'error',
    message: 'Lock failed, lock is already held',
    info: { 'session-id': '454' },
  });
  t.same(reply.errors[1], {
    type: 'application',
    tag: 'invalid-value',
    severity: 'error',
    path: '/ios:native/ios:hostname',
    message: 'hostname too long',
    appTag: 'too-long',
    info: { 'bad-element': ['hostname', 'domain'], detail: `<x xmlns="${NC}">1</x>` },
  });
  t.same(reply.warnings.map((w) => w.message), ['deprecated leaf used']);

  const error = t.throws(() => assertRpcOk(reply, 'lock', 'r1')) as NetconfRpcError;
  t.type(error, NetconfRpcError);
  t.equal(error.code, 'E_NETCONF_RPC');
  t.equal(error.tag, 'lock-denied');
  t.equal(error.errorType, 'protocol');
  t.equal(error.severity, 'error');
  t.equal(error.errors.length, 3, 'all errors kept, warnings last');
  t.equal(error.message, 'r1: NETCONF lock failed: lock-denied: Lock failed, lock is already held');
});

t.test('warnings alone do not fail', async (t) => {
  const reply = parseRpcReply(
    `<rpc-reply xmlns="${NC}" message-id="1"><rpc-error><error-type>application</error-type><error-tag>operation-failed</error-tag>` +
      `<error-severity>warning</error-severity></rpc-error><ok/></rpc-reply>`,
  );
  t.equal(assertRpcOk(reply, 'edit-config'), reply);
});

t.test('a reply without message-id (the server could not read ours)', async (t) => {
  const reply = parseRpcReply(
    `<rpc-reply xmlns="${NC}"><rpc-error><error-type>rpc</error-type><error-tag>malformed-message</error-tag><error-severity>error</error-severity></rpc-error></rpc-reply>`,
  );
  t.equal(reply.messageId, undefined);
  t.equal(reply.errors[0]?.tag, 'malformed-message');
});

t.test('not a reply', async (t) => {
  t.throws(() => parseRpcReply('<rpc-reply xmlns="urn:other"/>'), NetconfProtocolError);
  t.throws(() => parseRpcReply('<rpc-reply'), /unreadable <rpc-reply>/);
});

t.test('rpc-error renders and reads back', async (t) => {
  const info = {
    type: 'protocol',
    tag: 'lock-denied',
    severity: 'error',
    message: 'locked by session 3',
    path: '/a/b',
    appTag: 'x',
    info: { 'session-id': '3', 'bad-element': ['a', 'b'] },
  };
  t.same(readRpcError(parseXml(renderXml(renderRpcError(info)))), info);
});
