/**
 * `planConfigurationNetconf` / `applyConfigurationNetconf` over real SSH NETCONF sessions against emulated devices
 * serving `netconfExtension()`: every deployment mode on cBR-8, NCS 560 and NCS 1004 (check → only get-config;
 * apply → the XML sent validates against yang/, running-config holds the procedure's lines and the CLI planner
 * finds nothing left to do; second apply → no edit-config), IOS-XR commit confirmed, IOS-XE save-config, intents
 * the models cannot say refused before anything is sent, and failures in the middle of a change (a device
 * validator refusing one item, a value accepted but not kept, the connection dropped, a lock held elsewhere) →
 * running-config is the original again.
 */
import t, { type Test } from 'tap';
import { connect } from '../../src/driver/connect.js';
import { applyConfiguration, planConfiguration, readLicensingState } from '../../src/driver/configure.js';
import { applyConfigurationNetconf, planConfigurationNetconf, type NetconfReconnect } from '../../src/driver/configure-netconf.js';
import { connectNetconf } from '../../src/driver/netconf/connect-netconf.js';
import type { NetconfConnection } from '../../src/driver/netconf/netconf-connection.js';
import type { Session } from '../../src/driver/session.js';
import { generateHostKeys, ManualTimers, startDevice, type EmulatedDevice } from '../../src/emulator/index.js';
import { netconfExtension } from '../../src/emulator/netconf/netconf-extension.js';
import { configAfterEdits } from '../../src/intents/config-after-edits.js';
import type { LicensingConfig } from '../../src/intents/licensing-config.js';
import type { DeviceModel } from '../../src/inventory/types.js';
import { NETCONF_BASE_NS } from '../../src/netconf/namespaces.js';
import type { NetconfClient } from '../../src/netconf/client.js';
import { renderXml, type XmlNode } from '../../src/netconf/xml.js';
import { makeCaPem } from '../intents/helpers/certificate.js';
import { validateXml } from '../helpers/yang.js';
import { expectedLines, intentFor, MODELS, MODES } from './helpers/procedure-intents.js';

const hostKeys = generateHostKeys();
const netconf = netconfExtension();

async function withDevice(t: Test, model: DeviceModel, timers?: ManualTimers): Promise<EmulatedDevice> {
  const device = await startDevice({ model }, { hostKeys, extensions: [netconf], ...(timers === undefined ? {} : { timers }) });
  t.teardown(() => device.close());
  return device;
}

function openNc(device: EmulatedDevice): Promise<NetconfConnection> {
  return connectNetconf({ name: device.name, host: device.host, netconfPort: device.netconfPort ?? 0, username: 'admin', password: 'admin', hostKey: device.hostKeyFingerprint, timeoutMs: 15_000 });
}

async function ncSession(t: Test, device: EmulatedDevice): Promise<NetconfConnection> {
  const c = await openNc(device);
  t.teardown(() => c.close());
  return c;
}

async function cliSession(t: Test, device: EmulatedDevice): Promise<Session> {
  const s = await connect({ name: device.name, host: device.host, port: device.port, username: 'admin', password: 'admin', hostKey: device.hostKeyFingerprint }, { timeouts: { commandMs: 15_000 } });
  t.teardown(() => s.close());
  return s;
}

interface RpcLog {
  /** Operation names in the order sent. */
  readonly ops: string[];
  /** The `<config>` content of each edit-config sent. */
  readonly edits: XmlNode[][];
  /** Runs before an RPC is sent (a test drops the connection there). */
  before?: (operation: string, log: RpcLog) => Promise<void>;
}

/** Records every RPC the client sends. */
function recordRpcs(client: NetconfClient): RpcLog {
  const log: RpcLog = { ops: [], edits: [] };
  const session = client.session;
  const send = session.request.bind(session);
  session.request = async (operation, options) => {
    await log.before?.(operation.name, log);
    log.ops.push(operation.name);
    if (operation.name === 'edit-config') {
      const config = operation.children.find((c) => c.name === 'config' && c.ns === NETCONF_BASE_NS);
      log.edits.push([...(config?.children ?? [])]);
    }
    return send(operation, options);
  };
  return log;
}

