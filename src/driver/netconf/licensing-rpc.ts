/**
 * Pure: the Smart Licensing actions as NETCONF RPC elements of the device's platform (YANG-PATHS.md §4, §8):
 *
 *   IOS-XE  <register-id-token xmlns="http://cisco.com/ns/yang/cisco-smart-license">
 *             <id-token>…</id-token><force>true</force></register-id-token>
 *   IOS-XR  <register-id-token xmlns="http://cisco.com/ns/yang/Cisco-IOS-XR-smart-license-act">…
 *   both    <renew-id/>, <renew-auth/>, <de-register/> without input
 *
 * and the `<get>` filter that selects the Smart Agent state. `force` is sent only when true (its default is false).
 */
import { InvalidArgumentError } from '../../errors.js';
import { renderXml, xmlElement, type XmlNode } from '../../netconf/xml.js';
import { SMART_LICENSE_YANG, type SmartLicenseAction } from '../../platforms/smart-license-yang.js';
import type { PlatformId } from '../../platforms/types.js';
import { REDACTED, type Secret } from '../../secret.js';

export interface LicensingRpcRequest {
  readonly action: SmartLicenseAction;
  /** register-id-token only. */
  readonly token?: Secret;
  readonly force?: boolean;
}

function build(platform: PlatformId, request: LicensingRpcRequest, token: (secret: Secret) => string): XmlNode {
  const ns = SMART_LICENSE_YANG[platform].actionNamespace;
  if (request.action !== 'register-id-token') return xmlElement(request.action, ns);
  if (request.token === undefined) throw new InvalidArgumentError('idToken', 'register-id-token needs an ID token');
  return xmlElement('register-id-token', ns, [
    xmlElement('id-token', ns, token(request.token)),
    ...(request.force === true ? [xmlElement('force', ns, 'true')] : []),
  ]);
}

/** The RPC to send (the token in clear: hand it only to the NETCONF client). */
export function buildLicensingRpc(platform: PlatformId, request: LicensingRpcRequest): XmlNode {
  return build(platform, request, (secret) => secret.reveal());
}

/** The same RPC as text with the token as `***`, for results, logs and errors. */
export function showLicensingRpc(platform: PlatformId, request: LicensingRpcRequest): string {
  return renderXml(build(platform, request, () => REDACTED));
}

/** The subtree filter selecting the platform's Smart Agent state (`<licensing><state/></licensing>` …). */
export function licensingStateFilter(platform: PlatformId): XmlNode {
  const yang = SMART_LICENSE_YANG[platform];
  const names = [...yang.statePath];
  let node = xmlElement(names.pop() as string, yang.stateNamespace);
  while (names.length > 0) node = xmlElement(names.pop() as string, yang.stateNamespace, [node]);
  return node;
}
