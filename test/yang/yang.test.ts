/**
 * Every module in yang/ passes yanglint, and sample instance data (edit-config payloads, complete configurations,
 * RPCs, replies, state) validates against them — or fails for the reason the device model gives.
 */
import { basename } from 'node:path';
import t from 'tap';
import { buildCustomRpc, buildEditConfig, renderRpc, withOperation } from '../../src/netconf/requests.js';
import { parseXmlFragment } from '../../src/netconf/xml.js';
import { lintModule, runYanglint, validateXml, yangModuleFiles, YANG_DIR, type YangXmlKind } from '../helpers/yang.js';

const XE = 'http://cisco.com/ns/yang/Cisco-IOS-XE-native';
const CH = 'http://cisco.com/ns/yang/Cisco-IOS-XE-call-home';
const CRYPTO = 'http://cisco.com/ns/yang/Cisco-IOS-XE-crypto';
const HTTP = 'http://cisco.com/ns/yang/Cisco-IOS-XE-http';
const SL = 'http://cisco.com/ns/yang/cisco-smart-license';
const IA = 'http://cisco.com/yang/cisco-ia';
const XR_CH = 'http://cisco.com/ns/yang/Cisco-IOS-XR-um-call-home-cfg';
const XR_CH_NATIVE = 'http://cisco.com/ns/yang/Cisco-IOS-XR-call-home-cfg';
const XR_DOMAIN = 'http://cisco.com/ns/yang/Cisco-IOS-XR-um-domain-cfg';
const XR_DOMAIN_NATIVE = 'http://cisco.com/ns/yang/Cisco-IOS-XR-ip-domain-cfg';
const XR_HTTP = 'http://cisco.com/ns/yang/Cisco-IOS-XR-um-http-client-cfg';
const XR_CRYPTO = 'http://cisco.com/ns/yang/Cisco-IOS-XR-um-crypto-cfg';
const XR_CEPKI = 'http://cisco.com/ns/yang/Cisco-IOS-XR-crypto-cepki-cfg';
const XR_ACT = 'http://cisco.com/ns/yang/Cisco-IOS-XR-smart-license-act';
const XR_OPER = 'http://cisco.com/ns/yang/Cisco-IOS-XR-infra-smartlicense-oper';
const XR_SL_CFG = 'http://cisco.com/ns/yang/Cisco-IOS-XR-smart-license-cfg';
const INTENT = 'urn:smartlic:params:xml:ns:yang:smartlic-licensing-intent';
const NC = 'urn:ietf:params:xml:ns:netconf:base:1.0';
const DDCE = 'https://tools.cisco.com/its/service/oddce/services/DDCEService';

const EXPECTED_MODULES = [
  'Cisco-IOS-XE-call-home',
  'Cisco-IOS-XE-crypto',
  'Cisco-IOS-XE-http',
  'Cisco-IOS-XE-native',
  'Cisco-IOS-XR-call-home-cfg',
  'Cisco-IOS-XR-crypto-cepki-cfg',
  'Cisco-IOS-XR-infra-smartlicense-oper',
  'Cisco-IOS-XR-ip-domain-cfg',
  'Cisco-IOS-XR-smart-license-act',
  'Cisco-IOS-XR-smart-license-cfg',
  'Cisco-IOS-XR-um-call-home-cfg',
  'Cisco-IOS-XR-um-crypto-cfg',
  'Cisco-IOS-XR-um-domain-cfg',
  'Cisco-IOS-XR-um-http-client-cfg',
  'cisco-ia',
  'cisco-smart-license',
  'smartlic-licensing-intent',
];

t.test('every module passes yanglint', async (t) => {
  const files = await yangModuleFiles();
  t.same(files.map((f) => basename(f, '.yang')).sort(), [...EXPECTED_MODULES].sort(), 'the module set');
  for (const file of files) {
    const result = await lintModule(file);
    t.ok(result.valid, `${basename(file)}: ${result.messages.join(' | ') || 'ok'}`);
  }
  const all = await runYanglint(['-p', YANG_DIR, ...files]);
  t.equal(all.code, 0, `all modules together: ${all.stderr}`);
  t.equal(all.stderr.trim(), '', 'no warnings');
});

