/**
 * Host-key policy, applied from ssh2's `hostVerifier`, i.e. after key exchange and before any credential is sent.
 *
 * - `strict` (default): the key must equal the pinned `SHA256:` fingerprint when one is given, otherwise an entry
 *   of the known_hosts file. Unknown or different → refused.
 * - `accept-new`: like strict, but a host with no entry at all is recorded in the known_hosts file and accepted
 *   (OpenSSH `StrictHostKeyChecking accept-new`); a known host presenting another key is still refused.
 * - `insecure`: any key is accepted and a warning is logged. Explicit opt-in only.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { HostKeyError } from '../errors.js';
import type { HostKeyPolicy } from '../inventory/types.js';
import type { Logger } from '../log.js';
import { fingerprintOf, keyTypeOf, normalizeFingerprint } from './fingerprint.js';
import {
  appendKnownHostLine,
  describeKnown,
  formatKnownHostLine,
  hostFieldMatches,
  knownHostName,
  lookupKnownHost,
  readKnownHostsFile,
} from './known-hosts.js';

export type { HostKeyPolicy };

export interface HostKeyOptions {
  /** Default `strict`. */
  readonly policy?: HostKeyPolicy;
  /** Pinned fingerprint, `SHA256:<base64>`; when given it alone decides (strict and accept-new). */
  readonly fingerprint?: string;
  /** OpenSSH known_hosts file; default `~/.ssh/known_hosts`. */
  readonly knownHostsFile?: string;
  /** `accept-new` writes the host name hashed (`|1|salt|hash`). Default false. */
  readonly hashKnownHosts?: boolean;
}

export interface VerifiedHostKey {
  readonly keyType: string;
  readonly fingerprint: string;
  readonly verifiedBy: 'pinned' | 'known-hosts' | 'accepted-new' | 'insecure';
}

export function defaultKnownHostsFile(): string {
  return join(homedir(), '.ssh', 'known_hosts');
}

/** Serialises accept-new writes per file so that concurrent first connections record a host once. */
const fileLocks = new Map<string, Promise<unknown>>();

async function withFileLock<T>(path: string, task: () => Promise<T>): Promise<T> {
  const previous = fileLocks.get(path) ?? Promise.resolve();
  const run = previous.then(task, task);
  const settled = run.catch(() => undefined);
  fileLocks.set(path, settled);
  try {
    return await run;
  } finally {
    if (fileLocks.get(path) === settled) fileLocks.delete(path);
  }
}

/** ssh2's host key algorithms in its default order of preference. */
const HOST_KEY_ALGORITHMS = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'rsa-sha2-512',
  'rsa-sha2-256',
  'ssh-rsa',
] as const;

function algorithmsForKeyType(type: string): readonly string[] {
  return type === 'ssh-rsa' ? ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] : HOST_KEY_ALGORITHMS.includes(type as never) ? [type] : [];
}

/**
 * The host key algorithms to offer, known types first (as OpenSSH orders them): a device with both an RSA and an
 * ed25519 key, recorded in known_hosts by its RSA key, must be asked for that key rather than be reported as changed.
 * Undefined when nothing is known for the host (keep ssh2's default order).
 */
export async function hostKeyAlgorithmsFor(host: string, port: number, options: HostKeyOptions): Promise<string[] | undefined> {
  if ((options.policy ?? 'strict') === 'insecure' || options.fingerprint !== undefined) return undefined;
  const name = knownHostName(host, port);
  const entries = await readKnownHostsFile(options.knownHostsFile ?? defaultKnownHostsFile()).catch(() => []);
  const known = entries.filter((e) => e.marker === null && hostFieldMatches(e.hosts, name)).flatMap((e) => algorithmsForKeyType(e.keyType));
  if (known.length === 0) return undefined;
  return [...new Set([...known, ...HOST_KEY_ALGORITHMS])];
}

/** Checks the policy's own options before connecting (a malformed pin is refused up front). */
export function validateHostKeyOptions(host: string, options: HostKeyOptions): void {
  const policy = options.policy ?? 'strict';
  if (policy !== 'strict' && policy !== 'accept-new' && policy !== 'insecure') {
    throw new HostKeyError(host, 'invalid-policy', `unknown hostKeyPolicy "${String(policy)}" (expected strict, accept-new or insecure)`);
  }
  if (options.fingerprint !== undefined && normalizeFingerprint(options.fingerprint) === null) {
    throw new HostKeyError(
      host,
      'invalid-policy',
      `hostKey ${JSON.stringify(options.fingerprint)} is not a SHA256 fingerprint (expected "SHA256:" and 43 base64 characters, as ssh-keygen -lf prints)`,
    );
  }
}

export async function verifyHostKey(
  host: string,
  port: number,
  key: Buffer,
  options: HostKeyOptions,
  logger: Logger,
): Promise<VerifiedHostKey> {
  validateHostKeyOptions(host, options);
  const policy = options.policy ?? 'strict';
  const fingerprint = fingerprintOf(key);
  const keyType = keyTypeOf(key);
  const pinned = options.fingerprint === undefined ? null : normalizeFingerprint(options.fingerprint);

  if (policy === 'insecure') {
    logger.warn(
      { host, port, keyType, fingerprint, ...(pinned && pinned !== fingerprint ? { pinned } : {}) },
      'host key NOT verified (hostKeyPolicy "insecure")',
    );
    return { keyType, fingerprint, verifiedBy: 'insecure' };
  }

  if (pinned !== null) {
    if (pinned === fingerprint) return { keyType, fingerprint, verifiedBy: 'pinned' };
    throw new HostKeyError(host, 'mismatch', fingerprint, pinned);
  }

  const file = options.knownHostsFile ?? defaultKnownHostsFile();
  const name = knownHostName(host, port);
  const check = async (): Promise<VerifiedHostKey | 'unknown'> => {
    const verdict = lookupKnownHost(await readKnownHostsFile(file), name, key);
    switch (verdict.status) {
      case 'match':
        return { keyType, fingerprint, verifiedBy: 'known-hosts' };
      case 'revoked':
        throw new HostKeyError(host, 'mismatch', fingerprint, `a key not marked @revoked (${file}:${verdict.entry.line})`);
      case 'mismatch':
        throw new HostKeyError(host, 'mismatch', fingerprint, `${describeKnown(verdict.known)} (${file})`);
      case 'unknown':
        return 'unknown';
    }
  };

  const first = await check();
  if (first !== 'unknown') return first;
  if (policy === 'strict') throw new HostKeyError(host, 'unknown', fingerprint);

  return withFileLock(file, async () => {
    const again = await check();
    if (again !== 'unknown') return again;
    await appendKnownHostLine(file, formatKnownHostLine(name, keyType, key, { hashed: options.hashKnownHosts ?? false }));
    logger.info({ host, port, keyType, fingerprint, knownHosts: file }, 'new host key recorded (hostKeyPolicy "accept-new")');
    return { keyType, fingerprint, verifiedBy: 'accepted-new' };
  });
}
