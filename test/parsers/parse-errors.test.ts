import t from 'tap';
import { readFileSync } from 'node:fs';
import { ParseError } from '../../src/errors.js';
import { parse } from '../../src/parsers/parse.js';
import { parseLicenseStatus } from '../../src/parsers/show-license-status.js';
import { parseLicenseUdi } from '../../src/parsers/show-license-udi.js';

const SEEDS = new URL('./fixtures/seeds/', import.meta.url);
const seed = (file: string): string => readFileSync(new URL(file, SEEDS), 'utf8');
const STATUS_XE = seed('000-cbr8/show-license-status.612-631.txt');

function parseError(fn: () => unknown): ParseError | null {
  try {
    fn();
    return null;
  } catch (error) {
    if (error instanceof ParseError) return error;
    throw error;
  }
}

t.test('outputs that are not the command’s output are refused with a ParseError naming the command', async (t) => {
  const table: Array<[string, string, string, RegExp]> = [
    [
      'IOS invalid input',
      'show license status',
      'show license statu\n                  ^\n% Invalid input detected at \'^\' marker.\n',
      /the device rejected the command: % Invalid input detected/,
    ],
    ['incomplete command', 'sh lic', 'Router#sh lic\n% Incomplete command.\n\nRouter#', /rejected the command: % Incomplete command/],
    ['another command (echo)', 'show license status', seed('000-cbr8/show-license-all.545-603.txt'), /another command \("show license all"\)/],
    ['another command (content)', 'show license status', seed('000-cbr8/show-call-home-profile-all.954-983.txt').replace(/^Router#.*\n/m, ''), /no Smart Licensing status/],
    ['usage passed as status', 'show license status', seed('000-cbr8/show-license-usage.925-946.txt').replace(/^Router#.*\n/m, ''), /license usage/],
    ['status passed as udi', 'show license udi', STATUS_XE.replace(/^Router#.*\n/m, ''), /no UDI/],
    ['empty output', 'show license all', '\r\n  \r\n', /the output is empty/],
    ['show version text', 'show license summary', 'Cisco IOS XE Software, Version 17.03.04a\nROM: IOS-XE ROMMON\n', /no license summary/],
    ['traditional show license status', 'show license status', 'License Type Supported\n  permanent  Non-expiring node locked license\n', /traditional \(non-smart\) licensing/],
    ['no profile', 'show call-home profile all', 'Current call home settings:\n', /no "Profile Name:" block/],
    ['unsupported command', 'show version', 'whatever', /no parser for this command/],
  ];
  for (const [name, command, text, message] of table) {
    const error = parseError(() => parse(command, text));
    t.ok(error, name);
    if (error === null) continue;
    t.equal(error.code, 'E_PARSE', name);
    t.match(error.message, message, name);
    t.match(error.message, `"${command}"`, `${name}: names the command`);
  }
});

t.test('lines that are not understood are kept, with their section', async (t) => {
  const text = STATUS_XE.replace('  Last Renewal Attempt: None\n', '  Last Renewal Attempt: None\n  Renewal Window: 42 parsecs\n').replace('Communication Deadline', 'Reticulated Splines: yes\nCommunication Deadline');
  const r = parseLicenseStatus(text);
  t.same(
    r.unparsed.map((u) => [u.text.trim(), u.section]),
    [
      ['Renewal Window: 42 parsecs', 'Registration'],
      ['Reticulated Splines: yes', 'License Authorization'],
    ],
  );
  t.equal(r.registration?.status, 'registered', 'the known fields around them are still read');
  t.equal(r.authorization?.communicationDeadline?.iso, '2015-06-03T03:32:50Z');
  t.equal(r.unparsed[0]!.line, text.split('\n').findIndex((l) => l.includes('Renewal Window')) + 1, 'line numbers are 1-based in the given text');
});

t.test('per-command functions refuse other commands by echo', async (t) => {
  const error = parseError(() => parseLicenseUdi(STATUS_XE));
  t.match(error?.message ?? '', /another command/);
  const r = parseLicenseUdi(seed('000-cbr8/show-license-udi.911-917.txt'));
  t.equal(r.udi?.sn, 'FXS1739Q0NT');
  t.equal(r.command, 'show license udi');
});

t.test('platform and typed command are recorded', async (t) => {
  const r = parse('sh lic stat', STATUS_XE.replace(/^Router#.*\n/m, ''), { platform: 'ios-xe' });
  t.equal(r.command, 'show license status');
  t.equal(r.platform, 'ios-xe');
});
