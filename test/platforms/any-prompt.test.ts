import t from 'tap';
import { anyPager, anyPromptAtEnd, iosXe, iosXr } from '../../src/platforms/index.js';

t.test('anyPromptAtEnd recognises every platform prompt before the platform is known', async (t) => {
  const table: Array<[string, string | null]> = [
    ['\r\nRouter#', 'Router#'],
    ['\r\nRouter>', 'Router>'],
    ['x\r\ncbr8-1(config)#', 'cbr8-1(config)#'],
    ['\r\nRP/0/RP0/CPU0:ios#', 'RP/0/RP0/CPU0:ios#'],
    ['\r\nRP/0/RSP0/CPU0:ncs560-1(config-call-home)#', 'RP/0/RSP0/CPU0:ncs560-1(config-call-home)#'],
    ['\r\nRouter# ', 'Router#'],
    ['Router# show version', null],
    ['% Invalid input', null],
  ];
  for (const [text, prompt] of table) {
    const m = anyPromptAtEnd.exec(text);
    t.equal(m === null ? null : (m.slice(1).find((g) => g !== undefined) ?? '').trim(), prompt, JSON.stringify(text));
  }
});

t.test('dialect extensions', async (t) => {
  t.equal(anyPager, iosXe.pager);
  t.match(' --More-- ', iosXr.pager.marker);
  t.equal(iosXr.config.enterExclusive, 'configure exclusive');
  t.equal(iosXr.config.showCandidateDiff, 'show commit changes diff');
  t.equal(iosXe.config.enterExclusive, undefined);
  t.match('enable\r\nPassword: ', iosXe.privilege?.passwordPrompt ?? /$^/);
  t.equal(iosXr.privilege, undefined);
  const xeError = iosXe.failureIndicators.find((f) => f.code === 'E_DEVICE_COMMAND')?.pattern;
  t.match('%Error opening bootflash:x (No such file or directory)', xeError ?? /$^/);
  t.notMatch('% Warning: something', xeError ?? /$^/);
});
