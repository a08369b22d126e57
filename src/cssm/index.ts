/** CSSM REST API client. */
export { CssmClient, type CssmClientOptions, type CssmAccount } from './client.js';
export { createCaFetch } from './ca-fetch.js';
export { APX_PREFIX, LEGACY_PREFIX, apiBase, defaultTokenUrl } from './paths.js';
export type {
  ComplianceStatus,
  CreateTokenOptions,
  CssmLicense,
  CssmPathFamily,
  CssmProductInstance,
  CssmToken,
  CssmVirtualAccount,
  FetchLike,
  ProductInstanceQuery,
  RemoveInstanceResult,
  RevokeResult,
  TokenState,
} from './types.js';
