import t from 'tap';
import { NetconfRpcError } from '../../../src/errors.js';
import { createLogger } from '../../../src/log.js';
import { Secret } from '../../../src/secret.js';
import { serveNetconf } from '../../../src/emulator/netconf/server.js';
import { parseRpcReply } from '../../../src/netconf/reply.js';
import { childText, renderXml, selectPath, xmlElement } from '../../../src/netconf/xml.js';
import { withOperation } from '../../../src/netconf/requests.js';
import { createDuplexPair } from '../../netconf/helpers/duplex-pair.js';
import { NC, RawPeer, helloText } from '../../netconf/helpers/raw-peer.js';
import { INITIAL_RUNNING, SMART_LICENSE, XE_NATIVE, connectInMemory, createTestDevice } from '../../netconf/helpers/test-device.js';

const BASE10 = 'urn:ietf:params:netconf:base:1.0';
const BASE11 = 'urn:ietf:params:netconf:base:1.1';

async function rejection(promise: Promise<unknown>): Promise<NetconfRpcError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof NetconfRpcError) return error;
    throw error;
  }
  throw new Error('expected a NetconfRpcError, the call succeeded');
}

/** A raw client: hello exchanged, framing switched as negotiated. */
async function rawClient(base11: boolean) {
  const { device } = createTestDevice('ios-xe');
  const pair = createDuplexPair();
  const server = serveNetconf(pair.server, { device });
  const peer = new RawPeer(pair.client);
  const hello = await peer.next();
  peer.send(helloText(base11 ? [BASE10, BASE11] : [BASE10]));
  if (base11) peer.channel.useChunked();
  return { device, server, peer, hello: hello ?? '' };
}

t.test('hello: session-id, capabilities, framing', async (t) => {
  const { device } = createTestDevice('ios-xe');
  const { client, server } = await connectInMemory(device);
  t.equal(client.sessionId, server.sessionId);
  t.equal(client.framing, 'chunked');
  t.equal(server.framing, 'chunked');
  t.match(client.features, { writableRunning: true, candidate: true, confirmedCommit: false, validate: true, xpath: true });
  t.same(client.features.modules.map((m) => m.module), ['Cisco-IOS-XE-native', 'Cisco-IOS-XE-call-home', 'cisco-smart-license']);
  await client.close();
  await server.closed;

  const old = await connectInMemory(device, { offerBase11: false });
  t.equal(old.client.framing, 'eom', 'a base:1.0-only client keeps end-of-message framing');
  t.equal((await old.client.getConfig()).length, 1);
  await old.client.close();
  t.not(old.client.sessionId, client.sessionId, 'session-ids are not reused');
});

t.test('hello violations end the session', async (t) => {
  for (const [name, hello] of [
    ['a client hello with a session-id', helloText([BASE11], 5)],
    ['no common base', helloText(['urn:ietf:params:netconf:base:2.0'])],
    ['not a hello', `<rpc xmlns="${NC}" message-id="1"><get/></rpc>`],
    ['not XML', '<hello'],
  ] as const) {
    const { device } = createTestDevice('ios-xe');
    const pair = createDuplexPair();
    const server = serveNetconf(pair.server, { device });
    const peer = new RawPeer(pair.client);
    t.match(await peer.next(), /<session-id>1<\/session-id>/, `${name}: server hello first`);
    peer.send(hello);
    await server.closed;
    await peer.waitClosed();
    t.same(device.sessionIds, [], `${name}: session closed and detached`);
  }
});

t.test('get / get-config with filters, state merged into get', async (t) => {
  const { device } = createTestDevice('ios-xe');
  const { client } = await connectInMemory(device);
  t.equal(renderXml(await client.getConfig('running')), INITIAL_RUNNING);
  const all = await client.get();
  t.same(all.map((n) => n.name), ['native', 'licensing'], 'config + state');
  t.same(
    (await client.get({ filter: `<licensing xmlns="${SMART_LICENSE}"><state><smart-enabled/></state></licensing>` })).map((n) => renderXml(n)),
    [`<licensing xmlns="${SMART_LICENSE}"><state><smart-enabled>true</smart-enabled></state></licensing>`],
  );
  t.same(
    selectPath(await client.getConfig('running', { filter: { type: 'xpath', select: '/ios:native/ios:hostname', namespaces: { ios: XE_NATIVE } } }), ['native', 'hostname']).map((n) => n.text),
    ['cbr8-1'],
  );
  t.same(await client.getConfig('candidate', { filter: `<native xmlns="urn:nothing-here"/>` }), [], 'a filter for an unknown namespace selects nothing');
  await client.close();
});

