/**
 * The extension API the Smart Agent and NETCONF layers use: extra commands (with secrets redacted in the
 * command log), configuration validators (IOS-XE at entry, IOS-XR at commit), change listeners, the SDK's
 * configuration access, per-device registrations, and the fault knobs.
 */
import t, { type Test } from 'tap';
import { redactText } from '../../../src/secret.js';
import {
  startDevice,
  startFleet,
  type CommandDefinition,
  type ConfigChangeEvent,
  type DeviceExtension,
  type EmulatedDevice,
} from '../../../src/emulator/index.js';
import { generateHostKeys } from '../../../src/emulator/device/host-key.js';
import { openShell, type CliClient } from './helpers/cli-client.js';

const hostKeys = generateHostKeys();

const registered = new Map<EmulatedDevice, string[]>();
const detached: string[] = [];

const agentLike: DeviceExtension = {
  name: 'agent-like',
  commands: (platform) => {
    const exec = platform === 'ios-xe' ? 'privileged-exec' : 'exec';
    const commands: CommandDefinition[] = [
      {
        syntax: 'license smart register idtoken <token:word:secret> [force]',
        modes: [exec],
        run: (ctx, m) => {
          registered.get(ctx.device)?.push(`${m.args['token'] ?? ''}${m.keywords.has('force') ? ' (force)' : ''}`);
          ctx.print('Registration process is in progress. Use the \'show license status\' command to check the progress and result');
        },
      },
      {
        syntax: 'show license status',
        modes: [exec],
        run: (ctx) => ctx.print(['Smart Licensing is ENABLED', '', 'Registration:', '  Status: UNREGISTERED', `  Serial: ${ctx.device.identity.serial}`]),
      },
    ];
    return commands;
  },
  attach: (device) => {
    registered.set(device, []);
    return () => {
      detached.push(device.name);
    };
  },
};

async function shell(t: Test, device: EmulatedDevice): Promise<CliClient> {
  const cli = await openShell(device.port);
  t.teardown(() => cli.close());
  return cli;
}

t.test('extension commands join the grammar (abbreviations, pipes, timestamps) and redact secrets in the log', async (t) => {
  const fleet = await startFleet({ devices: 2, platform: 'mixed', models: ['cBR-8', 'NCS-1004'], extensions: [agentLike], hostKeys });
  const [xe, xr] = fleet.devices;
  if (xe === undefined || xr === undefined) throw new Error('fleet');
  const token = 'ZmFrZS10b2tlbi1mb3ItdGVzdHM%3D%0AbW9yZQ%3D%3D';
  const cli = await shell(t, xe);
  t.match(await cli.cmd(`lic sm reg idt ${token} force`), /^Registration process is in progress/);
  t.equal(await cli.cmd('sh lic sta | include Status'), '  Status: UNREGISTERED\n');
  t.same(registered.get(xe), [`${token} (force)`]);
  const entry = xe.commandLog.entries().find((e) => e.line.startsWith('lic sm reg'));
  t.equal(entry?.line, 'lic sm reg idt *** force', 'the token is replaced by *** in the command log');
  t.equal(redactText(`echo ${token}`), 'echo ***', 'and registered as a secret for every other log');

  const xrCli = await shell(t, xr);
  const out = await xrCli.cmd('show license status');
  t.match(out, /^\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d\.\d{3} UTC\nSmart Licensing is ENABLED\n/);
  t.match(out, new RegExp(`Serial: ${xr.identity.serial}\\n`));
  await fleet.close();
  t.same(detached.sort(), [xe.name, xr.name].sort(), 'attach cleanups ran at close');
});