t.test('each module is YANG 1.1 with the namespace and revision its real counterpart has', async (t) => {
  const expected: Record<string, [string, string]> = {
    'Cisco-IOS-XE-native': [XE, '2023-07-01'],
    'Cisco-IOS-XE-call-home': [CH, '2022-11-01'],
    'Cisco-IOS-XE-http': [HTTP, '2022-11-01'],
    'Cisco-IOS-XE-crypto': [CRYPTO, '2023-07-01'],
    'cisco-smart-license': [SL, '2021-03-01'],
    'cisco-ia': [IA, '2021-11-01'],
    'Cisco-IOS-XR-um-call-home-cfg': [XR_CH, '2022-02-15'],
    'Cisco-IOS-XR-call-home-cfg': [XR_CH_NATIVE, '2019-04-05'],
    'Cisco-IOS-XR-um-domain-cfg': [XR_DOMAIN, '2021-02-04'],
    'Cisco-IOS-XR-ip-domain-cfg': [XR_DOMAIN_NATIVE, '2019-04-05'],
    'Cisco-IOS-XR-um-http-client-cfg': [XR_HTTP, '2022-02-10'],
    'Cisco-IOS-XR-um-crypto-cfg': [XR_CRYPTO, '2021-06-17'],
    'Cisco-IOS-XR-crypto-cepki-cfg': [XR_CEPKI, '2021-05-13'],
    'Cisco-IOS-XR-smart-license-act': [XR_ACT, '2020-07-09'],
    'Cisco-IOS-XR-infra-smartlicense-oper': [XR_OPER, '2019-04-05'],
    'Cisco-IOS-XR-smart-license-cfg': [XR_SL_CFG, '2019-04-05'],
    'smartlic-licensing-intent': [INTENT, '2026-01-01'],
  };
  for (const file of await yangModuleFiles()) {
    const name = basename(file, '.yang');
    const info = await runYanglint(['-p', YANG_DIR, '-f', 'yang', file]);
    t.match(info.stdout, /yang-version 1\.1;/, `${name}: yang-version 1.1`);
    const [ns, revision] = expected[name] ?? ['?', '?'];
    t.match(info.stdout, new RegExp(`namespace "${ns.replace(/[.]/g, '\\.')}";`), `${name}: namespace`);
    t.match(info.stdout, new RegExp(`revision ${revision}`), `${name}: revision`);
  }
});

t.test('the smart-license return codes keep the device numbering', async (t) => {
  const check = async (file: string, anchors: Record<string, number>): Promise<void> => {
    const text = (await runYanglint(['-p', YANG_DIR, '-f', 'yin', '-s', file.split(':')[1] as string, file.split(':')[0] as string])).stdout;
    for (const [name, value] of Object.entries(anchors)) {
      t.match(text, new RegExp(`<enum name="${name}">\\s*<value value="${value}"/>`), `${name} = ${value}`);
    }
  };
  await check(`${YANG_DIR}/cisco-smart-license.yang:cisco-smart-license-errors`, {
    success: 0, notsupported: 10, notenabled: 19, alreadyregistered: 40, notregistered: 43, registrationinprogress: 53,
    callhomeserviceoff: 58, agentunreachable: 107, transporttype: 142, noreservationauthcode: 144,
  });
  await check(`${YANG_DIR}/Cisco-IOS-XR-smart-license-act.yang:Cisco-IOS-XR-smart-license-errors`, {
    success: 0, registrationinprogress: 53, transporttype: 142, transportconfig: 143, NotExportRestricted: 149, NoURL: 159,
    MutexNotOwner: 170, TrustCodeAlreadyInstalled: 173,
  });
});

interface Sample {
  readonly name: string;
  readonly kind: YangXmlKind;
  readonly xml: string;
  /** undefined: must validate; a pattern: must fail with a message matching it. */
  readonly fails?: RegExp;
  readonly rpc?: { readonly name: string; readonly namespace: string };
}

const xeTac = (inner: string): string =>
  `<native xmlns="${XE}"><call-home><tac-profile xmlns="${CH}"><profile><CiscoTAC-1>${inner}</CiscoTAC-1></profile></tac-profile></call-home></native>`;

