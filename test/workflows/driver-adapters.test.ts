/**
 * The workflow ports over the real driver: an inventory opener, the Device as a LicensingDevice (status with the
 * UDI, registration through the emulated Smart Agent and CSSM), and a licensing intent as an IntentApplier.
 */
import t from 'tap';
import { readFileSync } from 'node:fs';
import { CssmClient } from '../../src/cssm/client.js';
import { ManualTimers } from '../../src/emulator/device/timers.js';
import { startLab } from '../../src/emulator/lab.js';
import { smartAgentOf } from '../../src/emulator/smart-agent/agent-registry.js';
import { smartAgentExtension } from '../../src/emulator/smart-agent/extension.js';
import { inventoryFromObject } from '../../src/inventory/load.js';
import { DriverLicensingDevice, intentApplier, inventoryDeviceOpener } from '../../src/workflows/driver-adapters.js';
import type { CssmPort } from '../../src/workflows/ports.js';
import { isTransientFailure } from '../../src/workflows/transient-failure.js';
import { Secret } from '../../src/secret.js';

// The direct-mode fixture without its source interface (the emulated cBR-8 has no Loopback0).
const { httpClient: _sourceInterface, ...DIRECT } = JSON.parse(
  readFileSync(new URL('../intents/fixtures/direct.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;

t.test('an inventory host opened through the ports: configure, register, status with UDI, CSSM as CssmPort', async (t) => {
  const timers = new ManualTimers('2026-03-01T00:00:00Z');
  const lab = await startLab({ devices: 1, platform: 'ios-xe', timers, smartAgent: false, extensions: (network) => [smartAgentExtension({ network })] });
  t.teardown(() => lab.close());
  const inventory = inventoryFromObject(lab.inventory(), 'lab.json');
  const open = inventoryDeviceOpener(inventory, { licensing: { pollIntervalMs: 10, timeoutMs: 20_000 } });
  const device = await open('cbr8-1', {});
  t.teardown(() => device.close());
  t.ok(device instanceof DriverLicensingDevice);
  t.equal(device.host, 'cbr8-1');
  t.equal(device.platform, 'ios-xe');

  const before = await device.status();
  t.equal(before.snapshot.registration?.status, 'unregistered');
  t.equal(before.udi?.sn, lab.fleet.devices[0]?.identity.serial, 'status carries the UDI');
  t.same(before.members?.map((m) => m.role), ['active', 'standby'], 'and the HA UDI list');
  t.equal(before.snapshot.model, 'cBR-8', "the inventory's model: the cBR-8 lock rules apply");

  const applier = intentApplier(DIRECT);
  applier.validate();
  const planned = await applier.apply(device, { check: true });
  t.ok(planned.changed, 'check mode reports a change');
  t.equal(lab.fleet.devices[0]?.commandLog.entries().filter((e) => e.kind === 'config').length, 0, 'check mode sent no configuration');
  const applied = await applier.apply(device, { check: false });
  t.ok(applied.changed && applied.diff.length > 0, 'apply sent lines');
  t.notOk((await applier.apply(device, { check: false })).changed, 'a second apply changes nothing');

  const token = lab.cssm.createToken({ description: 'adapter test' }).token;
  const registered = await device.register(token);
  t.equal(registered.snapshot.registration?.status, 'registered');
  t.equal(registered.udi?.sn, lab.fleet.devices[0]?.identity.serial, 'the operation result carries the UDI too');
  const agent = smartAgentOf(lab.fleet.devices[0]!)!.snapshot();
  t.same(
    registered.snapshot.entitlements?.map((e) => [e.tag, e.count, e.status]),
    agent.entitlements.map((e) => [e.shortTag, e.count, e.status]),
    'the entitlements in use, as the Smart Agent holds them',
  );
  t.equal(registered.snapshot.authorization?.status, 'authorized');

  const cssmEntry = inventory.cssm;
  if (cssmEntry === undefined) throw new Error('the lab inventory has no cssm entry');
  const cssm: CssmPort = new CssmClient(cssmEntry);
  const instance = await cssm.findProductInstance({ sn: registered.udi?.sn ?? '' });
  t.ok(instance, 'CSSM has the product instance');

  const aborted = new AbortController();
  aborted.abort(new Error('stop'));
  await t.rejects(device.status({ signal: aborted.signal }), /stop/, 'an aborted signal stops before anything is sent');
  await t.rejects(open('nope', {}), { code: 'E_INVENTORY' });
  t.throws(() => intentApplier({ dns: { nameServer: ['not-an-ip'] } }).validate(), { code: 'E_INVALID_INTENT' });
  await t.rejects(
    intentApplier(DIRECT).apply({ ...device, host: 'fake', platform: 'ios-xe', status: device.status.bind(device) } as never, { check: true }),
    { code: 'E_INVALID_ARGUMENT' },
  );
});

t.test('an intent whose connection drops halfway is restored through a new session: E_CLOSED (retried), never half-applied', async (t) => {
  const timers = new ManualTimers('2026-03-01T00:00:00Z');
  const lab = await startLab({ devices: 1, platform: 'ios-xe', timers, smartAgent: false, extensions: (network) => [smartAgentExtension({ network })] });
  t.teardown(() => lab.close());
  const emulated = lab.fleet.devices[0]!;
  const open = inventoryDeviceOpener(inventoryFromObject(lab.inventory(), 'lab.json'));
  const device = await open('cbr8-1', {});
  t.teardown(() => device.close());
  t.ok(device instanceof DriverLicensingDevice, 'a driver device (which reopens its own connection to restore)');
  const before = emulated.config.runningText();
  let live = 0;
  emulated.config.onChange(() => live++);
  // The read (1) + configure terminal (1) + two lines, then the connection drops in the middle of the change.
  emulated.faults.set({ dropAfterCommands: 4 });
  const error = await intentApplier(DIRECT).apply(device, { check: false }).catch((e: unknown) => e);
  t.match(error, { code: 'E_CLOSED' }, 'the connection error, not E_ROLLBACK_FAILED');
  t.ok(live >= 2, `${live} changes were live when the connection dropped`);
  t.equal(configBody(emulated.config.runningText()), configBody(before), 'the device is back at its previous configuration');
  t.ok(isTransientFailure(error), 'the fleet runner retries it');
  await waitForClosed(() => emulated.connections === 0);
  t.equal(emulated.connections, 0, 'the restore session is closed too');
});

/** The running configuration without its header (size, last change). */
function configBody(text: string): string {
  const lines = text.split('\n');
  return lines.slice(lines.findIndex((l) => !/^(?:Building configuration\.\.\.|Current configuration :.*|!.*|)$/.test(l))).join('\n');
}

async function waitForClosed(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
}

t.test('a run cancelled in the middle of a change: the session is closed under it, the device is still restored', async (t) => {
  const timers = new ManualTimers('2026-03-01T00:00:00Z');
  const lab = await startLab({ devices: 1, platform: 'ios-xe', timers, smartAgent: false, extensions: (network) => [smartAgentExtension({ network })] });
  t.teardown(() => lab.close());
  const emulated = lab.fleet.devices[0]!;
  const controller = new AbortController();
  const device = await inventoryDeviceOpener(inventoryFromObject(lab.inventory(), 'lab.json'))('cbr8-1', { signal: controller.signal });
  const before = configBody(emulated.config.runningText());
  emulated.faults.set({ outputDelayMs: 20 });
  const configLines = (): number => emulated.commandLog.entries((e) => e.kind === 'config').length;
  const applying = intentApplier(DIRECT).apply(device, { check: false, signal: controller.signal }).catch((e: unknown) => e);
  await waitForClosed(() => configLines() >= 2);
  // What the fleet runner does on cancellation: abort the signal, close the session.
  controller.abort(new Error('cancelled by the test'));
  await device.close();
  const error = await applying;
  t.match(error, { code: 'E_CLOSED' }, 'the change fails with the closed session, restored');
  t.equal(configBody(emulated.config.runningText()), before, 'the device is back at its previous configuration');
  await waitForClosed(() => emulated.connections === 0);
  t.equal(emulated.connections, 0, 'the restore session is closed');
});

t.test("register passes the caller's poll interval and force to the driver, over its own defaults", async (t) => {
  const seen: unknown[] = [];
  const done = new Error('status not needed');
  const driver = {
    register: async (_token: unknown, options: unknown) => {
      seen.push(options);
      return {};
    },
    status: async () => {
      throw done;
    },
  };
  const device = new DriverLicensingDevice(driver as unknown as ConstructorParameters<typeof DriverLicensingDevice>[0], { licensing: { pollIntervalMs: 2000, timeoutMs: 60_000 } });
  const token = new Secret('NmQ3YzUyZTgtOGQ0Zi00-adapter-token');
  await t.rejects(device.register(token, { pollIntervalMs: 250, force: true }), done);
  await t.rejects(device.register(token), done);
  t.same(seen, [
    { pollIntervalMs: 250, timeoutMs: 60_000, force: true },
    { pollIntervalMs: 2000, timeoutMs: 60_000 },
  ]);
});
