/**
 * Reading a peer's `<hello>` capabilities: which NETCONF features it has (candidate? confirmed-commit? xpath?)
 * and which YANG modules it announces (`<ns>?module=<name>&revision=<date>&features=a,b`, RFC 6020 §5.6.4).
 */
import { BASE_1_0, BASE_1_1, CAPABILITY, type CapabilityName } from './namespaces.js';

export interface ModuleCapability {
  /** The module namespace (the URI before `?`). */
  readonly namespace: string;
  readonly module: string;
  readonly revision: string | undefined;
  readonly features: readonly string[];
  readonly deviations: readonly string[];
}

export interface NetconfFeatures {
  readonly base10: boolean;
  readonly base11: boolean;
  readonly writableRunning: boolean;
  readonly candidate: boolean;
  readonly confirmedCommit: boolean;
  readonly rollbackOnError: boolean;
  readonly validate: boolean;
  readonly startup: boolean;
  readonly xpath: boolean;
  readonly url: boolean;
  readonly notification: boolean;
  readonly modules: readonly ModuleCapability[];
}

/** `urn:ietf:params:netconf:capability:candidate:1.0` → `urn:ietf:params:netconf:capability:candidate:` */
function versionlessPrefix(uri: string): string {
  return uri.replace(/\d+\.\d+$/, '');
}

function stripQuery(uri: string): string {
  const q = uri.indexOf('?');
  return q < 0 ? uri : uri.slice(0, q);
}

/**
 * Whether the capability list holds a capability. A short name (`candidate`, `confirmedCommit`, …) matches any
 * version of that standard capability; a URI matches exactly, ignoring its `?…` parameters.
 */
export function hasCapability(capabilities: readonly string[], capability: CapabilityName | string): boolean {
  if (Object.hasOwn(CAPABILITY, capability)) {
    const prefix = versionlessPrefix(CAPABILITY[capability as CapabilityName]);
    return capabilities.some((c) => stripQuery(c.trim()).startsWith(prefix));
  }
  const wanted = stripQuery(capability.trim());
  return capabilities.some((c) => stripQuery(c.trim()) === wanted);
}

/** Parses one module capability URI; undefined for anything without `module=`. */
export function parseModuleCapability(uri: string): ModuleCapability | undefined {
  const trimmed = uri.trim();
  const q = trimmed.indexOf('?');
  if (q < 0) return undefined;
  // `&amp;` is already decoded by the XML parser; some servers still double-escape it.
  const params = new URLSearchParams(trimmed.slice(q + 1).replace(/&amp;/g, '&'));
  const module = params.get('module');
  if (!module) return undefined;
  const list = (name: string): string[] => (params.get(name) ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
  return {
    namespace: trimmed.slice(0, q),
    module,
    revision: params.get('revision') ?? undefined,
    features: list('features'),
    deviations: list('deviations'),
  };
}

export function describeCapabilities(capabilities: readonly string[]): NetconfFeatures {
  const has = (name: CapabilityName): boolean => hasCapability(capabilities, name);
  return {
    base10: hasCapability(capabilities, BASE_1_0),
    base11: hasCapability(capabilities, BASE_1_1),
    writableRunning: has('writableRunning'),
    candidate: has('candidate'),
    confirmedCommit: has('confirmedCommit'),
    rollbackOnError: has('rollbackOnError'),
    validate: has('validate'),
    startup: has('startup'),
    xpath: has('xpath'),
    url: has('url'),
    notification: has('notification'),
    modules: capabilities.map(parseModuleCapability).filter((m): m is ModuleCapability => m !== undefined),
  };
}

/** The datastore to edit: `candidate` when the server has one, else `running` when it is writable, else null. */
export function preferredEditTarget(features: NetconfFeatures): 'candidate' | 'running' | null {
  if (features.candidate) return 'candidate';
  if (features.writableRunning) return 'running';
  return null;
}
