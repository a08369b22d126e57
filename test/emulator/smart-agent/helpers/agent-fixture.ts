/**
 * Emulated devices with a Smart Agent in virtual time, brought into each state the agent can be in, for the
 * state-machine and round-trip tests.
 */
import { DAY } from '../../../../src/clock.js';
import type { DeviceModel } from '../../../../src/inventory/types.js';
import { startDevice } from '../../../../src/emulator/device/device.js';
import { ManualTimers } from '../../../../src/emulator/device/timers.js';
import type { EmulatedDevice } from '../../../../src/emulator/device/types.js';
import { smartAgentExtension, type SmartAgentExtensionOptions } from '../../../../src/emulator/smart-agent/extension.js';
import { smartAgentOf } from '../../../../src/emulator/smart-agent/agent-registry.js';
import type { SmartAgent } from '../../../../src/emulator/smart-agent/smart-agent.js';
import type { DeviceMessage } from '../../../../src/emulator/cssm/device-protocol.js';
import type { CallHomeOutcome } from '../../../../src/emulator/smart-agent/network.js';
import { FakeNetwork } from './fake-network.js';

export const START = '2026-03-01T00:00:00Z';
export const TOKEN = 'ZmFrZS10b2tlbi1mb3ItYWdlbnQtdGVzdHM%3D%0AbW9yZQ%3D%3D';

export interface Teardown {
  teardown(fn: () => unknown): void;
}

export interface AgentRig {
  readonly device: EmulatedDevice;
  readonly agent: SmartAgent;
  readonly network: FakeNetwork;
  readonly timers: ManualTimers;
}

/** A network that holds every call home until `release()` (to see REGISTERING). */
export class GatedNetwork extends FakeNetwork {
  #gate: Promise<void>;
  #open: () => void = () => undefined;

  constructor(clock: ManualTimers) {
    super(clock);
    this.#gate = new Promise((resolve) => (this.#open = resolve));
  }

  release(): void {
    this.#open();
  }

  override async send(device: EmulatedDevice, message: DeviceMessage): Promise<CallHomeOutcome> {
    await this.#gate;
    return super.send(device, message);
  }
}

export async function startRig(
  t: Teardown,
  model: DeviceModel,
  options: { readonly network?: (timers: ManualTimers) => FakeNetwork } & Omit<SmartAgentExtensionOptions, 'network'> = {},
): Promise<AgentRig> {
  const timers = new ManualTimers(START);
  const network = options.network?.(timers) ?? new FakeNetwork(timers);
  const device = await startDevice({ model }, { timers, extensions: [smartAgentExtension({ ...options, network })] });
  t.teardown(() => device.close());
  const agent = smartAgentOf(device);
  if (agent === undefined) throw new Error('no agent');
  return { device, agent, network, timers };
}

export type AgentStateName =
  | 'evaluation'
  | 'eval-expired'
  | 'registering'
  | 'authorized'
  | 'out-of-compliance'
  | 'auth-expired'
  | 'registration-failed'
  | 'registration-expired'
  | 'deregistered';

export const AGENT_STATES: readonly AgentStateName[] = [
  'evaluation',
  'eval-expired',
  'registering',
  'authorized',
  'out-of-compliance',
  'auth-expired',
  'registration-failed',
  'registration-expired',
  'deregistered',
];

async function registered(rig: AgentRig): Promise<void> {
  rig.agent.register(TOKEN);
  await rig.agent.idle();
}

/** A device whose agent is in `state` (virtual time moved as needed). */
export async function rigIn(t: Teardown, model: DeviceModel, state: AgentStateName): Promise<AgentRig & { readonly gated?: GatedNetwork }> {
  if (state === 'registering') {
    let gated: GatedNetwork | undefined;
    const rig = await startRig(t, model, { network: (timers) => (gated = new GatedNetwork(timers)) });
    rig.timers.advance(3 * DAY);
    rig.agent.register(TOKEN);
    t.teardown(() => gated?.release());
    return { ...rig, ...(gated === undefined ? {} : { gated }) };
  }
  const rig = await startRig(t, model);
  switch (state) {
    case 'evaluation':
      await rig.timers.advanceAsync(12 * DAY + 3_600_000);
      break;
    case 'eval-expired':
      await rig.timers.advanceAsync(91 * DAY);
      break;
    case 'authorized':
      await rig.timers.advanceAsync(2 * DAY);
      await registered(rig);
      await rig.timers.advanceAsync(5 * DAY);
      break;
    case 'out-of-compliance':
      rig.network.purchased.set(rig.agent.snapshot().entitlements[0]?.shortTag ?? '', 0);
      await registered(rig);
      await rig.timers.advanceAsync(DAY);
      break;
    case 'auth-expired':
      await registered(rig);
      rig.network.script = { kind: 'comm', cause: 'unreachable', detail: 'Connection refused by tools.cisco.com:443' };
      await rig.timers.advanceAsync(91 * DAY);
      break;
    case 'registration-failed':
      rig.network.script = { kind: 'comm', cause: 'dns', detail: 'Failed to resolve host tools.cisco.com: no DNS server configured' };
      await registered(rig);
      await rig.timers.advanceAsync(HOUR_MS);
      break;
    case 'registration-expired':
      await registered(rig);
      rig.network.script = { kind: 'comm', cause: 'unreachable', detail: 'Connection timed out' };
      await rig.timers.advanceAsync(366 * DAY);
      break;
    case 'deregistered':
      await registered(rig);
      await rig.timers.advanceAsync(10 * DAY);
      await rig.agent.deregister();
      await rig.timers.advanceAsync(DAY);
      break;
  }
  return rig;
}

const HOUR_MS = 3_600_000;
