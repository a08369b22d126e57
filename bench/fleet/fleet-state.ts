/**
 * What the fleet benchmarks read from the emulated world outside the timed runs: the configuration plan of the
 * onboarding intent for each model (read-only, so the Ansible playbook types the lines smartlic would), and after
 * a contender ran, whether every device really ended configured as the intent says, registered and authorized —
 * read back from the devices and counted in CSSM as product instances.
 */
import { runOnHosts } from '../../src/cli/host-runner.js';
import { CssmClient } from '../../src/cssm/client.js';
import { openDevice } from '../../src/driver/device.js';
import type { LicensingIntent } from '../../src/intents/types.js';
import type { LoadedInventory } from '../../src/inventory/load.js';
import type { ConfigurationPlan } from './ansible.js';

export interface ModelPlans {
  /** Distinct plans by key (`cbr8`, `ncs560+ncs1004` when those two plan the same lines). */
  readonly plans: ReadonlyMap<string, ConfigurationPlan>;
  readonly keyOf: (host: string) => string;
}

/** Plans `intent` on the first device of each model (over the CLI, nothing sent but show commands). */
export async function planPerModel(inventory: LoadedInventory, intent: LicensingIntent): Promise<ModelPlans> {
  const hosts = inventory.resolveHosts('all');
  const byModel = new Map<string, typeof hosts>();
  for (const host of hosts) {
    const model = host.model ?? host.platform ?? 'unknown';
    byModel.set(model, [...(byModel.get(model) ?? []), host]);
  }
  const keyByModel = new Map<string, string>();
  const plans = new Map<string, ConfigurationPlan>();
  const keyByPlan = new Map<string, string>();
  for (const [model, members] of byModel) {
    const first = members[0]!;
    const device = await openDevice(first, { transport: 'cli' });
    let plan: ConfigurationPlan;
    try {
      const planned = await device.plan(intent);
      if (!('edits' in planned)) throw new Error(`${first.name}: the CLI plan has no edits`);
      plan = { platform: device.platform, edits: planned.edits };
    } finally {
      await device.close();
    }
    const signature = JSON.stringify(plan);
    const group = model.toLowerCase().replace(/[^a-z0-9]/g, '');
    const known = keyByPlan.get(signature);
    if (known === undefined) {
      keyByPlan.set(signature, group);
      plans.set(group, plan);
      keyByModel.set(model, group);
    } else {
      const merged = `${known}+${group}`;
      plans.set(merged, plans.get(known)!);
      plans.delete(known);
      keyByPlan.set(signature, merged);
      for (const [m, k] of keyByModel) if (k === known) keyByModel.set(m, merged);
      keyByModel.set(model, merged);
    }
  }
  const modelOf = new Map(hosts.map((h) => [h.name, h.model ?? h.platform ?? 'unknown']));
  return {
    plans,
    keyOf: (host) => {
      const key = keyByModel.get(modelOf.get(host) ?? '');
      if (key === undefined) throw new Error(`no plan for host ${host}`);
      return key;
    },
  };
}

export interface FleetLicensing {
  readonly devices: number;
  /** Devices whose licensing configuration, read back, already is the intent's (planning it finds no edit). */
  readonly configured: number;
  /** Devices whose `show license status` says REGISTERED and AUTHORIZED. */
  readonly authorized: number;
  /** Devices that could not be read, by error. */
  readonly unreadable: number;
  /** Registration / authorization of the devices that are not both, counted (`registered/out-of-compliance: 3`). */
  readonly others: Readonly<Record<string, number>>;
  /** Product instances in the CSSM virtual account. */
  readonly cssmInstances: number;
}

/**
 * Reads every device back (`forks` sessions at a time): its licensing configuration against `intent` and its
 * licensing state; then counts CSSM's product instances.
 */
export async function readFleetLicensing(inventory: LoadedInventory, intent: LicensingIntent, forks = 20): Promise<FleetLicensing> {
  const hosts = inventory.resolveHosts('all');
  const outcomes = await runOnHosts(hosts, { forks }, async (device) => {
    const plan = await device.plan(intent);
    return { pendingEdits: plan.edits.length, status: await device.status() };
  });
  const others: Record<string, number> = {};
  let configured = 0;
  let authorized = 0;
  let unreadable = 0;
  for (const outcome of outcomes) {
    if (!outcome.ok) {
      unreadable++;
      continue;
    }
    if (outcome.value.pendingEdits === 0) configured++;
    const { registration, authorization } = outcome.value.status.state;
    if (registration === 'registered' && authorization === 'authorized') authorized++;
    else others[`${registration}/${authorization}`] = (others[`${registration}/${authorization}`] ?? 0) + 1;
  }
  if (inventory.cssm === undefined) throw new Error(`${inventory.file} has no cssm entry`);
  const cssm = CssmClient.fromAccount(inventory.cssm, { pageSize: 500 });
  const instances = await cssm.listProductInstances();
  return { devices: hosts.length, configured, authorized, unreadable, others, cssmInstances: instances.length };
}
