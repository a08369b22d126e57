/**
 * `smartAgentExtension()`: plugs a Smart Agent into every device of a fleet (`startDevice` / `startFleet`
 * `extensions`). Each device gets its agent at start (`smartAgentOf(device)`), the exec and show commands of
 * agent-commands.ts, and on a cBR-8 the enforcement validator; closing the device stops the agent.
 *
 *   const network: CallHomeNetwork = …;   // the real one resolves DNS, proxy and TLS from the running config
 *   const fleet = await startFleet({ devices: 3, platform: 'mixed', timers, extensions: [smartAgentExtension({ network })] });
 *   smartAgentOf(fleet.devices[0]!)?.register(token);
 */
import { DAY } from '../../clock.js';
import { InvalidArgumentError } from '../../errors.js';
import type { Ncs560Chassis } from '../../licensing/ncs560-consumption.js';
import type { DeviceExtension } from '../device/extension.js';
import type { EmulatedDevice } from '../device/types.js';
import { bindAgent, smartAgentOf, unbindAgent } from './agent-registry.js';
import { smartAgentCommands } from './agent-commands.js';
import { enforcementValidator } from './cbr8-enforcement.js';
import { entitlementUsage, type EntitlementUse } from './entitlement-usage.js';
import type { CallHomeNetwork } from './network.js';
import { SmartAgent } from './smart-agent.js';

export interface SmartAgentExtensionOptions {
  /** How the agents call home (the call-home configuration, DNS, proxy, TLS, HTTP to CSSM). */
  readonly network: CallHomeNetwork;
  /** Days of the 90-day evaluation already used when a device starts (default 0), per device or for all. */
  readonly evaluationUsedDays?: number | ((device: EmulatedDevice) => number);
  /**
   * Replaces the consumption computed from the configuration (entitlement-usage.ts) for the devices it answers
   * (return undefined to keep the computed one).
   */
  readonly usage?: (device: EmulatedDevice) => readonly EntitlementUse[] | undefined;
  /** NCS 560 chassis hardware (default: the seed's NCS560-4, 001:843-875). */
  readonly ncs560Chassis?: Omit<Ncs560Chassis, 'vrfCount'>;
  /** Errors an agent survived. */
  readonly onError?: (error: unknown) => void;
}

function evaluationUsedMs(options: SmartAgentExtensionOptions, device: EmulatedDevice): number {
  const days = typeof options.evaluationUsedDays === 'function' ? options.evaluationUsedDays(device) : (options.evaluationUsedDays ?? 0);
  if (!Number.isFinite(days) || days < 0) throw new InvalidArgumentError('evaluationUsedDays', `must be a number of days ≥ 0, got ${days} for ${device.name}`);
  return days * DAY;
}

export function smartAgentExtension(options: SmartAgentExtensionOptions): DeviceExtension {
  if (options === null || typeof options !== 'object' || typeof options.network?.send !== 'function') {
    throw new InvalidArgumentError('network', 'smartAgentExtension needs a CallHomeNetwork (an object with send(device, message))');
  }
  const { evaluationUsedDays } = options;
  if (typeof evaluationUsedDays === 'number' && (!Number.isFinite(evaluationUsedDays) || evaluationUsedDays < 0)) {
    throw new InvalidArgumentError('evaluationUsedDays', `must be a number of days ≥ 0, got ${evaluationUsedDays}`);
  }
  return {
    name: 'smart-agent',
    commands: (platform) => smartAgentCommands(platform),
    reboot: (device) => smartAgentOf(device)?.restart(),
    attach: (device) => {
      const usage = (): readonly EntitlementUse[] =>
        options.usage?.(device) ??
        entitlementUsage(device.model, device.config.running(), options.ncs560Chassis === undefined ? {} : { ncs560Chassis: options.ncs560Chassis });
      const agent = new SmartAgent(device, {
        network: options.network,
        evaluationUsedMs: evaluationUsedMs(options, device),
        usage,
        ...(options.onError === undefined ? {} : { onError: options.onError }),
      });
      bindAgent(device, agent);
      const unlock = device.model === 'cBR-8' ? device.config.addValidator(enforcementValidator(agent)) : undefined;
      return async () => {
        unlock?.();
        unbindAgent(device, agent);
        await agent.stop();
      };
    },
  };
}