t.test('pipelined RPCs: many in flight, each gets its own reply', async (t) => {
  const { device } = createTestDevice('ios-xe');
  const { client } = await connectInMemory(device);
  const names = Array.from({ length: 25 }, (_, i) => `r${i}`);
  // interleave writes and reads; all sent before any reply is awaited
  const results = await Promise.all(
    names.flatMap((name) => [
      client.editConfig('candidate', `<native xmlns="${XE_NATIVE}"><hostname>${name}</hostname></native>`).then(() => `edit ${name}`),
      client.getConfig('candidate', { filter: `<native xmlns="${XE_NATIVE}"><hostname/></native>` }).then((d) => `read ${selectPath(d, ['native', 'hostname'])[0]?.text}`),
    ]),
  );
  t.same(results, names.flatMap((name) => [`edit ${name}`, `read ${name}`]), 'the server answers in order and every read sees the edit before it');
  t.equal(client.session.inFlight, 0);
  await client.close();
});

t.test('candidate, commit and discard on the XE profile; running writable', async (t) => {
  const { device, running } = createTestDevice('ios-xe');
  const { client } = await connectInMemory(device);
  await client.editConfig('running', `<native xmlns="${XE_NATIVE}"><hostname>direct</hostname></native>`);
  t.equal(selectPath(running.getTree(), ['native', 'hostname'])[0]?.text, 'direct', 'running edited directly');
  t.equal(selectPath(await client.getConfig('candidate'), ['native', 'hostname'])[0]?.text, 'direct', 'a clean candidate follows running');

  await client.editConfig('candidate', `<native xmlns="${XE_NATIVE}"><hostname>staged</hostname></native>`);
  t.equal(selectPath(running.getTree(), ['native', 'hostname'])[0]?.text, 'direct', 'candidate edits do not touch running');
  t.ok(device.candidateModified);
  await client.discardChanges();
  t.equal(selectPath(await client.getConfig('candidate'), ['native', 'hostname'])[0]?.text, 'direct', 'discarded');

  await client.editConfig('candidate', `<native xmlns="${XE_NATIVE}"><hostname>committed</hostname></native>`);
  await client.validate('candidate');
  await client.commit();
  t.equal(selectPath(running.getTree(), ['native', 'hostname'])[0]?.text, 'committed');
  t.notOk(device.candidateModified);

  const noConfirm = await rejection(client.commit({ confirmed: true }));
  t.equal(noConfirm.tag, 'operation-not-supported', 'XE has no :confirmed-commit');

  await client.editConfig('candidate', `<native xmlns="${XE_NATIVE}"><hostname>x</hostname></native>`, { testOption: 'test-only' });
  t.notOk(device.candidateModified, 'test-only changes nothing');
  await client.close();
});

t.test('XR profile: running is not writable; candidate + commit', async (t) => {
  const { device, running } = createTestDevice('ios-xr');
  const { client } = await connectInMemory(device);
  t.match(client.features, { writableRunning: false, candidate: true, confirmedCommit: true });
  const error = await rejection(client.editConfig('running', `<native xmlns="${XE_NATIVE}"><hostname>x</hostname></native>`));
  t.equal(error.tag, 'operation-not-supported');
  t.match(error.message, /running is not writable on this device \(ios-xr\); edit candidate and commit/);
  await client.editConfig('candidate', `<native xmlns="${XE_NATIVE}"><hostname>ncs</hostname></native>`);
  await client.commit();
  t.equal(selectPath(running.getTree(), ['native', 'hostname'])[0]?.text, 'ncs');
  await client.close();
});

