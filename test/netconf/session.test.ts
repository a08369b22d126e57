import t from 'tap';
import { parseXml, getAttribute, xmlElement } from '../../src/netconf/xml.js';
import { NetconfSession } from '../../src/netconf/session.js';
import { NetconfClient } from '../../src/netconf/client.js';
import { CancelledError, ClosedError, FramingError, NetconfProtocolError, TimeoutError } from '../../src/errors.js';
import type { ListenerByteStream } from '../../src/channel/netconf/message-channel.js';
import { createDuplexPair } from './helpers/duplex-pair.js';
import { NC, RawPeer, helloText } from './helpers/raw-peer.js';
import { connectInMemory, createTestDevice } from './helpers/test-device.js';

const BASE10 = 'urn:ietf:params:netconf:base:1.0';
const BASE11 = 'urn:ietf:params:netconf:base:1.1';

/** A scripted server: sends `hello`, reads the client's hello, switches framing if both have 1.1. */
async function scriptedServer(capabilities: readonly string[] = [BASE10, BASE11], sessionId: number | undefined = 77) {
  const pair = createDuplexPair();
  const server = new RawPeer(pair.server);
  server.send(helloText(capabilities, sessionId));
  const opening = NetconfSession.open(pair.client, { rpcTimeoutMs: 30_000, host: 'r1' });
  opening.catch(() => undefined);
  const clientHello = await server.next();
  if (capabilities.includes(BASE11)) server.channel.useChunked();
  return { pair, server, opening, clientHello: clientHello ?? '' };
}

/** The message-id and operation name of the next request the scripted server reads. */
async function nextRequest(server: RawPeer): Promise<{ id: string; op: string }> {
  const root = parseXml((await server.next()) ?? '');
  return { id: getAttribute(root, 'message-id') ?? '', op: root.children[0]?.name ?? '' };
}

const ok = (id: string): string => `<rpc-reply xmlns="${NC}" message-id="${id}"><ok/></rpc-reply>`;

t.test('client hello and framing negotiation', async (t) => {
  const { opening, clientHello } = await scriptedServer();
  const session = await opening;
  t.match(clientHello, /<capability>urn:ietf:params:netconf:base:1\.0<\/capability><capability>urn:ietf:params:netconf:base:1\.1<\/capability>/);
  t.notMatch(clientHello, /session-id/, 'a client hello has no session-id');
  t.equal(session.sessionId, 77);
  t.equal(session.framing, 'chunked');
  session.destroy();

  const old = await scriptedServer([BASE10]);
  t.equal((await old.opening).framing, 'eom', 'a base:1.0-only server keeps end-of-message framing');
  (await old.opening).destroy();
});

t.test('bad server hellos', async (t) => {
  const cases: Array<[string, string, typeof NetconfProtocolError | typeof ClosedError, RegExp]> = [
    ['no session-id', helloText([BASE11]), NetconfProtocolError, /server <hello> has no <session-id>/],
    ['no common base', helloText(['urn:ietf:params:netconf:base:2.0'], 3), NetconfProtocolError, /no common NETCONF base version/],
    ['an rpc-reply instead', `<rpc-reply xmlns="${NC}" message-id="1"><ok/></rpc-reply>`, NetconfProtocolError, /expected .*hello/],
    ['not XML', '<hello', NetconfProtocolError, /invalid server <hello>/],
  ];
  for (const [name, hello, type, message] of cases) {
    const pair = createDuplexPair();
    const server = new RawPeer(pair.server);
    server.send(hello);
    await t.rejects(NetconfSession.open(pair.client, { host: 'r1' }), type, name);
    await t.rejects(NetconfSession.open(createClosingPair(hello), {}), message, `${name}: message`);
  }
  const silent = createDuplexPair();
  const closing = NetconfSession.open(silent.client, { host: 'r1' });
  silent.server.end();
  await t.rejects(closing, ClosedError, 'closed before the hello');
  const slow = createDuplexPair();
  await t.rejects(NetconfSession.open(slow.client, { helloTimeoutMs: 50 }), TimeoutError, 'no hello in time');
});

function createClosingPair(hello: string) {
  const pair = createDuplexPair();
  new RawPeer(pair.server).send(hello);
  return pair.client;
}