t.test('IOS-XE validators refuse lines at entry with their message; the line is not applied', async (t) => {
  const device = await startDevice({ model: 'cBR-8' }, { hostKeys });
  t.teardown(() => device.close());
  const locked = /^(?:no )?cable upstream |^controller Upstream-Cable /;
  const stop = device.config.addValidator((change, ctx) => {
    t.equal(ctx.stage, 'entry');
    return locked.test(change.line) ? '%ERROR: Smart Licensing enforcement: this command is locked (EVAL EXPIRED)' : undefined;
  });
  const events: ConfigChangeEvent[] = [];
  device.config.onChange((e) => events.push(e));
  const cli = await shell(t, device);
  await cli.cmd('conf t');
  await cli.cmd('interface Cable1/0/0');
  t.equal(await cli.cmd('cable upstream 0 shutdown'), '%ERROR: Smart Licensing enforcement: this command is locked (EVAL EXPIRED)\n');
  t.equal(await cli.cmd('controller upstream-cable 1/0/0'), '%ERROR: Smart Licensing enforcement: this command is locked (EVAL EXPIRED)\n', 'entering an existing locked block is refused too');
  t.equal(await cli.prompt(), 'Router(config)#', 'the line left the interface (it belongs to config mode) but did not enter its sub-mode');
  await cli.cmd('interface Cable1/0/0');
  t.equal(await cli.cmd('description still configurable'), '');
  await cli.cmd('end');
  t.notMatch(device.config.runningText(), /cable upstream 0 shutdown/);
  t.match(device.config.runningText(), / description still configurable\n/);
  const refused = device.commandLog.entries((e) => e.outcome === 'refused');
  t.equal(refused.length, 2);
  t.same(events.map((e) => e.changes.map((c) => `${c.op} ${c.path.join(' > ')} > ${c.line}`)), [['add interface Cable1/0/0 > description still configurable']]);
  t.equal(events[0]?.source, 'cli');
  t.equal(events[0]?.user, 'admin');
  stop();
  await cli.cmd('conf t');
  await cli.cmd('interface Cable1/0/0');
  t.equal(await cli.cmd('cable upstream 0 shutdown'), '', 'accepted once the validator is removed');
});

t.test('change listeners see IOS-XR commits with their id, label and comment, and rollbacks', async (t) => {
  const { ManualTimers } = await import('../../../src/emulator/index.js');
  const timers = new ManualTimers();
  const device = await startDevice({ model: 'NCS-560' }, { hostKeys, timers });
  t.teardown(() => device.close());
  const events: ConfigChangeEvent[] = [];
  device.config.onChange((e) => events.push(e));
  const cli = await shell(t, device);
  await cli.cmd('configure');
  await cli.cmd('call-home');
  await cli.cmd('service active');
  t.equal(events.length, 0, 'candidate lines are not changes');
  await cli.cmd('commit label CH comment call home');
  await cli.cmd('hostname trial');
  await cli.cmd('commit confirmed 30');
  timers.advance(30_000);
  t.same(
    events.map((e) => [e.source, e.commitId, e.label, e.comment, e.changes.map((c) => `${c.op} ${c.line}`)]),
    [
      ['cli', '1000000001', 'CH', 'call home', ['add call-home', 'add service active']],
      ['cli', '1000000002', undefined, undefined, ['replace hostname trial']],
      ['rollback', '1000000003', undefined, undefined, ['replace hostname ios']],
    ],
  );
});

t.test('SDK configuration access: find, apply text, path edits, validators, XR commits', async (t) => {
  const xe = await startDevice({ model: 'cBR-8' }, { hostKeys });
  const xr = await startDevice({ model: 'NCS-560' }, { hostKeys });
  t.teardown(() => Promise.all([xe.close(), xr.close()]));
  t.same(
    xe.config.find(['call-home', 'profile "CiscoTAC-1"'])?.children.map((c) => c.line),
    ['active', 'destination transport-method http', 'no destination transport-method email'],
  );
  let result = xe.config.apply('call-home\n profile CiscoTAC-1\n  destination address http https://cssm.example.net/x\nip domain-name example.com\n', { user: 'netconf' });
  t.ok(result.ok);
  t.match(xe.config.runningText(), /  destination address http https:\/\/cssm\.example\.net\/x\n/);
  t.match(xe.config.runningText(), /\nip domain name example\.com\n/, 'typed forms are stored as the device prints them');
  result = xe.config.edit([{ op: 'delete', path: ['call-home', 'profile CiscoTAC-1'], line: 'destination address http https://cssm.example.net/x' }]);
  t.ok(result.ok && result.changes.length === 1);
  t.notMatch(xe.config.runningText(), /cssm\.example\.net/);
  t.equal(xe.config.lastChange?.user, 'system');

  const stop = xr.config.addValidator((change, ctx) => (ctx.stage === 'commit' && change.line === 'hostname forbidden' ? 'hostname refused' : undefined));
  result = xr.config.edit([
    { op: 'set', path: [], line: 'domain name-server 198.51.100.247' },
    { op: 'set', path: [], line: 'hostname forbidden' },
  ]);
  t.notOk(result.ok, 'one refused line fails the whole IOS-XR commit');
  if (!result.ok) t.same(result.rejected.map((r) => r.message), ['hostname refused']);
  t.notMatch(xr.config.runningText(), /name-server/);
  stop();
  result = xr.config.edit([{ op: 'set', path: ['call-home', 'profile CiscoTAC-1'], line: 'destination transport-method http' }], { comment: 'sdk' });
  t.ok(result.ok);
  t.equal(xr.config.commits()[0]?.comment, 'sdk');
  t.match(xr.config.runningText(), /\ncall-home\n profile CiscoTAC-1\n  destination transport-method http\n !\n!\n/);
});