/** Drops the NETCONF session (the server sees it end) right before `operation` is sent the `nth` time. */
function dropBefore(log: RpcLog, client: NetconfClient, operation: string, nth = 1): void {
  let seen = 0;
  log.before = async (name) => {
    if (name !== operation || ++seen !== nth) return;
    client.session.destroy();
    await client.session.waitClosed();
  };
}

/** The running configuration without its header (byte count and last-change stamps change with every change). */
function body(text: string): string {
  const lines = text.split('\n');
  const first = lines.findIndex((l) => !/^(?:Building configuration\.\.\.|Current configuration :.*|!.*|)$/.test(l));
  return lines.slice(first).join('\n');
}

for (const model of MODELS) {
  for (const mode of MODES) {
    t.test(`${model}, ${mode} over NETCONF: check reads only; apply writes valid XML and the procedure's lines; a second apply sends no edit-config`, async (t) => {
      const device = await withDevice(t, model);
      const nc = await ncSession(t, device);
      const cli = await cliSession(t, device);
      const log = recordRpcs(nc.client);
      const intent = await intentFor(mode, model, { transport: 'netconf' });
      const original = device.config.runningText();

      const checked = await applyConfigurationNetconf(nc.client, intent, { check: true });
      t.match(checked, { host: device.name, changed: true, check: true, linesSent: [], saved: false });
      t.same(log.ops, ['get-config'], 'check: one get-config, nothing else');
      t.equal(device.config.runningText(), original);
      const viaCli = await planConfiguration(cli, intent);
      t.same(
        checked.diff,
        { ...viaCli.diff, add: viaCli.diff.add.filter((l) => !(model !== 'cBR-8' && l.line === 'destination preferred-msg-format xml')) },
        'check reports the diff the CLI path reports',
      );

      log.ops.length = 0;
      const applied = await applyConfigurationNetconf(nc.client, intent);
      t.equal(applied.changed, true);
      t.same(applied.diff, checked.diff, 'apply makes the change check reported');
      t.equal(log.edits.length, 1, 'one edit-config');
      const sent = renderXml(log.edits[0] ?? []);
      t.equal(applied.netconfConfig, sent, 'the result carries the XML sent');
      const yang = await validateXml(sent, 'edit');
      t.ok(yang.valid, `the edit-config content validates against yang/\n${yang.messages.join('\n')}\n${sent}`);
      const running = device.config.runningText();
      for (const expected of expectedLines(mode, model, 'netconf')) t.ok(running.includes(expected), `running-config holds ${JSON.stringify(expected.trim().split('\n')[0])}…`);
      const after = await planConfiguration(cli, intent);
      t.same(
        after.edits.map((e) => e.command).filter((c) => c !== 'destination preferred-msg-format xml'),
        [],
        'read over the CLI, nothing is left to do',
      );

      log.ops.length = 0;
      const again = await applyConfigurationNetconf(nc.client, intent);
      t.match(again, { changed: false, diff: { add: [], remove: [] } });
      t.equal(again.netconfConfig, undefined);
      t.same(log.ops, ['get-config'], 'second apply: no edit-config, no lock');
    });
  }
}

t.test('the state configAfterEdits predicts is what the CLI reads after the CLI applies the same edits', async (t) => {
  const pem = makeCaPem('satellite CA', '0b');
  const sorted = (c: LicensingConfig): LicensingConfig => ({
    ...c,
    callHome: c.callHome === null ? null : { ...c.callHome, profiles: [...c.callHome.profiles].sort((a, b) => a.name.localeCompare(b.name)) },
  });
  for (const model of MODELS) {
    const device = await withDevice(t, model);
    const cli = await cliSession(t, device);
    for (const mode of ['http-proxy', 'on-prem'] as const) {
      const intent = await intentFor(mode, model, { caPem: pem });
      const plan = await planConfiguration(cli, intent);
      await applyConfiguration(cli, intent);
      t.same(sorted(await readLicensingState(cli)), sorted(configAfterEdits(plan.current, plan.edits)), `${model} ${mode}`);
    }
  }
});

