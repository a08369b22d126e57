/**
 * The driver end to end over real SSH on loopback, against a server that plays a device transcript (the emulator
 * has its own suite in session.test.ts). Proves the layers compose: host key pin → auth → shell → prompt engine.
 */
import t from 'tap';
import { connect } from '../../src/driver/connect.js';
import type { TranscriptStep } from '../../src/channel/cli/scripted-stream.js';
import { startTranscriptServer } from './helpers/transcript-server.js';

const XE_SESSION: TranscriptStep[] = [
  { device: '\r\ncbr8-1#' },
  { client: 'show version\n', device: 'show version\r\nCisco IOS XE Software, Version 16.12.01\r\ncbr8-1 uptime is 1 day\r\ncbr8-1#' },
  { client: 'terminal length 0\n', device: 'terminal length 0\r\ncbr8-1#' },
  { client: 'terminal width 511\n', device: 'terminal width 511\r\ncbr8-1#' },
  { client: 'configure terminal\n', device: 'configure terminal\r\nEnter configuration commands, one per line.  End with CNTL/Z.\r\ncbr8-1(config)#' },
  { client: 'call-home\n', device: 'call-home\r\ncbr8-1(cfg-call-home)#' },
  { client: 'profile CiscoTAC-1\n', device: 'profile CiscoTAC-1\r\ncbr8-1(cfg-call-home-profile)#' },
  { client: 'active\n', device: 'active\r\ncbr8-1(cfg-call-home-profile)#' },
  { client: 'end\n', device: 'end\r\ncbr8-1#' },
  { client: 'show running-config | section call-home\n', device: 'show running-config | section call-home\r\ncall-home\r\n profile "CiscoTAC-1"\r\n  active\r\ncbr8-1#' },
];

t.test('XE over SSH: pinned host key, detection, config sub-modes', async (t) => {
  const server = await startTranscriptServer(XE_SESSION);
  t.teardown(() => server.close());
  const session = await connect(
    { name: 'cbr8-1', host: '127.0.0.1', port: server.port, username: 'admin', password: 'admin', hostKey: server.fingerprint },
    { timeouts: { commandMs: 10_000, openMs: 10_000 } },
  );
  t.equal(session.platform, 'ios-xe');
  t.equal(session.hostname, 'cbr8-1');
  t.match(session.hostKey, { verifiedBy: 'pinned', fingerprint: server.fingerprint });
  const config = await session.sendConfig(['call-home', 'profile CiscoTAC-1', 'active']);
  t.same(config.lines.map((l) => l.mode), ['cfg-call-home', 'cfg-call-home-profile', 'cfg-call-home-profile']);
  t.same(config.applied, ['call-home', 'profile CiscoTAC-1', 'active']);
  const show = await session.send('show running-config | section call-home');
  t.equal(show.output, 'call-home\n profile "CiscoTAC-1"\n  active');
  await session.close();
  t.same(server.mismatches, [null], 'the client followed the transcript');
});

t.test('connect failures surface as transport errors naming the device', async (t) => {
  const server = await startTranscriptServer(XE_SESSION);
  t.teardown(() => server.close());
  await t.rejects(
    connect({ name: 'cbr8-1', host: '127.0.0.1', port: server.port, username: 'admin', password: 'wrong', hostKey: server.fingerprint }),
    { code: 'E_AUTH', host: '127.0.0.1', methods: ['password'] },
  );
  await t.rejects(
    connect({ host: '127.0.0.1', port: server.port, username: 'admin', password: 'admin', hostKey: 'SHA256:' + 'A'.repeat(43) }),
    { code: 'E_HOSTKEY', reason: 'mismatch' },
  );
});

const XR_OPEN: TranscriptStep[] = [
  { device: '\r\nRP/0/RP0/CPU0:ios#' },
  { client: 'terminal length 0\n', device: 'terminal length 0\r\nTue Jul  2 13:13:37.123 UTC\r\nRP/0/RP0/CPU0:ios#' },
  { client: 'terminal width 0\n', device: 'terminal width 0\r\nTue Jul  2 13:13:37.187 UTC\r\nRP/0/RP0/CPU0:ios#' },
];

t.test('over SSH: a command timeout, then the device closing mid-command', async (t) => {
  const slow = await startTranscriptServer([...XR_OPEN, { client: 'show tech-support\n', device: 'show tech-support\r\nTue Jul  2 13:14:00.000 UTC\r\n' }]);
  t.teardown(() => slow.close());
  const session = await connect({ host: '127.0.0.1', port: slow.port, username: 'admin', password: 'admin', hostKey: slow.fingerprint, platform: 'ios-xr' });
  const err = await session.send('show tech-support', { timeoutMs: 300 }).catch((e: unknown) => e);
  t.match(err, { code: 'E_TIMEOUT', host: '127.0.0.1', timeoutMs: 300, tail: /show tech-support/ });
  await t.rejects(session.send('show clock'), { code: 'E_PROMPT' }, 'the session refuses to guess where the output stands');
  await session.close();

  const dropping = await startTranscriptServer([
    ...XR_OPEN,
    { client: 'show running-config\n', device: 'show running-config\r\nTue Jul  2 13:14:00.000 UTC\r\nBuilding configuration...\r\n', close: true },
  ]);
  t.teardown(() => dropping.close());
  const s2 = await connect({ name: 'ncs', host: '127.0.0.1', port: dropping.port, username: 'admin', password: 'admin', hostKey: dropping.fingerprint, platform: 'ios-xr' });
  await t.rejects(s2.send('show running-config'), { code: 'E_CLOSED', host: 'ncs' });
  await t.rejects(s2.send('show clock'), { code: 'E_CLOSED' });
  await s2.close();
});
