/**
 * The renderers against every configuration sequence of INDEX.md §2. Each case is the intent that says what the
 * seed procedure sets up, on the device the procedure starts from (the platform's out-of-the-box configuration
 * unless stated), and the expected lines are the procedure's own, in its order, with:
 * - `enable`, `configure [terminal]`, `commit` and `end` left out (sendConfig enters, commits and leaves);
 * - an explicit `exit` where the seed's prompt shows the mode changed back (000:527 types `crypto pki
 *   authenticate` at `Router(config)#` right after `revocation-check none`), and `exit`s back to the top level
 *   at the end (the 001 procedures end so; 000:534 stops without them).
 */
import t from 'tap';
import type { ConfigLine } from '../../src/channel/cli/types.js';
import { readLicensingConfig } from '../../src/intents/read-config.js';
import { renderIntent } from '../../src/intents/render-intent.js';
import type { LicensingIntent } from '../../src/intents/types.js';
import type { PlatformId } from '../../src/platforms/types.js';
import { makeCaPem } from './helpers/certificate.js';

const PEM = makeCaPem('DS transport gateway CA');

interface SeedCase {
  readonly name: string;
  readonly platform: PlatformId;
  readonly intent: LicensingIntent;
  /** The running configuration the procedure starts from (default: out of the box). */
  readonly running?: string;
  readonly softwareVersion?: string;
  readonly expected: readonly string[];
}