t.test('planConfigurationNetconf names the device and the platform it found in the capabilities', async (t) => {
  const device = await withDevice(t, 'NCS-560');
  const nc = await ncSession(t, device);
  const plan = await planConfigurationNetconf(nc.client, await intentFor('on-prem', 'NCS-560', { transport: 'netconf' }));
  t.match(plan, { host: device.name, platform: 'ios-xr', current: { callHome: null } });
  t.match(plan.diffText, /\+ {2}service active\n/);
  t.ok(plan.config.length > 0);
});

t.test('refused before anything is sent: what the IOS-XE models cannot say, options for the other platform', async (t) => {
  const device = await withDevice(t, 'cBR-8');
  const nc = await ncSession(t, device);
  const log = recordRpcs(nc.client);
  const pem = makeCaPem('satellite CA', '0a');
  await t.rejects(applyConfigurationNetconf(nc.client, await intentFor('on-prem', 'cBR-8', { caPem: pem })), {
    code: 'E_INVALID_INTENT',
    host: device.name,
    issues: [{ pointer: '/trust/trustpoint/caCertificatePem', message: /crypto pki authenticate/ }, { pointer: '/callHome/profile/preferredMessageFormat' }],
  });
  await t.rejects(applyConfigurationNetconf(nc.client, { trust: { trustpool: {} } }), { code: 'E_INVALID_INTENT', issues: [{ pointer: '/trust/trustpool' }] });
  await t.rejects(applyConfigurationNetconf(nc.client, { callHome: { direct: {} } }, { commitConfirmedSeconds: 60 }), { code: 'E_INVALID_ARGUMENT', message: /IOS-XR/ });
  t.same(log.ops, [], 'no RPC at all');

  const xr = await withDevice(t, 'NCS-1004');
  const xrNc = await ncSession(t, xr);
  await t.rejects(applyConfigurationNetconf(xrNc.client, { callHome: { direct: {} } }, { commitConfirmedSeconds: 10 }), { code: 'E_INVALID_ARGUMENT', message: /30 to 65535/ });
});

t.test('IOS-XR commit confirmed: committed for a trial, verified, then confirmed (no rollback when the time runs out)', async (t) => {
  const timers = new ManualTimers();
  const device = await withDevice(t, 'NCS-560', timers);
  const nc = await ncSession(t, device);
  const log = recordRpcs(nc.client);
  const result = await applyConfigurationNetconf(nc.client, await intentFor('direct', 'NCS-560', { transport: 'netconf' }), { commitConfirmedSeconds: 120 });
  t.equal(result.changed, true);
  t.same(log.ops, ['get-config', 'lock', 'lock', 'edit-config', 'validate', 'commit', 'get-config', 'commit', 'unlock', 'unlock']);
  t.equal(netconf.netconfDevice(device)?.pendingConfirmedCommit, undefined, 'confirmed');
  timers.advance(121_000);
  await new Promise((resolve) => setImmediate(resolve));
  t.match(device.config.runningText(), /\ncall-home\n service active\n/, 'still there after the trial period');
  t.equal(device.config.commits().length, 1, 'one commit on the device');
});

t.test('IOS-XE: candidate, commit, verify; save-config after a verified change', async (t) => {
  const device = await withDevice(t, 'cBR-8');
  const nc = await ncSession(t, device);
  const log = recordRpcs(nc.client);
  const result = await applyConfigurationNetconf(nc.client, await intentFor('direct', 'cBR-8', { transport: 'netconf' }), { writeMemory: true });
  t.equal(result.saved, true);
  t.same(log.ops, ['get-config', 'lock', 'lock', 'edit-config', 'validate', 'commit', 'get-config', 'save-config', 'unlock', 'unlock']);
  t.ok(device.config.startup()?.children.some((c) => c.line === 'ip http client source-interface Loopback0'), 'startup-config holds the change');
});

