/**
 * How the layers above plug into emulated devices. An extension contributes grammar (shared by every device
 * of the platform, compiled once), SSH subsystems, and per-device state wired at start:
 *
 *   const smartAgent: DeviceExtension = {
 *     name: 'smart-agent',
 *     commands: (platform) => [
 *       { syntax: 'license smart register idtoken <token:word:secret> [force]', modes: ['privileged-exec'],
 *         run: async (ctx, m) => agents.get(ctx.device)?.register(m.args['token'], m.keywords.has('force')) },
 *     ],
 *     attach: (device) => {
 *       const agent = new SmartAgent(device);           // reads device.config, device.identity, device.timers
 *       agents.set(device, agent);
 *       const stopLock = device.config.addValidator((change) =>
 *         agent.enforced && /^cable upstream /.test(change.line) ? '%ERROR: Smart Licensing enforcement: …' : undefined);
 *       return () => { stopLock(); agent.stop(); };
 *     },
 *   };
 *   await startFleet({ devices: 10, platform: 'mixed', extensions: [smartAgent, netconf] });
 */
import type { PlatformId } from '../../platforms/types.js';
import type { CommandDefinition, ConfigLineDefinition } from './cli/command.js';
import type { EmulatedDevice, SubsystemHandler } from './types.js';

export interface DeviceExtension {
  readonly name: string;
  /** Commands added to a platform's grammar (may override built-ins with `override: true`). */
  readonly commands?: (platform: PlatformId) => readonly CommandDefinition[];
  /** Configuration lines added to a platform's grammar. */
  readonly configLines?: (platform: PlatformId) => readonly ConfigLineDefinition[];
  /**
   * SSH subsystems (`netconf`). A device with a `netconf` handler also listens on a second port (`netconfPort`),
   * as real devices serve NETCONF on 830 as well as 22.
   */
  readonly subsystems?: Readonly<Record<string, SubsystemHandler>>;
  /** Runs once per device after it listens; the returned function runs when the device closes. */
  readonly attach?: (device: EmulatedDevice) => void | (() => void | Promise<void>);
  /**
   * Runs when the device reboots, after its connections dropped and before its configuration reloads (IOS-XE: the
   * startup configuration) and SSH answers again: in-memory state of the extension goes here.
   */
  readonly reboot?: (device: EmulatedDevice) => void | Promise<void>;
}
