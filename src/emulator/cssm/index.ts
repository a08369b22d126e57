/** The CSSM emulator: REST API, OAuth, device call-home endpoint, TLS, proxy, fault knobs. */
export {
  startCssm,
  CISCO_TAC_URL,
  type CssmEmulator,
  type CssmEmulatorOptions,
  type CssmStats,
  type EmulatorToken,
  type InstanceQuery,
  type ProductInstanceView,
} from './server.js';
export {
  DEVICE_PROTOCOL_VERSION,
  DEVICE_MESSAGE_TYPES,
  isDevicePath,
  parseDeviceMessage,
  syncLostMessage,
  type AuthorizationReply,
  type DeregisterReply,
  type DeviceFailureCode,
  type DeviceMessage,
  type DeviceMessageType,
  type DeviceReply,
  type DeviceUsage,
  type EntitlementAuthorization,
  type EntitlementReply,
  type FailureReply,
  type IdCertificate,
  type ParsedDeviceMessage,
  type RegisterReply,
  type RenewAuthReply,
  type RenewIdReply,
  type SuccessReply,
} from './device-protocol.js';
export { AUTHORIZATION_PERIOD_DAYS } from './device-service.js';
export { CssmFaults, type FaultScope, type FaultSnapshot, type UnreachableMode } from './faults.js';
export { startProxy, type HttpProxy, type ProxyOptions, type ProxyStats } from './proxy.js';
export { type Endpoint, type Resolve, type ResolverEntry } from './resolver.js';
export {
  CISCO_HOSTS,
  generateCssmTls,
  rejectedServerCertificate,
  type CssmTlsMaterial,
  type Fingerprints,
  type TlsOptions,
  type RejectedCertificate,
} from './tls.js';
export {
  DEFAULT_SMART_ACCOUNTS,
  ENTITLEMENTS,
  LAB_POOL,
  LAB_USE_PER_DEVICE,
  labSmartAccounts,
  findEntitlement,
  type EntitlementInfo,
  type LicenseSeed,
  type SmartAccountSeed,
  type VirtualAccountSeed,
} from './seed.js';
export { entitlementKey, udiText, type CssmState, type TokenStatus, type Udi, type UsageEntry } from './model.js';
export { TOKEN_DEFAULT_DAYS, TOKEN_MAX_DAYS, TOKEN_MIN_DAYS, ID_CERT_VALIDITY_DAYS, type CreateTokenInput, type LicenseUsage } from './store.js';
export { type PathFamily } from './api-routes.js';
export { OAUTH_TOKEN_PATHS, ACCESS_TOKEN_TTL_SECONDS } from './oauth.js';