for (const model of ['cBR-8', 'NCS-1004'] as const) {
  t.test(`${model}: a device validator refuses one item → nothing applied, the candidate discarded, no lock left`, async (t) => {
    const device = await withDevice(t, model);
    const nc = await ncSession(t, device);
    const log = recordRpcs(nc.client);
    const original = body(device.config.runningText());
    device.config.addValidator((change) =>
      change.op !== 'remove' && change.line.includes('https://tg.example.net') ? '% Error: destination refused by local policy' : undefined,
    );
    const error = await applyConfigurationNetconf(nc.client, await intentFor('transport-gateway', model, { transport: 'netconf' })).catch((e: unknown) => e);
    t.match(error, { code: 'E_NETCONF_RPC', host: device.name, errors: [{ tag: 'operation-failed', message: /destination refused by local policy/ }] });
    t.equal(body(device.config.runningText()), original, 'running-config is the original');
    const nd = netconf.netconfDevice(device);
    t.equal(nd?.candidateModified, false, 'candidate discarded');
    t.equal(nd?.lockHolder('running'), undefined);
    t.equal(nd?.lockHolder('candidate'), undefined);
    t.same(log.ops.slice(-4), ['discard-changes', 'get-config', 'unlock', 'unlock'], 'discarded, read back unchanged, unlocked');
    t.notOk(log.ops.includes('commit'), 'never committed');
  });
}

t.test('IOS-XE: the connection drops after the commit → reconnect and write the previous configuration back; without reconnect, RollbackError', async (t) => {
  const device = await withDevice(t, 'cBR-8');
  const original = body(device.config.runningText());
  const intent = await intentFor('on-prem', 'cBR-8', { transport: 'netconf' });

  const nc = await ncSession(t, device);
  const log = recordRpcs(nc.client);
  dropBefore(log, nc.client, 'get-config', 2);
  let changedAtDrop = '';
  const reconnect: NetconfReconnect = async () => {
    changedAtDrop = device.config.runningText();
    return openNc(device);
  };
  const error = await applyConfigurationNetconf(nc.client, intent, { reconnect }).catch((e: unknown) => e);
  t.match(error, { code: 'E_CLOSED' });
  t.match(changedAtDrop, /profile "test1"/, 'the change was live when the connection dropped');
  t.equal(body(device.config.runningText()), original, 'running-config is the original');
  t.equal(netconf.netconfDevice(device)?.lockHolder('running'), undefined, 'no lock left');

  const nc2 = await ncSession(t, device);
  dropBefore(recordRpcs(nc2.client), nc2.client, 'get-config', 2);
  const lost = await applyConfigurationNetconf(nc2.client, intent).catch((e: unknown) => e);
  t.match(lost, { code: 'E_ROLLBACK_FAILED', cause: { code: 'E_CLOSED' }, message: /no reconnect was given/ });
});

t.test('IOS-XR: the connection drops before the commit → the candidate is discarded on reconnect, nothing committed', async (t) => {
  const device = await withDevice(t, 'NCS-560');
  const original = device.config.runningText();
  const nc = await ncSession(t, device);
  const log = recordRpcs(nc.client);
  dropBefore(log, nc.client, 'commit');
  const error = await applyConfigurationNetconf(nc.client, await intentFor('on-prem', 'NCS-560', { transport: 'netconf' }), { reconnect: () => openNc(device) }).catch(
    (e: unknown) => e,
  );
  t.match(error, { code: 'E_CLOSED' });
  t.equal(device.config.runningText(), original);
  t.same(device.config.commits(), []);
  t.equal(netconf.netconfDevice(device)?.candidateModified, false, 'the dropped session\'s candidate was discarded');
  const again = await ncSession(t, device);
  t.match(await applyConfigurationNetconf(again.client, await intentFor('on-prem', 'NCS-560', { transport: 'netconf' })), { changed: true }, 'the next apply goes through');
});

