/**
 * `planConfiguration` / `applyConfiguration` over real SSH against emulated devices: every deployment mode on
 * cBR-8, NCS 560 and NCS 1004 (apply → the running configuration holds the procedure's lines; second apply →
 * the command log shows no configuration line; check → nothing sent), IOS-XR commit confirmed, IOS-XE write
 * memory, and failures in the middle of a change (a line refused, a commit refused, a line accepted but not
 * kept, the connection dropped) → the running configuration is the original again.
 */
import t, { type Test } from 'tap';
import { connect } from '../../src/driver/connect.js';
import { applyConfiguration, planConfiguration } from '../../src/driver/configure.js';
import type { Session } from '../../src/driver/session.js';
import { generateHostKeys, ManualTimers, startDevice, type CommandLogEntry, type EmulatedDevice } from '../../src/emulator/index.js';
import type { DeviceModel } from '../../src/inventory/types.js';
import type { DeploymentMode, LicensingIntent } from '../../src/intents/types.js';
import { makeCaPem } from '../intents/helpers/certificate.js';
import { expectedLines, intentFor as procedureIntent, MODELS, MODES } from './helpers/procedure-intents.js';

const hostKeys = generateHostKeys();
const PEM = makeCaPem('satellite CA', '0a');
const intentFor = (mode: DeploymentMode, model: DeviceModel): Promise<LicensingIntent> => procedureIntent(mode, model, { caPem: PEM });

async function withDevice(t: Test, model: DeviceModel, timers?: ManualTimers): Promise<EmulatedDevice> {
  const device = await startDevice({ model }, { hostKeys, ...(timers === undefined ? {} : { timers }) });
  t.teardown(() => device.close());
  return device;
}

function open(device: EmulatedDevice): Promise<Session> {
  return connect(
    { name: device.name, host: device.host, port: device.port, username: 'admin', password: 'admin', hostKey: device.hostKeyFingerprint },
    { timeouts: { commandMs: 15_000 } },
  );
}

async function session(t: Test, device: EmulatedDevice): Promise<Session> {
  const s = await open(device);
  t.teardown(() => s.close());
  return s;
}

/** Configuration sent: lines typed in a configuration mode, commits, and entering configuration mode. */
function configSent(entries: readonly CommandLogEntry[]): readonly CommandLogEntry[] {
  return entries.filter((e) => e.kind === 'config' || e.kind === 'commit' || (e.kind === 'mode' && /^conf/.test(e.line)) || e.line.startsWith('crypto pki'));
}

/** The running configuration without its header (byte count and last-change stamps change with every change). */
function body(text: string): string {
  const lines = text.split('\n');
  const first = lines.findIndex((l) => !/^(?:Building configuration\.\.\.|Current configuration :.*|!.*|)$/.test(l));
  return lines.slice(first).join('\n');
}

for (const model of MODELS) {
  for (const mode of MODES) {
    t.test(`${model}, ${mode}: check sends nothing; apply holds the procedure's lines; a second apply sends no configuration`, async (t) => {
      const device = await withDevice(t, model);
      const s = await session(t, device);
      const intent = await intentFor(mode, model);
      const original = device.config.runningText();

      let mark = device.commandLog.lastSeq;
      const checked = await applyConfiguration(s, intent, { check: true });
      t.equal(checked.changed, true, 'check: would change');
      t.equal(checked.check, true);
      t.ok(checked.diff.add.length > 0, 'check: reports the lines to add');
      t.same(checked.linesSent, []);
      t.same(configSent(device.commandLog.since(mark)), [], 'check: no configuration line reached the device');
      t.equal(device.config.runningText(), original, 'check: running configuration untouched');

      const applied = await applyConfiguration(s, intent);
      t.equal(applied.changed, true);
      t.ok(applied.linesSent.length > 0);
      t.same(applied.diff, checked.diff, 'apply makes the change check reported');
      const running = device.config.runningText();
      for (const expected of expectedLines(mode, model)) t.ok(running.includes(expected), `running-config holds ${JSON.stringify(expected.trim().split('\n')[0])}…`);

      mark = device.commandLog.lastSeq;
      const again = await applyConfiguration(s, intent);
      t.equal(again.changed, false, 'second apply: no change');
      t.same(again.diff, { add: [], remove: [] });
      const sent = configSent(device.commandLog.since(mark));
      t.same(sent.map((e) => e.line), [], 'second apply: zero configuration lines in the device command log');
      t.ok(device.commandLog.since(mark).length > 0, 'the second apply did read the device');
    });
  }
}

