/**
 * The emulated devices' real call home: every deployment path of the seeds (INDEX.md §2) on cBR-8 (IOS-XE),
 * NCS 560 and NCS 1004 (IOS-XR), typed with the seed lines, registers a token created in the CSSM emulator over
 * real HTTP(S); each missing or wrong piece fails with the cause a device would report.
 */
import t, { type Test } from 'tap';
import { Writable } from 'node:stream';
import { createLogger } from '../../../src/log.js';
import { classifyFailure } from '../../../src/licensing/failure.js';
import { callHomeProfiles } from '../../../src/emulator/device/platforms/call-home-profile.js';
import { startProxy } from '../../../src/emulator/cssm/index.js';
import type { EmulatedDevice } from '../../../src/emulator/device/types.js';
import type { CallHomeFailureCause, CallHomeOutcome } from '../../../src/emulator/smart-agent/network.js';
import type { EmulatorNetwork } from '../../../src/emulator/smart-agent/emulator-network.js';
import { openShell } from '../device/helpers/cli-client.js';
import { PROXY_ADDRESS, configure, device, otherTls, registerMessage, startNetworkLab, trustpointChain, type NetworkLab } from './helpers.js';

// ---------------------------------------------------------------- seed configurations
const XE_DNS = 'ip name-server 198.51.100.1\nip domain lookup\n';
const XE_PROXY = 'call-home\n http-proxy 198.51.100.10 port 3128\n';
/** 000:515-534 with the trustpoint's revocation check and the custom profile (the CA comes separately). */
const xeTransportGateway = (url: string, revocation = 'none'): string => `crypto pki trustpoint cisco
 enrollment terminal
 revocation-check ${revocation}
call-home
 profile CiscoTAC-1
  no reporting smart-licensing-data
 profile Custom-Profile-1
  reporting smart-licensing-data
  destination transport-method http
  no destination transport-method email
  destination address http ${url}
`;
const TG_HTTPS = 'https://onprem.example.com:8443/transportgate/services/DeviceRequestHandler';

/** 001:259-284 plus the DNS the seed asks for (001:246). */
const XR560_DIRECT = `domain name-server 198.51.100.247
call-home
 service active
 contact-email-addr username@example.com
 profile CiscoTAC-1
  destination transport-method http
  destination address http https://tools.cisco.com/its/service/ctbe/services/IDEService
  active
  no destination transport-method email
`;
/** 001:286-312. */
const XR560_PROXY = `domain name-server 198.51.100.247
call-home
 service active
 contact-email-addr sch-smart-licensing@cisco.com
 http-proxy 198.51.100.10 port 3128
 profile CiscoTAC-1
  no destination transport-method email
 profile test1
  reporting smart-licensing-data
  destination transport-method http
  destination address http https://tools.cisco.com/its/service/otbe/services/IDEService
  active
`;
/** 001:314-340 (call-home service from the direct procedure; Vlan100 as the VRF-facing interface). */
const xr560OnPrem = (url: string): string => `interface Vlan100
 ipv4 address 10.1.100.1 255.255.255.0
call-home
 service active
 profile test1
  reporting smart-licensing-data
  destination transport-method http
  destination address http ${url}
  no destination address http https://tools.cisco.com/its/service/odbe/services/IDCEService
  destination preferred-msg-format xml
  active
http client source-interface ipv4 Vlan100
crypto ca trustpool policy crl optional
`;
/** 004:168-220 with the satellite or CSSM FQDN in the template URL. */
const xr1004 = (host: string, transport = true): string => `domain name-server 198.51.100.247
call-home
 service active
 contact smart-licensing
 profile CiscoTAC-1
  active
  destination address http https://${host}/its/service/oddce/services/DDCEService
${transport ? '  destination transport-method http\n' : ''}`;
const XR1004_CRL_OPTIONAL = 'crypto ca trustpoint Trustpool crl optional\n';

// ---------------------------------------------------------------- helpers
let lab: NetworkLab;
t.before(async () => {
  lab = await startNetworkLab(t);
});