t.test('IOS-XR: the connection drops during a confirmed commit → the device rolls back, the reconnect finds the original', async (t) => {
  const device = await withDevice(t, 'NCS-1004');
  const original = body(device.config.runningText());
  const nc = await ncSession(t, device);
  dropBefore(recordRpcs(nc.client), nc.client, 'get-config', 2);
  const error = await applyConfigurationNetconf(nc.client, await intentFor('direct', 'NCS-1004', { transport: 'netconf' }), {
    commitConfirmedSeconds: 300,
    reconnect: () => openNc(device),
    lockRetry: { minTimeoutMs: 20, maxTimeoutMs: 200, retries: 8 },
  }).catch((e: unknown) => e);
  t.match(error, { code: 'E_CLOSED' });
  t.equal(body(device.config.runningText()), original, 'running-config is the original (the empty call-home block gone too)');
  t.equal(netconf.netconfDevice(device)?.pendingConfirmedCommit, undefined);
});

t.test('IOS-XE: a value accepted but not kept fails verification and the previous configuration is written back', async (t) => {
  const device = await withDevice(t, 'cBR-8');
  // a device that takes contact-email-addr silently and keeps nothing
  device.registerCommands([], [{ syntax: 'contact-email-addr <email:email>', modes: ['cfg-call-home'], ops: () => [], override: true }]);
  const nc = await ncSession(t, device);
  const original = body(device.config.runningText());
  const error = await applyConfigurationNetconf(nc.client, await intentFor('direct', 'cBR-8', { transport: 'netconf' })).catch((e: unknown) => e);
  t.match(error, { code: 'E_CONFIG_VERIFY', restored: true, missing: ['contact-email-addr licensing@example.net'] });
  t.equal(body(device.config.runningText()), original);
});

t.test('when the previous configuration cannot be written back, RollbackError says so (cause: the first failure)', async (t) => {
  const device = await withDevice(t, 'cBR-8');
  device.registerCommands([], [{ syntax: 'contact-email-addr <email:email>', modes: ['cfg-call-home'], ops: () => [], override: true }]);
  device.config.addValidator((change) => (change.op === 'remove' && change.line.startsWith('ip name-server') ? '% Error: name servers are locked' : undefined));
  const nc = await ncSession(t, device);
  const error = await applyConfigurationNetconf(nc.client, await intentFor('direct', 'cBR-8', { transport: 'netconf' })).catch((e: unknown) => e);
  t.match(error, { code: 'E_ROLLBACK_FAILED', host: device.name, message: /name servers are locked/, cause: { code: 'E_CONFIG_VERIFY' } });
});

t.test('a lock held by another session: backed off and retried, then refused with nothing changed', async (t) => {
  const device = await withDevice(t, 'NCS-560');
  const other = await ncSession(t, device);
  await other.client.lock('running');
  const nc = await ncSession(t, device);
  const original = device.config.runningText();
  const intent = await intentFor('direct', 'NCS-560', { transport: 'netconf' });
  const error = await applyConfigurationNetconf(nc.client, intent, { lockRetry: { retries: 2, minTimeoutMs: 10, maxTimeoutMs: 20 } }).catch((e: unknown) => e);
  t.match(error, { code: 'E_NETCONF_RPC', errors: [{ tag: 'lock-denied' }] });
  t.equal(device.config.runningText(), original);

  // the other session lets go while this one backs off
  const log = recordRpcs(nc.client);
  let locks = 0;
  log.before = async (name) => {
    if (name === 'lock' && ++locks === 2) await other.client.unlock('running');
  };
  const applied = await applyConfigurationNetconf(nc.client, intent, { lockRetry: { retries: 3, minTimeoutMs: 10, maxTimeoutMs: 20 } });
  t.equal(applied.changed, true, 'goes through once the other session lets go');
  t.same(log.ops.filter((o) => o === 'lock'), ['lock', 'lock', 'lock'], 'denied once, then running and candidate');
});
