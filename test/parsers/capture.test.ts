/** Capture lines: line ends, indentation as printed, blank lines, numbering (the parsers' view of an output). */
import t from 'tap';
import { readCapture } from '../../src/parsers/capture.js';

t.test('text keeps the indentation as printed; body is trimmed; indent counts a tab as 8', async (t) => {
  const deep = ' '.repeat(70);
  const capture = readCapture(`Registration:\n  Status: REGISTERED\n\tTab: x\n \t Mixed: y\n${deep}Deep: z\n`);
  t.same(
    capture.lines.map((l) => [l.no, l.text, l.body, l.indent]),
    [
      [1, 'Registration:', 'Registration:', 0],
      [2, '  Status: REGISTERED', 'Status: REGISTERED', 2],
      [3, '\tTab: x', 'Tab: x', 8],
      [4, ' \t Mixed: y', 'Mixed: y', 10],
      [5, `${deep}Deep: z`, 'Deep: z', 70],
    ],
  );
  t.same(JSON.parse(JSON.stringify(capture.lines[1])), { no: 2, text: '  Status: REGISTERED', body: 'Status: REGISTERED', indent: 2 });
});

t.test('CRLF, lone CR and LF end lines; trailing blanks go; blank lines are left out but counted', async (t) => {
  const capture = readCapture('a: 1  \r\n\r\n  b: 2\t\rc: 3\u00a0\n\n  \nd: 4');
  t.same(
    capture.lines.map((l) => [l.no, l.text]),
    [
      [1, 'a: 1'],
      [3, '  b: 2'],
      [4, 'c: 3'],
      [7, 'd: 4'],
    ],
  );
});
