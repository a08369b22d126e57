/**
 * An emulated OS is data: its modes, prompt shape, command and configuration-line definitions, how it orders
 * and prints its configuration, and its model-specific texts. `xe.ts` and `xr.ts` each export one.
 */
import type { PlatformId } from '../../../platforms/types.js';
import type { ArgContext } from '../cli/arg-types.js';
import type { CommandDefinition, ConfigLineDefinition } from '../cli/command.js';
import type { ConfigNode } from '../config/tree.js';
import type { DeviceIdentity } from '../identity.js';
import type { ModeDefinition, ModeId } from '../modes.js';

/** What the running-configuration header needs besides the tree. */
export interface ConfigMeta {
  readonly version: string;
  /** Last change: epoch ms and user, when the configuration changed since boot. */
  readonly lastChange?: { readonly at: number; readonly user: string };
  /** Last save to startup (IOS-XE `write memory`). */
  readonly lastSave?: { readonly at: number; readonly user: string };
}

export interface EmulatorPlatform {
  readonly id: PlatformId;
  readonly modes: readonly ModeDefinition[];
  /** Global configuration mode. */
  readonly configRoot: ModeId;
  /** The mode a session starts in: IOS-XE `Router>` for privilege < 15, otherwise privileged exec. */
  initialMode(privilege: number): ModeId;
  /** The privileged exec mode (where `end` returns to). */
  readonly execMode: ModeId;
  readonly argContext: ArgContext;
  readonly commands: readonly CommandDefinition[];
  readonly configLines: readonly ConfigLineDefinition[];
  /** IOS-XR: configuration goes to a candidate until `commit`. */
  readonly candidate: boolean;
  /** IOS-XR: timestamp line before exec output. */
  readonly execTimestamps: boolean;
  /** Where a top-level line sorts in the running configuration. */
  topLevelOrder(line: string): number;
  prompt(hostname: string, mode: ModeDefinition): string;
  /** The hostname configured in a tree (the platform default when none is). */
  hostnameOf(tree: ConfigNode): string;
  /** The factory configuration of a device, as indented text (parsed through the grammar at start). */
  defaultConfig(identity: DeviceIdentity, hostname: string | undefined): string;
  /** `show running-config` body lines (header … `end`), without pipes. */
  renderRunning(tree: ConfigNode, meta: ConfigMeta): string[];
}
