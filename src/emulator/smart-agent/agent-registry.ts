/** Which Smart Agent runs on which emulated device (set by the extension at attach, cleared at close). */
import type { EmulatedDevice } from '../device/types.js';
import type { SmartAgent } from './smart-agent.js';

const agents = new WeakMap<EmulatedDevice, SmartAgent>();

export function bindAgent(device: EmulatedDevice, agent: SmartAgent): void {
  agents.set(device, agent);
}

export function unbindAgent(device: EmulatedDevice, agent: SmartAgent): void {
  if (agents.get(device) === agent) agents.delete(device);
}

/** The Smart Agent of a device started with `smartAgentExtension()`, or undefined. */
export function smartAgentOf(device: EmulatedDevice): SmartAgent | undefined {
  return agents.get(device);
}