const CASES: readonly SeedCase[] = [
  {
    // `ip domain-lookup` is the IOS-XE default; the procedure's line matters on a device where lookup was turned off.
    name: 'DNS prerequisites, IOS-XE, on a device with lookup turned off (000:46-52)',
    platform: 'ios-xe',
    running: 'no ip domain lookup\ncall-home\n profile "CiscoTAC-1"\n  active\n  destination transport-method http\n  no destination transport-method email',
    intent: { dns: { nameServer: ['198.51.100.53'] } },
    expected: ['ip name-server 198.51.100.53', 'ip domain-lookup'],
  },
  {
    name: 'DNS prerequisites, IOS-XE, several servers in a VRF, lookup on by default (000:99: "if a VRF is used")',
    platform: 'ios-xe',
    intent: { dns: { nameServer: ['198.51.100.53', '2001:db8::53'], vrf: 'Mgmt-intf' } },
    expected: ['ip name-server vrf Mgmt-intf 198.51.100.53 2001:db8::53'],
  },
  {
    name: 'call-home direct, IOS-XE: on by default, nothing to configure (000:50-52, 111)',
    platform: 'ios-xe',
    intent: { callHome: { direct: {} } },
    expected: [],
  },
  {
    name: 'transport gateway with a trustpoint, IOS-XE (000:515-534)',
    platform: 'ios-xe',
    intent: {
      callHome: {
        profile: { name: 'Custom-Profile-1' },
        transportGateway: { url: 'https://DS.IP.HFE:844/transportgate/services/DeviceRequestHandler' },
      },
      trust: { trustpoint: { name: 'cisco', caCertificatePem: PEM } },
    },
    expected: [
      'crypto pki trustpoint cisco',
      'enrollment terminal',
      'revocation-check none',
      'exit',
      'crypto pki authenticate cisco',
      'call-home',
      'profile CiscoTAC-1',
      'no reporting smart-licensing-data',
      'exit',
      'exit',
      'call-home',
      'profile Custom-Profile-1',
      'reporting smart-licensing-data',
      'destination transport-method http',
      'no destination transport-method email',
      'destination address http https://DS.IP.HFE:844/transportgate/services/DeviceRequestHandler',
      'exit',
      'exit',
    ],
  },
  {
    name: 'HTTP client source interface, IOS-XE 3.18.2aSP and later (000:510-512)',
    platform: 'ios-xe',
    intent: { httpClient: { sourceInterfaceIpv4: 'GigabitEthernet0' } },
    expected: ['ip http client source-interface GigabitEthernet0'],
  },
  {
    name: 'DNS prerequisite, IOS-XR (004:168-176)',
    platform: 'ios-xr',
    intent: { dns: { nameServer: ['198.51.100.247'] } },
    expected: ['domain name-server 198.51.100.247'],
  },
  {
    name: 'call-home direct, NCS 560 (001:259-284)',
    platform: 'ios-xr',
    intent: { callHome: { contactEmail: 'username@example.com', direct: { url: 'https://tools.cisco.com/its/service/ctbe/services/IDEService' } } },
    expected: [
      'call-home',
      'service active',
      'contact-email-addr username@example.com',
      'profile CiscoTAC-1',
      'destination transport-method http',
      'destination address http https://tools.cisco.com/its/service/ctbe/services/IDEService',
      'active',
      'no destination transport-method email',
      'exit',
      'exit',
    ],
  },
  {
    name: 'HTTP proxy, NCS 560 (001:286-312)',
    platform: 'ios-xr',
    intent: {
      callHome: {
        contactEmail: 'sch-smart-licensing@cisco.com',
        // test1 keeps e-mail transport (the seed does not turn it off); CiscoTAC-1 loses it (001:303-304).
        profile: { name: 'test1', emailTransport: true },
        defaultProfile: { emailTransport: false },
        httpProxy: { address: '198.51.100.10', port: 3128, url: 'https://tools.cisco.com/its/service/otbe/services/IDEService' },
      },
    },
    expected: [
      'call-home',
      'service active',
      'contact-email-addr sch-smart-licensing@cisco.com',
      'http-proxy 198.51.100.10 port 3128',
      'profile CiscoTAC-1',
      'no destination transport-method email',
      'exit',
      'profile test1',
      'reporting smart-licensing-data',
      'destination transport-method http',
      'destination address http https://tools.cisco.com/its/service/otbe/services/IDEService',
      'active',
      'exit',
      'exit',
    ],
  },
  {
    name: 'CSSM On-Prem, NCS 560 (001:314-340), on a device with call-home active and the default address the seed removes',
    platform: 'ios-xr',
    running: 'call-home\n service active\n profile test1\n  destination address http https://tools.cisco.com/its/service/odbe/services/IDCEService\n !\n!\n',
    intent: {
      callHome: {
        profile: { name: 'test1', emailTransport: true, preferredMessageFormat: 'xml' },
        onPrem: { url: 'http://209.165.201.15/Transportgateway/services/DeviceRequestHandler' },
      },
      httpClient: { sourceInterfaceIpv4: 'Vlan100' },
      trust: { trustpool: { form: 'trustpool-policy', crlOptional: true } },
    },
    expected: [
      'call-home',
      'profile test1',
      'reporting smart-licensing-data',
      'destination transport-method http',
      'destination address http http://209.165.201.15/Transportgateway/services/DeviceRequestHandler',
      'no destination address http https://tools.cisco.com/its/service/odbe/services/IDCEService',
      'destination preferred-msg-format xml',
      'active',
      'exit',
      'exit',
      'http client source-interface ipv4 Vlan100',
      'crypto ca trustpool policy crl optional',
    ],
  },
  {
    name: 'Flexible Consumption, NCS 560 on 7.1.1 (001:32-44)',
    platform: 'ios-xr',
    softwareVersion: '7.1.1',
    intent: { flexibleConsumption: { enable: true } },
    expected: ['license smart flexible-consumption enable'],
  },
  {
    name: 'Flexible Consumption, NCS 560 on 7.1.2: on by default, nothing to type (001:30)',
    platform: 'ios-xr',
    softwareVersion: '7.1.2',
    intent: { flexibleConsumption: { enable: true } },
    expected: [],
  },
  {
    name: 'trustpool CRL, NCS 560 (001:338)',
    platform: 'ios-xr',
    intent: { trust: { trustpool: {} } },
    expected: ['crypto ca trustpool policy crl optional'],
  },
  {
    name: 'HTTP client source interface, IOS-XR (001:335; ipv6 the other ip-version [INF])',
    platform: 'ios-xr',
    intent: { httpClient: { sourceInterfaceIpv4: 'Vlan100', sourceInterfaceIpv6: 'MgmtEth0/RP0/CPU0/0' } },
    expected: ['http client source-interface ipv4 Vlan100', 'http client source-interface ipv6 MgmtEth0/RP0/CPU0/0'],
  },
];

/**
 * The NCS 1004 procedure (004:178-227) lists the CiscoTAC-1 lines as `active`, `destination address`,
 * `destination transport-method http`; the NCS 560 one (001:277-282) as transport method, address, `active`. One
 * IOS-XR renderer cannot follow both orders: it follows 001, and these cases check 004's lines per sub-mode.
 */