async function registers(t: Test, d: EmulatedDevice, network: EmulatorNetwork, expect: { url: string; viaProxy: boolean }): Promise<void> {
  const { message } = registerMessage(lab.cssm, d);
  const outcome = await network.send(d, message);
  if (!outcome.ok) t.fail(`call home failed: ${outcome.cause}: ${outcome.detail}`);
  t.match(outcome, { ok: true, url: expect.url, viaProxy: expect.viaProxy, reply: { status: 'SUCCESS', messageType: 'REGISTER' } });
  t.match(lab.cssm.findProductInstance({ sn: d.identity.serial }), { hostname: d.hostname, udi: { pid: d.identity.pid } }, 'CSSM has the product instance');
}

async function fails(t: Test, d: EmulatedDevice, network: EmulatorNetwork, cause: CallHomeFailureCause, detail: RegExp): Promise<CallHomeOutcome> {
  const { message, token } = registerMessage(lab.cssm, d);
  const outcome = await network.send(d, message);
  t.match(outcome, { ok: false, cause, detail });
  if (!outcome.ok) {
    t.match(outcome.detail, /^Fail to send out Call Home HTTP message\. /);
    t.equal(classifyFailure(outcome.detail).commCause, cause, `"${outcome.detail}" classifies as ${cause}`);
    t.notOk(outcome.detail.includes(token), 'the token never appears');
    t.notMatch(outcome.detail, /\n/, 'one line');
  }
  return outcome;
}

// ---------------------------------------------------------------- every deployment path succeeds
t.test('cBR-8 direct: the factory CiscoTAC-1 profile plus a name server (000:46-99)', async (t) => {
  const d = await device(t, 'cBR-8');
  configure(d, XE_DNS);
  const network = lab.network();
  const before = lab.cssm.stats().device;
  await registers(t, d, network, { url: 'https://tools.cisco.com/its/service/oddce/services/DDCEService', viaProxy: false });
  t.equal(lab.cssm.stats().device, before + 1, 'one real request reached CSSM');
  t.match(network.stats(), { attempts: 1, succeeded: 1, viaProxy: 0 });
});

t.test('cBR-8 through the HTTP proxy: CONNECT for https, absolute URI for http', async (t) => {
  const d = await device(t, 'cBR-8');
  configure(d, XE_DNS + XE_PROXY);
  const network = lab.network();
  lab.proxy.resetStats();
  await registers(t, d, network, { url: 'https://tools.cisco.com/its/service/oddce/services/DDCEService', viaProxy: true });
  t.match(lab.proxy.stats(), { connects: 1, requests: 0, hosts: { 'tools.cisco.com:443': 1 } }, 'a CONNECT tunnel to tools.cisco.com:443');
  configure(d, 'call-home\n profile CiscoTAC-1\n  destination address http http://tools.cisco.com/its/service/oddce/services/DDCEService\n');
  await registers(t, d, network, { url: 'http://tools.cisco.com/its/service/oddce/services/DDCEService', viaProxy: true });
  t.match(lab.proxy.stats(), { connects: 1, requests: 1, hosts: { 'tools.cisco.com:80': 1 } }, 'a forwarded absolute-URI POST');
  t.match(network.stats(), { attempts: 2, succeeded: 2, viaProxy: 2 });
});

t.test('cBR-8 transport gateway with an authenticated trustpoint, typed over SSH (000:515-534)', async (t) => {
  const d = await device(t, 'cBR-8');
  configure(d, XE_DNS + xeTransportGateway(TG_HTTPS));
  const network = lab.network();
  await fails(t, d, network, 'certificate', /its CA is in no authenticated trustpoint/);
  const cli = await openShell(d.port);
  t.teardown(() => cli.close());
  await cli.cmd('configure terminal');
  cli.write('crypto pki authenticate cisco\r');
  await cli.waitFor(/on a line by itself\r\n\r\n$/);
  cli.write(`${lab.cssm.caPem.trim().split(/\r?\n/).join('\r')}\rquit\r`);
  await cli.waitFor(/\[yes\/no\]: $/);
  t.match(await cli.raw('yes'), /% Certificate successfully imported/);
  await cli.cmd('end');
  await registers(t, d, network, { url: TG_HTTPS, viaProxy: false });
});

