/** The emulator's NETCONF server engine: sessions, shared device state, generic XML-tree datastore operations. */
export { serveNetconf, type ServeNetconfOptions, type NetconfServerSession } from './server.js';
export {
  NetconfDevice,
  EXTERNAL_LOCK_HOLDER,
  type NetconfDeviceOptions,
  type EditRequest,
  type SessionHandle,
  type PendingConfirmedCommit,
} from './device.js';
export { MemoryDatastore } from './memory-datastore.js';
export type {
  Datastore,
  DatastoreWrite,
  ExternalLocks,
  NetconfProfile,
  YangModuleRef,
  RpcContext,
  RpcHandler,
  RpcRegistration,
  StateProvider,
  ConfigValidator,
  Timers,
  MaybePromise,
} from './types.js';
export { IOS_XE_NETCONF_PROFILE, IOS_XR_NETCONF_PROFILE, netconfProfileFor } from './profiles.js';
export { IOS_XE_YANG_MODULES, IOS_XR_YANG_MODULES, SMARTLIC_YANG_MODULES, DEVICE_SCHEMA_HINTS } from './device-schema.js';
export { SchemaIndex, schemaPath, mergeSchemaHints, EMPTY_SCHEMA, type SchemaHints, type SchemaNodeKind } from './schema.js';
export { applyEditToTree, mergeTrees, type EditTreeOptions, type EditTreeResult } from './edit-tree.js';
export { applySubtreeFilter, type Selection } from './subtree-filter.js';
export { applyXPathFilter } from './xpath-filter.js';
export { rpcFailure, rpcErrorInfo, type RpcFailureDetails } from './rpc-failure.js';
export { runOperation, type OperationContext, type OperationResult } from './operations.js';
export { netconfExtension, CISCO_IA_NS, type NetconfExtension, type NetconfExtensionOptions } from './netconf-extension.js';
export { DeviceDatastore, type DeviceDatastoreOptions } from './binding/device-datastore.js';
export type { ConfigBinding } from './binding/config-binding.js';
export type { BoundEdit } from './binding/config-lines.js';
export {
  iosXeBinding,
  type XeSettings,
  type XeTacProfile,
  type XeUserProfile,
  type XeTrustpoint,
} from './binding/ios-xe-binding.js';
export { iosXrBinding } from './binding/ios-xr-binding.js';
export type { XrSettings, XrCallHome, XrProfile, XrDomain, XrCrypto, XrTrustpoint } from './binding/ios-xr-settings.js';
export { XR_CALL_HOME_NS, XR_IP_DOMAIN_NS, XR_CEPKI_NS } from './binding/ios-xr-native.js';