t.test('every rpc-error path a library client can provoke', async (t) => {
  const { device } = createTestDevice('ios-xe');
  const { client } = await connectInMemory(device);
  const cases: Array<[string, () => Promise<unknown>, string, string, Record<string, unknown>?]> = [
    ['unknown operation', () => client.rpc(xmlElement('get-schema', NC)), 'operation-not-supported', 'protocol', { 'bad-element': 'get-schema' }],
    ['unknown RPC namespace', () => client.call('<reboot xmlns="urn:example:unknown"/>'), 'unknown-namespace', 'protocol', { 'bad-element': 'reboot', 'bad-namespace': 'urn:example:unknown' }],
    ['unknown RPC in a known namespace', () => client.call(`<import-file xmlns="${SMART_LICENSE}"/>`), 'operation-not-supported', 'protocol'],
    ['config in an unknown namespace', () => client.editConfig('candidate', '<thing xmlns="urn:example:unknown"/>'), 'unknown-namespace', 'application', { 'bad-element': 'thing', 'bad-namespace': 'urn:example:unknown' }],
    ['not a datastore', () => client.rpc(xmlElement('lock', NC, [xmlElement('target', NC, [xmlElement('scratch', NC)])])), 'invalid-value', 'protocol', { 'bad-element': 'scratch' }],
    ['bad default-operation', () => client.rpc(xmlElement('edit-config', NC, [xmlElement('target', NC, [xmlElement('candidate', NC)]), xmlElement('default-operation', NC, 'erase'), xmlElement('config', NC)])), 'invalid-value', 'protocol', { 'bad-element': 'default-operation' }],
    ['bad confirm-timeout', () => client.rpc(xmlElement('commit', NC, [xmlElement('confirmed', NC), xmlElement('confirm-timeout', NC, 'soon')])), 'invalid-value', 'protocol'],
    ['edit-config without config', () => client.rpc(xmlElement('edit-config', NC, [xmlElement('target', NC, [xmlElement('candidate', NC)])])), 'missing-element', 'protocol', { 'bad-element': 'config' }],
    ['lock without target', () => client.rpc(xmlElement('lock', NC)), 'missing-element', 'protocol', { 'bad-element': 'target' }],
    ['unknown parameter', () => client.rpc(xmlElement('get', NC, [xmlElement('with-defaults', 'urn:ietf:params:xml:ns:yang:ietf-netconf-with-defaults', 'report-all')])), 'unknown-element', 'protocol', { 'bad-element': 'with-defaults' }],
    ['custom RPC missing its input', () => client.call(`<register-id-token xmlns="${SMART_LICENSE}"/>`), 'missing-element', 'application', { 'bad-element': 'id-token' }],
    ['custom RPC invalid input', () => client.call(`<register-id-token xmlns="${SMART_LICENSE}"><id-token>t</id-token><force>maybe</force></register-id-token>`), 'invalid-value', 'application', { 'bad-element': 'force' }],
    ['custom RPC handler crash', () => client.call(`<renew-id xmlns="${SMART_LICENSE}"/>`), 'operation-failed', 'application'],
    ['create existing data', () => client.editConfig('candidate', [withOperation(xmlElement('native', XE_NATIVE, [xmlElement('hostname', XE_NATIVE, 'x')]), 'create')]), 'data-exists', 'application'],
    ['delete missing data', () => client.editConfig('candidate', `<native xmlns="${XE_NATIVE}" xmlns:nc="${NC}"><banner nc:operation="delete"/></native>`), 'data-missing', 'application'],
    ['bad operation attribute', () => client.editConfig('candidate', `<native xmlns="${XE_NATIVE}" xmlns:nc="${NC}" nc:operation="wipe"/>`), 'bad-attribute', 'protocol', { 'bad-attribute': 'operation', 'bad-element': 'native' }],
    ['validator refuses on commit', async () => {
      await client.editConfig('candidate', `<native xmlns="${XE_NATIVE}"><ip><name-server><no-vrf>dns.example</no-vrf></name-server></ip></native>`);
      await client.commit();
    }, 'invalid-value', 'application', { 'bad-element': 'no-vrf' }],
    ['validator refuses test-then-set on running', () => client.editConfig('running', `<native xmlns="${XE_NATIVE}"><ip><name-server><no-vrf>bad</no-vrf></name-server></ip></native>`), 'invalid-value', 'application'],
    ['xpath outside the subset', () => client.get({ filter: { type: 'xpath', select: '//hostname' } }), 'invalid-value', 'protocol'],
    ['cancel-commit with nothing pending', () => client.cancelCommit(), 'operation-not-supported', 'protocol'],
    ['delete-config running', () => client.rpc(xmlElement('delete-config', NC, [xmlElement('target', NC, [xmlElement('running', NC)])])), 'invalid-value', 'protocol'],
    ['unlock what is not locked', () => client.unlock('running'), 'operation-failed', 'protocol'],
    ['kill an unknown session', () => client.killSession(999), 'invalid-value', 'protocol'],
    ['kill itself', () => client.killSession(client.sessionId), 'invalid-value', 'protocol'],
  ];
  for (const [name, run, tag, type, info] of cases) {
    const error = await rejection(run());
    t.equal(error.tag, tag, `${name}: tag`);
    t.equal(error.errorType, type, `${name}: type`);
    t.equal(error.severity, 'error', `${name}: severity`);
    t.ok(error.errorMessage && error.errorMessage.length > 0, `${name}: message`);
    if (info) t.same(error.errors[0]?.info, info, `${name}: error-info`);
  }
  t.equal((await rejection(client.call(`<renew-id xmlns="${SMART_LICENSE}"/>`))).errorMessage, 'agent crashed');
  const path = await rejection(client.editConfig('running', `<native xmlns="${XE_NATIVE}"><ip><name-server><no-vrf>bad</no-vrf></name-server></ip></native>`));
  t.equal(path.path, '/native/ip/name-server/no-vrf', 'error-path from the validator');
  t.equal(renderXml(await client.getConfig('running')), INITIAL_RUNNING, 'no failed edit changed running');
  await client.discardChanges();
  await client.close();
});

