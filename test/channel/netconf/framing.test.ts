import t from 'tap';
import { ChunkedDecoder, encodeChunked } from '../../../src/channel/netconf/chunked.js';
import { EomDecoder, encodeEom } from '../../../src/channel/netconf/eom.js';
import type { FrameDecoder } from '../../../src/channel/netconf/frame-decoder.js';
import { FramingError } from '../../../src/errors.js';

// Multi-byte UTF-8 on purpose: 2-byte (é), 3-byte (中, €), 4-byte (😀) characters, and text that looks like framing.
const MESSAGES = [
  '<rpc-reply message-id="1" xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><data>é中€😀</data></rpc-reply>',
  '<x>\n#12\n not a header ]]&gt;]]&gt; 😀😀</x>',
  '<ok/>',
];

/** Feeds `stream` to a fresh decoder in the given pieces and returns the decoded messages as text. */
function decodeInPieces(make: () => FrameDecoder, pieces: readonly Buffer[]): string[] {
  const decoder = make();
  const out: string[] = [];
  for (const piece of pieces) {
    decoder.push(piece);
    for (let m = decoder.next(); m !== null; m = decoder.next()) out.push(m.toString('utf8'));
  }
  return out;
}

function splitAt(stream: Buffer, ...points: number[]): Buffer[] {
  const out: Buffer[] = [];
  let from = 0;
  for (const p of points) {
    out.push(stream.subarray(from, p));
    from = p;
  }
  out.push(stream.subarray(from));
  return out;
}

function bytewise(stream: Buffer): Buffer[] {
  return [...stream].map((b) => Buffer.from([b]));
}

const framings: Array<{ name: string; make: () => FrameDecoder; encode: (m: string) => Buffer }> = [
  { name: 'base:1.0 end-of-message', make: () => new EomDecoder(1 << 20), encode: (m) => encodeEom(m) },
  // 3-byte chunks: chunk boundaries fall inside every multi-byte character at some point
  { name: 'base:1.1 chunked (3-byte chunks)', make: () => new ChunkedDecoder(1 << 20), encode: (m) => encodeChunked(m, 3) },
  { name: 'base:1.1 chunked (one chunk)', make: () => new ChunkedDecoder(1 << 20), encode: (m) => encodeChunked(m) },
];

for (const framing of framings) {
  t.test(`${framing.name}: a read boundary at every byte`, async (t) => {
    const stream = Buffer.concat(MESSAGES.map(framing.encode));
    t.same(decodeInPieces(framing.make, [stream]), MESSAGES, 'whole stream in one read');
    let failures = 0;
    for (let i = 1; i < stream.length; i++) {
      const got = decodeInPieces(framing.make, splitAt(stream, i));
      if (JSON.stringify(got) !== JSON.stringify(MESSAGES)) {
        failures++;
        t.same(got, MESSAGES, `split at byte ${i}`);
      }
    }
    t.equal(failures, 0, `all ${stream.length - 1} single splits decode`);
    t.same(decodeInPieces(framing.make, bytewise(stream)), MESSAGES, 'one byte per read');
  });

  t.test(`${framing.name}: two read boundaries at every pair of positions in the first message`, async (t) => {
    const stream = Buffer.concat(MESSAGES.map(framing.encode));
    const first = framing.encode(MESSAGES[0] as string).length;
    let failures = 0;
    let cases = 0;
    for (let i = 1; i < first; i++) {
      for (let j = i + 1; j <= first + 2; j++) {
        cases++;
        const got = decodeInPieces(framing.make, splitAt(stream, i, j));
        if (JSON.stringify(got) !== JSON.stringify(MESSAGES)) {
          failures++;
          if (failures < 5) t.same(got, MESSAGES, `split at ${i} and ${j}`);
        }
      }
    }
    t.equal(failures, 0, `all ${cases} double splits decode`);
  });
}

t.test('chunked: chunk headers split inside the header and inside UTF-8 characters', async (t) => {
  const text = '😀é中';
  const bytes = Buffer.from(text, 'utf8');
  // chunk boundaries hand-placed inside the 4-byte and the 3-byte character
  const framed = Buffer.concat([
    Buffer.from(`\n#2\n`),
    bytes.subarray(0, 2),
    Buffer.from(`\n#3\n`),
    bytes.subarray(2, 5),
    Buffer.from(`\n#${bytes.length - 5}\n`),
    bytes.subarray(5),
    Buffer.from('\n##\n'),
  ]);
  t.same(decodeInPieces(() => new ChunkedDecoder(1024), bytewise(framed)), [text]);
  // a multi-digit size header split between its digits
  const long = 'x'.repeat(1234);
  const framedLong = encodeChunked(long);
  t.same(decodeInPieces(() => new ChunkedDecoder(4096), splitAt(framedLong, 3, 4, 5)), [long]);
});

