import t from 'tap';
import { renderCommitCommand } from '../../../src/channel/cli/commit-command.js';
import { validateCommandLine } from '../../../src/channel/cli/command-line.js';
import { iosXe, iosXr } from '../../../src/platforms/index.js';

t.test('renderCommitCommand (IOS-XR)', async (t) => {
  const ok: Array<[Parameters<typeof renderCommitCommand>[1], string]> = [
    [{}, 'commit'],
    [{ label: 'smartlic-1' }, 'commit label smartlic-1'],
    [{ comment: 'call home for licensing' }, 'commit comment call home for licensing'],
    [{ confirmed: 300 }, 'commit confirmed 300'],
    [{ confirmed: 60, label: 'L1', comment: 'a comment' }, 'commit confirmed 60 label L1 comment a comment'],
  ];
  for (const [options, expected] of ok) t.equal(renderCommitCommand(iosXr, options), expected, expected);
  const bad: Array<[Parameters<typeof renderCommitCommand>[1], string]> = [
    [{ label: '1abc' }, 'label'],
    [{ label: 'has space' }, 'label'],
    [{ comment: 'what?' }, 'comment'],
    [{ comment: ' padded' }, 'comment'],
    [{ comment: 'x'.repeat(61) }, 'comment'],
    [{ comment: 'line\nbreak' }, 'comment'],
    [{ confirmed: 29 }, 'confirmed'],
    [{ confirmed: 30.5 }, 'confirmed'],
  ];
  for (const [options, argument] of bad) {
    t.throws(() => renderCommitCommand(iosXr, options, 'r1'), { code: 'E_INVALID_ARGUMENT', argument, host: 'r1' }, JSON.stringify(options));
  }
});

t.test('commit options on IOS-XE are refused', async (t) => {
  t.throws(() => renderCommitCommand(iosXe, { label: 'x' }), { code: 'E_INVALID_ARGUMENT', argument: 'label' });
  t.throws(() => renderCommitCommand(iosXe, {}), { code: 'E_INVALID_ARGUMENT', argument: 'commit' });
});

t.test('validateCommandLine', async (t) => {
  t.equal(validateCommandLine('show version', 'command', undefined), 'show version');
  const bad: Array<[unknown, RegExp]> = [
    ['show version\nreload', /line break/],
    ['show\rversion', /line break/],
    ['show ?', /help request/],
    ['show \x15version', /control character/],
    ['show lic\tstatus', /control character/],
    ['show license status\uff1f', /outside printable ASCII/],
    ['show license\u200b status', /outside printable ASCII/],
    ['x'.repeat(5000), /longer than/],
    [42, /must be a string/],
  ];
  for (const [input, message] of bad) t.throws(() => validateCommandLine(input, 'command', 'r1'), { code: 'E_INVALID_ARGUMENT', message }, String(input).slice(0, 20));
});