t.test('SDK edits: read in turn like typed lines, blocks in their place, strict and dry-run', async (t) => {
  const xe = await startDevice({ model: 'cBR-8' }, { hostKeys });
  const xr = await startDevice({ model: 'NCS-560' }, { hostKeys });
  t.teardown(() => Promise.all([xe.close(), xr.close()]));
  xe.config.apply('ip name-server 192.0.2.1 192.0.2.2\n');
  let result = xe.config.edit([
    { op: 'delete', path: [], line: 'ip name-server 192.0.2.1 192.0.2.2' },
    { op: 'set', path: [], line: 'ip name-server 192.0.2.3' },
  ]);
  t.ok(result.ok);
  t.match(xe.config.runningText(), /\nip name-server 192\.0\.2\.3\n/, 'the set reads the list the delete left (empty), as a typed line would');

  result = xr.config.edit([{ op: 'set', path: ['call-home'], line: 'service active' }]);
  t.ok(result.ok);
  t.match(xr.config.runningText(), /\nhostname ios\ncall-home\n service active\n!\ninterface MgmtEth0/, 'a block made for a path sorts where the device puts it');

  const before = xe.config.runningText();
  result = xe.config.edit(
    [
      { op: 'set', path: [], line: 'hostname strict-ok' },
      { op: 'set', path: [], line: 'frobnicate on' },
      { op: 'set', path: ['call-home'], line: 'contact-email-addr not-an-address' },
    ],
    { strict: true },
  );
  t.notOk(result.ok, 'strict: lines the grammar does not take are refused');
  if (!result.ok) {
    t.same(
      result.rejected.map((r) => [r.change.line, r.message]),
      [
        ['frobnicate on', "% Invalid input detected at '^' marker."],
        ['contact-email-addr not-an-address', "% Invalid input detected at '^' marker."],
      ],
    );
  }
  t.equal(xe.config.runningText(), before, 'and nothing of the edit is applied');

  result = xe.config.edit([{ op: 'set', path: [], line: 'hostname dry-run' }], { dryRun: true });
  t.ok(result.ok && result.changes.length === 1 && result.changes[0]?.op === 'replace', 'dry run: what would change');
  t.equal(xe.config.runningText(), before, 'dry run: nothing changed');
  const stop = xe.config.addValidator((change) => (change.line === 'hostname vetoed' ? '% vetoed' : undefined));
  result = xe.config.edit([{ op: 'set', path: [], line: 'hostname vetoed' }], { dryRun: true });
  t.notOk(result.ok, 'dry run: validators are asked');
  stop();
});

t.test('per-device commands override built-ins and can be removed', async (t) => {
  const device = await startDevice({ model: 'cBR-8' }, { hostKeys });
  t.teardown(() => device.close());
  const cli = await shell(t, device);
  const remove = device.registerCommands([{ syntax: 'show clock', modes: ['@exec'], override: true, run: (ctx) => ctx.print('*00:00:00.000 UTC Thu Jan 1 1970') }]);
  t.equal(await cli.cmd('show clock'), '*00:00:00.000 UTC Thu Jan 1 1970\n');
  remove();
  t.notMatch(await cli.cmd('show clock'), /1970/);
  t.throws(() => device.registerCommands([{ syntax: 'show clock', modes: ['@exec'], run: () => undefined }]), /duplicates the syntax/);
  t.throws(() => device.registerCommands([{ syntax: 'show x', modes: ['no-such-mode'], run: () => undefined }]), /unknown ios-xe mode/);
});

