/**
 * Why a call home failed, as the emulated device sees it, and the one line it reports. Every line starts with
 * the seed's `Fail to send out Call Home HTTP message.` (000:476-479) followed by the reason, and each reason is
 * worded so that `classifyFailure()` (src/licensing/failure.ts) maps it back to its cause; the reasons themselves
 * are [INF] (no seed prints them). Only host names and interface names from the configuration appear in a line,
 * never the message sent (its ID token stays out).
 */
import type { CallHomeFailureCause } from './network.js';

export type AddressFamily = 'ipv4' | 'ipv6';

export type CallHomeProblem =
  // config: the running configuration does not lead to a destination
  | { readonly kind: 'call-home-disabled' }
  | { readonly kind: 'service-inactive' }
  | { readonly kind: 'no-active-profile' }
  | { readonly kind: 'no-http-transport' }
  | { readonly kind: 'no-http-address' }
  | { readonly kind: 'bad-url' }
  // dns
  | { readonly kind: 'no-name-server'; readonly host: string }
  | { readonly kind: 'domain-lookup-disabled'; readonly host: string }
  | { readonly kind: 'dns-no-answer'; readonly host: string }
  | { readonly kind: 'unknown-host'; readonly host: string }
  // proxy
  | { readonly kind: 'proxy-unreachable' }
  | { readonly kind: 'proxy-timeout' }
  | { readonly kind: 'proxy-closed' }
  | { readonly kind: 'proxy-auth' }
  | { readonly kind: 'proxy-refused'; readonly status: number }
  // certificate
  | { readonly kind: 'untrusted'; readonly store: 'trustpoint' | 'trustpool' }
  | { readonly kind: 'name-mismatch' }
  | { readonly kind: 'cert-dates' }
  | { readonly kind: 'crl' }
  | { readonly kind: 'tls-failed' }
  // unreachable
  | { readonly kind: 'source-interface-missing'; readonly name: string }
  | { readonly kind: 'source-interface-down'; readonly name: string }
  | { readonly kind: 'source-interface-no-address'; readonly name: string; readonly family: AddressFamily }
  | { readonly kind: 'no-route'; readonly address: string; readonly family?: AddressFamily }
  | { readonly kind: 'refused' }
  | { readonly kind: 'reset' }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'aborted' }
  // http
  | { readonly kind: 'http-status'; readonly status: number }
  | { readonly kind: 'bad-reply' };

export type CallHomeProblemKind = CallHomeProblem['kind'];

export const CALL_HOME_FAILURE_PREFIX = 'Fail to send out Call Home HTTP message.';

const FAMILY: Readonly<Record<AddressFamily, string>> = { ipv4: 'IPv4', ipv6: 'IPv6' };

function describe(problem: CallHomeProblem): { readonly cause: CallHomeFailureCause; readonly reason: string } {
  switch (problem.kind) {
    case 'call-home-disabled':
      return { cause: 'config', reason: 'Call-home is disabled (no service call-home).' };
    case 'service-inactive':
      return { cause: 'config', reason: 'Call-home service is inactive (service active is not configured under call-home).' };
    case 'no-active-profile':
      return { cause: 'config', reason: 'No active profile reports smart-licensing-data.' };
    case 'no-http-transport':
      return { cause: 'config', reason: 'No active profile reporting smart-licensing-data has destination transport-method http.' };
    case 'no-http-address':
      return { cause: 'config', reason: 'No active profile reporting smart-licensing-data has a destination address http.' };
    case 'bad-url':
      return { cause: 'config', reason: 'No active profile reporting smart-licensing-data has a destination address that is an http:// or https:// URL.' };
    case 'no-name-server':
      return { cause: 'dns', reason: `Unable to resolve host name ${problem.host}: no DNS name server is configured.` };
    case 'domain-lookup-disabled':
      return { cause: 'dns', reason: `Unable to resolve host name ${problem.host}: domain lookup is disabled.` };
    case 'dns-no-answer':
      return { cause: 'dns', reason: `Unable to resolve host name ${problem.host}: the DNS name server did not answer.` };
    case 'unknown-host':
      return { cause: 'dns', reason: `Unable to resolve host name ${problem.host}: host not found.` };
    case 'proxy-unreachable':
      return { cause: 'proxy', reason: 'Cannot connect to the HTTP proxy (connection refused).' };
    case 'proxy-timeout':
      return { cause: 'proxy', reason: 'The HTTP proxy did not answer (timed out).' };
    case 'proxy-closed':
      return { cause: 'proxy', reason: 'The HTTP proxy closed the connection.' };
    case 'proxy-auth':
      return { cause: 'proxy', reason: 'The HTTP proxy requires authentication (407 Proxy Authentication Required).' };
    case 'proxy-refused':
      return { cause: 'proxy', reason: `The HTTP proxy could not connect to the destination (HTTP status ${problem.status}).` };
    case 'untrusted':
      return {
        cause: 'certificate',
        reason:
          problem.store === 'trustpoint'
            ? 'SSL server certificate verification failed: its CA is in no authenticated trustpoint.'
            : 'SSL server certificate verification failed: its CA is not in the trustpool.',
      };
    case 'name-mismatch':
      return { cause: 'certificate', reason: 'SSL server certificate verification failed: the certificate does not name the destination host.' };
    case 'cert-dates':
      return { cause: 'certificate', reason: 'SSL server certificate verification failed: the certificate is expired or not yet valid.' };
    case 'crl':
      return { cause: 'certificate', reason: 'SSL server certificate revocation check failed: no CRL could be retrieved (no reachable CRL distribution point).' };
    case 'tls-failed':
      return { cause: 'certificate', reason: 'SSL handshake with the server failed.' };
    case 'source-interface-missing':
      return { cause: 'unreachable', reason: `HTTP client source interface ${problem.name} does not exist: network is unreachable.` };
    case 'source-interface-down':
      return { cause: 'unreachable', reason: `HTTP client source interface ${problem.name} is shut down: network is unreachable.` };
    case 'source-interface-no-address':
      return { cause: 'unreachable', reason: `HTTP client source interface ${problem.name} has no ${FAMILY[problem.family]} address: network is unreachable.` };
    case 'no-route':
      return { cause: 'unreachable', reason: `No route to host ${problem.address}${problem.family === undefined ? '' : ` over ${FAMILY[problem.family]}`}.` };
    case 'refused':
      return { cause: 'unreachable', reason: 'Connection refused by the destination.' };
    case 'reset':
      return { cause: 'unreachable', reason: 'Connection reset by the destination.' };
    case 'timeout':
      return { cause: 'unreachable', reason: 'Connection to the destination timed out.' };
    case 'aborted':
      return { cause: 'unreachable', reason: 'Connection closed: the call home was cancelled.' };
    case 'http-status':
      return { cause: 'http', reason: `HTTP response status ${problem.status} from the destination.` };
    case 'bad-reply':
      return { cause: 'http', reason: 'The HTTP response from the destination is not a call-home reply.' };
  }
}

/** The cause and the device line for a problem. */
export function callHomeFailure(problem: CallHomeProblem): { readonly cause: CallHomeFailureCause; readonly detail: string } {
  const { cause, reason } = describe(problem);
  return { cause, detail: `${CALL_HOME_FAILURE_PREFIX} ${reason}` };
}
