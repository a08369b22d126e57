/**
 * Intent validation: every kind of bad value is refused with `E_INVALID_INTENT` and an issue naming its field (a
 * JSON pointer) and what was expected; one issue per bad field; what a platform does not have is refused for it.
 */
import t from 'tap';
import { InvalidIntentError } from '../../src/errors.js';
import { intentIssues, validateIntent } from '../../src/intents/validate-intent.js';
import type { PlatformId } from '../../src/platforms/types.js';
import { makeCaPem } from './helpers/certificate.js';

const PEM = makeCaPem();

const GOOD = {
  dns: { nameServer: ['198.51.100.53', '2001:db8::53'], vrf: 'Mgmt-intf', domainName: 'example.net', lookup: true },
  callHome: {
    contactEmail: 'ops@example.net',
    profile: { name: 'Custom-Profile-1', preferredMessageFormat: 'xml' },
    defaultProfile: { emailTransport: false },
    transportGateway: { url: 'https://ds.example.net:844/transportgate/services/DeviceRequestHandler' },
  },
  trust: { trustpoint: { name: 'cisco', revocationCheck: 'none', caCertificatePem: PEM } },
  httpClient: { sourceInterfaceIpv4: 'GigabitEthernet0/0/0' },
} as const;

/** `GOOD` with one value replaced (path of keys → value; `undefined` deletes). */
function withValue(path: readonly (string | number)[], value: unknown): unknown {
  const copy = JSON.parse(JSON.stringify(GOOD)) as Record<string, unknown>;
  let node: Record<string | number, unknown> = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  if (value === undefined) delete node[last];
  else node[last] = value;
  return copy;
}

interface BadCase {
  readonly name: string;
  readonly path: readonly (string | number)[];
  readonly value: unknown;
  readonly pointer: string;
  readonly message: RegExp;
}