t.test('cBR-8 on-prem over http to an address: no DNS needed', async (t) => {
  const d = await device(t, 'cBR-8');
  const url = 'http://209.165.201.15/Transportgateway/services/DeviceRequestHandler';
  configure(d, xeTransportGateway(url));
  await registers(t, d, lab.network(), { url, viaProxy: false });
});

t.test('cBR-8 on-prem over https to an address: the certificate names the address, no SNI', async (t) => {
  const d = await device(t, 'cBR-8');
  const url = 'https://209.165.201.15/Transportgateway/services/DeviceRequestHandler';
  configure(d, xeTransportGateway(url) + trustpointChain('cisco', lab.cssm.caPem));
  await registers(t, d, lab.network(), { url, viaProxy: false });
});

t.test('NCS 560 direct (001:259-284)', async (t) => {
  const d = await device(t, 'NCS-560');
  configure(d, XR560_DIRECT);
  await registers(t, d, lab.network(), { url: 'https://tools.cisco.com/its/service/ctbe/services/IDEService', viaProxy: false });
});

t.test('NCS 560 through the HTTP proxy, CSSM refusing direct calls (001:286-312)', async (t) => {
  const d = await device(t, 'NCS-560');
  configure(d, XR560_PROXY);
  lab.cssm.requireProxy(lab.proxy);
  t.teardown(() => lab.cssm.requireProxy(null));
  const before = lab.cssm.stats();
  lab.proxy.resetStats();
  await registers(t, d, lab.network(), { url: 'https://tools.cisco.com/its/service/otbe/services/IDEService', viaProxy: true });
  t.equal(lab.cssm.stats().viaProxy, before.viaProxy + 1, 'CSSM saw the call arrive through the proxy');
  t.equal(lab.proxy.stats().connects, 1);
  const direct = await device(t, 'NCS-560');
  configure(direct, XR560_DIRECT);
  await fails(t, direct, lab.network(), 'unreachable', /Connection reset by the destination/);
  t.equal(lab.cssm.stats().rejectedDirect, before.rejectedDirect + 1, 'the direct call was dropped by CSSM');
});

t.test('NCS 560 CSSM On-Prem over http and https with the source interface and CRL policy (001:314-340)', async (t) => {
  const d = await device(t, 'NCS-560');
  const http = 'http://209.165.201.15/Transportgateway/services/DeviceRequestHandler';
  configure(d, xr560OnPrem(http));
  await registers(t, d, lab.network(), { url: http, viaProxy: false });
  const https = 'https://satellite.example.net/Transportgateway/services/DeviceRequestHandler';
  const d2 = await device(t, 'NCS-560');
  configure(d2, `domain name-server 198.51.100.247\n${xr560OnPrem(https)}`);
  await registers(t, d2, lab.network(), { url: https, viaProxy: false });
});

t.test('NCS 1004 direct and through a satellite with the Trustpool CRL optional (004:168-227)', async (t) => {
  const d = await device(t, 'NCS-1004');
  configure(d, xr1004('tools.cisco.com'));
  await registers(t, d, lab.network(), { url: 'https://tools.cisco.com/its/service/oddce/services/DDCEService', viaProxy: false });
  const s = await device(t, 'NCS-1004');
  configure(s, xr1004('satellite.example.net') + XR1004_CRL_OPTIONAL);
  await registers(t, s, lab.network(), { url: 'https://satellite.example.net/its/service/oddce/services/DDCEService', viaProxy: false });
});

t.test('a protocol FAILURE from CSSM is a delivered call home (the agent handles it)', async (t) => {
  const d = await device(t, 'NCS-1004');
  configure(d, xr1004('tools.cisco.com'));
  const outcome = await lab.network().send(d, { messageType: 'REGISTER', udi: { pid: d.identity.pid, sn: d.identity.serial }, idToken: 'not-a-token' });
  t.match(outcome, { ok: true, reply: { status: 'FAILURE', messageType: 'REGISTER', error: { code: 'TOKEN_INVALID' } } });
});

