/** SSH public-key fingerprints as `ssh-keygen -lf` prints them: `SHA256:` + unpadded base64 of the SHA-256 of the key blob. */
import { createHash } from 'node:crypto';

const FINGERPRINT = /^SHA256:([A-Za-z0-9+/]{43})=?$/;

export function fingerprintOf(keyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`;
}

/** The canonical form of a pinned fingerprint (padding dropped), or null when it is not `SHA256:<43 base64 chars>`. */
export function normalizeFingerprint(text: string): string | null {
  const m = FINGERPRINT.exec(text.trim());
  return m ? `SHA256:${m[1]}` : null;
}

/** The key type named inside an SSH wire-format public key blob (`ssh-ed25519`, `ssh-rsa`, `ecdsa-sha2-nistp256` …). */
export function keyTypeOf(keyBlob: Buffer): string {
  if (keyBlob.length < 4) return 'unknown';
  const length = keyBlob.readUInt32BE(0);
  if (length === 0 || length > 64 || 4 + length > keyBlob.length) return 'unknown';
  return keyBlob.subarray(4, 4 + length).toString('latin1');
}
