/** NETCONF client (RFC 6241): session, operations, pure request builders, replies, capabilities, XML trees. */
export { NetconfClient, type NetconfGetOptions } from './client.js';
export { NetconfSession, type NetconfSessionOptions, type RpcOptions } from './session.js';
export {
  applyConfigTransaction,
  type ConfigTransactionOptions,
  type ConfigTransactionResult,
  type LockRetryOptions,
} from './transaction.js';
export {
  buildGet,
  buildGetConfig,
  buildEditConfig,
  buildCopyConfig,
  buildDeleteConfig,
  buildLock,
  buildUnlock,
  buildCommit,
  buildCancelCommit,
  buildDiscardChanges,
  buildValidate,
  buildCloseSession,
  buildKillSession,
  buildCustomRpc,
  renderRpc,
  withOperation,
  toXmlNodes,
  DATASTORE_NAMES,
  EDIT_OPERATIONS,
  DEFAULT_OPERATIONS,
  TEST_OPTIONS,
  ERROR_OPTIONS,
  type DatastoreName,
  type EditOperation,
  type DefaultOperation,
  type TestOption,
  type ErrorOption,
  type XmlContent,
  type SubtreeFilter,
  type XPathFilter,
  type NetconfFilter,
  type EditConfigOptions,
  type CommitOptions,
  type ConfigSource,
} from './requests.js';
export { parseRpcReply, readRpcReply, isRpcReply, assertRpcOk, type RpcReply } from './reply.js';
export { readRpcError, renderRpcError, type RpcErrorTag, type RpcErrorType } from './rpc-error.js';
export { buildHello, parseHello, readHello, negotiateFraming, type Hello } from './hello.js';
export {
  describeCapabilities,
  hasCapability,
  parseModuleCapability,
  preferredEditTarget,
  type NetconfFeatures,
  type ModuleCapability,
} from './capabilities.js';
export {
  NETCONF_BASE_NS,
  NETCONF_NOTIFICATION_NS,
  YANG_XML_NS,
  BASE_1_0,
  BASE_1_1,
  CAPABILITY,
  type CapabilityName,
} from './namespaces.js';
export {
  xmlElement,
  withXml,
  parseXml,
  parseXmlFragment,
  renderXml,
  findChild,
  findChildren,
  childText,
  getAttribute,
  selectPath,
  xmlEqual,
  type XmlNode,
  type XmlAttribute,
  type XmlElementInit,
  type RenderOptions,
} from './xml.js';
