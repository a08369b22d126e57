/**
 * OpenSSH `known_hosts` files (sshd(8) "SSH_KNOWN_HOSTS FILE FORMAT"): one key per line,
 * `[@marker] patterns keytype base64-key [comment]`, where patterns are comma-separated host names, `[host]:port`
 * for a port other than 22, `*`/`?` wildcards, `!negations`, or one hashed name `|1|base64(salt)|base64(HMAC-SHA1)`.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fingerprintOf, keyTypeOf } from './fingerprint.js';

export interface KnownHostEntry {
  readonly marker: 'cert-authority' | 'revoked' | null;
  /** The host field as written (comma-separated patterns or one hashed name). */
  readonly hosts: string;
  readonly keyType: string;
  readonly key: Buffer;
  /** 1-based line number, for messages. */
  readonly line: number;
}

export type KnownHostVerdict =
  | { readonly status: 'match'; readonly entry: KnownHostEntry }
  | { readonly status: 'mismatch'; readonly known: readonly KnownHostEntry[] }
  | { readonly status: 'revoked'; readonly entry: KnownHostEntry }
  | { readonly status: 'unknown' };

/** The name OpenSSH looks up and records: `host` on port 22, `[host]:port` otherwise. */
export function knownHostName(host: string, port: number): string {
  const name = host.toLowerCase();
  return port === 22 ? name : `[${name}]:${port}`;
}

export function parseKnownHosts(text: string): KnownHostEntry[] {
  const entries: KnownHostEntry[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').trim();
    if (line === '' || line.startsWith('#')) continue;
    const fields = line.split(/\s+/);
    let marker: KnownHostEntry['marker'] = null;
    if (fields[0] === '@cert-authority' || fields[0] === '@revoked') {
      marker = fields[0] === '@revoked' ? 'revoked' : 'cert-authority';
      fields.shift();
    } else if (fields[0]?.startsWith('@')) {
      continue; // unknown marker: OpenSSH ignores the line
    }
    const [hosts, keyType, keyText] = fields;
    if (hosts === undefined || keyType === undefined || keyText === undefined) continue;
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(keyText)) continue;
    const key = Buffer.from(keyText, 'base64');
    // The blob names its own type; a line whose blob disagrees with its type field is not a key.
    if (keyTypeOf(key) !== keyType) continue;
    entries.push({ marker, hosts, keyType, key, line: i + 1 });
  }
  return entries;
}

function hashedNameMatches(field: string, name: string): boolean {
  const parts = field.split('|');
  if (parts.length !== 4 || parts[1] !== '1') return false;
  const salt = Buffer.from(parts[2] ?? '', 'base64');
  const expected = Buffer.from(parts[3] ?? '', 'base64');
  if (salt.length === 0 || expected.length !== 20) return false;
  const actual = createHmac('sha1', salt).update(name).digest();
  return timingSafeEqual(actual, expected);
}

function wildcardToRegExp(pattern: string): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'i');
}

/** Whether an entry's host field applies to `name` (as produced by `knownHostName`). */
export function hostFieldMatches(field: string, name: string): boolean {
  if (field.startsWith('|')) return hashedNameMatches(field, name);
  let matched = false;
  for (const raw of field.split(',')) {
    if (raw === '') continue;
    const negated = raw.startsWith('!');
    const pattern = negated ? raw.slice(1) : raw;
    if (wildcardToRegExp(pattern).test(name)) {
      if (negated) return false;
      matched = true;
    }
  }
  return matched;
}

/**
 * Looks a presented key up. A revoked key is refused wherever it appears; otherwise the host matches when one of
 * its entries holds this exact key, and is a mismatch when it has entries but none with this key (whatever their
 * type: a host that changes key type is treated as a changed key, not as a new host).
 */
export function lookupKnownHost(entries: readonly KnownHostEntry[], name: string, presented: Buffer): KnownHostVerdict {
  const revoked = entries.find((e) => e.marker === 'revoked' && e.key.equals(presented));
  if (revoked) return { status: 'revoked', entry: revoked };
  const forHost = entries.filter((e) => e.marker === null && hostFieldMatches(e.hosts, name));
  const hit = forHost.find((e) => e.key.equals(presented));
  if (hit) return { status: 'match', entry: hit };
  return forHost.length > 0 ? { status: 'mismatch', known: forHost } : { status: 'unknown' };
}

export interface KnownHostLineOptions {
  /** Write the host name hashed (`|1|salt|hash`), as OpenSSH does with `HashKnownHosts yes`. */
  readonly hashed?: boolean;
  readonly comment?: string;
}

export function formatKnownHostLine(name: string, keyType: string, key: Buffer, options: KnownHostLineOptions = {}): string {
  let hostField = name;
  if (options.hashed) {
    const salt = randomBytes(20);
    const hash = createHmac('sha1', salt).update(name).digest();
    hostField = `|1|${salt.toString('base64')}|${hash.toString('base64')}`;
  }
  return `${hostField} ${keyType} ${key.toString('base64')}${options.comment ? ` ${options.comment}` : ''}`;
}

/** Reads a known_hosts file; a missing file is an empty one. */
export async function readKnownHostsFile(path: string): Promise<KnownHostEntry[]> {
  try {
    return parseKnownHosts(await readFile(path, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/** Appends one line (creating the file with mode 0600 and its directory with 0700 when missing). */
export async function appendKnownHostLine(path: string, line: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  let prefix = '';
  try {
    const current = await readFile(path, 'utf8');
    if (current.length > 0 && !current.endsWith('\n')) prefix = '\n';
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await appendFile(path, `${prefix}${line}\n`, { mode: 0o600 });
}

/** Fingerprints of the keys known for a host, for messages. */
export function describeKnown(entries: readonly KnownHostEntry[]): string {
  return entries.map((e) => `${e.keyType} ${fingerprintOf(e.key)}`).join(', ');
}
