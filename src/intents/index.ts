/** Licensing intents: the desired configuration, its validation, and pure planning against a device's configuration. */
export {
  CISCO_SSM_URL,
  CISCO_TAC_PROFILE,
  type LicensingIntent,
  type DnsIntent,
  type CallHomeIntent,
  type CallHomeProfileIntent,
  type DefaultProfileIntent,
  type DestinationIntent,
  type HttpProxyIntent,
  type DeploymentMode,
  type MessageFormat,
  type TrustIntent,
  type TrustpointIntent,
  type TrustpoolIntent,
  type TrustpoolForm,
  type RevocationCheck,
  type HttpClientIntent,
  type FlexibleConsumptionIntent,
} from './types.js';
export { validateIntent, intentIssues } from './validate-intent.js';
export { resolveIntent, type ResolvedIntent, type ResolvedCallHome, type ResolvedDns, type ResolvedTrustpoint } from './resolve-intent.js';
export {
  effectiveProfile,
  emptyLicensingConfig,
  platformDefaultConfig,
  type LicensingConfig,
  type CallHomeState,
  type CallHomeProfileState,
  type EffectiveProfile,
  type TrustpointState,
  type CaCertificateEntry,
  type NameServer,
  type Explicit,
} from './licensing-config.js';
export { readLicensingConfig, LICENSING_CONFIG_COMMANDS } from './read-config.js';
export { planEdits, isCiscoAddress, flexibleConsumptionIsDefault, type PlanContext } from './plan-edits.js';
export { planRestoreEdits, sameLicensingConfig } from './restore-edits.js';
export { planChange, renderIntent, type ConfigPlan, type RenderOptions } from './render-intent.js';
export { configLinesOf, diffOf, isEmptyDiff, renderDiff, type PlannedEdit, type ConfigDiff, type DiffLine } from './planned-edit.js';
export { parseCaCertificate, caCertificateFromHex, type CaCertificate } from './ca-certificate.js';
export { configAfterEdits } from './config-after-edits.js';
export {
  NETCONF_LICENSING_FILTERS,
  readNetconfLicensingConfig,
  renderConfigTransition,
  netconfIntentIssues,
  validateNetconfIntent,
  planNetconfEdits,
  planNetconfChange,
  renderIntentNetconf,
  type NetconfConfigPlan,
  type NetconfRenderOptions,
} from './netconf-plan.js';
