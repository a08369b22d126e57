/**
 * smartlic SDK. Each layer adds its public surface here with explicit re-exports.
 */
export * from './errors.js';
export { Secret, REDACTED, redactText, isSecret, toSecret } from './secret.js';
export { type Clock, systemClock, ManualClock, SECOND, MINUTE, HOUR, DAY } from './clock.js';
export * from './platforms/index.js';
export type * from './licensing/types.js';
export { createLogger, silentLogger, type Logger, type LogLevel, type LoggerOptions } from './log.js';
export type * from './inventory/types.js';
export {
  loadInventory,
  inventoryFromObject,
  resolveSecretRef,
  type LoadedInventory,
  type ResolvedHost,
  type ResolvedCssm,
  type LoadOptions,
} from './inventory/load.js';
export { selectHostNames } from './inventory/patterns.js';
export { validateAgainstSchema, type SchemaName } from './schema/validate.js';
export {
  connectSsh,
  SshConnection,
  ByteStreamSource,
  verifyHostKey,
  defaultKnownHostsFile,
  parseKnownHosts,
  lookupKnownHost,
  knownHostName,
  formatKnownHostLine,
  fingerprintOf,
  normalizeFingerprint,
  type SshConnectOptions,
  type ShellOptions,
  type ByteStream,
  type ByteStreamEnd,
  type HostKeyOptions,
  type VerifiedHostKey,
  type KnownHostEntry,
  type KnownHostVerdict,
  type AuthMethodName,
} from './transport/index.js';
export {
  CliChannel,
  ScriptedStream,
  extractOutput,
  findDeviceFailure,
  renderCommitCommand,
  type CliChannelOptions,
  type CommandResult,
  type ConfigLine,
  type ConfigLineSpec,
  type ConfigOptions,
  type ConfigResult,
  type CliMode,
  type ExpectAnswer,
  type SendOptions,
  type TranscriptStep,
  type ScriptedStreamOptions,
  type DeviceFailure,
} from './channel/cli/index.js';
export { connect, Session, type SessionTarget, type SessionOptions, type SessionTimeouts } from './driver/index.js';
