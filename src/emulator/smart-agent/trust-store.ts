/**
 * Which certificate authorities a device trusts for an HTTPS call home, and its revocation (CRL) policy, read
 * from the running configuration.
 *
 * - Cisco's own hosts (tools.cisco.com …) are trusted through the built-in trustpool; their certificates carry
 *   CRL distribution points the device can reach, so the CRL check passes. In the lab, the CSSM emulator's CA
 *   plays Cisco's root in the trustpool.
 * - IOS-XE, any other host (transport gateway, On-Prem): only CAs of authenticated trustpoints count
 *   (`crypto pki trustpoint <name>` + `crypto pki authenticate <name>`, stored as `crypto pki certificate chain
 *   <name>`, 000:515-534). The server certificate has no CRL distribution point, so the trustpoint must say
 *   `revocation-check none` (the IOS default is `crl`).
 * - IOS-XR, any other host (On-Prem, satellite): the trustpool, whose CRL check is mandatory unless
 *   `crypto ca trustpool policy` / `crl optional` (001:336-338) or `crypto ca trustpoint Trustpool crl optional`
 *   (004:222-227) [INF: the seeds' XR procedures import no CA, so the satellite's CA is taken to be in the pool].
 */
import { X509Certificate } from 'node:crypto';
import type { PlatformId } from '../../platforms/types.js';
import type { ConfigNode } from '../device/config/tree.js';

export interface TrustAnchor {
  readonly pem: string;
  /** `trustpool`, or the trustpoint's name. */
  readonly store: string;
  /** A certificate that chains to this anchor is accepted when its CRL cannot be fetched. */
  readonly crlOptional: boolean;
}

export interface TrustSettings {
  readonly anchors: readonly TrustAnchor[];
  /** What the device relies on for this host (wording of an untrusted-CA failure). */
  readonly store: 'trustpoint' | 'trustpool';
  /** The host's certificate has a CRL distribution point the device reaches (Cisco's hosts). */
  readonly crlReachable: boolean;
}

export interface XeTrustpoint {
  readonly name: string;
  /** CA certificates installed by `crypto pki authenticate`, PEM. */
  readonly caPems: readonly string[];
  /** `revocation-check` methods in order; IOS defaults to `crl`. */
  readonly revocation: readonly string[];
}

const HEX_LINE = /^[0-9A-F]{1,8}(?: [0-9A-F]{1,8})*$/i;

function pemOf(hexLines: readonly string[]): string | undefined {
  const hex = hexLines.join('').replace(/\s+/g, '');
  if (hex === '' || hex.length % 2 !== 0) return undefined;
  try {
    return new X509Certificate(Buffer.from(hex, 'hex')).toString();
  } catch {
    return undefined;
  }
}

export function xeTrustpoints(tree: ConfigNode): XeTrustpoint[] {
  const chains = new Map(tree.children.filter((c) => c.line.startsWith('crypto pki certificate chain ')).map((c) => [c.line.slice(29), c]));
  return tree.children
    .filter((c) => c.line.startsWith('crypto pki trustpoint '))
    .map((node) => {
      const name = node.line.slice('crypto pki trustpoint '.length);
      const caPems = (chains.get(name)?.children ?? [])
        .filter((c) => c.line.startsWith('certificate ca '))
        .map((c) => pemOf(c.children.map((l) => l.line.trim()).filter((l) => HEX_LINE.test(l))))
        .filter((pem): pem is string => pem !== undefined);
      const check = node.children.find((c) => c.line.startsWith('revocation-check '))?.line.slice('revocation-check '.length);
      return { name, caPems, revocation: check === undefined ? ['crl'] : check.split(/\s+/) };
    });
}

/** IOS-XR: the CRL check of the trustpool is optional (either spelling of the seeds, block or one line). */
export function xrCrlOptional(tree: ConfigNode): boolean {
  return tree.children.some((c) => {
    const line = c.line.toLowerCase().replace(/\s+/g, ' ');
    const block = line === 'crypto ca trustpool policy' || line === 'crypto ca trustpoint trustpool';
    return (block && c.children.some((k) => k.line === 'crl optional')) || line === 'crypto ca trustpool policy crl optional' || line === 'crypto ca trustpoint trustpool crl optional';
  });
}

export function trustFor(platform: PlatformId, tree: ConfigNode, options: { readonly trustpool: readonly string[]; readonly ciscoHost: boolean }): TrustSettings {
  if (platform === 'ios-xr') {
    const crlOptional = xrCrlOptional(tree);
    return { anchors: options.trustpool.map((pem) => ({ pem, store: 'trustpool', crlOptional })), store: 'trustpool', crlReachable: options.ciscoHost };
  }
  const trustpoints = xeTrustpoints(tree).flatMap((tp) => tp.caPems.map((pem) => ({ pem, store: tp.name, crlOptional: tp.revocation.includes('none') })));
  const pool = options.ciscoHost ? options.trustpool.map((pem) => ({ pem, store: 'trustpool', crlOptional: false })) : [];
  return { anchors: [...pool, ...trustpoints], store: options.ciscoHost ? 'trustpool' : 'trustpoint', crlReachable: options.ciscoHost };
}

function anchoredBy(chain: readonly X509Certificate[], anchor: X509Certificate): boolean {
  return chain.some((cert) => cert.fingerprint256 === anchor.fingerprint256 || (cert.checkIssued(anchor) && cert.verify(anchor.publicKey)));
}

/**
 * After a verified handshake: does the revocation policy let the chain through? `chain` is the server
 * certificate and the issuers the handshake found.
 */
export function revocationPasses(settings: TrustSettings, chain: readonly X509Certificate[]): boolean {
  if (settings.crlReachable) return true;
  return settings.anchors.some((a) => a.crlOptional && anchoredBy(chain, new X509Certificate(a.pem)));
}
