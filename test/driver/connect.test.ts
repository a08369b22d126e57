import t from 'tap';
import { ScriptedStream, type TranscriptStep } from '../../src/channel/cli/scripted-stream.js';
import { connect } from '../../src/driver/connect.js';

const XR_OPEN: TranscriptStep[] = [
  { client: 'terminal length 0\n', device: 'terminal length 0\r\nTue Jul  2 13:13:37.123 UTC\r\nRP/0/RP0/CPU0:ncs1004-1#' },
  { client: 'terminal width 0\n', device: 'terminal width 0\r\nTue Jul  2 13:13:37.187 UTC\r\nRP/0/RP0/CPU0:ncs1004-1#' },
];

t.test('connect over an injected stream: platform from the target', async (t) => {
  const stream = new ScriptedStream([
    { device: '\r\nRP/0/RP0/CPU0:ncs1004-1#' },
    ...XR_OPEN,
    { client: 'show running-config hostname\n', device: 'show running-config hostname\r\nTue Jul  2 13:13:38.000 UTC\r\nhostname ncs1004-1\r\n\r\nRP/0/RP0/CPU0:ncs1004-1#' },
  ]);
  const session = await connect({ name: 'ncs1004-1', host: '127.0.0.1', platform: 'ios-xr' }, { stream });
  t.equal(session.host, 'ncs1004-1');
  t.equal(session.platform, 'ios-xr');
  t.equal(session.dialect.id, 'ios-xr');
  t.equal(session.hostname, 'ncs1004-1');
  t.equal(session.prompt, 'RP/0/RP0/CPU0:ncs1004-1#');
  t.equal(session.mode, 'privileged');
  t.equal(session.hostKey, null);
  const result = await session.send('show running-config hostname');
  t.same(
    { ...result, elapsedMs: 0 },
    {
      command: 'show running-config hostname',
      output: 'hostname ncs1004-1',
      raw: 'show running-config hostname\r\nTue Jul  2 13:13:38.000 UTC\r\nhostname ncs1004-1\r\n\r\nRP/0/RP0/CPU0:ncs1004-1#',
      elapsedMs: 0,
      prompt: 'RP/0/RP0/CPU0:ncs1004-1#',
      mode: 'privileged',
      timestamp: 'Tue Jul  2 13:13:38.000 UTC',
      answered: [],
    },
  );
  t.ok(result.elapsedMs >= 0);
  await Promise.all([session.close(), session.close()]);
  t.ok(session.closed);
  await t.rejects(session.send('show clock'), { code: 'E_CLOSED', host: 'ncs1004-1' });
});

t.test('connect: platform detected from show version', async (t) => {
  const stream = new ScriptedStream([
    { device: '\r\nRP/0/RP0/CPU0:ncs1004-1#' },
    { client: 'show version\n', device: 'show version\r\nTue Jul  2 13:13:36.000 UTC\r\nCisco IOS XR Software, Version 7.3.2\r\nRP/0/RP0/CPU0:ncs1004-1#' },
    ...XR_OPEN,
  ]);
  const session = await connect({ host: '192.0.2.10' }, { stream });
  t.equal(session.platform, 'ios-xr');
  t.equal(session.host, '192.0.2.10');
  await session.close();
});

t.test('connect refuses a bad target before touching the network', async (t) => {
  await t.rejects(connect({ host: '127.0.0.1', platform: 'junos' as 'ios-xe' }), { code: 'E_INVALID_ARGUMENT', argument: 'platform' });
  await t.rejects(connect(null as unknown as { host: string }), { code: 'E_INVALID_ARGUMENT' });
});
