/**
 * Loads an inventory (JSON or YAML), validates it against the shipped schema and cross-checks it (groups name
 * existing hosts). Secrets stay references until a host is selected: `resolveHosts(pattern)` resolves the
 * selected hosts' secrets (and fails on a missing one before anything is sent); `cssm` resolves on access.
 */
import { readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { dirname, extname, isAbsolute, resolve } from 'node:path';
import { PlaybookError, type FieldIssue } from '../errors.js';
import type { PlatformId } from '../platforms/types.js';
import { Secret } from '../secret.js';
import { parseStructuredText } from '../schema/structured-text.js';
import { escapePointer, validateAgainstSchema } from '../schema/validate.js';
import { selectHostNames } from './patterns.js';
import type { HostKeyPolicy, Inventory, InventoryHost, SecretRef, TransportKind } from './types.js';

export interface LoadOptions {
  readonly env?: NodeJS.ProcessEnv;
  /** Base for relative paths when the inventory is given as an object rather than a file. */
  readonly cwd?: string;
}

export interface ResolvedCssm {
  readonly url: string;
  readonly tokenUrl?: string;
  readonly clientId: string;
  readonly clientSecret: Secret;
  readonly smartAccount: string;
  readonly virtualAccount: string;
  readonly caPem?: string;
}

/** A host ready to connect to: inherited settings applied, defaults filled in, secrets resolved. */
export interface ResolvedHost {
  readonly name: string;
  readonly host: string;
  readonly port: number;
  readonly netconfPort: number;
  readonly platform?: PlatformId;
  readonly model?: string;
  readonly username: string;
  readonly password?: Secret;
  readonly privateKey?: Secret;
  readonly passphrase?: Secret;
  readonly agent?: string;
  readonly hostKey?: string;
  readonly hostKeyPolicy: HostKeyPolicy;
  readonly knownHosts?: string;
  readonly transport: TransportKind;
  readonly timeoutMs?: number;
  readonly groups: readonly string[];
  /** inventory vars < group vars (in group order) < host vars. */
  readonly vars: Readonly<Record<string, unknown>>;
}

export interface LoadedInventory {
  readonly file: string;
  readonly raw: Inventory;
  readonly hostNames: readonly string[];
  readonly groupNames: readonly string[];
  /** The CSSM account with its secret resolved; throws E_SECRET_MISSING on access when the secret is missing. */
  readonly cssm: ResolvedCssm | undefined;
  /** Host names matching an Ansible-style pattern (`all`, names, groups, globs, `,` union, `!` exclude, `&` intersect). */
  select(pattern?: string): string[];
  /** Resolves the hosts matching `pattern` (all hosts by default); throws before anything is sent. */
  resolveHosts(pattern?: string): ResolvedHost[];
  /**
   * Resolves a secret reference the way this inventory's own are (its environment, paths relative to its file);
   * throws E_SECRET_MISSING naming `pointer`.
   */
  resolveSecret(ref: SecretRef, pointer: string): Secret;
}

function readStructured(text: string, file: string): unknown {
  const ext = extname(file).toLowerCase();
  try {
    return parseStructuredText(text, ext === '.yaml' || ext === '.yml' ? 'yaml' : 'json');
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new PlaybookError('E_INVENTORY', file, [{ pointer: '', message: `not valid ${ext === '.yaml' || ext === '.yml' ? 'YAML' : 'JSON'}: ${message}` }]);
  }
}

export interface SecretContext {
  readonly env: NodeJS.ProcessEnv;
  readonly baseDir: string;
  readonly file: string;
}

/** Resolves a secret reference; a missing variable or unreadable file is an E_SECRET_MISSING naming the pointer. */
export function resolveSecretRef(ref: SecretRef, ctx: SecretContext, pointer: string): Secret {
  return new Secret(secretValue(ref, ctx, pointer));
}

/**
 * A device password. One equal to the username (the emulator's admin / admin, many lab devices) is known to anyone
 * who reads the username, which every message naming the user prints: it still prints as `***` itself, and is
 * scrubbed from text only where it is written as a credential (`password admin`, `secret 0 admin`), not where it
 * names the user. Any other password is scrubbed everywhere.
 */
function passwordSecret(ref: SecretRef, username: string | undefined, ctx: SecretContext, pointer: string): Secret {
  const value = secretValue(ref, ctx, pointer);
  return new Secret(value, { scrub: value === username ? 'credential' : true });
}

function secretValue(ref: SecretRef, ctx: SecretContext, pointer: string): string {
  if (typeof ref === 'string') return ref;
  if ('$env' in ref) {
    const value = ctx.env[ref.$env];
    if (value === undefined || value === '') {
      throw new PlaybookError('E_SECRET_MISSING', ctx.file, [{ pointer, message: `environment variable ${ref.$env} is not set` }]);
    }
    return value;
  }
  const path = isAbsolute(ref.$file) ? ref.$file : resolve(ctx.baseDir, ref.$file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new PlaybookError('E_SECRET_MISSING', ctx.file, [{ pointer, message: `secret file ${ref.$file} cannot be read (${reason})` }]);
  }
  // A key file keeps its trailing newline; a password / token file does not want it.
  const value = /-----BEGIN [A-Z ]+-----/.test(text) ? text : text.replace(/\r?\n$/, '');
  if (value === '') throw new PlaybookError('E_SECRET_MISSING', ctx.file, [{ pointer, message: `secret file ${ref.$file} is empty` }]);
  return value;
}

function crossCheck(inv: Inventory): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const hosts = new Set(Object.keys(inv.hosts));
  for (const [group, members] of Object.entries(inv.groups ?? {})) {
    if (hosts.has(group)) issues.push({ pointer: `/groups/${escapePointer(group)}`, message: `group "${group}" has the same name as a host` });
    members.forEach((member, i) => {
      if (!hosts.has(member)) {
        issues.push({ pointer: `/groups/${escapePointer(group)}/${i}`, message: `unknown host "${member}"` });
      }
    });
    if (group === 'all') issues.push({ pointer: '/groups/all', message: '"all" is reserved for every host' });
  }
  for (const group of Object.keys(inv.groupVars ?? {})) {
    if (!(group in (inv.groups ?? {})) && group !== 'all') {
      issues.push({ pointer: `/groupVars/${escapePointer(group)}`, message: `unknown group "${group}"` });
    }
  }
  for (const [name, host] of Object.entries(inv.hosts)) {
    const merged = { ...inv.defaults, ...host };
    if (merged.username === undefined) {
      issues.push({ pointer: `/hosts/${escapePointer(name)}`, message: 'no username (set it on the host or in "defaults")' });
    }
    if (merged.password === undefined && merged.privateKey === undefined && merged.agent === undefined) {
      issues.push({ pointer: `/hosts/${escapePointer(name)}`, message: 'no credentials: set password, privateKey or agent (on the host or in "defaults")' });
    }
  }
  return issues;
}

