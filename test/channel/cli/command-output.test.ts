import t from 'tap';
import { extractOutput, normalizeTerminalText } from '../../../src/channel/cli/command-output.js';
import { iosXe, iosXr } from '../../../src/platforms/index.js';

t.test('normalizeTerminalText', async (t) => {
  const table: Array<[string, string, string]> = [
    ['CRLF', 'a\r\nb\r\n', 'a\nb\n'],
    ['CR CR LF', 'a\r\r\nb', 'a\nb'],
    ['LF CR', 'a\n\rb', 'a\nb'],
    ['lone CR', 'a\rb', 'a\nb'],
    ['ANSI erase and colour', '\x1b[K\x1b[1;32mok\x1b[0m', 'ok'],
    ['pager residue', 'one\r\n --More-- \b\b\b\b\b\b\b\b\b\b          \b\b\b\b\b\b\b\b\b\btwo', 'one\ntwo'],
    ['stray control characters', 'a\x07b\x00c', 'abc'],
    ['tabs kept', 'a\tb', 'a\tb'],
  ];
  for (const [name, input, expected] of table) t.equal(normalizeTerminalText(input), expected, name);
});

t.test('extractOutput', async (t) => {
  const table: Array<{ name: string; raw: string; command: string | null; xr?: boolean; output: string; timestamp?: string; echo?: boolean }> = [
    { name: 'no output', raw: 'end\r\nRouter#', command: 'end', output: '' },
    { name: 'simple', raw: 'show clock\r\n*10:00 UTC\r\nRouter#', command: 'show clock', output: '*10:00 UTC' },
    { name: 'leading blank lines dropped, inner kept', raw: 'x\r\n\r\n\r\na\r\n\r\nb\r\n\r\nRouter#', command: 'x', output: 'a\n\nb' },
    { name: 'caret line keeps its indentation', raw: 'show licence\r\n      ^\r\n% Invalid input\r\n\r\nRouter#', command: 'show licence', output: "      ^\n% Invalid input" },
    { name: 'echo with trailing spaces', raw: 'show clock  \r\nok\r\nRouter#', command: 'show clock', output: 'ok' },
    { name: 'echo wrapped by the terminal', raw: 'show running-config | incl\r\nude foo\r\n foo\r\nRouter#', command: 'show running-config | include foo', output: ' foo' },
    { name: 'echo wrapped with space-CR', raw: 'show running-config | incl \rude foo\r\n foo\r\nRouter#', command: 'show running-config | include foo', output: ' foo' },
    { name: 'stray space before the echo', raw: ' show clock\r\nok\r\nRouter#', command: 'show clock', output: 'ok' },
    { name: 'stray prompt line before the echo', raw: '\r\nRouter#show clock\r\nok\r\nRouter#', command: 'show clock', output: 'ok' },
    { name: 'no echo at all (left as is)', raw: 'ok\r\nRouter#', command: 'show clock', output: 'ok', echo: false },
    { name: 'output that merely starts like the command', raw: 'show clock\r\nshow clockwise\r\nRouter#', command: 'show clock', output: 'show clockwise' },
    { name: 'initial prompt only', raw: '\r\nRouter#', command: null, output: '' },
    {
      name: 'XR timestamp removed',
      raw: 'show clock\r\nTue Jul  2 13:13:37.123 UTC\r\n13:13 UTC\r\nRP/0/RP0/CPU0:ios#',
      command: 'show clock',
      xr: true,
      output: '13:13 UTC',
      timestamp: 'Tue Jul  2 13:13:37.123 UTC',
    },
    {
      name: 'XR timestamp with an IST zone and a blank line after',
      raw: 'commit\r\nSat Dec 15 15:25:14.385 IST\r\n\r\n% Failed to commit\r\nRP/0/RP0/CPU0:ios(config)#',
      command: 'commit',
      xr: true,
      output: '% Failed to commit',
      timestamp: 'Sat Dec 15 15:25:14.385 IST',
    },
    {
      name: 'a timestamp-like line that is not first stays',
      raw: 'show logging\r\nTue Jul  2 13:13:37.123 UTC\r\nx\r\nTue Jul  2 13:13:38.000 UTC\r\nRP/0/RP0/CPU0:ios#',
      command: 'show logging',
      xr: true,
      output: 'x\nTue Jul  2 13:13:38.000 UTC',
      timestamp: 'Tue Jul  2 13:13:37.123 UTC',
    },
    { name: 'XE never strips timestamps', raw: 'x\r\nTue Jul  2 13:13:37.123 UTC\r\nRouter#', command: 'x', output: 'Tue Jul  2 13:13:37.123 UTC' },
  ];
  for (const c of table) {
    const got = extractOutput(c.raw, c.command, c.xr ? iosXr : iosXe);
    t.equal(got.output, c.output, `${c.name}: output`);
    t.equal(got.timestamp, c.timestamp ?? null, `${c.name}: timestamp`);
    if (c.command !== null) t.equal(got.echoFound, c.echo ?? true, `${c.name}: echo`);
  }
});
