/** XML namespaces and capability URNs of NETCONF (RFC 6241, RFC 6242, RFC 5277) and YANG (RFC 7950). */

export const NETCONF_BASE_NS = 'urn:ietf:params:xml:ns:netconf:base:1.0';
export const NETCONF_NOTIFICATION_NS = 'urn:ietf:params:xml:ns:netconf:notification:1.0';
/** Namespace of the YANG `insert` / `key` / `value` attributes of ordered-by-user lists. */
export const YANG_XML_NS = 'urn:ietf:params:xml:ns:yang:1';

export const BASE_1_0 = 'urn:ietf:params:netconf:base:1.0';
export const BASE_1_1 = 'urn:ietf:params:netconf:base:1.1';

/** The standard capabilities this package knows, by short name. */
export const CAPABILITY = {
  writableRunning: 'urn:ietf:params:netconf:capability:writable-running:1.0',
  candidate: 'urn:ietf:params:netconf:capability:candidate:1.0',
  confirmedCommit: 'urn:ietf:params:netconf:capability:confirmed-commit:1.1',
  rollbackOnError: 'urn:ietf:params:netconf:capability:rollback-on-error:1.0',
  validate: 'urn:ietf:params:netconf:capability:validate:1.1',
  startup: 'urn:ietf:params:netconf:capability:startup:1.0',
  xpath: 'urn:ietf:params:netconf:capability:xpath:1.0',
  url: 'urn:ietf:params:netconf:capability:url:1.0',
  notification: 'urn:ietf:params:netconf:capability:notification:1.0',
} as const;

export type CapabilityName = keyof typeof CAPABILITY;
