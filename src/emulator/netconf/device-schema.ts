/**
 * Generated from yang/ by test/yang/generate-device-schema.ts; do not edit. Regenerate after changing a module:
 * `npx tsx test/yang/generate-device-schema.ts --write` (test/yang/device-schema.test.ts fails while this file is stale).
 *
 * The modules each emulated platform announces, and the list keys and leaf-lists of their data trees for the
 * server engine's edit-config and XPath handling.
 */
import type { SchemaHints } from './schema.js';
import type { YangModuleRef } from './types.js';

export const IOS_XE_YANG_MODULES: readonly YangModuleRef[] = [
  { name: 'Cisco-IOS-XE-call-home', namespace: 'http://cisco.com/ns/yang/Cisco-IOS-XE-call-home', revision: '2022-11-01' },
  { name: 'Cisco-IOS-XE-crypto', namespace: 'http://cisco.com/ns/yang/Cisco-IOS-XE-crypto', revision: '2023-07-01' },
  { name: 'Cisco-IOS-XE-http', namespace: 'http://cisco.com/ns/yang/Cisco-IOS-XE-http', revision: '2022-11-01' },
  { name: 'Cisco-IOS-XE-native', namespace: 'http://cisco.com/ns/yang/Cisco-IOS-XE-native', revision: '2023-07-01' },
  { name: 'cisco-ia', namespace: 'http://cisco.com/yang/cisco-ia', revision: '2021-11-01' },
  { name: 'cisco-smart-license', namespace: 'http://cisco.com/ns/yang/cisco-smart-license', revision: '2021-03-01' },
];

export const IOS_XR_YANG_MODULES: readonly YangModuleRef[] = [
  { name: 'Cisco-IOS-XR-call-home-cfg', namespace: 'http://cisco.com/ns/yang/Cisco-IOS-XR-call-home-cfg', revision: '2019-04-05' },
  { name: 'Cisco-IOS-XR-crypto-cepki-cfg', namespace: 'http://cisco.com/ns/yang/Cisco-IOS-XR-crypto-cepki-cfg', revision: '2021-05-13' },
  { name: 'Cisco-IOS-XR-infra-smartlicense-oper', namespace: 'http://cisco.com/ns/yang/Cisco-IOS-XR-infra-smartlicense-oper', revision: '2019-04-05' },
  { name: 'Cisco-IOS-XR-ip-domain-cfg', namespace: 'http://cisco.com/ns/yang/Cisco-IOS-XR-ip-domain-cfg', revision: '2019-04-05' },
  { name: 'Cisco-IOS-XR-smart-license-act', namespace: 'http://cisco.com/ns/yang/Cisco-IOS-XR-smart-license-act', revision: '2020-07-09' },
  { name: 'Cisco-IOS-XR-smart-license-cfg', namespace: 'http://cisco.com/ns/yang/Cisco-IOS-XR-smart-license-cfg', revision: '2019-04-05' },
  { name: 'Cisco-IOS-XR-um-call-home-cfg', namespace: 'http://cisco.com/ns/yang/Cisco-IOS-XR-um-call-home-cfg', revision: '2022-02-15' },
  { name: 'Cisco-IOS-XR-um-crypto-cfg', namespace: 'http://cisco.com/ns/yang/Cisco-IOS-XR-um-crypto-cfg', revision: '2021-06-17' },
  { name: 'Cisco-IOS-XR-um-domain-cfg', namespace: 'http://cisco.com/ns/yang/Cisco-IOS-XR-um-domain-cfg', revision: '2021-02-04' },
  { name: 'Cisco-IOS-XR-um-http-client-cfg', namespace: 'http://cisco.com/ns/yang/Cisco-IOS-XR-um-http-client-cfg', revision: '2022-02-10' },
];

/** smartlic's own models (not served by a device). */
export const SMARTLIC_YANG_MODULES: readonly YangModuleRef[] = [
  { name: 'smartlic-licensing-intent', namespace: 'urn:smartlic:params:xml:ns:yang:smartlic-licensing-intent', revision: '2026-01-01' },
];

