import t from 'tap';
import { detectPlatform, getDialect, iosXe, iosXr } from '../../src/platforms/index.js';

t.test('IOS-XE prompts', async (t) => {
  const table: Array<[string, ReturnType<typeof iosXe.parsePrompt>]> = [
    ['Router>', { hostname: 'Router', mode: '', level: 'user' }],
    ['Router#', { hostname: 'Router', mode: '', level: 'privileged' }],
    ['Router(config)#', { hostname: 'Router', mode: 'config', level: 'config' }],
    ['cbr8-1(cfg-call-home-profile)#', { hostname: 'cbr8-1', mode: 'cfg-call-home-profile', level: 'config' }],
    ['Router(ca-trustpoint)#', { hostname: 'Router', mode: 'ca-trustpoint', level: 'config' }],
    ['Router(config)>', null],
    ['% Invalid input', null],
  ];
  for (const [line, expected] of table) t.same(iosXe.parsePrompt(line), expected, line);
  t.match('show version\r\nfoo\r\nRouter#', iosXe.promptAtEnd);
  t.notMatch('Router# show', iosXe.promptAtEnd);
});

t.test('IOS-XR prompts and timestamp', async (t) => {
  t.same(iosXr.parsePrompt('RP/0/RP0/CPU0:ios#'), { hostname: 'ios', mode: '', level: 'privileged', node: 'RP/0/RP0/CPU0' });
  t.same(iosXr.parsePrompt('RP/0/RP0/CPU0:ios(config-call-home-profile)#'), {
    hostname: 'ios',
    mode: 'config-call-home-profile',
    level: 'config',
    node: 'RP/0/RP0/CPU0',
  });
  t.match('x\r\nRP/0/RP0/CPU0:ios(config)#', iosXr.promptAtEnd);
  t.match('Mon Jul  6 07:25:24.369 UTC', iosXr.execTimestamp!);
  t.match('Sat Dec 15 15:25:14.385 IST', iosXr.execTimestamp!);
  t.notMatch('Smart Licensing is ENABLED', iosXr.execTimestamp!);
});

t.test('registry and detection', async (t) => {
  t.equal(getDialect('ios-xe'), iosXe);
  t.throws(() => getDialect('junos' as 'ios-xe'), { code: 'E_PLATFORM' });
  t.equal(detectPlatform('Cisco IOS XR Software, Version 7.3.2'), 'ios-xr');
  t.equal(detectPlatform('Cisco IOS XE Software, Version 16.12.01'), 'ios-xe');
  t.equal(detectPlatform('JUNOS'), null);
});