// ---------------------------------------------------------------- each missing or wrong piece fails like a device
t.test('DNS: no name server, lookups off, unknown host, server not answering', async (t) => {
  const xe = await device(t, 'cBR-8');
  const network = lab.network();
  await fails(t, xe, network, 'dns', /Unable to resolve host name tools\.cisco\.com: no DNS name server is configured\.$/);
  configure(xe, `${XE_DNS}no ip domain lookup\n`);
  await fails(t, xe, network, 'dns', /tools\.cisco\.com: domain lookup is disabled\.$/);
  const xr = await device(t, 'NCS-1004');
  configure(xr, xr1004('cssm.nowhere.example'));
  await fails(t, xr, network, 'dns', /Unable to resolve host name cssm\.nowhere\.example: host not found\.$/);
  const ok = await device(t, 'NCS-1004');
  configure(ok, xr1004('tools.cisco.com'));
  ok.faults.set({ dnsNotAnswering: true });
  t.same(ok.faults.get(), { dnsNotAnswering: true });
  await fails(t, ok, network, 'dns', /the DNS name server did not answer/);
  ok.faults.clear();
  t.equal(ok.faults.dnsNotAnswering, false);
  await registers(t, ok, network, { url: 'https://tools.cisco.com/its/service/oddce/services/DDCEService', viaProxy: false });
  t.match(network.stats(), { attempts: 5, succeeded: 1, failed: { dns: 4 } });
});

t.test('call-home configuration: inactive, disabled, email only, default address removed', async (t) => {
  const network = lab.network();
  const xr = await device(t, 'NCS-560');
  await fails(t, xr, network, 'config', /Call-home service is inactive/);
  configure(xr, XR560_DIRECT.replace(' service active\n', ''));
  await fails(t, xr, network, 'config', /Call-home service is inactive/);

  const xe = await device(t, 'cBR-8');
  configure(xe, `${XE_DNS}no service call-home\n`);
  await fails(t, xe, network, 'config', /Call-home is disabled \(no service call-home\)/);
  configure(xe, 'service call-home\ncall-home\n profile CiscoTAC-1\n  no active\n');
  await fails(t, xe, network, 'config', /No active profile reports smart-licensing-data\.$/);

  const email = await device(t, 'NCS-1004');
  configure(email, xr1004('tools.cisco.com', false));
  await fails(t, email, network, 'config', /has destination transport-method http\.$/);

  const removed = await device(t, 'cBR-8');
  configure(removed, `${XE_DNS}call-home\n profile CiscoTAC-1\n  no destination address http https://tools.cisco.com/its/service/oddce/services/DDCEService\n`);
  t.same(callHomeProfiles('ios-xe', removed.config.running())[0]?.httpAddresses, [], 'show call-home profile has no HTTP address');
  await fails(t, removed, network, 'config', /has a destination address http\.$/);
  configure(removed, 'call-home\n profile CiscoTAC-1\n  destination address http https://tools.cisco.com/its/service/oddce/services/DDCEService\n');
  await registers(t, removed, network, { url: 'https://tools.cisco.com/its/service/oddce/services/DDCEService', viaProxy: false });
});

