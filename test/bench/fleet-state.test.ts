/**
 * What the fleet and scale benchmarks read from the emulated world: the intent's plan per model, and the read-back
 * that decides whether a contender really onboarded a device (configured as the intent says, registered and
 * authorized, a product instance in CSSM) — which must say no for a device that was not.
 */
import t from 'tap';
import { planPerModel, readFleetLicensing } from '../../bench/fleet/fleet-state.js';
import { onboardIntent, readOnboardPlaybook } from '../../bench/fleet/onboard-playbook.js';
import { openDevice } from '../../src/driver/device.js';
import { startLab } from '../../src/emulator/lab.js';
import type { LicensingIntent } from '../../src/intents/types.js';
import { inventoryFromObject } from '../../src/inventory/load.js';

const intent = onboardIntent(readOnboardPlaybook()) as LicensingIntent;

t.test('plans per model, and a read-back that counts only what was done', async (t) => {
  const lab = await startLab({ devices: 3, platform: 'mixed' });
  t.teardown(() => lab.close());
  const inventory = inventoryFromObject(lab.inventory(), 'lab.json');

  const plans = await planPerModel(inventory, intent);
  t.same([...plans.plans.keys()].sort(), ['cbr8', 'ncs560+ncs1004'], 'the two IOS-XR models plan the same lines');
  t.same(['cbr8-1', 'ncs560-1', 'ncs1004-1'].map(plans.keyOf), ['cbr8', 'ncs560+ncs1004', 'ncs560+ncs1004']);
  t.match(plans.plans.get('cbr8'), { platform: 'ios-xe', edits: [{ command: 'ip name-server 198.51.100.247' }] });
  t.throws(() => plans.keyOf('nope'), /no plan for host nope/);

  const before = await readFleetLicensing(inventory, intent);
  t.same(before, { devices: 3, configured: 0, authorized: 0, unreadable: 0, others: { 'unregistered/evaluation': 3 }, cssmInstances: 0 }, 'nothing done yet');

  const host = inventory.resolveHosts('ncs560-1')[0]!;
  const device = await openDevice(host);
  try {
    await device.configure(intent);
  } finally {
    await device.close();
  }
  const configuredOnly = await readFleetLicensing(inventory, intent, 2);
  t.match(configuredOnly, { configured: 1, authorized: 0, cssmInstances: 0 }, 'configured is not registered');
});