t.test('custom RPC output goes straight into rpc-reply', async (t) => {
  const { device, registrations } = createTestDevice('ios-xe');
  const { client } = await connectInMemory(device);
  const reply = await client.call(`<register-id-token xmlns="${SMART_LICENSE}"><id-token>TOKEN-1</id-token><force>true</force></register-id-token>`);
  t.same(reply.body.map((n) => [n.ns, n.name, n.text]), [[SMART_LICENSE, 'return-code', 'registrationinprogress']]);
  t.same(registrations, [{ token: 'TOKEN-1', force: true, sessionId: client.sessionId }]);
  await client.close();
});

t.test('errors only a raw client can provoke', async (t) => {
  for (const base11 of [true, false]) {
    const { peer, server, hello } = await rawClient(base11);
    t.match(hello, /urn:ietf:params:netconf:capability:candidate:1\.0/);
    peer.send('<rpc xmlns="urn:ietf:params:xml:ns:netconf:base:1.0" message-id="1"><get>');
    const malformed = parseRpcReply((await peer.next()) ?? '');
    t.equal(malformed.messageId, undefined, 'no message-id could be read');
    t.equal(malformed.errors[0]?.tag, base11 ? 'malformed-message' : 'operation-failed', `base:1.${base11 ? 1 : 0} client`);
    t.equal(malformed.errors[0]?.type, 'rpc');

    peer.send(`<rpc xmlns="${NC}"><get/></rpc>`);
    const noId = parseRpcReply((await peer.next()) ?? '');
    t.equal(noId.errors[0]?.tag, 'missing-attribute');
    t.same(noId.errors[0]?.info, { 'bad-attribute': 'message-id', 'bad-element': 'rpc' });

    peer.send(`<rpc xmlns="${NC}" message-id="2"/>`);
    t.equal(parseRpcReply((await peer.next()) ?? '').errors[0]?.tag, 'missing-element');

    peer.send(`<rpc xmlns="${NC}" message-id="3"><get/><get/></rpc>`);
    t.equal(parseRpcReply((await peer.next()) ?? '').errors[0]?.tag, 'unknown-element');

    peer.send(`<message xmlns="urn:example:other" message-id="4"/>`);
    t.equal(parseRpcReply((await peer.next()) ?? '').errors[0]?.tag, 'unknown-namespace');

    // attributes of <rpc> are echoed, prefixes and all; nc-prefixed elements are read by namespace
    peer.send(`<nc:rpc xmlns:nc="${NC}" xmlns:ex="urn:example:attr" message-id="urn:uuid:5" ex:trace="abc"><nc:get-config><nc:source><nc:running/></nc:source></nc:get-config></nc:rpc>`);
    const echoed = await peer.next();
    t.match(echoed, /message-id="urn:uuid:5"/);
    t.match(echoed, /ex:trace="abc"/);
    t.equal(parseRpcReply(echoed ?? '').data?.[0]?.name, 'native');

    // invalid UTF-8 inside well-formed framing
    peer.sendBytes(Buffer.from([0x3c, 0x61, 0xff, 0xfe, 0x2f, 0x3e]));
    t.equal(parseRpcReply((await peer.next()) ?? '').errors[0]?.tag, base11 ? 'malformed-message' : 'operation-failed');

    peer.send(`<hello xmlns="${NC}"><capabilities><capability>${BASE11}</capability></capabilities></hello>`);
    await server.closed;
    t.ok(true, 'a second hello ends the session');
  }
});