t.test('replies matched by message-id, in any order', async (t) => {
  const { server, opening } = await scriptedServer();
  const client = new NetconfClient(await opening);
  const locks = [client.lock('candidate'), client.lock('running'), client.unlock('startup')];
  const requests = [await nextRequest(server), await nextRequest(server), await nextRequest(server)];
  t.same(requests.map((r) => r.op), ['lock', 'lock', 'unlock']);
  t.equal(new Set(requests.map((r) => r.id)).size, 3, 'distinct message-ids');
  // answer in reverse order, the second with an error
  server.send(ok(requests[2]?.id ?? ''));
  server.send(`<rpc-reply xmlns="${NC}" message-id="${requests[1]?.id}"><rpc-error><error-type>protocol</error-type><error-tag>lock-denied</error-tag><error-severity>error</error-severity><error-info><session-id>5</session-id></error-info></rpc-error></rpc-reply>`);
  server.send(ok(requests[0]?.id ?? ''));
  const [first, second, third] = await Promise.allSettled(locks);
  t.equal(first?.status, 'fulfilled');
  t.equal(third?.status, 'fulfilled');
  t.equal(second?.status, 'rejected');
  t.match((second as PromiseRejectedResult).reason, { tag: 'lock-denied', errors: [{ info: { 'session-id': '5' } }] });
  client.session.destroy();
});

t.test('a reply without message-id goes to the oldest request; unknown ids are ignored', async (t) => {
  const { server, opening } = await scriptedServer();
  const session = await opening;
  const a = session.request(xmlElement('get', NC));
  const b = session.request(xmlElement('get', NC));
  const ra = await nextRequest(server);
  const rb = await nextRequest(server);
  server.send(`<rpc-reply xmlns="${NC}" message-id="999"><ok/></rpc-reply>`);
  server.send(`<rpc-reply xmlns="${NC}"><rpc-error><error-type>rpc</error-type><error-tag>malformed-message</error-tag><error-severity>error</error-severity></rpc-error></rpc-reply>`);
  server.send(`<rpc-reply xmlns="${NC}" message-id="${rb.id}"><data/></rpc-reply>`);
  t.equal((await a).errors[0]?.tag, 'malformed-message');
  t.same((await b).data, []);
  t.ok(ra.id);
  session.destroy();
});

t.test('per-RPC timeout and cancellation leave the session usable', async (t) => {
  const { server, opening } = await scriptedServer();
  const session = await opening;
  const slow = session.request(xmlElement('get', NC), { timeoutMs: 50 });
  const slowReq = await nextRequest(server);
  await t.rejects(slow, TimeoutError);
  await t.rejects(slow, /NETCONF <get> \(message-id \d+\) timed out after 50 ms/);
  const controller = new AbortController();
  const cancelled = session.request(xmlElement('get', NC), { signal: controller.signal });
  await nextRequest(server);
  controller.abort();
  await t.rejects(cancelled, CancelledError);
  server.send(ok(slowReq.id)); // late reply: dropped
  const next = session.request(xmlElement('get', NC));
  const nextReq = await nextRequest(server);
  server.send(ok(nextReq.id));
  t.equal((await next).ok, true);
  t.equal(session.inFlight, 0);
  session.destroy();
});

t.test('the session ending fails what is in flight with the reason', async (t) => {
  const closed = await scriptedServer();
  const s1 = await closed.opening;
  const p1 = s1.request(xmlElement('get', NC));
  await nextRequest(closed.server);
  closed.server.channel.end();
  await t.rejects(p1, ClosedError);
  await s1.waitClosed();
  await t.rejects(s1.request(xmlElement('get', NC)), ClosedError, 'nothing sent after the end');

  const garbage = await scriptedServer();
  const s2 = await garbage.opening;
  const p2 = s2.request(xmlElement('get', NC));
  await nextRequest(garbage.server);
  garbage.server.send('<rpc-reply xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><data>');
  await t.rejects(p2, NetconfProtocolError, 'an unreadable reply ends the session');
  await s2.waitClosed();

  const framing = await scriptedServer();
  const s3 = await framing.opening;
  const p3 = s3.request(xmlElement('get', NC));
  await nextRequest(framing.server);
  framing.server.writeRaw('\n#abc\n');
  await t.rejects(p3, FramingError);

  const second = await scriptedServer();
  const s4 = await second.opening;
  const p4 = s4.request(xmlElement('get', NC));
  await nextRequest(second.server);
  second.server.send(helloText([BASE11], 9));
  await t.rejects(p4, /server sent a second <hello>/);
});

t.test('messages over the size limit are refused', async (t) => {
  const pair = createDuplexPair();
  const server = new RawPeer(pair.server);
  server.send(helloText([BASE10, BASE11], 1));
  const session = await NetconfSession.open(pair.client, { maxMessageBytes: 1024 });
  await server.next();
  server.channel.useChunked();
  const pending = session.request(xmlElement('get', NC));
  const req = await nextRequest(server);
  server.send(`<rpc-reply xmlns="${NC}" message-id="${req.id}"><data>${'x'.repeat(2000)}</data></rpc-reply>`);
  await t.rejects(pending, /exceeds the limit of 1024 bytes/);
});

