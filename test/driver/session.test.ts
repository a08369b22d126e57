/**
 * The driver over real SSH against the device emulator, both platforms: prompts, paging, errors, configuration
 * sub-modes, IOS-XR commit / abort / commit failure, abbreviations, host keys, authentication, timeouts.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { connect, type SessionTarget } from '../../src/driver/connect.js';
import type { Session } from '../../src/driver/session.js';
import { describeHostKey, hostKeySet, startDevice as startEmulatedDevice, type EmulatedDevice } from '../../src/emulator/index.js';
import { generateHostKey } from '../transport/helpers/ssh-server.js';

/**
 * Each device gets its own ed25519 host key drawn by the test helper: ssh2's generator (which the emulator uses
 * by default) occasionally writes an unreadable ed25519 key, which would make this suite flaky.
 */
function startDevice(spec: Parameters<typeof startEmulatedDevice>[0]): Promise<EmulatedDevice> {
  return startEmulatedDevice(spec, { hostKeys: hostKeySet([describeHostKey(generateHostKey())]) });
}

const dir = mkdtempSync(join(tmpdir(), 'smartlic-session-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));

function targetOf(device: EmulatedDevice, extra: Partial<SessionTarget> = {}): SessionTarget {
  return {
    name: device.name,
    host: device.host,
    port: device.port,
    username: 'admin',
    password: 'admin',
    hostKey: device.hostKeyFingerprint,
    ...extra,
  };
}

const TIMEOUTS = { timeouts: { connectMs: 15_000, openMs: 15_000, commandMs: 15_000 } } as const;

async function open(t: Test, device: EmulatedDevice, extra: Partial<SessionTarget> = {}, options: Parameters<typeof connect>[1] = {}): Promise<Session> {
  const session = await connect(targetOf(device, extra), { ...TIMEOUTS, ...options });
  t.teardown(() => session.close());
  return session;
}

t.test('IOS-XE (cBR-8)', async (t) => {
  const device = await startDevice({ model: 'cBR-8', hostname: 'cbr8-1' });
  t.teardown(() => device.close());

  t.test('prompt, detection, show commands and abbreviations', async (t) => {
    const session = await open(t, device);
    t.equal(session.platform, 'ios-xe', 'detected from show version');
    t.equal(session.hostname, 'cbr8-1');
    t.equal(session.prompt, 'cbr8-1#');
    t.equal(session.mode, 'privileged');
    t.equal(session.hostKey?.verifiedBy, 'pinned');
    const version = await session.send('show version');
    t.match(version.output, /^Cisco IOS XE Software, Version /);
    t.notMatch(version.output, /cbr8-1#/, 'no prompt in the output');
    t.notMatch(version.output, /^show version/, 'no echo in the output');
    const abbreviated = await session.send('sh ver | i Version');
    t.match(abbreviated.output, /Version/);
    t.ok(abbreviated.output.split('\n').every((l) => l.includes('Version')), 'the pipe filtered every line');
  });

  t.test('device errors are typed', async (t) => {
    const session = await open(t, device, { platform: 'ios-xe' });
    await t.rejects(session.send('show licence status'), { code: 'E_CLI_INVALID_INPUT', platform: 'ios-xe', command: 'show licence status', host: device.name });
    await t.rejects(session.send('show running-config interface'), { code: 'E_CLI_INCOMPLETE' });
    await t.rejects(session.send('co'), { code: 'E_CLI_AMBIGUOUS' });
    const unchecked = await session.send('show licence status', { checkErrors: false });
    t.match(unchecked.output, /% Invalid input detected at '\^' marker\./);
    t.equal((await session.send('show clock')).mode, 'privileged', 'the session is still usable');
  });

  t.test('paging when it is left on', async (t) => {
    const paged = await open(t, device, { platform: 'ios-xe' }, { onOpen: [] });
    const reference = await open(t, device, { platform: 'ios-xe' });
    const a = await paged.send('show running-config');
    const b = await reference.send('show running-config');
    t.ok(b.output.split('\n').length > 30, 'the running config is longer than one page');
    t.equal(a.output, b.output, 'the same output with --More-- answered and erased');
    t.notMatch(a.output, /--More--/);
  });

  t.test('configuration through call-home sub-modes, then save', async (t) => {
    const session = await open(t, device, { platform: 'ios-xe' });
    const result = await session.sendConfig(
      [
        'ip name-server 198.51.100.247',
        'call-home',
        'contact-email-addr sch-smart-licensing@cisco.com',
        'profile CiscoTAC-1',
        'destination transport-method http',
        'active',
        'exit',
        'exit',
        'crypto pki trustpoint SLA-TrustPoint',
        'revocation-check none',
      ],
      { save: true },
    );
    t.same(
      result.lines.map((l) => l.mode),
      ['config', 'cfg-call-home', 'cfg-call-home', 'cfg-call-home-profile', 'cfg-call-home-profile', 'cfg-call-home-profile', 'cfg-call-home', 'config', 'ca-trustpoint', 'ca-trustpoint'],
    );
    t.equal(result.applied.length, 10);
    t.ok(result.saved);
    t.equal(session.mode, 'privileged', 'configuration mode was left');
    const running = await session.send('show running-config | section call-home');
    t.match(running.output, /contact-email-addr sch-smart-licensing@cisco\.com/);
    t.match(running.output, /profile "CiscoTAC-1"/);
    t.match(device.config.runningText(), /crypto pki trustpoint SLA-TrustPoint/);
  });

  t.test('a rejected line stops the transaction and reports what was applied', async (t) => {
    const session = await open(t, device, { platform: 'ios-xe' });
    const err = await session
      .sendConfig(['call-home', 'contact-email-addr noc@example.com', 'profile CiscoTAC-1', 'destination transprt-method http', 'active'])
      .catch((e: unknown) => e);
    t.match(err, { name: 'ConfigLineError', code: 'E_CLI_INVALID_INPUT', lineIndex: 3, applied: ['call-home', 'contact-email-addr noc@example.com', 'profile CiscoTAC-1'] });
    t.equal(session.mode, 'privileged', 'left with end');
    t.match((await session.send('show running-config | include contact-email')).output, /noc@example\.com/, 'the applied lines are live');
  });

  t.test('interactive confirmation: copy running-config startup-config', async (t) => {
    const session = await open(t, device, { platform: 'ios-xe' });
    const copy = await session.send('copy running-config startup-config');
    t.same(copy.answered, ['Destination filename [startup-config]?']);
    t.match(copy.output, /\[OK\]/);
  });

  t.test('user EXEC escalates with the enable secret', async (t) => {
    const low = await startDevice({ model: 'cBR-8', users: [{ username: 'op', password: 'op-pass', privilege: 1 }], enableSecret: 'En4ble!' });
    t.teardown(() => low.close());
    const session = await open(t, low, { username: 'op', password: 'op-pass', enablePassword: 'En4ble!', platform: 'ios-xe' });
    t.equal(session.mode, 'privileged');
    const noEnable = await open(t, low, { username: 'op', password: 'op-pass', platform: 'ios-xe' });
    t.equal(noEnable.mode, 'user', 'without an enable secret the session stays in user EXEC');
  });
});

t.test('IOS-XR (NCS-1004)', async (t) => {
  const device = await startDevice({ model: 'NCS-1004' });
  t.teardown(() => device.close());

  t.test('prompt, timestamp stripped, abbreviations', async (t) => {
    const session = await open(t, device);
    t.equal(session.platform, 'ios-xr');
    t.equal(session.prompt, 'RP/0/RP0/CPU0:ios#');
    const version = await session.send('show version');
    t.match(version.output, /^Cisco IOS XR Software, Version /, 'the first line is output, not the timestamp');
    t.match(version.timestamp, /^\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d\.\d{3} \w+$/);
    const host = await session.send('sh run hostname');
    t.equal(host.output.split('\n')[0], 'hostname ios');
  });

  t.test('device errors are typed', async (t) => {
    const session = await open(t, device, { platform: 'ios-xr' });
    await t.rejects(session.send('show licence'), { code: 'E_CLI_INVALID_INPUT', platform: 'ios-xr' });
    await t.rejects(session.send('show c'), { code: 'E_CLI_AMBIGUOUS' });
  });

  t.test('candidate through sub-modes, diff, commit with label and comment', async (t) => {
    const session = await open(t, device, { platform: 'ios-xr' });
    const result = await session.sendConfig(
      [
        'domain name-server 198.51.100.247',
        'call-home',
        'service active',
        'contact-email-addr username@example.com',
        'profile CiscoTAC-1',
        'destination transport-method http',
        'destination address http https://tools.cisco.com/its/service/oddce/services/DDCEService',
        'active',
        'exit',
        'exit',
      ],
      { label: 'smartlic-1', comment: 'call home', diff: true },
    );
    t.same(
      result.lines.map((l) => l.mode),
      ['config', 'config-call-home', 'config-call-home', 'config-call-home', 'config-call-home-profile', 'config-call-home-profile', 'config-call-home-profile', 'config-call-home-profile', 'config-call-home', 'config'],
    );
    t.ok(result.committed);
    t.match(result.diff, /\+\s+call-home/);
    t.equal(result.commit?.command, 'commit label smartlic-1 comment call home');
    t.equal(session.mode, 'privileged');
    t.match(device.config.commits()[0], { label: 'smartlic-1', comment: 'call home' });
    t.match((await session.send('show running-config call-home')).output, /destination address http https:\/\/tools\.cisco\.com/);
  });

  t.test('dry run and a rejected line leave no candidate behind', async (t) => {
    const session = await open(t, device, { platform: 'ios-xr' });
    const commitsBefore = device.config.commits().length;
    const dry = await session.sendConfig(['call-home', 'contact-email-addr dry@example.com'], { commit: false, diff: true });
    t.notOk(dry.committed);
    t.match(dry.diff, /dry@example\.com/);
    const err = await session.sendConfig(['call-home', 'servce active']).catch((e: unknown) => e);
    t.match(err, { code: 'E_CLI_INVALID_INPUT', applied: [] });
    t.equal(device.config.commits().length, commitsBefore, 'nothing committed');
    t.notMatch(device.config.runningText(), /dry@example\.com/);
    const pending = await session.send('configure terminal');
    t.equal(pending.mode, 'config');
    const shown = await session.send('show configuration');
    t.notMatch(shown.output, /dry@example|servce/, 'the candidate is empty');
    await session.send('abort');
  });

  t.test('commit failure: show configuration failed, abort, CommitError', async (t) => {
    const session = await open(t, device, { platform: 'ios-xr' });
    const off = device.config.addValidator((change) =>
      change.line.includes('invalid.example') ? 'Invalid destination address: host invalid.example is not resolvable' : undefined,
    );
    t.teardown(off);
    const err = await session
      .sendConfig(['call-home', 'profile CiscoTAC-1', 'destination address http https://invalid.example/its/service'])
      .catch((e: unknown) => e);
    t.match(err, { name: 'CommitError', code: 'E_COMMIT_FAILED', host: device.name });
    t.match((err as { output: string }).output, /% Failed to commit/);
    t.match((err as { failedConfig: string }).failedConfig, /invalid\.example/);
    t.match((err as { failedConfig: string }).failedConfig, /not resolvable/);
    t.equal(session.mode, 'privileged', 'aborted out of configuration mode');
    t.notMatch(device.config.runningText(), /invalid\.example/);
  });

  t.test('commit confirmed, then confirmCommit', async (t) => {
    const session = await open(t, device, { platform: 'ios-xr' });
    const result = await session.sendConfig(['call-home', 'contact-email-addr confirmed@example.com'], { confirmed: 120 });
    t.equal(result.commit?.command, 'commit confirmed 120');
    const confirm = await session.confirmCommit();
    t.equal(confirm.mode, 'config');
    t.equal(session.mode, 'privileged');
    t.match(device.config.runningText(), /confirmed@example\.com/);
  });
});

t.test('host keys and authentication', async (t) => {
  const knownHosts = join(dir, 'known_hosts');
  const first = await startDevice({ model: 'cBR-8' });
  const port = first.port;

  await t.rejects(connect(targetOf(first, { hostKey: undefined as unknown as string, knownHosts }), TIMEOUTS), { code: 'E_HOSTKEY', reason: 'unknown' }, 'strict without an entry');
  const s1 = await connect({ ...targetOf(first), hostKey: undefined as unknown as string, hostKeyPolicy: 'accept-new', knownHosts, platform: 'ios-xe' }, TIMEOUTS);
  t.equal(s1.hostKey?.verifiedBy, 'accepted-new');
  await s1.close();
  t.match(readFileSync(knownHosts, 'utf8'), `[127.0.0.1]:${port} `);
  const s2 = await connect({ ...targetOf(first), hostKey: undefined as unknown as string, knownHosts, platform: 'ios-xe' }, TIMEOUTS);
  t.equal(s2.hostKey?.verifiedBy, 'known-hosts', 'strict now accepts the recorded key');
  await s2.close();
  await t.rejects(connect(targetOf(first, { password: 'wrong' }), TIMEOUTS), { code: 'E_AUTH', host: '127.0.0.1' });
  await first.close();

  const replaced = await startDevice({ model: 'cBR-8', port });
  t.teardown(() => replaced.close());
  await t.rejects(
    connect({ ...targetOf(replaced), hostKey: undefined as unknown as string, hostKeyPolicy: 'accept-new', knownHosts }, TIMEOUTS),
    { code: 'E_HOSTKEY', reason: 'mismatch' },
    'accept-new refuses a changed key',
  );
  await t.rejects(connect(targetOf(replaced, { hostKey: first.hostKeyFingerprint }), TIMEOUTS), { code: 'E_HOSTKEY', reason: 'mismatch' }, 'a stale pin');
});

t.test('timeouts and dropped connections', async (t) => {
  const device = await startDevice({ model: 'NCS-560' });
  t.teardown(() => device.close());
  const session = await open(t, device, { platform: 'ios-xr' });
  device.faults.set({ outputDelayMs: 1_500 });
  await t.rejects(session.send('show clock', { timeoutMs: 200 }), { code: 'E_TIMEOUT', host: device.name });
  await t.rejects(session.send('show clock'), { code: 'E_PROMPT' });
  device.faults.clear();

  const other = await open(t, device, { platform: 'ios-xr' });
  device.faults.set({ dropAfterCommands: 0 });
  await t.rejects(other.send('show version'), { code: 'E_CLOSED', host: device.name });
  device.faults.clear();
});