const SAMPLES: Sample[] = [
  // ---- IOS-XE
  {
    name: 'XE 17.12 direct call-home edit-config (YANG-PATHS §10)',
    kind: 'edit',
    xml: `<rpc message-id="101" xmlns="${NC}"><edit-config><target><running/></target><config>
      <native xmlns="${XE}"><service><call-home/></service>
        <ip><domain><lookup>true</lookup></domain><name-server><no-vrf-ordered>198.51.100.53</no-vrf-ordered></name-server></ip>
        <call-home><contact-email-addr xmlns="${CH}">ops@example.com</contact-email-addr>
          <tac-profile xmlns="${CH}"><profile><CiscoTAC-1><active>true</active>
            <reporting><smart-licensing-data>true</smart-licensing-data></reporting><destination><transport-method>http</transport-method>
            <address><http><default-address>true</default-address></http></address></destination></CiscoTAC-1></profile></tac-profile>
        </call-home></native></config></edit-config></rpc>`,
  },
  {
    name: 'XE transport gateway: trustpoint, CiscoTAC-1 stops reporting, custom profile (seed 000:515-534)',
    kind: 'config',
    xml: `<native xmlns="${XE}"><service><call-home/></service>
      <ip><name-server><no-vrf-ordered>198.51.100.53</no-vrf-ordered><no-vrf-ordered>2001:db8::53</no-vrf-ordered></name-server>
        <http xmlns="${HTTP}"><client><source-interface>GigabitEthernet0/0/0</source-interface></client></http></ip>
      <call-home>
        <tac-profile xmlns="${CH}"><profile><CiscoTAC-1><active>true</active><reporting><smart-licensing-data>false</smart-licensing-data></reporting></CiscoTAC-1></profile></tac-profile>
        <user-profile xmlns="${CH}"><profile><profile-name>Custom-Profile-1</profile-name><reporting><smart-licensing-data/></reporting>
          <destination><transport-method><http/><email>false</email></transport-method>
          <address><http>https://ds.example.net:844/transportgate/services/DeviceRequestHandler</http></address></destination></profile></user-profile>
      </call-home>
      <crypto><pki xmlns="${CRYPTO}"><trustpoint><id>cisco</id><enrollment><enrollment-method><terminal/></enrollment-method></enrollment>
        <revocation-check>none</revocation-check></trustpoint></pki></crypto></native>`,
  },
  {
    name: 'XE: two active profiles reporting Smart Licensing data',
    kind: 'config',
    xml: `<native xmlns="${XE}"><call-home>
      <tac-profile xmlns="${CH}"><profile><CiscoTAC-1><active>true</active></CiscoTAC-1></profile></tac-profile>
      <user-profile xmlns="${CH}"><profile><profile-name>TG</profile-name><reporting><smart-licensing-data/></reporting>
        <destination><transport-method><http/></transport-method></destination></profile></user-profile></call-home></native>`,
    fails: /Only one active profile is allowed to report Smart Licensing data/,
  },
  {
    name: 'XE: CiscoTAC-1 with both the default and an explicit address',
    kind: 'config',
    xml: xeTac('<destination><address><http><http-address>https://sat.example.net/Transportgateway/services/DeviceRequestHandler</http-address><default-address>true</default-address></http></address></destination>'),
    fails: /Must not have both default address and non-default one/,
  },
  {
    name: 'XE: the Cisco default URL given explicitly',
    kind: 'config',
    xml: xeTac(`<destination><address><http><http-address>${DDCE}</http-address><default-address>false</default-address></http></address></destination>`),
    fails: /cannot use default address/,
  },
  {
    name: 'XE: a custom profile may not be called ciscotac-1',
    kind: 'config',
    xml: `<native xmlns="${XE}"><call-home><user-profile xmlns="${CH}"><profile><profile-name>CISCOTAC-1</profile-name><active>false</active></profile></user-profile></call-home></native>`,
    fails: /reserved profile names/,
  },
  {
    name: 'XE: a name server that is not an address',
    kind: 'edit',
    xml: `<native xmlns="${XE}"><ip><name-server><no-vrf-ordered>dns.example.net</no-vrf-ordered></name-server></ip></native>`,
    fails: /Invalid union value "dns\.example\.net"/,
  },
  {
    name: 'XE: seven name servers',
    kind: 'config',
    xml: `<native xmlns="${XE}"><ip><name-server>${[1, 2, 3, 4, 5, 6, 7].map((i) => `<no-vrf-ordered>192.0.2.${i}</no-vrf-ordered>`).join('')}</name-server></ip></native>`,
    fails: /Too many "no-vrf-ordered" instances/,
  },
  {
    name: 'XE: http proxy port is mandatory and in range',
    kind: 'config',
    xml: `<native xmlns="${XE}"><call-home><http-proxy xmlns="${CH}"><proxy-servers><proxy-server>198.51.100.10</proxy-server><port>70000</port></proxy-servers></http-proxy></call-home></native>`,
    fails: /Value "70000" is out of type uint16 min\/max bounds|out of .*range/,
  },
  {
    name: 'XE: an element the model does not have',
    kind: 'edit',
    xml: `<native xmlns="${XE}"><ip><domain><lookups>true</lookups></domain></ip></native>`,
    fails: /lookups/,
  },
  {
    name: 'XE: delete a trustpoint (nc:operation)',
    kind: 'edit',
    xml: `<config xmlns="${NC}"><native xmlns="${XE}"><crypto><pki xmlns="${CRYPTO}"><trustpoint xmlns:nc="${NC}" nc:operation="delete"><id>cisco</id></trustpoint></pki></crypto></native></config>`,
  },
  {
    name: 'XE: a bad nc:operation value',
    kind: 'edit',
    xml: `<native xmlns="${XE}" xmlns:nc="${NC}" nc:operation="erase"/>`,
    fails: /invalid edit operation "erase" at \/native/,
  },
  {
    name: 'XE register-id-token RPC in its envelope',
    kind: 'rpc',
    xml: `<rpc xmlns="${NC}" message-id="urn:uuid:1"><register-id-token xmlns="${SL}"><id-token>ODRlOTM5MjItZTVmMC00YmY4LWI4ZDEtNTI4ZGY2OTY5NDQ2LTE2MDM4MTAw%0AMjc1NDV8</id-token><force>true</force></register-id-token></rpc>`,
  },
  { name: 'XE de-register, renew-id, renew-auth, save-config', kind: 'rpc', xml: `<de-register xmlns="${SL}"/>` },
  { name: 'XE renew-id', kind: 'rpc', xml: `<renew-id xmlns="${SL}"/>` },
  { name: 'XE renew-auth', kind: 'rpc', xml: `<renew-auth xmlns="${SL}"/>` },
  { name: 'XE save-config', kind: 'rpc', xml: `<save-config xmlns="${IA}"/>` },
  {
    name: 'XE register-id-token with a token over 255 characters',
    kind: 'rpc',
    xml: `<register-id-token xmlns="${SL}"><id-token>${'A'.repeat(256)}</id-token></register-id-token>`,
    fails: /Unsatisfied length/,
  },
  {
    name: 'XE register-id-token reply',
    kind: 'reply',
    rpc: { name: 'register-id-token', namespace: SL },
    xml: `<rpc-reply xmlns="${NC}" message-id="1"><return-code xmlns="${SL}">registrationinprogress</return-code></rpc-reply>`,
  },
  {
    name: 'XE reply with an unknown return code',
    kind: 'reply',
    rpc: { name: 'renew-id', namespace: SL },
    xml: `<return-code xmlns="${SL}">fine</return-code>`,
    fails: /Invalid enumeration value "fine"/,
  },
  {
    name: 'XE licensing state as <get> returns it',
    kind: 'data',
    xml: `<data xmlns="${NC}"><licensing xmlns="${SL}"><config><enable>true</enable></config><state><always-enabled>false</always-enabled><smart-enabled>true</smart-enabled><version>5.1.12</version>
      <state-info><registration><registration-state>reg-state-complete</registration-state><registration-complete><complete-time>2026-01-01T00:00:00+00:00</complete-time>
      <smart-account>Example Corp</smart-account><virtual-account>cbr8</virtual-account></registration-complete></registration>
      <authorization><authorization-state>auth-state-authorized</authorization-state><authorization-authorized><last-comm-status-success>true</last-comm-status-success>
      <last-comm-time>2026-01-01T00:00:00+00:00</last-comm-time></authorization-authorized></authorization>
      <udi><pid>CBR-8-CCAP-CHASS</pid><sn>FXS1739Q0NT</sn></udi>
      <usage><entitlement-tag>regid.2014-11.com.cisco.US_License,1.0_a3f3</entitlement-tag><count>31</count><enforcement-mode>enforcement-in-compliance</enforcement-mode></usage>
      </state-info></state></licensing></data>`,
  },
  {
    name: 'XE state: a registration-complete container while not registered (when)',
    kind: 'data',
    xml: `<licensing xmlns="${SL}"><state><smart-enabled>true</smart-enabled><state-info><registration><registration-state>reg-state-not-registered</registration-state>
      <registration-complete><smart-account>x</smart-account></registration-complete></registration></state-info></state></licensing>`,
    fails: /When condition .* not satisfied/,
  },
  // ---- IOS-XR
  {
    name: 'XR 7.6 UM edit-config to candidate (YANG-PATHS §10)',
    kind: 'edit',
    xml: `<rpc message-id="201" xmlns="${NC}"><edit-config><target><candidate/></target><config>
      <domain xmlns="${XR_DOMAIN}"><name-servers><name-server><order>0</order><address>198.51.100.247</address></name-server></name-servers></domain>
      <call-home xmlns="${XR_CH}"><service><active/></service><contact><smart-licensing/></contact>
        <profiles><profile><profile-name>CiscoTAC-1</profile-name><active/><destination><addresses><address><address-type>http</address-type>
          <destination-address>${DDCE}</destination-address></address></addresses>
          <transport-method><http/></transport-method></destination><reporting><smart-licensing-data/></reporting></profile></profiles>
      </call-home></config></edit-config></rpc>`,
  },
  {
    name: 'XR NCS 560 proxy + on-prem (seed 001:286-340), UM models, complete',
    kind: 'config',
    xml: `<call-home xmlns="${XR_CH}"><service><active/></service><contact-email-addr>sch-smart-licensing@cisco.com</contact-email-addr>
        <http-proxy><server-name>198.51.100.10</server-name><port>3128</port></http-proxy>
        <profiles><profile><profile-name>CiscoTAC-1</profile-name><destination><transport-method><email><disable/></email></transport-method></destination></profile>
          <profile><profile-name>test1</profile-name><active/><reporting><smart-licensing-data/></reporting>
            <destination><transport-method><http/></transport-method><addresses><address><address-type>http</address-type>
            <destination-address>http://209.165.201.15/Transportgateway/services/DeviceRequestHandler</destination-address></address></addresses>
            <preferred-msg-format><long-text/></preferred-msg-format></destination></profile></profiles></call-home>
      <http xmlns="${XR_HTTP}"><client><source-interface><ipv4><interface>Vlan100</interface></ipv4></source-interface></client></http>
      <crypto xmlns="${XR_CRYPTO}"><ca><trustpool><policy><crl><optional/></crl></policy></trustpool></ca></crypto>`,
  },
  {
    name: 'XR NCS 1004 satellite trustpoint (seed 004:222-227)',
    kind: 'edit',
    xml: `<crypto xmlns="${XR_CRYPTO}"><ca><trustpoint><trustpoints><trustpoint><trustpoint-name>Trustpool</trustpoint-name><crl><optional/></crl></trustpoint></trustpoints></trustpoint></ca></crypto>`,
  },
  {
    name: 'XR: short-text and long-text together',
    kind: 'config',
    xml: `<call-home xmlns="${XR_CH}"><profiles><profile><profile-name>p</profile-name><destination><preferred-msg-format><short-text/><long-text/></preferred-msg-format></destination></profile></profiles></call-home>`,
    fails: /Data for both cases/,
  },
  {
    name: 'XR: http-proxy without server-name',
    kind: 'config',
    xml: `<call-home xmlns="${XR_CH}"><http-proxy><port>3128</port></http-proxy></call-home>`,
    fails: /Mandatory node "server-name" instance does not exist/,
  },
  {
    name: 'XR 7.1-7.3 native models (call-home, ip-domain, crypto-ca)',
    kind: 'config',
    xml: `<call-home xmlns="${XR_CH_NATIVE}"><active/><contact-email-address>username@example.com</contact-email-address>
        <profiles><profile><profile-name>CiscoTAC-1</profile-name><active/><report-type><reporting-licensing-data><enable>true</enable></reporting-licensing-data></report-type>
        <methods><method><method>http</method><enable>true</enable></method><method><method>email</method><enable>false</enable></method></methods>
        <addresses><address><method>http</method><destination-addr>https://tools.cisco.com/its/service/ctbe/services/IDEService</destination-addr><enable>true</enable></address></addresses>
        </profile></profiles></call-home>
      <ip-domain xmlns="${XR_DOMAIN_NATIVE}"><vrfs><vrf><vrf-name>default</vrf-name><servers><server><order>0</order><server-address>198.51.100.247</server-address></server></servers></vrf></vrfs></ip-domain>
      <crypto-ca xmlns="${XR_CEPKI}"><certificate-authority><trustpool><crl><optional/></crl></trustpool></certificate-authority></crypto-ca>`,
  },
  {
    name: 'XR register-id-token with force',
    kind: 'rpc',
    xml: `<rpc xmlns="${NC}" message-id="7"><register-id-token xmlns="${XR_ACT}"><id-token>YjBkOWZlNjAtYzg3NS00N2U5</id-token><force>true</force></register-id-token></rpc>`,
  },
  { name: 'XR de-register', kind: 'rpc', xml: `<de-register xmlns="${XR_ACT}"/>` },
  {
    name: 'XR register reply',
    kind: 'reply',
    rpc: { name: 'register-id-token', namespace: XR_ACT },
    xml: `<rpc-reply xmlns="${NC}" message-id="7"><response xmlns="${XR_ACT}"><operation-status>failed</operation-status><return-code>NotAuthorized</return-code></response></rpc-reply>`,
  },
  {
    name: 'XR: an RPC envelope without message-id',
    kind: 'rpc',
    xml: `<rpc xmlns="${NC}"><renew-auth xmlns="${XR_ACT}"/></rpc>`,
    fails: /<rpc> has no message-id/,
  },
  {
    name: 'XR smart agent state (keyless usage list)',
    kind: 'data',
    xml: `<smart-agent xmlns="${XR_OPER}"><licensing><state><smart-enabled>yes</smart-enabled><always-enabled>no</always-enabled>
      <state-info><registration><registration-state>complete</registration-state><export-control-status>allowed</export-control-status></registration>
      <authorization><authorization-state>out-of-compliance</authorization-state><authorization-out-of-compliance><authorization-info><last-comm-status-success>true</last-comm-status-success></authorization-info><ooc-time>Jul 01 2020 07:14:24 UTC</ooc-time></authorization-out-of-compliance></authorization>
      <usage><entitlement-tag>regid.2018-05.com.cisco.ESS-AC-100G-RTU-1</entitlement-tag><count>1</count><enforce-mode>out-of-compliance</enforce-mode></usage>
      <usage><entitlement-tag>regid.2018-05.com.cisco.ESS-AC-100G-RTU-1</entitlement-tag><count>1</count></usage>
      </state-info></state></licensing></smart-agent>`,
  },
  // ---- smartlic intent
  {
    name: 'intent: XE transport gateway with trustpoint',
    kind: 'config',
    xml: `<licensing-intent xmlns="${INTENT}">
      <dns><name-server>198.51.100.53</name-server><name-server>2001:db8::53</name-server><vrf>Mgmt-intf</vrf><domain-name>example.net</domain-name></dns>
      <call-home><contact-email>ops@example.net</contact-email><profile><name>Custom-Profile-1</name></profile>
        <transport-gateway><url>https://ds.example.net:844/transportgate/services/DeviceRequestHandler</url></transport-gateway></call-home>
      <trust><trustpoint><name>cisco</name><ca-certificate-pem>-----BEGIN CERTIFICATE-----
MIIBszCCAVmgAwIBAgIUB2i3vCn0oZqAq8n1Wf0fakeXbEAwCgYIKoZIzj0EAwIw
-----END CERTIFICATE-----
</ca-certificate-pem></trustpoint></trust>
      <http-client><source-interface-ipv4>GigabitEthernet0/0/0</source-interface-ipv4></http-client></licensing-intent>`,
  },
  {
    name: 'intent: XR proxy',
    kind: 'config',
    xml: `<licensing-intent xmlns="${INTENT}"><call-home><contact-smart-licensing>true</contact-smart-licensing>
      <http-proxy><address>198.51.100.10</address><port>3128</port></http-proxy></call-home>
      <trust><trustpool><form>trustpoint-trustpool</form></trustpool></trust><flexible-consumption><enable>true</enable></flexible-consumption></licensing-intent>`,
  },
  {
    name: 'intent: call-home without a deployment mode',
    kind: 'config',
    xml: `<licensing-intent xmlns="${INTENT}"><call-home><contact-email>ops@example.net</contact-email></call-home></licensing-intent>`,
    fails: /Mandatory choice "deployment" data do not exist/,
  },
  {
    name: 'intent: two deployment modes',
    kind: 'config',
    xml: `<licensing-intent xmlns="${INTENT}"><call-home><direct/><on-prem><url>https://sat.example.net/Transportgateway/services/DeviceRequestHandler</url></on-prem></call-home></licensing-intent>`,
    fails: /Data for both cases/,
  },
  {
    name: 'intent: a URL with "?" (CLI help character)',
    kind: 'config',
    xml: `<licensing-intent xmlns="${INTENT}"><call-home><on-prem><url>https://sat.example.net/x?y</url></on-prem></call-home></licensing-intent>`,
    fails: /Unsatisfied pattern/,
  },
  {
    name: 'intent: proxy port 0',
    kind: 'config',
    xml: `<licensing-intent xmlns="${INTENT}"><call-home><http-proxy><address>proxy.example.net</address><port>0</port></http-proxy></call-home></licensing-intent>`,
    fails: /Unsatisfied range/,
  },
  {
    name: 'intent: DNS without a name server',
    kind: 'config',
    xml: `<licensing-intent xmlns="${INTENT}"><dns><domain-name>example.net</domain-name></dns></licensing-intent>`,
    fails: /Too few "name-server" instances/,
  },
];