t.test('notifications reach the handler', async (t) => {
  const pair = createDuplexPair();
  const server = new RawPeer(pair.server);
  server.send(helloText([BASE11], 1));
  const seen: string[] = [];
  const session = await NetconfSession.open(pair.client, { onNotification: (n) => seen.push(n.children[0]?.name ?? '') });
  await server.next();
  server.channel.useChunked();
  server.send('<notification xmlns="urn:ietf:params:xml:ns:netconf:notification:1.0"><eventTime>2026-01-01T00:00:00Z</eventTime></notification>');
  const probe = session.request(xmlElement('get', NC));
  const req = await nextRequest(server);
  server.send(ok(req.id));
  await probe;
  t.same(seen, ['eventTime']);
  session.destroy();
});

/** The listener-style stream src/transport hands upward, over one side of a duplex pair. */
function listenerStream(duplex: import('node:stream').Duplex): ListenerByteStream {
  return {
    write: (data) => duplex.write(data),
    onData: (listener) => {
      duplex.on('data', listener);
      return () => duplex.off('data', listener);
    },
    onEnd: (listener) => {
      const done = (): void => listener({ by: 'remote' });
      duplex.once('end', done);
      return () => duplex.off('end', done);
    },
    close: async () => {
      duplex.end();
    },
  };
}

t.test('runs over a listener-style byte stream too', async (t) => {
  const { device } = createTestDevice('ios-xe');
  const pair = createDuplexPair();
  const { serveNetconf } = await import('../../src/emulator/netconf/server.js');
  const server = serveNetconf(listenerStream(pair.server), { device });
  const client = await NetconfClient.connect(listenerStream(pair.client));
  t.equal(client.framing, 'chunked');
  t.equal((await client.getConfig()).length, 1);
  await client.close();
  await server.closed;
});

t.test('close() after a request the server never answered: no <close-session> queued behind it, the stream ends at once', async (t) => {
  const { server, opening } = await scriptedServer();
  const session = await opening;
  await t.rejects(session.request(xmlElement('get', NC), { timeoutMs: 30 }), TimeoutError);
  await nextRequest(server);
  await session.close(60_000);
  t.ok(session.closed, 'closed without waiting for a reply that cannot come');
  t.equal(await server.next(), null, 'no <close-session> was sent');

  const late = await scriptedServer();
  const answered = await late.opening;
  await t.rejects(answered.request(xmlElement('get', NC), { timeoutMs: 30 }), TimeoutError);
  const req = await nextRequest(late.server);
  late.server.send(ok(req.id));
  const closing = answered.close(60_000);
  const close = await nextRequest(late.server).catch(() => ({ id: '', op: '' }));
  if (close.op === 'close-session') late.server.send(ok(close.id));
  await closing;
  t.equal(close.op, 'close-session', 'once the late reply came, closing is polite again');
});

t.test('close() is polite and idempotent', async (t) => {
  const { device } = createTestDevice('ios-xe');
  const { client, server } = await connectInMemory(device);
  await Promise.all([client.close(), client.close()]);
  await server.closed;
  t.ok(client.session.closed);
});

t.test('a listener stream that hands its buffered server hello to the first listener at once (src/transport streams)', async (t) => {
  const { ByteStreamSource } = await import('../../src/transport/byte-stream.js');
  const written: string[] = [];
  class EagerStream extends ByteStreamSource {
    readonly label = 'eager';
    constructor() {
      super('r1');
    }
    arrive(text: string): void {
      this.pushData(Buffer.from(text, 'utf8'));
    }
    protected writeBytes(bytes: Buffer): void {
      written.push(bytes.toString('utf8'));
    }
    protected closeTransport(): void {
      this.finish({ by: 'local' });
    }
  }
  const stream = new EagerStream();
  // The hello arrives before anyone listens (as on an SSH subsystem channel opened a moment earlier).
  stream.arrive(`${helloText([BASE10, BASE11], 5)}]]>]]>`);
  const session = await NetconfSession.open(stream, { host: 'r1', helloTimeoutMs: 5_000 });
  t.equal(session.sessionId, 5);
  t.equal(session.framing, 'chunked', 'the buffered hello was read after the channel existed');
  t.match(written[0], /<hello/, 'the client hello went out');
  session.destroy();
});