t.test('locks across two sessions of one device', async (t) => {
  const { device } = createTestDevice('ios-xe');
  const a = await connectInMemory(device);
  const b = await connectInMemory(device);
  await a.client.lock('candidate');
  t.equal(device.lockHolder('candidate'), a.client.sessionId);

  const denied = await rejection(b.client.lock('candidate'));
  t.equal(denied.tag, 'lock-denied');
  t.equal(denied.errorType, 'protocol');
  t.same(denied.errors[0]?.info, { 'session-id': String(a.client.sessionId) }, 'error-info names the holder');

  const inUse = await rejection(b.client.editConfig('candidate', `<native xmlns="${XE_NATIVE}"><hostname>b</hostname></native>`));
  t.equal(inUse.tag, 'in-use');
  t.equal((await rejection(b.client.discardChanges())).tag, 'in-use');
  t.equal((await rejection(b.client.commit())).tag, 'in-use');
  t.equal((await rejection(b.client.unlock('candidate'))).tag, 'operation-failed', 'only the holder unlocks');

  await a.client.editConfig('candidate', `<native xmlns="${XE_NATIVE}"><hostname>a</hostname></native>`);
  await a.client.unlock('candidate');
  const dirty = await rejection(b.client.lock('candidate'));
  t.equal(dirty.tag, 'lock-denied', 'a modified candidate cannot be locked');
  t.match(dirty.errorMessage, /uncommitted changes/);
  await a.client.discardChanges();

  await b.client.lock('running');
  t.equal((await rejection(a.client.editConfig('running', `<native xmlns="${XE_NATIVE}"><hostname>a</hostname></native>`))).tag, 'in-use');
  await b.client.close();
  await b.server.closed;
  t.equal(device.lockHolder('running'), undefined, 'a closed session releases its locks');
  await a.client.lock('running');

  const c = await connectInMemory(device);
  await c.client.killSession(a.client.sessionId);
  await a.server.closed;
  await a.client.session.waitClosed();
  t.equal(device.lockHolder('running'), undefined, 'a killed session releases its locks');
  t.ok(a.client.session.closed, 'the killed client sees its session end');

  await device.lockExternally('candidate');
  const external = await rejection(c.client.lock('candidate'));
  t.same(external.errors[0]?.info, { 'session-id': '0' }, 'a non-NETCONF holder is session 0');
  await device.unlockExternally('candidate');
  await c.client.close();
});