/** Validates an inventory object already in memory (e.g. from the emulator) and wraps it. */
export function inventoryFromObject(data: unknown, file: string, options: LoadOptions = {}): LoadedInventory {
  const issues = validateAgainstSchema('inventory', data);
  if (issues.length > 0) throw new PlaybookError('E_INVENTORY', file, issues);
  const inv = data as Inventory;
  const checks = crossCheck(inv);
  if (checks.length > 0) throw new PlaybookError('E_INVENTORY', file, checks);
  const ctx: SecretContext = {
    env: options.env ?? process.env,
    baseDir: options.cwd ?? (file.startsWith('<') ? process.cwd() : dirname(resolve(file))),
    file,
  };
  const groups = inv.groups ?? {};
  const hostNames = Object.keys(inv.hosts);

  const groupsOf = (name: string): string[] => Object.keys(groups).filter((g) => groups[g]?.includes(name));

  const resolveHost = (name: string): ResolvedHost => {
    const host = inv.hosts[name] as InventoryHost;
    const merged: InventoryHost = { ...inv.defaults, ...host };
    const pointer = (field: string): string =>
      host[field as keyof InventoryHost] !== undefined ? `/hosts/${escapePointer(name)}/${field}` : `/defaults/${field}`;
    const memberOf = groupsOf(name);
    const vars: Record<string, unknown> = { ...inv.vars };
    Object.assign(vars, inv.groupVars?.['all']);
    for (const g of memberOf) Object.assign(vars, inv.groupVars?.[g]);
    Object.assign(vars, merged.vars);
    const agent = merged.agent === true ? ctx.env['SSH_AUTH_SOCK'] : merged.agent === false ? undefined : merged.agent;
    if (merged.agent === true && !agent) {
      throw new PlaybookError('E_SECRET_MISSING', file, [{ pointer: pointer('agent'), message: 'agent: true but SSH_AUTH_SOCK is not set' }]);
    }
    return {
      name,
      host: merged.host,
      port: merged.port ?? 22,
      netconfPort: merged.netconfPort ?? 830,
      ...(merged.platform === undefined ? {} : { platform: merged.platform }),
      ...(merged.model === undefined ? {} : { model: merged.model }),
      username: merged.username as string,
      ...(merged.password === undefined ? {} : { password: passwordSecret(merged.password, merged.username, ctx, pointer('password')) }),
      ...(merged.privateKey === undefined ? {} : { privateKey: resolveSecretRef(merged.privateKey, ctx, pointer('privateKey')) }),
      ...(merged.passphrase === undefined ? {} : { passphrase: resolveSecretRef(merged.passphrase, ctx, pointer('passphrase')) }),
      ...(agent === undefined ? {} : { agent }),
      ...(merged.hostKey === undefined ? {} : { hostKey: merged.hostKey }),
      hostKeyPolicy: merged.hostKeyPolicy ?? 'strict',
      ...(merged.knownHosts === undefined ? {} : { knownHosts: isAbsolute(merged.knownHosts) ? merged.knownHosts : resolve(ctx.baseDir, merged.knownHosts) }),
      transport: merged.transport ?? 'cli',
      ...(merged.timeoutMs === undefined ? {} : { timeoutMs: merged.timeoutMs }),
      groups: memberOf,
      vars,
    };
  };

  const select = (pattern = 'all'): string[] => {
    const result = selectHostNames(pattern, hostNames, groups);
    if (!result.ok) throw new PlaybookError('E_INVENTORY', file, [{ pointer: '', message: result.error }]);
    return result.hosts;
  };

  return {
    file,
    raw: inv,
    hostNames,
    groupNames: Object.keys(groups),
    get cssm(): ResolvedCssm | undefined {
      const c = inv.cssm;
      if (c === undefined) return undefined;
      return {
        url: c.url.replace(/\/+$/, ''),
        ...(c.tokenUrl === undefined ? {} : { tokenUrl: c.tokenUrl }),
        clientId: c.clientId,
        clientSecret: resolveSecretRef(c.clientSecret, ctx, '/cssm/clientSecret'),
        smartAccount: c.smartAccount,
        virtualAccount: c.virtualAccount,
        ...(c.caPem === undefined ? {} : { caPem: c.caPem }),
      };
    },
    select,
    resolveHosts: (pattern = 'all') => select(pattern).map(resolveHost),
    resolveSecret: (ref, pointer) => resolveSecretRef(ref, ctx, pointer),
  };
}

/** Reads, validates and wraps an inventory file (JSON, or YAML for `.yaml` / `.yml`). */
export async function loadInventory(file: string, options: LoadOptions = {}): Promise<LoadedInventory> {
  const path = isAbsolute(file) ? file : resolve(options.cwd ?? process.cwd(), file);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new PlaybookError('E_INVENTORY', file, [{ pointer: '', message: `cannot read inventory (${reason})` }]);
  }
  return inventoryFromObject(readStructured(text, file), file, { ...options, cwd: dirname(path) });
}