t.test('HTTP proxy: down, not mapped, asking for authentication', async (t) => {
  const d = await device(t, 'NCS-560');
  configure(d, XR560_PROXY);
  const closed = await startProxy();
  await closed.close();
  await fails(t, d, lab.network({ resolveProxy: () => ({ host: closed.host, port: closed.port }) }), 'proxy', /Cannot connect to the HTTP proxy \(connection refused\)/);
  configure(d, 'call-home\n profile test1\n  destination address http https://cssm.nowhere.example/its/service/otbe/services/IDEService\n');
  t.ok(d.config.edit([{ op: 'delete', path: ['call-home', 'profile test1'], line: 'destination address http https://tools.cisco.com/its/service/otbe/services/IDEService' }]).ok);
  await fails(t, d, lab.network(), 'proxy', /The HTTP proxy could not connect to the destination \(HTTP status 502\)/);
  t.ok(d.config.apply('call-home\n profile test1\n  destination address http https://tools.cisco.com/its/service/otbe/services/IDEService\n  no destination address http https://cssm.nowhere.example/its/service/otbe/services/IDEService\n').ok);
  configure(d, 'call-home\n http-proxy 198.51.100.99 port 3128\n');
  await fails(t, d, lab.network(), 'proxy', /Cannot connect to the HTTP proxy/);

  const guarded = await startProxy({ resolve: lab.cssm.resolve, auth: { username: 'u', password: 'p4ssw0rd' } });
  t.teardown(() => guarded.close());
  const network = lab.network({ resolveProxy: () => ({ host: guarded.host, port: guarded.port }) });
  configure(d, `call-home\n http-proxy ${PROXY_ADDRESS.host} port ${PROXY_ADDRESS.port}\n`);
  await fails(t, d, network, 'proxy', /requires authentication \(407/);
  configure(d, 'call-home\n profile test1\n  destination address http http://tools.cisco.com/its/service/otbe/services/IDEService\n  no destination address http https://tools.cisco.com/its/service/otbe/services/IDEService\n');
  await fails(t, d, network, 'proxy', /requires authentication \(407/);
  t.match(guarded.stats(), { connects: 1, requests: 1, authFailures: 2 });
});

t.test('certificates: untrusted CA, wrong trustpoint, CRL not optional, name mismatch', async (t) => {
  const network = lab.network();
  const xe = await device(t, 'cBR-8');
  configure(xe, XE_DNS + xeTransportGateway(TG_HTTPS) + trustpointChain('cisco', otherTls().caPem));
  await fails(t, xe, network, 'certificate', /SSL server certificate verification failed: its CA is in no authenticated trustpoint\./);

  const crl = await device(t, 'cBR-8');
  configure(crl, XE_DNS + xeTransportGateway(TG_HTTPS, 'crl') + trustpointChain('cisco', lab.cssm.caPem));
  await fails(t, crl, network, 'certificate', /revocation check failed/);
  configure(crl, 'crypto pki trustpoint cisco\n revocation-check crl none\n');
  await registers(t, crl, network, { url: TG_HTTPS, viaProxy: false });

  const xr = await device(t, 'NCS-1004');
  configure(xr, xr1004('satellite.example.net'));
  await fails(t, xr, network, 'certificate', /revocation check failed: no CRL could be retrieved/);
  configure(xr, XR1004_CRL_OPTIONAL);
  await fails(t, xr, lab.network({ trustpool: [otherTls().caPem] }), 'certificate', /its CA is not in the trustpool\./);
  await registers(t, xr, network, { url: 'https://satellite.example.net/its/service/oddce/services/DDCEService', viaProxy: false });

  const rogue = await device(t, 'cBR-8');
  configure(rogue, XE_DNS + xeTransportGateway('https://rogue.example.org/transportgate/services/DeviceRequestHandler') + trustpointChain('cisco', lab.cssm.caPem));
  const https = lab.cssm.resolve('tools.cisco.com', 443);
  const resolve = (host: string, port: number) => (host === 'rogue.example.org' ? https : lab.cssm.resolve(host, port));
  await fails(t, rogue, lab.network({ resolve }), 'certificate', /does not name the destination host/);
});

t.test('source interface: missing, shut down, without an address of the family used', async (t) => {
  const network = lab.network();
  const d = await device(t, 'NCS-560');
  const url = 'http://209.165.201.15/Transportgateway/services/DeviceRequestHandler';
  configure(d, xr560OnPrem(url).replace('interface Vlan100\n ipv4 address 10.1.100.1 255.255.255.0\n', ''));
  await fails(t, d, network, 'unreachable', /HTTP client source interface Vlan100 does not exist: network is unreachable\./);
  configure(d, 'interface Vlan100\n ipv4 address 10.1.100.1 255.255.255.0\n shutdown\n');
  await fails(t, d, network, 'unreachable', /Vlan100 is shut down/);
  const result = d.config.edit([
    { op: 'delete', path: ['interface Vlan100'], line: 'shutdown' },
    { op: 'delete', path: ['interface Vlan100'], line: 'ipv4 address 10.1.100.1 255.255.255.0' },
    { op: 'set', path: ['interface Vlan100'], line: 'ipv6 address 2001:db8:100::1/64' },
  ]);
  t.ok(result.ok);
  await fails(t, d, network, 'unreachable', /Vlan100 has no IPv4 address/);

  // IOS-XE: an interface with an IPv6 address makes the session IPv6 (000:494-499).
  const xe = await device(t, 'cBR-8');
  configure(xe, `${xeTransportGateway(url)}interface Loopback0\n ip address 10.0.0.1 255.255.255.255\n ipv6 address 2001:db8::1/128\nip http client source-interface Loopback0\n`);
  await fails(t, xe, network, 'unreachable', /No route to host 209\.165\.201\.15 over IPv6\.$/);
  configure(xe, 'interface Loopback0\n no ipv6 address 2001:db8::1/128\n');
  await registers(t, xe, network, { url, viaProxy: false });
});

t.test('CSSM side: refused, reset, 5xx, too slow, wrong path, unknown address or port', async (t) => {
  const d = await device(t, 'NCS-1004');
  configure(d, xr1004('tools.cisco.com'));
  const network = lab.network();
  t.teardown(() => lab.cssm.faults.clear());
  await lab.cssm.faults.unreachable('refuse');
  await fails(t, d, network, 'unreachable', /Connection refused by the destination/);
  await lab.cssm.faults.unreachable('reset');
  await fails(t, d, network, 'unreachable', /Connection reset by the destination/);
  await lab.cssm.faults.reachable();
  lab.cssm.faults.failNext(1, 503, 'device');
  await fails(t, d, network, 'http', /HTTP response status 503 from the destination\.$/);
  lab.cssm.faults.slow(5_000, 'device');
  await fails(t, d, lab.network({ timeoutMs: 200 }), 'unreachable', /timed out/);
  lab.cssm.faults.slow(0);

  configure(d, 'call-home\n profile CiscoTAC-1\n  no destination address http https://tools.cisco.com/its/service/oddce/services/DDCEService\n  destination address http https://tools.cisco.com/its/service/oddce/services/DDCEService/extra\n');
  await fails(t, d, network, 'http', /status 404/);
  configure(d, 'call-home\n profile CiscoTAC-1\n  no destination address http https://tools.cisco.com/its/service/oddce/services/DDCEService/extra\n  destination address http https://tools.cisco.com:9443/its/service/oddce/services/DDCEService\n');
  await fails(t, d, network, 'unreachable', /Connection refused/);
  const far = await device(t, 'NCS-1004');
  configure(far, `${xr1004('tools.cisco.com')}call-home\n profile CiscoTAC-1\n  no destination address http https://tools.cisco.com/its/service/oddce/services/DDCEService\n  destination address http http://203.0.113.9/Transportgateway/services/DeviceRequestHandler\n`);
  await fails(t, far, network, 'unreachable', /No route to host 203\.0\.113\.9\.$/);
});

t.test('a cancelled call home ends at once as unreachable; send never rejects', async (t) => {
  const d = await device(t, 'NCS-1004');
  configure(d, xr1004('tools.cisco.com'));
  lab.cssm.faults.slow(5_000, 'device');
  t.teardown(() => lab.cssm.faults.slow(0));
  const controller = new AbortController();
  const { message } = registerMessage(lab.cssm, d);
  const pending = lab.network().send(d, message, { signal: controller.signal });
  setTimeout(() => controller.abort(), 50);
  t.match(await pending, { ok: false, cause: 'unreachable', detail: /cancelled/, url: 'https://tools.cisco.com/its/service/oddce/services/DDCEService' });
  const aborted = new AbortController();
  aborted.abort();
  t.match(await lab.network().send(d, message, { signal: aborted.signal }), { ok: false, cause: 'unreachable' });
});

t.test('the ID token never reaches the logs', async (t) => {
  const lines: string[] = [];
  const logger = createLogger({ level: 'debug', destination: new Writable({ write: (c, _e, cb) => (lines.push(String(c)), cb()) }) as never });
  const network = lab.network({ logger });
  const d = await device(t, 'NCS-1004');
  const { message, token } = registerMessage(lab.cssm, d);
  t.match(await network.send(d, message), { ok: false, cause: 'config' });
  configure(d, xr1004('tools.cisco.com'));
  t.match(await network.send(d, message), { ok: true });
  t.ok(lines.some((l) => l.includes('call home delivered')) && lines.some((l) => l.includes('call home failed')), 'both were logged');
  t.notOk(lines.some((l) => l.includes(token)), 'no line holds the token');
});
