/**
 * The emulator SDK: emulated IOS-XE / IOS-XR devices over real SSH (`startDevice`, `startFleet`), the extension
 * points the Smart Agent and NETCONF layers plug into, the devices' call-home network and the lab that runs
 * devices, CSSM and a proxy together (`startLab`).
 */
export { startDevice, type DeviceSpec, type DeviceOptions } from './device/device.js';
export { startFleet, fleetModels, type Fleet, type FleetOptions, type FleetPlatform } from './device/fleet.js';
export type {
  EmulatedDevice,
  DeviceConfig,
  DeviceUser,
  ConfigEdit,
  ApplyOptions,
  SubsystemHandler,
  SubsystemSession,
  ConfigChange,
} from './device/types.js';
export type { DeviceExtension } from './device/extension.js';
export type {
  CommandDefinition,
  ConfigLineDefinition,
  CommandContext,
  CommandMatch,
  CommandKind,
  SessionView,
  SessionControl,
  TerminalSettings,
  AskOptions,
  Negation,
  ConfigOpContext,
  CandidateSession,
  CandidateView,
} from './device/cli/command.js';
export { CliInputError, type InputErrorKind } from './device/cli/error-text.js';
export type { ModeId, ModeSelector, ModeDefinition, ModeLevel } from './device/modes.js';
export type { ConfigNode } from './device/config/tree.js';
export { toIndentedLines } from './device/config/tree.js';
export type { ConfigOp, ProposedChange, ChangeKind } from './device/config/ops.js';
export type {
  ConfigChangeEvent,
  ConfigValidator,
  ValidationContext,
  ConfigListener,
  ConfigSource,
  CommitResult,
  CommitRecord,
  RejectedOp,
} from './device/config/store.js';
export { CommandLog, type CommandLogEntry, type CommandLogKind, type CommandOutcome } from './device/command-log.js';
export { AuthLog, type AuthAttempt } from './device/ssh/auth-log.js';
export { SyslogBuffer, syslogMessage, type SyslogEntry, type SyslogSeverity } from './device/syslog.js';
export { FaultKnobs, type FaultSettings } from './device/faults.js';
export { ManualTimers, systemTimers, type Timers, type TimerHandle, type VirtualTimers } from './device/timers.js';
export { ScaledTimers, type ScaledTimersOptions } from './device/scaled-timers.js';
export {
  generateHostKeys,
  loadHostKeys,
  describeHostKey,
  hostKeySet,
  type HostKey,
  type HostKeySet,
} from './device/host-key.js';
export { MODEL_PROFILES, DEVICE_MODELS, udiOf, type DeviceIdentity, type ModelProfile } from './device/identity.js';
export {
  CISCO_TAC_DEFAULT_URL,
  callHomeProfiles,
  profileView,
  type CallHomeProfileView,
} from './device/platforms/call-home-profile.js';
export { xrTimestamp } from './device/device-time.js';
export { startLab, LAB_PROXY_ADDRESS, type Lab, type LabOptions, type LabProxyOptions } from './lab.js';
export type { CallHomeNetwork, CallHomeOutcome, CallHomeSendOptions, CallHomeFailureCause } from './smart-agent/network.js';
export { emulatorNetwork, type EmulatorNetwork, type EmulatorNetworkOptions, type CallHomeNetworkStats } from './smart-agent/emulator-network.js';
export {
  callHomeFailure,
  CALL_HOME_FAILURE_PREFIX,
  type CallHomeProblem,
  type CallHomeProblemKind,
  type AddressFamily,
} from './smart-agent/call-home-failure.js';
export { callHomeRoute, parseDestination, type CallHomeRoute, type CallHomeRouteResult, type CallHomeDestination, type HostPort } from './smart-agent/call-home-route.js';
