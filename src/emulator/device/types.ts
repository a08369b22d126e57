/**
 * The public surface of an emulated device, for tests, the `smartlic emulate` verb and the layers that plug
 * into devices (Smart Agent, NETCONF). See `extension.ts` for how those layers register themselves.
 */
import type { ServerChannel } from 'ssh2';
import type { DeviceModel } from '../../inventory/types.js';
import type { PlatformId } from '../../platforms/types.js';
import type { CommandDefinition, ConfigLineDefinition } from './cli/command.js';
import type { CommandLog } from './command-log.js';
import type { ConfigChange } from './config/ops.js';
import type { CommitRecord, CommitResult, ConfigListener, ConfigSource, ConfigValidator } from './config/store.js';
import type { ConfigNode } from './config/tree.js';
import type { FaultKnobs } from './faults.js';
import type { DeviceIdentity } from './identity.js';
import type { AuthLog } from './ssh/auth-log.js';
import type { SyslogBuffer } from './syslog.js';
import type { Timers } from './timers.js';

export interface DeviceUser {
  readonly username: string;
  readonly password?: string;
  /** Authorised public keys, OpenSSH one-line form (`ssh-ed25519 AAAA… comment`). */
  readonly publicKeys?: readonly string[];
  /** 15 (default) lands in privileged exec (`Router#`); lower lands in IOS-XE user exec (`Router>`). */
  readonly privilege?: number;
}

export interface ConfigEdit {
  readonly op: 'set' | 'delete';
  /** Block lines from the root (`['call-home', 'profile CiscoTAC-1']`), [] for global lines. */
  readonly path: readonly string[];
  /** The line as typed in that sub-mode (`destination transport-method http`). */
  readonly line: string;
}

export interface ApplyOptions {
  readonly user?: string;
  readonly source?: ConfigSource;
  readonly label?: string;
  readonly comment?: string;
  /** Refuse lines the grammar does not know (rejected with the CLI's error text) instead of keeping them as text. */
  readonly strict?: boolean;
  /** Check only: run the grammar and the validators, report what would change, change nothing. */
  readonly dryRun?: boolean;
}

/** Reading and changing a device's configuration from code (tests, NETCONF, the Smart Agent). */
export interface DeviceConfig {
  /** The running configuration tree (frozen; a new snapshot after each change). */
  running(): ConfigNode;
  /** `show running-config` exactly as the device prints it, lines joined by `\n`. */
  runningText(): string;
  /** IOS-XE startup configuration; undefined on IOS-XR. */
  startup(): ConfigNode | undefined;
  /** The node at a path of block lines (`['call-home', 'profile "CiscoTAC-1"']` on IOS-XE), or undefined. */
  find(path: readonly string[]): ConfigNode | undefined;
  /**
   * Applies configuration text (indented one space per level, as printed) through the same grammar as the CLI,
   * the validators and the change listeners, as one change (one commit on IOS-XR).
   */
  apply(text: string, options?: ApplyOptions): CommitResult;
  /** Structured edits (NETCONF): set or delete lines under block paths, as one change. */
  edit(edits: readonly ConfigEdit[], options?: ApplyOptions): CommitResult;
  /** Told about every change (CLI line on IOS-XE, commit on IOS-XR, rollback, NETCONF, SDK). */
  onChange(listener: ConfigListener): () => void;
  /** Refuses changes: IOS-XE at entry (the message is the line's output), IOS-XR at commit. */
  addValidator(validator: ConfigValidator): () => void;
  /** IOS-XR commit history, newest first. */
  commits(): readonly CommitRecord[];
  readonly lastChange: { readonly at: number; readonly user: string } | undefined;
}

export interface SubsystemSession {
  readonly device: EmulatedDevice;
  readonly subsystem: string;
  readonly username: string;
  readonly remoteAddress: string;
  /** The port the client connected to (the CLI port or `netconfPort`). */
  readonly port: number;
  /** Drops the TCP connection abruptly (fault injection). */
  readonly drop: () => void;
}

/** Serves an SSH subsystem channel (`netconf`): read requests from `channel`, write replies to it. */
export type SubsystemHandler = (channel: ServerChannel, session: SubsystemSession) => void;

export interface EmulatedDevice {
  readonly name: string;
  readonly platform: PlatformId;
  readonly model: DeviceModel;
  readonly identity: DeviceIdentity;
  readonly host: string;
  readonly port: number;
  /** The second SSH port for the `netconf` subsystem, when a handler is registered at start. */
  readonly netconfPort: number | undefined;
  /** `SHA256:…` of the host key standard clients negotiate (see host-key.ts). */
  readonly hostKeyFingerprint: string;
  /** Every host key offered, `SHA256:…`. */
  readonly hostKeyFingerprints: readonly string[];
  /** The configured hostname (`Router`, `ios` by default). */
  readonly hostname: string;
  readonly users: readonly DeviceUser[];
  readonly config: DeviceConfig;
  readonly commandLog: CommandLog;
  /** Connections accepted and authentication requests received, over the CLI and NETCONF ports. */
  readonly authLog: AuthLog;
  readonly syslog: SyslogBuffer;
  readonly faults: FaultKnobs;
  readonly timers: Timers;
  /** Adds commands / configuration lines to this device's grammar; returns a function that removes them. */
  registerCommands(commands: readonly CommandDefinition[], configLines?: readonly ConfigLineDefinition[]): () => void;
  registerSubsystem(name: string, handler: SubsystemHandler): () => void;
  /** Number of open SSH connections. */
  readonly connections: number;
  /**
   * Reloads the device: every connection dropped (SSH refused while it is down), the exclusive lock and NETCONF
   * locks gone, each extension's `reboot` hook (the Smart Agent restarts from what a device persists, NETCONF
   * rolls back an unconfirmed commit), then IOS-XE back at its startup configuration (unsaved changes lost),
   * IOS-XR keeping its commits (an unconfirmed `commit confirmed` rolled back), the logging buffer cleared.
   * Resolves when SSH answers again, `downMs` later on the device clock.
   */
  reboot(options?: { readonly downMs?: number }): Promise<void>;
  close(): Promise<void>;
}

export type { ConfigChange };
