export { connect, sshOptionsOf, type SessionTarget, type SessionOptions, type SessionTimeouts } from './connect.js';
export { connectNetconf, platformFromCapabilities, DEFAULT_NETCONF_PORT } from './netconf/connect-netconf.js';
export { NetconfConnection } from './netconf/netconf-connection.js';
export { netconfLicensingStatus, readNetconfLicenseStatus } from './netconf/netconf-licensing-status.js';
export { readLicensingStateXml, findLicensingState } from './netconf/licensing-state-xml.js';
export { buildLicensingRpc, showLicensingRpc, licensingStateFilter, type LicensingRpcRequest } from './netconf/licensing-rpc.js';
export { readActionReply, judgeActionReply, type ActionReply, type ActionVerdict } from './netconf/action-reply.js';
export { licensingLinkOf, type LicensingTarget, type LicensingLink, type SentRequest } from './licensing-link.js';
export { Session } from './session.js';
export { Device, openDevice, type OpenDeviceOptions, type DeviceConfigureOptions } from './device.js';
export { register, type RegisterOptions, type RegistrationResult } from './register.js';
export { renewId, renewAuth, type RenewOptions } from './renew.js';
export { deregister, type DeregisterOptions, type DeregistrationResult } from './deregister.js';
export {
  licensingStatus,
  readLicenseStatus,
  readLicensingLog,
  SHOW_LICENSE_STATUS,
  SHOW_LICENSE_SUMMARY,
  SHOW_LICENSE_UDI,
  SHOW_LICENSING_LOG,
  type LicensingStatus,
  type StatusOptions,
} from './licensing-status.js';
export { licensingStateOf, type LicensingState, type AttemptState } from './licensing-state.js';
export {
  runLicensingOperation,
  type LicensingResult,
  type OperationOptions,
  type OperationSpec,
  type OperationCommand,
  type ToleratedFailure,
} from './licensing-operation.js';
export {
  operationProgress,
  needsSyslog,
  isSettledAuthorization,
  holdsNoRegistration,
  type LicensingOperation,
  type OperationProgress,
  type ProgressInput,
} from './operation-progress.js';
export {
  observeLicensing,
  observeSyslog,
  newSyslogEvents,
  type LicensingObservation,
  type AttemptObservation,
  type SyslogEvent,
} from './licensing-observation.js';
export { judgeFailure, licensingErrorOf, type FailureCandidate, type FailureVerdict } from './failure-verdict.js';
export { judgeReply, type ReplyVerdict } from './command-reply.js';
export { validateIdToken, idTokenProblem, ID_TOKEN_MIN_LENGTH, ID_TOKEN_MAX_LENGTH } from './id-token.js';
export {
  pollUntil,
  pollDelay,
  systemSleep,
  DEFAULT_POLL_TIMEOUT_MS,
  DEFAULT_POLL_INTERVAL_MS,
  DEFAULT_MAX_POLL_INTERVAL_MS,
  DEFAULT_BACKOFF_FACTOR,
  MAX_POLLS,
  type PollOptions,
  type PollStep,
  type Sleep,
} from './poll.js';
export {
  applyConfiguration,
  planConfiguration,
  readLicensingState,
  type ApplyConfigurationOptions,
  type ApplyConfigurationResult,
  type ConfigurationPlan,
} from './configure.js';
export {
  applyConfigurationNetconf,
  planConfigurationNetconf,
  readLicensingStateNetconf,
  type ApplyNetconfConfigurationOptions,
  type NetconfConfigurationPlan,
  type NetconfPlanOptions,
  type NetconfReconnect,
} from './configure-netconf.js';
