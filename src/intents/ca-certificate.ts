/**
 * The CA certificate of a trustpoint, in the two forms it takes: the PEM an intent carries (what `crypto pki
 * authenticate` is fed) and the hex DER IOS-XE prints under `crypto pki certificate chain <name>` /
 * ` certificate ca <serial>`. Comparing the DER tells whether a device already holds the certificate.
 */
import { X509Certificate } from 'node:crypto';

export interface CaCertificate {
  /** Normalised PEM: the BEGIN/END lines and base64 in 64-character lines, no surrounding blank lines. */
  readonly pem: string;
  /** The DER, upper-case hex without spaces. */
  readonly derHex: string;
  /** The serial as IOS prints it after `certificate ca` (upper-case hex, even length, leading zeros dropped). */
  readonly serial: string;
  readonly subject: string;
}

/** IOS prints the serial without leading zeros, padded to whole bytes (`certificate ca 0A`). */
function iosSerial(serialNumber: string): string {
  const hex = serialNumber.replace(/^0+(?=.)/, '').toUpperCase();
  return hex.length % 2 === 1 ? `0${hex}` : hex;
}

function pemOf(der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return ['-----BEGIN CERTIFICATE-----', ...lines, '-----END CERTIFICATE-----'].join('\n');
}

/** Parses one PEM certificate; throws an `Error` whose message says what is wrong. */
export function parseCaCertificate(pem: string): CaCertificate {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----/g)?.length ?? 0;
  if (blocks !== 1) throw new Error(blocks === 0 ? 'holds no PEM certificate' : 'must hold exactly one certificate (the CA)');
  // Text around the block would be pasted after it, where IOS-XE reads `quit` and then configuration lines.
  if (!/^\s*-----BEGIN CERTIFICATE-----\r?\n[A-Za-z0-9+/=\r\n]+-----END CERTIFICATE-----\s*$/.test(pem)) {
    throw new Error('must be one PEM block (BEGIN CERTIFICATE, base64 lines, END CERTIFICATE) with nothing before or after it');
  }
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(pem.trim());
  } catch {
    throw new Error('is not a readable X.509 certificate');
  }
  return { pem: pemOf(cert.raw), derHex: cert.raw.toString('hex').toUpperCase(), serial: iosSerial(cert.serialNumber), subject: cert.subject.replace(/\n/g, ', ') };
}

/** The certificate IOS-XE printed as hex groups (`3082018D 3081F7A0 …`), back as a `CaCertificate`; null if unreadable. */
export function caCertificateFromHex(hexLines: readonly string[]): CaCertificate | null {
  const hex = hexLines.join('').replace(/\s+/g, '');
  if (hex.length === 0 || !/^[0-9A-Fa-f]+$/.test(hex) || hex.length % 2 !== 0) return null;
  try {
    return parseCaCertificate(pemOf(Buffer.from(hex, 'hex')));
  } catch {
    return null;
  }
}
