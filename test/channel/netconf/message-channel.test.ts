/**
 * NetconfMessageChannel over a listener stream (the transport's `ByteStream`) that already holds bytes when the
 * channel subscribes: they are handed to the first listener at once, during the constructor, and must reach the
 * handlers only once the caller holds the channel (a server's hello that arrived before the client attached).
 */
import t from 'tap';
import { NetconfMessageChannel, type ListenerByteStream } from '../../../src/channel/netconf/message-channel.js';
import { NetconfSession } from '../../../src/netconf/session.js';

const HELLO = '<hello xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><capabilities><capability>urn:ietf:params:netconf:base:1.0</capability></capabilities><session-id>7</session-id></hello>]]>]]>';

/** A listener stream with bytes (and maybe its end) already received, delivered to the first listener at once. */
function earlyStream(chunks: readonly string[], ended: boolean): ListenerByteStream & { written: string[] } {
  const written: string[] = [];
  return {
    written,
    write: (data) => void written.push(Buffer.from(data).toString('utf8')),
    onData: (listener) => {
      for (const c of chunks) listener(Buffer.from(c, 'utf8'));
      return () => undefined;
    },
    onEnd: (listener) => {
      if (ended) listener({ by: 'remote' });
      return () => undefined;
    },
    close: async () => undefined,
  };
}

t.test('bytes received before the channel existed reach the handlers after the constructor returned', async (t) => {
  const seen: string[] = [];
  let closed = 0;
  const channel: NetconfMessageChannel = new NetconfMessageChannel(earlyStream([HELLO.slice(0, 40), HELLO.slice(40)], false), {
    onMessage: (text) => {
      seen.push(text);
      channel.useChunked(); // the handler uses the channel, as the session does after the hello
    },
    onInvalidMessage: () => t.fail('no invalid message'),
    onError: (error) => t.fail(String(error)),
    onClose: () => closed++,
  });
  t.same(seen, [], 'nothing delivered while constructing');
  await Promise.resolve();
  t.equal(seen.length, 1);
  t.match(seen[0], /<session-id>7<\/session-id>/);
  t.equal(channel.framing, 'chunked');
  t.equal(closed, 0);
});

t.test('an end received before the channel existed is reported after the constructor returned', async (t) => {
  let closed = 0;
  const channel = new NetconfMessageChannel(earlyStream([], true), {
    onMessage: () => t.fail('no message'),
    onInvalidMessage: () => t.fail('no invalid message'),
    onError: (error) => t.fail(String(error)),
    onClose: () => closed++,
  });
  t.equal(closed, 0);
  t.equal(channel.closed, false);
  await Promise.resolve();
  t.equal(channel.closed, true);
});

t.test('a NETCONF session opens over a stream whose server hello arrived first', async (t) => {
  const stream = earlyStream([HELLO], false);
  const session = await NetconfSession.open(stream, { host: 'early', helloTimeoutMs: 5_000, offerBase11: false });
  t.equal(session.sessionId, 7);
  t.match(stream.written[0], /<hello/);
  session.destroy();
});