t.test('confirmed commit: timeout rolls back, confirm keeps, persist crosses sessions, cancel-commit', async (t) => {
  const { device, running, timers } = createTestDevice('ios-xr');
  const hostname = (): string | undefined => selectPath(running.getTree(), ['native', 'hostname'])[0]?.text;
  const a = await connectInMemory(device);

  await a.client.editConfig('candidate', `<native xmlns="${XE_NATIVE}"><hostname>trial</hostname></native>`);
  await a.client.commit({ confirmed: true, confirmTimeout: 30 });
  t.equal(hostname(), 'trial', 'applied at once');
  t.same(timers.pending, [30_000]);
  const other = await connectInMemory(device);
  t.equal((await rejection(other.client.commit())).tag, 'in-use', 'another session cannot confirm a non-persistent confirmed commit');
  t.equal((await rejection(other.client.lock('running'))).tag, 'lock-denied', 'running cannot be locked meanwhile');
  t.equal(timers.fireAll(), 1);
  await a.client.getConfig(); // queued behind the rollback on the device mutex
  t.equal(hostname(), 'cbr8-1', 'the timeout rolled running back');
  t.notOk(device.pendingConfirmedCommit);

  await a.client.editConfig('candidate', `<native xmlns="${XE_NATIVE}"><hostname>kept</hostname></native>`);
  await a.client.commit({ confirmed: true });
  t.same(timers.pending, [600_000], 'default timeout 600 s');
  await a.client.editConfig('candidate', `<native xmlns="${XE_NATIVE}"><hostname>kept2</hostname></native>`);
  await a.client.commit({ confirmed: true, confirmTimeout: 60 });
  t.same(timers.pending, [60_000], 'a follow-up confirmed commit extends');
  await a.client.commit();
  t.same(timers.pending, [], 'confirmed');
  t.equal(hostname(), 'kept2');

  await a.client.editConfig('candidate', `<native xmlns="${XE_NATIVE}"><hostname>persisted</hostname></native>`);
  await a.client.commit({ confirmed: true, persist: 'change-7' });
  await a.client.close();
  await a.server.closed;
  t.equal(hostname(), 'persisted', 'a persistent confirmed commit survives its session');
  t.equal((await rejection(other.client.commit())).tag, 'invalid-value', 'persist-id needed');
  t.equal((await rejection(other.client.commit({ persistId: 'wrong' }))).tag, 'invalid-value');
  await other.client.cancelCommit('change-7');
  t.equal(hostname(), 'kept2', 'cancel-commit rolled back');

  const b = await connectInMemory(device);
  await b.client.editConfig('candidate', `<native xmlns="${XE_NATIVE}"><hostname>unconfirmed</hostname></native>`);
  await b.client.commit({ confirmed: true });
  t.equal(hostname(), 'unconfirmed');
  await b.client.close();
  await b.server.closed;
  t.equal(hostname(), 'kept2', 'a session that ends before confirming rolls its commit back');

  await other.client.editConfig('candidate', `<native xmlns="${XE_NATIVE}"><hostname>p</hostname></native>`);
  await other.client.commit({ confirmed: true, persist: 'p2' });
  await other.client.commit({ persistId: 'p2' });
  t.equal(hostname(), 'p', 'confirmed with persist-id');
  t.equal((await rejection(other.client.cancelCommit())).tag, 'operation-failed', 'nothing pending');
  await other.client.close();
});

t.test('close-session ends the stream after the reply', async (t) => {
  const { device } = createTestDevice('ios-xe');
  const { client, server } = await connectInMemory(device);
  await client.lock('candidate');
  await client.closeSession();
  await server.closed;
  t.ok(client.session.closed);
  t.same(device.sessionIds, []);
  t.equal(device.lockHolder('candidate'), undefined);
  await t.rejects(client.getConfig(), { code: 'E_CLOSED' }, 'a closed session refuses new RPCs');
});

t.test('continue-on-error reports every error and keeps the good parts', async (t) => {
  const { device } = createTestDevice('ios-xe');
  const { client } = await connectInMemory(device);
  const error = await rejection(
    client.editConfig(
      'candidate',
      `<native xmlns="${XE_NATIVE}" xmlns:nc="${NC}"><banner nc:operation="delete"/><hostname>good</hostname><motd nc:operation="delete"/></native>`,
      { errorOption: 'continue-on-error' },
    ),
  );
  t.same(error.errors.map((e) => e.tag), ['data-missing', 'data-missing']);
  t.equal(selectPath(await client.getConfig('candidate'), ['native', 'hostname'])[0]?.text, 'good');
  await client.close();
});

t.test('an ID token sent in a custom RPC never reaches logs or error messages', async (t) => {
  const lines: string[] = [];
  const logger = createLogger({ level: 'debug', destination: { write: (line: string) => void lines.push(line) } });
  const token = new Secret('ODRlOTM5MjItZTVmMC00YmY4LWI4ZDEtNTI4ZGY2OTY5NDQ2LTE2MDM4MTAw');
  const { device } = createTestDevice('ios-xe', {
    logger,
    rpcs: [
      {
        namespace: SMART_LICENSE,
        name: 'register-id-token',
        handler: (input) => {
          // a careless device echoing the token back in its error
          throw new Error(`token ${childText(input, 'id-token', SMART_LICENSE) ?? ''} rejected`);
        },
      },
    ],
  });
  const { client } = await connectInMemory(device, { logger });
  const error = await rejection(
    client.call(`<register-id-token xmlns="${SMART_LICENSE}"><id-token>${token.reveal()}</id-token></register-id-token>`),
  );
  t.equal(error.errorMessage, 'token *** rejected', 'the server redacts what it sends back');
  t.notMatch(error.message, token.reveal());
  t.notMatch(JSON.stringify(error), token.reveal());
  await client.close();
  t.ok(lines.length > 0, 'debug logging was on');
  t.notMatch(lines.join('\n'), token.reveal(), 'no log line carries the token');
});