const BAD: readonly BadCase[] = [
  { name: 'name server not an IP', path: ['dns', 'nameServer', 1], value: 'ns1.example.net', pointer: '/dns/nameServer/1', message: /IPv4 or IPv6 address/ },
  { name: 'name server with a zone', path: ['dns', 'nameServer', 0], value: 'fe80::1%eth0', pointer: '/dns/nameServer/0', message: /IPv4 or IPv6 address/ },
  { name: 'IPv4 out of range', path: ['dns', 'nameServer', 0], value: '198.51.100.300', pointer: '/dns/nameServer/0', message: /IPv4 or IPv6 address/ },
  { name: 'seven name servers', path: ['dns', 'nameServer'], value: ['192.0.2.1', '192.0.2.2', '192.0.2.3', '192.0.2.4', '192.0.2.5', '192.0.2.6', '192.0.2.7'], pointer: '/dns/nameServer', message: /must NOT have more than 6 items/ },
  { name: 'no name server', path: ['dns', 'nameServer'], value: undefined, pointer: '/dns', message: /missing required property "nameServer"/ },
  { name: 'VRF with a space', path: ['dns', 'vrf'], value: 'Mgmt intf', pointer: '/dns/vrf', message: /spaces/ },
  { name: 'domain name with an underscore', path: ['dns', 'domainName'], value: 'bad_domain.example', pointer: '/dns/domainName', message: /host name/ },
  { name: 'e-mail without @', path: ['callHome', 'contactEmail'], value: 'ops.example.net', pointer: '/callHome/contactEmail', message: /e-mail address/ },
  { name: 'e-mail with a space', path: ['callHome', 'contactEmail'], value: 'ops @example.net', pointer: '/callHome/contactEmail', message: /spaces/ },
  { name: 'e-mail over 200 characters', path: ['callHome', 'contactEmail'], value: `${'a'.repeat(195)}@example.net`, pointer: '/callHome/contactEmail', message: /at most 200/ },
  { name: 'URL with "?"', path: ['callHome', 'transportGateway', 'url'], value: 'https://ds.example.net/x?y=1', pointer: '/callHome/transportGateway/url', message: /"\?"/ },
  { name: 'URL with a newline', path: ['callHome', 'transportGateway', 'url'], value: 'https://ds.example.net/x\nreload', pointer: '/callHome/transportGateway/url', message: /line break/ },
  { name: 'URL with a control character', path: ['callHome', 'transportGateway', 'url'], value: 'https://ds.example.net/\u0015x', pointer: '/callHome/transportGateway/url', message: /control characters/ },
  { name: 'URL not http', path: ['callHome', 'transportGateway', 'url'], value: 'ftp://ds.example.net/x', pointer: '/callHome/transportGateway/url', message: /http:\/\/ or https:\/\// },
  { name: 'URL with credentials', path: ['callHome', 'transportGateway', 'url'], value: 'https://user:pw@ds.example.net/x', pointer: '/callHome/transportGateway/url', message: /user name or password/ },
  { name: 'URL with a bad host', path: ['callHome', 'transportGateway', 'url'], value: 'https://-bad-.example.net/x', pointer: '/callHome/transportGateway/url', message: /invalid host/ },
  { name: 'URL with a bad port', path: ['callHome', 'transportGateway', 'url'], value: 'https://ds.example.net:99999/x', pointer: '/callHome/transportGateway/url', message: /valid URL/ },
  { name: 'profile name too long', path: ['callHome', 'profile', 'name'], value: 'P'.repeat(32), pointer: '/callHome/profile/name', message: /at most 31/ },
  { name: 'profile name with "?"', path: ['callHome', 'profile', 'name'], value: 'a?', pointer: '/callHome/profile/name', message: /"\?"/ },
  { name: 'unknown message format', path: ['callHome', 'profile', 'preferredMessageFormat'], value: 'json', pointer: '/callHome/profile/preferredMessageFormat', message: /one of: "xml", "long-text", "short-text"/ },
  { name: 'unknown property', path: ['callHome', 'profile', 'colour'], value: 'red', pointer: '/callHome/profile/colour', message: /unknown property "colour"/ },
  { name: 'two deployment modes', path: ['callHome', 'direct'], value: {}, pointer: '/callHome', message: /direct and transportGateway; exactly one/ },
  { name: 'no deployment mode', path: ['callHome', 'transportGateway'], value: undefined, pointer: '/callHome', message: /needs a deployment mode/ },
  { name: 'trustpoint name with a slash', path: ['trust', 'trustpoint', 'name'], value: 'a/b', pointer: '/trust/trustpoint/name', message: /letters, digits/ },
  { name: 'PEM that is not a certificate', path: ['trust', 'trustpoint', 'caCertificatePem'], value: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n', pointer: '/trust/trustpoint/caCertificatePem', message: /not a readable X\.509 certificate/ },
  { name: 'two certificates', path: ['trust', 'trustpoint', 'caCertificatePem'], value: `${PEM}${PEM}`, pointer: '/trust/trustpoint/caCertificatePem', message: /exactly one certificate/ },
  { name: 'revocation check unknown', path: ['trust', 'trustpoint', 'revocationCheck'], value: 'maybe', pointer: '/trust/trustpoint/revocationCheck', message: /one of: "none", "crl", "ocsp"/ },
  { name: 'interface name with a space', path: ['httpClient', 'sourceInterfaceIpv4'], value: 'Gig 0/0', pointer: '/httpClient/sourceInterfaceIpv4', message: /spaces/ },
  { name: 'interface name without a number', path: ['httpClient', 'sourceInterfaceIpv4'], value: 'Loopback', pointer: '/httpClient/sourceInterfaceIpv4', message: /interface name/ },
  { name: 'boolean as a string', path: ['dns', 'lookup'], value: 'yes', pointer: '/dns/lookup', message: /must be boolean/ },
];

t.test('a good intent passes and comes back typed', async (t) => {
  t.same(intentIssues(GOOD), []);
  t.equal(validateIntent(GOOD, 'ios-xe'), GOOD);
});

t.test('each kind of bad value names its field', async (t) => {
  for (const c of BAD) {
    const issues = intentIssues(withValue(c.path, c.value));
    t.same(issues.map((i) => i.pointer), [c.pointer], `${c.name}: one issue, at ${c.pointer}`);
    t.match(issues[0]?.message, c.message, `${c.name}: says what was expected`);
  }
});

t.test('HTTP proxy: address and port', async (t) => {
  const proxy = (address: unknown, port: unknown): unknown => ({ callHome: { httpProxy: { address, port } } });
  t.same(intentIssues(proxy('198.51.100.10', 3128)), []);
  t.same(intentIssues(proxy('proxy.example.net', 8080)), []);
  t.same(intentIssues(proxy('2001:db8::10', 8080)), []);
  const cases: [unknown, unknown, string, RegExp][] = [
    ['proxy.example.net', 0, '/callHome/httpProxy/port', /port number from 1 to 65535/],
    ['proxy.example.net', 65536, '/callHome/httpProxy/port', /port number from 1 to 65535/],
    ['proxy.example.net', 80.5, '/callHome/httpProxy/port', /port number from 1 to 65535/],
    ['proxy.example.net', '80', '/callHome/httpProxy/port', /must be integer/],
    ['proxy example', 80, '/callHome/httpProxy/address', /spaces/],
    ['proxy_.example', 80, '/callHome/httpProxy/address', /IP address or a host name/],
    ['999.1.1.1', 80, '/callHome/httpProxy/address', /IP address or a host name/],
  ];
  for (const [address, port, pointer, message] of cases) {
    const issues = intentIssues(proxy(address, port));
    t.same(issues.map((i) => i.pointer), [pointer], `${String(address)}:${String(port)}`);
    t.match(issues[0]?.message, message);
  }
});

t.test('every bad field is reported at once', async (t) => {
  const bad = {
    dns: { nameServer: ['x'] },
    callHome: { contactEmail: 'no', direct: { url: 'https://a.example/?' } },
    httpClient: { sourceInterfaceIpv6: 'a b' },
    extra: true,
  };
  const error = (() => {
    try {
      validateIntent(bad);
    } catch (e) {
      return e;
    }
    return undefined;
  })();
  t.ok(error instanceof InvalidIntentError);
  t.equal((error as InvalidIntentError).code, 'E_INVALID_INTENT');
  t.same(
    (error as InvalidIntentError).issues.map((i) => i.pointer).sort(),
    ['/callHome/contactEmail', '/callHome/direct/url', '/dns/nameServer/0', '/extra', '/httpClient/sourceInterfaceIpv6'],
  );
  t.match((error as Error).message, /\/dns\/nameServer\/0: must be an IPv4 or IPv6 address/);
});

t.test('not an object', async (t) => {
  for (const value of [null, [], 'dns', 42]) {
    const issues = intentIssues(value);
    t.same(issues.map((i) => i.pointer), [''], JSON.stringify(value));
    t.match(issues[0]?.message, /must be object/);
  }
});

t.test('what a platform does not have is refused for that platform only', async (t) => {
  const cases: [PlatformId, unknown, string, RegExp][] = [
    ['ios-xr', { trust: { trustpoint: { name: 'cisco' } } }, '/trust/trustpoint', /IOS-XE configuration/],
    ['ios-xe', { trust: { trustpool: {} } }, '/trust/trustpool', /IOS-XR configuration/],
    ['ios-xe', { flexibleConsumption: { enable: true } }, '/flexibleConsumption', /IOS-XR configuration/],
    ['ios-xe', { callHome: { contactSmartLicensing: true, direct: {} } }, '/callHome/contactSmartLicensing', /IOS-XR configuration/],
    ['ios-xe', { httpClient: { sourceInterfaceIpv4: 'Gi0', sourceInterfaceIpv6: 'Gi1' } }, '/httpClient/sourceInterfaceIpv6', /one HTTP client source interface/],
    ['ios-xr', { callHome: { profile: { reportingSmartLicensingData: false }, direct: {} } }, '/callHome/profile/reportingSmartLicensingData', /set profile\/active to false/],
  ];
  for (const [platform, intent, pointer, message] of cases) {
    t.same(intentIssues(intent), [], `${pointer}: fine without a platform`);
    const issues = intentIssues(intent, platform);
    t.same(issues.map((i) => i.pointer), [pointer], `${pointer} on ${platform}`);
    t.match(issues[0]?.message, message);
  }
  t.same(intentIssues({ httpClient: { sourceInterfaceIpv4: 'Gi0', sourceInterfaceIpv6: 'Gi0' } }, 'ios-xe'), [], 'the same interface twice is fine');
});

t.test('defaultProfile only with a custom profile', async (t) => {
  const issues = intentIssues({ callHome: { defaultProfile: { active: false }, direct: {} } });
  t.same(issues.map((i) => i.pointer), ['/callHome/defaultProfile']);
  t.match(issues[0]?.message, /custom profile/);
});
