/**
 * smartlic SDK. Each layer adds its public surface here with explicit re-exports.
 */
export * from './errors.js';
export { Secret, REDACTED, redactText, isSecret, toSecret } from './secret.js';
export { type Clock, systemClock, ManualClock, SECOND, MINUTE, HOUR, DAY } from './clock.js';
export * from './platforms/index.js';
export type * from './licensing/types.js';
