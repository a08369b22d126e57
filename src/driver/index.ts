export { connect, type SessionTarget, type SessionOptions, type SessionTimeouts } from './connect.js';
export { Session } from './session.js';
export {
  applyConfiguration,
  planConfiguration,
  readLicensingState,
  type ApplyConfigurationOptions,
  type ApplyConfigurationResult,
  type ConfigurationPlan,
} from './configure.js';