t.test('planConfiguration reads and plans without sending; the plan names the device', async (t) => {
  const device = await withDevice(t, 'NCS-560');
  const s = await session(t, device);
  const mark = device.commandLog.lastSeq;
  const plan = await planConfiguration(s, await intentFor('on-prem', 'NCS-560'));
  t.equal(plan.host, device.name);
  t.equal(plan.current.platform, 'ios-xr');
  t.equal(plan.current.callHome, null, 'no call-home out of the box');
  t.match(plan.diffText, /\+  service active\n/);
  t.same(configSent(device.commandLog.since(mark)), []);
  t.same(
    device.commandLog.since(mark).map((e) => e.line),
    ['show running-config domain', 'show running-config call-home', 'show running-config crypto', 'show running-config http client', 'show running-config license'],
  );
});

t.test('an intent the platform cannot take is refused before anything is read or sent', async (t) => {
  const device = await withDevice(t, 'NCS-1004');
  const s = await session(t, device);
  const mark = device.commandLog.lastSeq;
  await t.rejects(applyConfiguration(s, { trust: { trustpoint: { name: 'cisco' } } }), {
    code: 'E_INVALID_INTENT',
    host: device.name,
    issues: [{ pointer: '/trust/trustpoint' }],
  });
  t.same(device.commandLog.since(mark), []);
  await t.rejects(applyConfiguration(s, { callHome: { direct: {} } }, { commitConfirmedSeconds: 10 }), { code: 'E_INVALID_ARGUMENT' });
  const cbr = await withDevice(t, 'cBR-8');
  const xe = await session(t, cbr);
  await t.rejects(applyConfiguration(xe, { callHome: { direct: {} } }, { commitConfirmedSeconds: 60 }), { code: 'E_INVALID_ARGUMENT', message: /IOS-XR/ });
});

t.test('IOS-XR commit confirmed: committed for a trial, verified, then confirmed (no rollback when the time runs out)', async (t) => {
  const timers = new ManualTimers();
  const device = await withDevice(t, 'NCS-560', timers);
  const s = await session(t, device);
  const result = await applyConfiguration(s, await intentFor('direct', 'NCS-560'), { commitConfirmedSeconds: 120, commitComment: 'smartlic licensing' });
  t.equal(result.changed, true);
  const commits = device.commandLog.entries((e) => e.kind === 'commit').map((e) => e.line);
  t.same(commits, ['commit confirmed 120 comment smartlic licensing', 'commit']);
  timers.advance(121_000);
  t.match(device.config.runningText(), /\ncall-home\n service active\n/, 'still there after the trial period');
  t.equal(device.config.commits()[0]?.comment, 'smartlic licensing');
});

t.test('IOS-XE write memory after a verified change', async (t) => {
  const device = await withDevice(t, 'cBR-8');
  const s = await session(t, device);
  const result = await applyConfiguration(s, await intentFor('direct', 'cBR-8'), { writeMemory: true });
  t.equal(result.saved, true);
  t.match(device.commandLog.entries((e) => e.line === 'write memory'), [{ outcome: 'ok' }]);
  const startup = device.config.startup();
  t.ok(startup?.children.some((c) => c.line === 'ip http client source-interface Loopback0'), 'startup-config holds the change');
});

t.test('IOS-XE: a line refused in the middle → the lines already applied are taken back', async (t) => {
  const device = await withDevice(t, 'cBR-8');
  const s = await session(t, device);
  const original = body(device.config.runningText());
  let changes = 0;
  let liveAtRefusal = 0;
  device.config.onChange(() => changes++);
  device.config.addValidator((change) => {
    if (change.op === 'remove' || !change.line.startsWith('destination address http https://tg.example.net')) return undefined;
    liveAtRefusal = changes;
    return '% Error: destination refused by local policy';
  });
  const error = await applyConfiguration(s, await intentFor('transport-gateway', 'cBR-8')).catch((e: unknown) => e);
  t.match(error, { code: 'E_DEVICE_COMMAND', host: device.name, command: /^destination address http https:\/\/tg\.example\.net/ });
  t.ok(liveAtRefusal >= 5, `${liveAtRefusal} changes were live when the line was refused`);
  t.equal(body(device.config.runningText()), original, 'running configuration is the original');
  t.notMatch(device.config.runningText(), /crypto pki certificate chain satellite/, 'the imported CA certificate is gone too');
});

