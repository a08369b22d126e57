/**
 * TLS material for the CSSM emulator: a CA and a server certificate it signs, made at start. The server
 * certificate names the Cisco hosts a device calls (tools.cisco.com and friends), the configured on-prem /
 * satellite hosts, localhost and 127.0.0.1, so a device that trusts the CA (its trustpoint) and connects with the
 * right SNI verifies the chain like against the real service. Keys come from node:crypto, certificates from node-forge.
 */
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import forge from 'node-forge';

/** Host names the emulator answers for: CiscoTAC-1, OAuth (current and legacy), both API hosts, Smart Transport. */
export const CISCO_HOSTS: readonly string[] = [
  'tools.cisco.com',
  'id.cisco.com',
  'cloudsso.cisco.com',
  'apx.cisco.com',
  'apmx.cisco.com',
  'swapi.cisco.com',
  'smartreceiver.cisco.com',
];

export interface Fingerprints {
  /** Colon-separated upper-case hex of the DER certificate's digest. */
  readonly sha1: string;
  readonly sha256: string;
}

export interface CssmTlsMaterial {
  readonly caPem: string;
  readonly caKeyPem: string;
  readonly certPem: string;
  readonly keyPem: string;
  /** DNS names and IP addresses in the server certificate. */
  readonly names: readonly string[];
  readonly fingerprints: { readonly ca: Fingerprints; readonly server: Fingerprints };
}

export interface TlsOptions {
  /** Extra names for the server certificate (on-prem / satellite host names or addresses). */
  readonly hosts?: readonly string[];
  /** Certificate validity start; defaults to now. Validity: 10 years. */
  readonly now?: number;
  readonly commonName?: string;
}

function fingerprints(pem: string): Fingerprints {
  const der = Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(forge.pki.certificateFromPem(pem))).getBytes(), 'binary');
  const hex = (algo: string): string =>
    createHash(algo)
      .update(der)
      .digest('hex')
      .toUpperCase()
      .match(/.{2}/g)!
      .join(':');
  return { sha1: hex('sha1'), sha256: hex('sha256') };
}

function rsaKeys(): { privateKeyPem: string; publicKeyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { privateKeyPem: privateKey, publicKeyPem: publicKey };
}

function serial(): string {
  // positive, 16 bytes
  const b = randomBytes(16);
  b[0] = (b[0] as number) & 0x7f;
  return b.toString('hex');
}

export function generateCssmTls(options: TlsOptions = {}): CssmTlsMaterial {
  const now = options.now ?? Date.now();
  const notBefore = new Date(now - 24 * 3600 * 1000);
  const notAfter = new Date(now + 10 * 365 * 24 * 3600 * 1000);

  const caKeys = rsaKeys();
  const caKey = forge.pki.privateKeyFromPem(caKeys.privateKeyPem);
  const ca = forge.pki.createCertificate();
  ca.publicKey = forge.pki.publicKeyFromPem(caKeys.publicKeyPem);
  ca.serialNumber = serial();
  ca.validity.notBefore = notBefore;
  ca.validity.notAfter = notAfter;
  const caSubject = [
    { name: 'commonName', value: 'smartlic CSSM emulator CA' },
    { name: 'organizationName', value: 'smartlic' },
  ];
  ca.setSubject(caSubject);
  ca.setIssuer(caSubject);
  ca.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  ca.sign(caKey, forge.md.sha256.create());

  const names = [...new Set([...CISCO_HOSTS, ...(options.hosts ?? []), 'localhost', '127.0.0.1'])];
  const serverKeys = rsaKeys();
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(serverKeys.publicKeyPem);
  cert.serialNumber = serial();
  cert.validity.notBefore = notBefore;
  cert.validity.notAfter = notAfter;
  cert.setSubject([
    { name: 'commonName', value: options.commonName ?? 'tools.cisco.com' },
    { name: 'organizationName', value: 'smartlic' },
  ]);
  cert.setIssuer(caSubject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: names.map((n) => (isIP(n) ? { type: 7, ip: n } : { type: 2, value: n })),
    },
    { name: 'authorityKeyIdentifier', keyIdentifier: ca.generateSubjectKeyIdentifier().getBytes() },
  ]);
  cert.sign(caKey, forge.md.sha256.create());

  const caPem = forge.pki.certificateToPem(ca);
  const certPem = forge.pki.certificateToPem(cert);
  return {
    caPem,
    caKeyPem: caKeys.privateKeyPem,
    certPem,
    keyPem: serverKeys.privateKeyPem,
    names,
    fingerprints: { ca: fingerprints(caPem), server: fingerprints(certPem) },
  };
}

/**
 * A certificate a device will not accept, for the `certificate` fault knob: `expired` (signed by the CA, validity
 * over since yesterday, wall clock: TLS checks dates on the real clock), `wrong-name` (signed by the CA for a name
 * no device calls) or `untrusted` (self-signed, right names). It reuses the server key, so nothing is generated.
 */
export type RejectedCertificate = 'expired' | 'wrong-name' | 'untrusted';

export function rejectedServerCertificate(material: CssmTlsMaterial, kind: RejectedCertificate, now = Date.now()): string {
  const key = forge.pki.privateKeyFromPem(material.keyPem) as forge.pki.rsa.PrivateKey;
  const caKey = forge.pki.privateKeyFromPem(material.caKeyPem) as forge.pki.rsa.PrivateKey;
  const ca = forge.pki.certificateFromPem(material.caPem);
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  cert.serialNumber = serial();
  const day = 24 * 3600 * 1000;
  cert.validity.notBefore = new Date(kind === 'expired' ? now - 400 * day : now - day);
  cert.validity.notAfter = new Date(kind === 'expired' ? now - day : now + 365 * day);
  const names = kind === 'wrong-name' ? ['cssm.wrong-name.invalid'] : material.names;
  const subject = [
    { name: 'commonName', value: names[0] ?? 'tools.cisco.com' },
    { name: 'organizationName', value: kind === 'untrusted' ? 'not the smartlic CA' : 'smartlic' },
  ];
  cert.setSubject(subject);
  cert.setIssuer(kind === 'untrusted' ? subject : ca.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames: names.map((n) => (isIP(n) ? { type: 7, ip: n } : { type: 2, value: n })) },
  ]);
  cert.sign(kind === 'untrusted' ? key : caKey, forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}