const NCS1004_CASES: readonly SeedCase[] = [
  {
    name: 'call-home direct, NCS 1004 (004:178-220)',
    platform: 'ios-xr',
    intent: { dns: { nameServer: ['198.51.100.247'] }, callHome: { contactSmartLicensing: true, profile: { emailTransport: true }, direct: {} } },
    expected: [
      'domain name-server 198.51.100.247',
      'call-home',
      'service active',
      'contact smart-licensing',
      'profile CiscoTAC-1',
      'active',
      'destination address http https://tools.cisco.com/its/service/oddce/services/DDCEService',
      'destination transport-method http',
      'exit',
      'exit',
    ],
  },
  {
    name: 'satellite, NCS 1004 (004:92-102, 190-196, 222-227)',
    platform: 'ios-xr',
    intent: {
      dns: { nameServer: ['198.51.100.247'] },
      callHome: {
        contactSmartLicensing: true,
        profile: { emailTransport: true },
        onPrem: { url: 'https://satellite.example.com/its/service/oddce/services/DDCEService' },
      },
      trust: { trustpool: { form: 'trustpoint-trustpool' } },
    },
    expected: [
      'domain name-server 198.51.100.247',
      'call-home',
      'service active',
      'contact smart-licensing',
      'profile CiscoTAC-1',
      'active',
      'destination address http https://satellite.example.com/its/service/oddce/services/DDCEService',
      'destination transport-method http',
      'exit',
      'exit',
      'crypto ca trustpoint Trustpool crl optional',
    ],
  },
];

function textOf(lines: readonly ConfigLine[]): string[] {
  return lines.map((l) => (typeof l === 'string' ? l : l.line));
}

function render(c: SeedCase): ConfigLine[] {
  return renderIntent(c.intent, c.platform, {
    ...(c.running === undefined ? {} : { current: readLicensingConfig(c.running, c.platform) }),
    ...(c.softwareVersion === undefined ? {} : { softwareVersion: c.softwareVersion }),
  });
}

t.test('each INDEX §2 sequence, exactly', async (t) => {
  for (const c of CASES) t.same(textOf(render(c)), c.expected, c.name);
});

t.test('NCS 1004 sequences: the same lines in the same sub-modes (order within the profile as 001)', async (t) => {
  /** Lines grouped by the sub-mode they are typed in, each group sorted. */
  const byMode = (lines: readonly string[]): Record<string, string[]> => {
    const groups: Record<string, string[]> = {};
    const stack: string[] = [];
    for (const line of lines) {
      if (line === 'exit') {
        stack.pop();
        continue;
      }
      const key = stack.join(' / ');
      (groups[key] ??= []).push(line);
      if (line === 'call-home' || line.startsWith('profile ')) stack.push(line);
    }
    for (const g of Object.values(groups)) g.sort();
    return groups;
  };
  for (const c of NCS1004_CASES) {
    const rendered = textOf(render(c));
    t.same(byMode(rendered), byMode(c.expected), c.name);
    t.same(rendered.filter((l) => !/^(?:active|destination )/.test(l)), c.expected.filter((l) => !/^(?:active|destination )/.test(l)), `${c.name}: order outside the profile`);
  }
});

t.test('crypto pki authenticate pastes the PEM, ends it with quit and accepts the fingerprint (000:527)', async (t) => {
  const lines = render(CASES.find((c) => c.name.startsWith('transport gateway')) as SeedCase);
  const authenticate = lines.find((l) => typeof l !== 'string');
  if (authenticate === undefined || typeof authenticate === 'string') throw new Error('no interactive line');
  t.equal(authenticate.line, 'crypto pki authenticate cisco');
  const [paste, accept] = authenticate.expect ?? [];
  t.ok((paste?.prompt as RegExp).test('Enter the base 64 encoded CA certificate.\nEnd with a blank line or the word "quit" on a line by itself'), 'paste prompt');
  t.match(paste?.answer, /^-----BEGIN CERTIFICATE-----\n[A-Za-z0-9+/=\n]+\n-----END CERTIFICATE-----\nquit$/);
  t.ok((accept?.prompt as RegExp).test('% Do you accept this certificate? [yes/no]: '), 'accept prompt');
  t.equal(accept?.answer, 'yes');
});
