/**
 * The emulated devices' Smart Agent: the extension, the agent's programmatic API, its state, its seam to the network,
 * and its licensing actions and state over NETCONF (`netconfLicensing()`, hooks for `netconfExtension`).
 */
export { smartAgentExtension, type SmartAgentExtensionOptions } from './extension.js';
export { smartAgentOf } from './agent-registry.js';
export { SmartAgent, AUTH_RENEWAL_FAILURE_RETRY_MS, ID_RENEWAL_FAILURE_RETRY_MS, type SmartAgentConfig } from './smart-agent.js';
export type {
  SmartAgentSnapshot,
  AgentRegistration,
  AgentRegistrationStatus,
  AgentAuthorization,
  AgentAuthorizationStatus,
  AgentEvaluation,
  AgentEntitlement,
  AgentAttempt,
  AgentIdCertificate,
  AgentFailure,
  AgentOperation,
  AgentRefusal,
  AgentRequestResult,
  AgentDeregisterResult,
  CallHomeCounters,
  CallHomeMessageSubtype,
} from './agent-state.js';
export { entitlementUsage, ncs1004LineCards, SEED_NCS560_CHASSIS, SEED_NCS1004_USAGE, type EntitlementUse, type UsageInputs } from './entitlement-usage.js';
export type { CallHomeNetwork, CallHomeOutcome, CallHomeFailureCause, CallHomeSendOptions } from './network.js';
export { netconfLicensing, renderLicensingState, type NetconfLicensingHooks } from './netconf/netconf-licensing.js';
export { licensingRpcs, type AgentReturnCode } from './netconf/licensing-rpcs.js';
export { renderXeLicensingState } from './netconf/xe-licensing-state.js';
export { renderXrLicensingState } from './netconf/xr-licensing-state.js';
