/**
 * SSH host keys of emulated devices. A fleet shares one key set by default (generating RSA keys is the slow
 * part of starting thousands of devices). Fingerprints are printed as `ssh-keygen -lf` does:
 * `SHA256:` + unpadded base64 of the SHA-256 of the public key blob.
 */
import { createHash, generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import ssh2 from 'ssh2';
import type { ParsedKey } from 'ssh2';
import { InvalidArgumentError } from '../../errors.js';

export interface HostKey {
  /** ssh2 key type: `ssh-rsa`, `ssh-ed25519`, `ecdsa-sha2-nistp256` … */
  readonly type: string;
  /** The private key text (PEM or OpenSSH format) handed to ssh2's Server. */
  readonly privateKey: string;
  /** `SHA256:<base64 without padding>`. */
  readonly fingerprint: string;
  /** `<type> <base64 blob>`, the known_hosts / authorized_keys form of the public key. */
  readonly publicKey: string;
}

export interface HostKeySet {
  /** In the order the server lists them; clients pick by their own preference. */
  readonly keys: readonly HostKey[];
  /**
   * The fingerprint that ssh2 and paramiko clients negotiate with their default algorithm order: the
   * ed25519 key when the set has one, otherwise the first key.
   */
  readonly fingerprint: string;
}

export function fingerprintOfBlob(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

function parsePrivate(text: string, source: string): ParsedKey {
  const parsed = ssh2.utils.parseKey(text);
  const key = Array.isArray(parsed) ? parsed[0] : parsed;
  if (key === undefined || key instanceof Error) {
    throw new InvalidArgumentError('host key', `${source}: ${key instanceof Error ? key.message : 'no key found'}`);
  }
  if (key.getPrivatePEM() === null) throw new InvalidArgumentError('host key', `${source}: not a private key`);
  return key;
}

/** Describes one private key (PEM or OpenSSH text). */
export function describeHostKey(privateKey: string, source = 'host key'): HostKey {
  const key = parsePrivate(privateKey, source);
  const blob = key.getPublicSSH();
  return {
    type: key.type,
    privateKey,
    fingerprint: fingerprintOfBlob(blob),
    publicKey: `${key.type} ${blob.toString('base64')}`,
  };
}

export function hostKeySet(keys: readonly HostKey[]): HostKeySet {
  const first = keys[0];
  if (first === undefined) throw new InvalidArgumentError('host keys', 'at least one host key is required');
  const preferred = keys.find((k) => k.type === 'ssh-ed25519') ?? first;
  return { keys, fingerprint: preferred.fingerprint };
}

export interface GenerateHostKeysOptions {
  /** Also offer an ed25519 key (default true). */
  readonly ed25519?: boolean;
  /** RSA modulus in bits (default 2048). */
  readonly rsaBits?: number;
}

/** Generates an RSA host key (PKCS#1 PEM via node:crypto) and, by default, an ed25519 one (OpenSSH format). */
export function generateHostKeys(options: GenerateHostKeysOptions = {}): HostKeySet {
  const rsa = generateKeyPairSync('rsa', {
    modulusLength: options.rsaBits ?? 2048,
    publicKeyEncoding: { type: 'pkcs1', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  });
  const keys = [describeHostKey(rsa.privateKey, 'generated RSA key')];
  if (options.ed25519 ?? true) keys.push(generateEd25519());
  return hostKeySet(keys);
}

/**
 * ssh2's ed25519 generator now and then (about 1 in 300) writes an OpenSSH key its own parser rejects
 * ("Malformed OpenSSH private key"); such a key is drawn again.
 */
function generateEd25519(): HostKey {
  let lastError: unknown;
  for (let attempt = 0; attempt < 20; attempt++) {
    const ed = ssh2.utils.generateKeyPairSync('ed25519');
    try {
      return describeHostKey(ed.private, 'generated ed25519 key');
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

/** Loads host keys from files (each PEM or OpenSSH private key). */
export function loadHostKeys(paths: readonly string[]): HostKeySet {
  return hostKeySet(
    paths.map((path) => {
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch (error) {
        throw new InvalidArgumentError('host key', `cannot read ${path}: ${(error as Error).message}`);
      }
      return describeHostKey(text, path);
    }),
  );
}