t.test('encoders', async (t) => {
  t.equal(encodeEom('<a/>').toString(), '<a/>]]>]]>');
  t.equal(encodeChunked('<a/>').toString(), '\n#4\n<a/>\n##\n');
  t.equal(encodeChunked('abcdefg', 3).toString(), '\n#3\nabc\n#3\ndef\n#1\ng\n##\n');
  t.equal(encodeChunked('é', 1).toString('latin1'), Buffer.from('\n#1\n\xc3\n#1\n\xa9\n##\n', 'latin1').toString('latin1'), 'sizes count bytes, not characters');
  t.throws(() => encodeEom('<a>]]>]]></a>'), FramingError, 'base:1.0 cannot carry its own delimiter');
  t.throws(() => encodeChunked(''), FramingError, 'a chunked message has at least one chunk');
  t.throws(() => encodeChunked('a', 0), FramingError);
});

const MALFORMED_CHUNKED: Array<[string, string | Buffer, RegExp, number?]> = [
  ['zero chunk size', '\n#0\n', /must not be zero/],
  ['leading zero', '\n#01\na\n##\n', /must not be zero or start with "0"/],
  ['letters in the size', '\n#1a\n', /expected a digit or LF, got "a"/],
  ['no digits', '\n#\n', /expected a digit, got 0x0a/],
  ['space before LF', '\n#3 \nabc\n##\n', /expected a digit or LF, got " "/],
  ['garbage before the first header', 'x\n#3\nabc\n##\n', /expected LF at the start of a chunk header, got "x"/],
  ['missing hash', '\n3\nabc\n##\n', /expected "#" in a chunk header, got "3"/],
  ['data longer than the declared size', '\n#3\nabcd\n##\n', /expected LF at the start of a chunk header, got "d" \(data after the declared chunk size\?\)/],
  ['garbage between chunks', '\n#3\nabc junk\n#1\nd\n##\n', /got " "/],
  ['end-of-chunks without any chunk', '\n##\n', /end-of-chunks marker before any chunk/],
  ['bad end-of-chunks', '\n#3\nabc\n##x', /expected LF after "##", got "x"/],
  ['eleven digits', '\n#12345678901\n', /exceeds 4294967295/, Number.MAX_SAFE_INTEGER],
  ['size above 2^32-1', '\n#4294967296\n', /exceeds 4294967295/, Number.MAX_SAFE_INTEGER],
  ['a huge size is refused while its digits arrive', '\n#4294967295\n', /at least 4294967 bytes exceeds the limit of 1048576 bytes/],
  ['chunk larger than the message limit (refused before its data)', '\n#100\n', /exceeds the limit of 50 bytes/, 50],
  ['chunks adding up past the message limit', '\n#30\n' + 'a'.repeat(30) + '\n#30\n', /exceeds the limit of 50 bytes/, 50],
];

t.test('chunked: malformed framing is a FramingError', async (t) => {
  for (const [name, input, message, limit] of MALFORMED_CHUNKED) {
    const decoder = new ChunkedDecoder(limit ?? 1 << 20);
    decoder.push(Buffer.isBuffer(input) ? input : Buffer.from(input, 'utf8'));
    t.throws(
      () => {
        while (decoder.next() !== null);
      },
      message,
      name,
    );
    const again = new ChunkedDecoder(limit ?? 1 << 20);
    again.push(Buffer.isBuffer(input) ? input : Buffer.from(input, 'utf8'));
    try {
      while (again.next() !== null);
      t.fail(`${name}: no error`);
    } catch (error) {
      t.type(error, FramingError, `${name}: typed`);
      t.equal((error as FramingError).code, 'E_FRAMING');
    }
  }
});

t.test('end-of-message: bounded buffer', async (t) => {
  const decoder = new EomDecoder(16);
  decoder.push(Buffer.from('a'.repeat(16)));
  t.equal(decoder.next(), null, 'at the limit it keeps waiting for the delimiter');
  decoder.push(Buffer.from(']]>]]'));
  t.equal(decoder.next(), null, 'a partial delimiter at the end is not counted as message bytes');
  decoder.push(Buffer.from('x'));
  t.throws(() => decoder.next(), /exceeds 16 bytes without an end-of-message delimiter/);

  const big = new EomDecoder(8);
  big.push(Buffer.from('0123456789]]>]]>'));
  t.throws(() => big.next(), /message of 10 bytes exceeds the limit of 8 bytes/);

  const exact = new EomDecoder(4);
  exact.push(Buffer.from('<a/>]]>]]><b/>'));
  t.equal(exact.next()?.toString(), '<a/>');
  t.equal(exact.next(), null);
  t.equal(exact.takeRemainder().toString(), '<b/>', 'remainder handed back for a framing switch');
});

t.test('chunked: a message split across many reads holds only what it needs', async (t) => {
  const decoder = new ChunkedDecoder(1 << 20);
  const framed = encodeChunked('z'.repeat(10_000), 1000);
  for (let i = 0; i < framed.length; i += 777) {
    decoder.push(framed.subarray(i, i + 777));
    if (i + 777 < framed.length) t.equal(decoder.next(), null);
  }
  t.equal(decoder.next()?.length, 10_000);
  t.equal(decoder.bufferedBytes, 0, 'nothing left buffered');
});