t.test('IOS-XE: the connection drops in the middle → reconnect and restore; without reconnect, RollbackError', async (t) => {
  const device = await withDevice(t, 'cBR-8');
  const s = await session(t, device);
  const original = body(device.config.runningText());
  let changes = 0;
  let liveAtDrop = 0;
  device.config.onChange(() => changes++);
  // read (1) + configure terminal (1) + 12 more lines: the drop comes after the trustpoint and the certificate.
  device.faults.set({ dropAfterCommands: 14 });
  const reconnect = (): Promise<Session> => {
    liveAtDrop = changes;
    return open(device);
  };
  const error = await applyConfiguration(s, await intentFor('on-prem', 'cBR-8'), { reconnect }).catch((e: unknown) => e);
  t.match(error, { code: 'E_CLOSED' });
  t.ok(liveAtDrop >= 3, `${liveAtDrop} changes were live when the connection dropped`);
  t.equal(body(device.config.runningText()), original, 'running configuration is the original');

  const s2 = await session(t, device);
  device.faults.set({ dropAfterCommands: 6 });
  const lost = await applyConfiguration(s2, await intentFor('on-prem', 'cBR-8')).catch((e: unknown) => e);
  t.match(lost, { code: 'E_ROLLBACK_FAILED', cause: { code: 'E_CLOSED' }, message: /no reconnect was given/ });
});

t.test('IOS-XE: a line accepted but not kept fails verification and is restored', async (t) => {
  const device = await withDevice(t, 'cBR-8');
  // A device that takes `destination preferred-msg-format` silently and keeps nothing.
  device.registerCommands(
    [],
    [{ syntax: 'destination preferred-msg-format {long-text|short-text|xml}:format', modes: ['cfg-call-home-profile'], ops: () => [], override: true }],
  );
  const s = await session(t, device);
  const original = body(device.config.runningText());
  const error = await applyConfiguration(s, await intentFor('on-prem', 'cBR-8')).catch((e: unknown) => e);
  t.match(error, { code: 'E_CONFIG_VERIFY', restored: true, missing: ['destination preferred-msg-format xml'] });
  t.equal(body(device.config.runningText()), original);
});

t.test('IOS-XR: a commit refused → aborted with the failure text, nothing committed', async (t) => {
  const device = await withDevice(t, 'NCS-1004');
  const s = await session(t, device);
  const original = device.config.runningText();
  device.config.addValidator((change) => (change.line === 'contact-email-addr licensing@example.net' ? 'contact address not allowed here' : undefined));
  const error = await applyConfiguration(s, await intentFor('direct', 'NCS-1004')).catch((e: unknown) => e);
  t.match(error, { code: 'E_COMMIT_FAILED', host: device.name, failedConfig: /contact-email-addr licensing@example\.net[\s\S]*contact address not allowed here/ });
  t.equal(device.config.runningText(), original);
  t.same(device.config.commits(), [], 'no commit');
  t.match(device.commandLog.entries((e) => e.kind === 'commit').map((e) => e.line), ['commit', 'abort']);
});

t.test('IOS-XR: the connection drops in the middle → the candidate dies with it', async (t) => {
  const device = await withDevice(t, 'NCS-560');
  const s = await session(t, device);
  const original = device.config.runningText();
  device.faults.set({ dropAfterCommands: 9 });
  const error = await applyConfiguration(s, await intentFor('on-prem', 'NCS-560'), { reconnect: () => open(device) }).catch((e: unknown) => e);
  t.match(error, { code: 'E_CLOSED' });
  t.equal(device.config.runningText(), original);
  t.same(device.config.commits(), []);
});

t.test('IOS-XE: when the previous lines cannot be typed back, RollbackError says so (cause: the first failure)', async (t) => {
  const device = await withDevice(t, 'cBR-8');
  const s = await session(t, device);
  device.config.addValidator((change) => {
    if (change.op !== 'remove' && change.line.startsWith('destination address http https://tg.example.net')) return '% Error: destination refused by local policy';
    if (change.op === 'remove' && change.line.startsWith('ip name-server')) return '% Error: name servers are locked';
    return undefined;
  });
  const error = await applyConfiguration(s, await intentFor('transport-gateway', 'cBR-8')).catch((e: unknown) => e);
  t.match(error, { code: 'E_ROLLBACK_FAILED', host: device.name, message: /restoring the previous configuration failed: .*name servers are locked/, cause: { code: 'E_DEVICE_COMMAND' } });
});