t.test('sample instance data against the modules', async (t) => {
  for (const sample of SAMPLES) {
    const result = await validateXml(sample.xml, sample.kind, sample.rpc ? { rpc: sample.rpc } : {});
    if (sample.fails === undefined) {
      t.ok(result.valid, `${sample.name}: ${result.messages.join(' | ') || 'valid'}`);
    } else {
      t.notOk(result.valid, `${sample.name}: refused`);
      t.match(result.messages.join('\n'), sample.fails, `${sample.name}: reason`);
    }
  }
});

t.test('features can be switched off (XR reporting needs is_smart_license_support)', async (t) => {
  const xml = `<call-home xmlns="${XR_CH}"><profiles><profile><profile-name>CiscoTAC-1</profile-name><reporting><smart-licensing-data/></reporting></profile></profiles></call-home>`;
  t.ok((await validateXml(xml, 'edit')).valid, 'valid with every feature on');
  const off = await validateXml(xml, 'edit', { features: ['Cisco-IOS-XR-um-call-home-cfg:is_callhome_v2_support'] });
  t.notOk(off.valid, 'refused once the feature is off');
});

t.test('what the NETCONF request builders send validates', async (t) => {
  const edit = renderRpc(
    '1',
    buildEditConfig(
      'candidate',
      [
        ...parseXmlFragment(`<native xmlns="${XE}"><ip><domain><name>example.net</name></domain></ip></native>`),
        withOperation(parseXmlFragment(`<licensing xmlns="${SL}"><config><custom-id>lab-7</custom-id></config></licensing>`)[0]!, 'replace'),
      ],
      { defaultOperation: 'merge' },
    ),
  );
  const result = await validateXml(edit, 'edit');
  t.ok(result.valid, result.messages.join(' | '));
  const rpc = renderRpc('2', buildCustomRpc(`<register-id-token xmlns="${XR_ACT}"><id-token>abc</id-token></register-id-token>`));
  t.ok((await validateXml(rpc, 'rpc')).valid);
});

t.test('unreadable XML and missing parts are reported, not thrown', async (t) => {
  const broken = await validateXml('<native', 'config');
  t.notOk(broken.valid);
  t.match(broken.messages[0], /not well-formed/);
  const noConfig = await validateXml(`<rpc xmlns="${NC}" message-id="1"><edit-config><target><running/></target></edit-config></rpc>`, 'edit');
  t.same(noConfig.messages, ['<edit-config> has no <config>']);
  await t.rejects(validateXml('<x xmlns="urn:x"/>', 'reply'), /needs options.rpc/);
});
