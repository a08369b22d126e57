/**
 * Every problem a call home can meet has one device line that starts like the seed's (000:476-479) and that
 * `classifyFailure()` maps back to the same cause, with the driver's E_COMM_FAILED code.
 */
import t from 'tap';
import { classifyFailure } from '../../../src/licensing/failure.js';
import { CALL_HOME_FAILURE_PREFIX, callHomeFailure, type CallHomeProblem, type CallHomeProblemKind } from '../../../src/emulator/smart-agent/call-home-failure.js';
import type { CallHomeFailureCause } from '../../../src/emulator/smart-agent/network.js';

/** One sample per kind (the Record makes a new kind fail to compile until it is listed here). */
const SAMPLES: Readonly<Record<CallHomeProblemKind, readonly [CallHomeProblem, CallHomeFailureCause]>> = {
  'call-home-disabled': [{ kind: 'call-home-disabled' }, 'config'],
  'service-inactive': [{ kind: 'service-inactive' }, 'config'],
  'no-active-profile': [{ kind: 'no-active-profile' }, 'config'],
  'no-http-transport': [{ kind: 'no-http-transport' }, 'config'],
  'no-http-address': [{ kind: 'no-http-address' }, 'config'],
  'bad-url': [{ kind: 'bad-url' }, 'config'],
  'no-name-server': [{ kind: 'no-name-server', host: 'tools.cisco.com' }, 'dns'],
  'domain-lookup-disabled': [{ kind: 'domain-lookup-disabled', host: 'tools.cisco.com' }, 'dns'],
  'dns-no-answer': [{ kind: 'dns-no-answer', host: 'satellite.example.net' }, 'dns'],
  'unknown-host': [{ kind: 'unknown-host', host: 'proxy.example.com' }, 'dns'],
  'proxy-unreachable': [{ kind: 'proxy-unreachable' }, 'proxy'],
  'proxy-timeout': [{ kind: 'proxy-timeout' }, 'proxy'],
  'proxy-closed': [{ kind: 'proxy-closed' }, 'proxy'],
  'proxy-auth': [{ kind: 'proxy-auth' }, 'proxy'],
  'proxy-refused': [{ kind: 'proxy-refused', status: 502 }, 'proxy'],
  untrusted: [{ kind: 'untrusted', store: 'trustpoint' }, 'certificate'],
  'name-mismatch': [{ kind: 'name-mismatch' }, 'certificate'],
  'cert-dates': [{ kind: 'cert-dates' }, 'certificate'],
  crl: [{ kind: 'crl' }, 'certificate'],
  'tls-failed': [{ kind: 'tls-failed' }, 'certificate'],
  'source-interface-missing': [{ kind: 'source-interface-missing', name: 'Vlan100' }, 'unreachable'],
  'source-interface-down': [{ kind: 'source-interface-down', name: 'GigabitEthernet0/0/0/0' }, 'unreachable'],
  'source-interface-no-address': [{ kind: 'source-interface-no-address', name: 'Loopback0', family: 'ipv6' }, 'unreachable'],
  'no-route': [{ kind: 'no-route', address: '2001:db8::5', family: 'ipv4' }, 'unreachable'],
  refused: [{ kind: 'refused' }, 'unreachable'],
  reset: [{ kind: 'reset' }, 'unreachable'],
  timeout: [{ kind: 'timeout' }, 'unreachable'],
  aborted: [{ kind: 'aborted' }, 'unreachable'],
  'http-status': [{ kind: 'http-status', status: 504 }, 'http'],
  'bad-reply': [{ kind: 'bad-reply' }, 'http'],
};

const EXTRA: readonly (readonly [CallHomeProblem, CallHomeFailureCause])[] = [
  [{ kind: 'untrusted', store: 'trustpool' }, 'certificate'],
  [{ kind: 'no-route', address: '203.0.113.9' }, 'unreachable'],
  [{ kind: 'http-status', status: 408 }, 'http'],
  [{ kind: 'proxy-refused', status: 504 }, 'proxy'],
];

for (const [problem, cause] of [...Object.values(SAMPLES), ...EXTRA]) {
  t.test(`${problem.kind} → ${cause}`, async (t) => {
    const failure = callHomeFailure(problem);
    t.equal(failure.cause, cause);
    t.ok(failure.detail.startsWith(`${CALL_HOME_FAILURE_PREFIX} `), failure.detail);
    t.notMatch(failure.detail, /[\r\n]/);
    const classified = classifyFailure(failure.detail);
    t.equal(classified.code, 'E_COMM_FAILED');
    t.equal(classified.commCause, cause, failure.detail);
    t.equal(classifyFailure(failure.detail, 'COMM_FAILED').commCause, cause, 'with the syslog mnemonic too');
  });
}

t.test('the details name what failed', async (t) => {
  t.equal(callHomeFailure({ kind: 'no-name-server', host: 'tools.cisco.com' }).detail, 'Fail to send out Call Home HTTP message. Unable to resolve host name tools.cisco.com: no DNS name server is configured.');
  t.equal(callHomeFailure({ kind: 'source-interface-no-address', name: 'Loopback0', family: 'ipv6' }).detail, 'Fail to send out Call Home HTTP message. HTTP client source interface Loopback0 has no IPv6 address: network is unreachable.');
  t.equal(callHomeFailure({ kind: 'no-route', address: '2001:db8::5', family: 'ipv4' }).detail, 'Fail to send out Call Home HTTP message. No route to host 2001:db8::5 over IPv4.');
  t.equal(callHomeFailure({ kind: 'proxy-refused', status: 502 }).detail, 'Fail to send out Call Home HTTP message. The HTTP proxy could not connect to the destination (HTTP status 502).');
});