t.test('the command log: one entry per line with time, session, user, mode, kind, outcome, change flag', async (t) => {
  const device = await startDevice({ model: 'cBR-8' }, { hostKeys });
  t.teardown(() => device.close());
  const cli = await shell(t, device);
  for (const line of ['show privilege', 'conf t', 'hostname LOGGED', 'hostname LOGGED', 'bogus', 'end', '']) await cli.cmd(line);
  const entries = device.commandLog.entries();
  t.same(
    entries.map((e) => [e.mode, e.line, e.kind, e.outcome, e.configChanged]),
    [
      ['privileged-exec', 'show privilege', 'exec', 'ok', false],
      ['privileged-exec', 'conf t', 'mode', 'ok', false],
      ['config', 'hostname LOGGED', 'config', 'ok', true],
      ['config', 'hostname LOGGED', 'config', 'ok', false],
      ['config', 'bogus', 'config', 'invalid-input', false],
      ['config', 'end', 'mode', 'ok', false],
      ['privileged-exec', '', 'empty', 'ok', false],
    ],
  );
  t.same(entries.map((e) => e.seq), [1, 2, 3, 4, 5, 6, 7]);
  t.ok(entries.every((e) => e.user === 'admin' && e.sessionId === entries[0]?.sessionId && !Number.isNaN(Date.parse(e.at))));
  const seen: string[] = [];
  const unsubscribe = device.commandLog.subscribe((e) => seen.push(e.line));
  await cli.cmd('show clock');
  unsubscribe();
  t.same(seen, ['show clock']);
});

t.test('faults: drop the connection after N commands; delay every answer', async (t) => {
  const device = await startDevice({ model: 'NCS-560' }, { hostKeys });
  t.teardown(() => device.close());
  const cli = await openShell(device.port);
  device.faults.set({ dropAfterCommands: 2 });
  await cli.cmd('terminal length 0');
  await cli.cmd('terminal width 512');
  t.same(device.faults.get(), { dropAfterCommands: 0 });
  cli.write('show version\r');
  await cli.waitClosed();
  t.notMatch(cli.buffer, /Cisco IOS XR/, 'the third command got no answer');
  t.same(device.faults.get(), {}, 'the knob fires once');
  t.throws(() => device.faults.set({ dropAfterCommands: -1 }), /dropAfterCommands/);

  device.faults.set({ outputDelayMs: 200 });
  const slow = await shell(t, device);
  t.match(await slow.cmd('show running-config hostname'), /hostname ios/);
  t.equal(device.faults.outputDelayMs, 200);
  device.faults.clear();
  t.same(device.faults.get(), {});
});

t.test('device specs: hostname, serial, version and a replacement factory configuration', async (t) => {
  const custom = await startDevice(
    { model: 'cBR-8', hostname: 'CMTS-LAB-7', serial: 'FXS2001A1BC', version: '16.12.4' },
    { hostKeys },
  );
  const bare = await startDevice({ model: 'NCS-1004', config: 'hostname lab-otn\ndomain name example.net\n' }, { hostKeys });
  t.teardown(() => Promise.all([custom.close(), bare.close()]));
  t.equal(custom.hostname, 'CMTS-LAB-7');
  t.same([custom.identity.pid, custom.identity.serial, custom.identity.version], ['CBR-8-CCAP-CHASS', 'FXS2001A1BC', '16.12.4']);
  t.match(custom.config.runningText(), /\nlicense udi pid CBR-8-CCAP-CHASS sn FXS2001A1BC\n/);
  t.equal(bare.hostname, 'lab-otn');
  t.same(bare.config.running().children.map((c) => c.line), ['hostname lab-otn', 'domain name example.net']);
  await t.rejects(startDevice({ model: 'cBR-8', serial: 'bogus' }, { hostKeys }), /not a Cisco serial number/);
  await t.rejects(startDevice({ model: 'ASR-9000' as never }, { hostKeys }), /unknown model "ASR-9000"/);
  await t.rejects(startDevice({ model: 'cBR-8', users: [{ username: 'x' }] }, { hostKeys }), /needs a password or a public key/);
});