export const DEVICE_SCHEMA_HINTS: SchemaHints = {
  lists: {
    '{http://cisco.com/ns/yang/Cisco-IOS-XE-native}native/call-home/http-proxy/proxy-servers': ['proxy-server'],
    '{http://cisco.com/ns/yang/Cisco-IOS-XE-native}native/call-home/user-profile/profile': ['profile-name'],
    '{http://cisco.com/ns/yang/Cisco-IOS-XE-native}native/crypto/pki/trustpoint': ['id'],
    '{http://cisco.com/ns/yang/Cisco-IOS-XE-native}native/ip/name-server/vrf': ['word'],
    '{http://cisco.com/ns/yang/Cisco-IOS-XR-call-home-cfg}call-home/profiles/profile': ['profile-name'],
    '{http://cisco.com/ns/yang/Cisco-IOS-XR-call-home-cfg}call-home/profiles/profile/addresses/address': ['method', 'destination-addr'],
    '{http://cisco.com/ns/yang/Cisco-IOS-XR-call-home-cfg}call-home/profiles/profile/methods/method': ['method'],
    '{http://cisco.com/ns/yang/Cisco-IOS-XR-crypto-cepki-cfg}crypto-ca/certificate-authority/trustpoints/trustpoint': ['name'],
    '{http://cisco.com/ns/yang/Cisco-IOS-XR-infra-smartlicense-oper}smart-agent/licensing/state/state-info/usage': [],
    '{http://cisco.com/ns/yang/Cisco-IOS-XR-ip-domain-cfg}ip-domain/vrfs/vrf': ['vrf-name'],
    '{http://cisco.com/ns/yang/Cisco-IOS-XR-ip-domain-cfg}ip-domain/vrfs/vrf/servers/server': ['order', 'server-address'],
    '{http://cisco.com/ns/yang/Cisco-IOS-XR-um-call-home-cfg}call-home/profiles/profile': ['profile-name'],
    '{http://cisco.com/ns/yang/Cisco-IOS-XR-um-call-home-cfg}call-home/profiles/profile/destination/addresses/address': ['address-type', 'destination-address'],
    '{http://cisco.com/ns/yang/Cisco-IOS-XR-um-crypto-cfg}crypto/ca/trustpoint/trustpoints/trustpoint': ['trustpoint-name'],
    '{http://cisco.com/ns/yang/Cisco-IOS-XR-um-domain-cfg}domain/list/domain': ['order', 'domain-name'],
    '{http://cisco.com/ns/yang/Cisco-IOS-XR-um-domain-cfg}domain/name-servers/name-server': ['order', 'address'],
    '{http://cisco.com/ns/yang/Cisco-IOS-XR-um-domain-cfg}domain/vrfs/vrf': ['vrf-name'],
    '{http://cisco.com/ns/yang/Cisco-IOS-XR-um-domain-cfg}domain/vrfs/vrf/name-servers/name-server': ['order', 'address'],
    '{http://cisco.com/ns/yang/cisco-smart-license}licensing/state/state-info/usage': ['entitlement-tag'],
  },
  leafLists: [
    '{http://cisco.com/ns/yang/Cisco-IOS-XE-native}native/crypto/pki/trustpoint/revocation-check',
    '{http://cisco.com/ns/yang/Cisco-IOS-XE-native}native/ip/domain/list/domain-name',
    '{http://cisco.com/ns/yang/Cisco-IOS-XE-native}native/ip/name-server/no-vrf',
    '{http://cisco.com/ns/yang/Cisco-IOS-XE-native}native/ip/name-server/no-vrf-ordered',
    '{http://cisco.com/ns/yang/Cisco-IOS-XE-native}native/ip/name-server/vrf/server-ip-list',
    '{http://cisco.com/ns/yang/Cisco-IOS-XE-native}native/ip/name-server/vrf/server-ip-list-ordered',
    '{urn:smartlic:params:xml:ns:yang:smartlic-licensing-intent}licensing-intent/dns/name-server',
  ],
};
