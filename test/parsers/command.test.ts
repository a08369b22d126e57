import t from 'tap';
import { ParseError } from '../../src/errors.js';
import { findCommand, resolveCommand } from '../../src/parsers/command.js';

t.test('abbreviations resolve like on the device', async (t) => {
  const table: Array<[string, string, string]> = [
    ['show license status', 'license-status', 'show license status'],
    ['sh lic sta', 'license-status', 'show license status'],
    ['sh lic sum', 'license-summary', 'show license summary'],
    ['sh lic al', 'license-all', 'show license all'],
    ['show license tech', 'license-tech-support', 'show license tech'],
    ['show license tech support', 'license-tech-support', 'show license tech support'],
    ['sh lic udi', 'license-udi', 'show license udi'],
    ['show license', 'license-traditional', 'show license'],
    ['sh lic plat sum', 'license-platform-summary', 'show license platform summary'],
    ['show license platform detail', 'license-platform-detail', 'show license platform detail'],
    ['show call-home profile all', 'call-home-profiles', 'show call-home profile all'],
    ['show call-home profile CiscoTAC-1', 'call-home-profiles', 'show call-home profile CiscoTAC-1'],
    ['sh call-home smart-licensing stat', 'call-home-smart-licensing-statistics', 'show call-home smart-licensing statistics'],
    ['show call-home', 'call-home', 'show call-home'],
    ['show call-home detail', 'call-home-detail', 'show call-home detail'],
    ['show cable license all | begin D3.1', 'cable-license', 'show cable license all'],
    ['show logging | include SMART|CALL', 'logging', 'show logging'],
    ['show run call-home', 'running-config-call-home', 'show running-config call-home'],
    ['show running-config | section call-home', 'running-config-call-home', 'show running-config call-home'],
    ['show license eventlog 2', 'license-eventlog', 'show license eventlog 2'],
    ['show license rum id 1634211151 detail', 'license-rum-report-detail', 'show license rum id 1634211151 detail'],
    ['show controller optics 0/1/0/1', 'controllers-optics', 'show controllers optics 0/1/0/1'],
    ['do show license status', 'license-status', 'show license status'],
    ['  SHOW   LICENSE   STATUS  ', 'license-status', 'show license status'],
  ];
  for (const [typed, key, canonical] of table) {
    const resolved = resolveCommand(typed);
    t.equal(resolved.key, key, typed);
    t.equal(resolved.canonical, canonical, typed);
  }
  t.equal(resolveCommand('show cable license all | begin D3.1').pipe, 'begin D3.1');
  t.same(resolveCommand('show call-home profile CiscoTAC-1').args, { name: 'CiscoTAC-1' });
});

t.test('unknown and ambiguous commands are ParseErrors naming the command', async (t) => {
  const table: Array<[string, RegExp]> = [
    ['sh lic s', /ambiguous command/],
    ['sh lic u', /ambiguous command/],
    ['show version', /no parser for this command/],
    ['show license status detail extra', /no parser/],
    ['', /no command given/],
  ];
  for (const [typed, message] of table) {
    const error = (() => {
      try {
        resolveCommand(typed);
        return null;
      } catch (e) {
        return e;
      }
    })();
    t.ok(error instanceof ParseError, `${typed}: ParseError`);
    if (!(error instanceof ParseError)) continue;
    t.equal(error.code, 'E_PARSE');
    t.match(error.message, message, typed);
    t.equal(error.command, typed);
  }
});

t.test('findCommand: the same resolution without the error; a failure is remembered but thrown fresh each time', async (t) => {
  t.equal(findCommand('sh lic sta')?.canonical, 'show license status');
  t.equal(findCommand('show version'), null);
  t.equal(findCommand('sh lic s'), null, 'ambiguous');
  const first = (() => {
    try {
      resolveCommand('show version');
    } catch (e) {
      return e;
    }
    return null;
  })();
  const second = (() => {
    try {
      resolveCommand('show version');
    } catch (e) {
      return e;
    }
    return null;
  })();
  t.ok(first instanceof ParseError && second instanceof ParseError);
  t.not(first, second, 'a new error per call');
  t.equal((second as ParseError).message, (first as ParseError).message);
});
