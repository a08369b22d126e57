/**
 * `netconfLicensing()`: the Smart Licensing hooks of `netconfExtension` — the platform's actions (licensing-rpcs.ts)
 * and its Smart Agent state in `<get>` (xe-licensing-state.ts, xr-licensing-state.ts), both on the agent that
 * `smartAgentExtension` runs on the device, so NETCONF and the CLI act on and show the same agent.
 *
 *   const lab = await startLab({
 *     devices: 2,
 *     extensions: (network) => [smartAgentExtension({ network }), netconfExtension(netconfLicensing())],
 *   });
 *
 * A device without a running agent answers the actions `notenabled` and serves no licensing state.
 */
import type { EmulatedDevice } from '../../device/types.js';
import type { RpcRegistration, StateProvider } from '../../netconf/types.js';
import type { SmartAgentSnapshot } from '../agent-state.js';
import { smartAgentOf } from '../agent-registry.js';
import type { RenderContext } from '../license-words.js';
import { licensingRpcs } from './licensing-rpcs.js';
import { renderXeLicensingState } from './xe-licensing-state.js';
import { renderXrLicensingState } from './xr-licensing-state.js';
import type { XmlNode } from '../../../netconf/xml.js';

export interface NetconfLicensingHooks {
  readonly rpcs: (device: EmulatedDevice) => readonly RpcRegistration[];
  readonly state: (device: EmulatedDevice) => StateProvider | undefined;
}

/** The licensing state container of the device's platform, from a snapshot of its agent. */
export function renderLicensingState(snapshot: SmartAgentSnapshot, ctx: RenderContext): XmlNode {
  return ctx.platform === 'ios-xe' ? renderXeLicensingState(snapshot, ctx) : renderXrLicensingState(snapshot, ctx);
}

export function netconfLicensing(): NetconfLicensingHooks {
  return {
    rpcs: (device) => licensingRpcs(device),
    state: (device) => () => {
      const agent = smartAgentOf(device);
      if (agent === undefined) return [];
      return [renderLicensingState(agent.snapshot(), { platform: device.platform, model: device.model, identity: device.identity })];
    },
  };
}
