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
