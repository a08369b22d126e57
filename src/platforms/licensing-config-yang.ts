/**
 * The YANG modules each platform keeps the licensing configuration in (DNS, call-home, HTTP client, PKI, Flexible
 * Consumption): the namespaces the driver writes its `<edit-config>` in and the emulator's datastore serves.
 *
 * - IOS-XE (17.12 shapes, YANG-PATHS.md §1-3): Cisco-IOS-XE-native with its call-home, http and crypto augments.
 * - IOS-XR (YANG-PATHS.md §6-7): the unified models (Cisco-IOS-XR-um-*), and the native smart-license-cfg for
 *   `flex-consumption/fcm-enable`, which has no unified counterpart.
 */
export const XE_NATIVE_NS = 'http://cisco.com/ns/yang/Cisco-IOS-XE-native';
export const XE_CALL_HOME_NS = 'http://cisco.com/ns/yang/Cisco-IOS-XE-call-home';
export const XE_HTTP_NS = 'http://cisco.com/ns/yang/Cisco-IOS-XE-http';
export const XE_CRYPTO_NS = 'http://cisco.com/ns/yang/Cisco-IOS-XE-crypto';

export const XR_UM_CALL_HOME_NS = 'http://cisco.com/ns/yang/Cisco-IOS-XR-um-call-home-cfg';
export const XR_UM_DOMAIN_NS = 'http://cisco.com/ns/yang/Cisco-IOS-XR-um-domain-cfg';
export const XR_UM_HTTP_CLIENT_NS = 'http://cisco.com/ns/yang/Cisco-IOS-XR-um-http-client-cfg';
export const XR_UM_CRYPTO_NS = 'http://cisco.com/ns/yang/Cisco-IOS-XR-um-crypto-cfg';
export const XR_SMART_LICENSE_CFG_NS = 'http://cisco.com/ns/yang/Cisco-IOS-XR-smart-license-cfg';
