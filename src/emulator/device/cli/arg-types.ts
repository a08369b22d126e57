/**
 * Typed command arguments (IOS `WORD`, `LINE`, `<1-65535>`, `A.B.C.D`, `X:X:X:X::X`, `Hostname or A.B.C.D`,
 * interface names …). Each type says whether the token(s) at a position fit and what value to record.
 */
import { isIP } from 'node:net';
import type { Token } from './tokenize.js';

export type ArgTypeName =
  | 'word'
  | 'line'
  | 'number'
  | 'ipv4'
  | 'ipv6'
  | 'ip'
  | 'ipv4-prefix'
  | 'ipv6-prefix'
  | 'host'
  | 'url'
  | 'email'
  | 'ifname';

export interface ArgContext {
  /** Canonical interface type names of the platform (`GigabitEthernet`, `TenGigE`, `Cable` …). */
  readonly interfaceTypes: readonly string[];
}

export interface ArgMatch {
  /** How many tokens the argument consumed. */
  readonly consumed: number;
  /** The value recorded (normalised where the device normalises, e.g. interface names). */
  readonly value: string;
}

export interface ArgType {
  readonly name: ArgTypeName;
  /** How IOS names the argument in `?` help. */
  readonly help: string;
  /** Lower runs first when several argument types fit a token. */
  readonly priority: number;
  match(tokens: readonly Token[], index: number, line: string, params: ArgParams, ctx: ArgContext): ArgMatch | null;
}

export interface ArgParams {
  readonly min?: number;
  readonly max?: number;
}

const one = (value: string): ArgMatch => ({ consumed: 1, value });

export function isIpv4(text: string): boolean {
  return isIP(text) === 4 && /^\d+\.\d+\.\d+\.\d+$/.test(text);
}

export function isIpv6(text: string): boolean {
  return isIP(text) === 6;
}

const HOSTNAME = /^(?=.{1,253}$)(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

export function isHostname(text: string): boolean {
  return HOSTNAME.test(text) && !/^\d+(?:\.\d+)*$/.test(text);
}

export function isHttpUrl(text: string): boolean {
  if (!/^https?:\/\/[^\s/]/i.test(text)) return false;
  try {
    const url = new URL(text);
    return url.hostname.length > 0;
  } catch {
    return false;
  }
}

const INTERFACE_NUMBER = /^\d[\w/]*(?:\.\d+)?$/;

/** `gi0/0/0`, `GigabitEthernet0/0/0`, `Gi 0/0/0` → `GigabitEthernet0/0/0` (unique case-insensitive prefix). */
export function resolveInterfaceType(typed: string, types: readonly string[]): string | null {
  const lower = typed.toLowerCase();
  const exact = types.find((t) => t.toLowerCase() === lower);
  if (exact !== undefined) return exact;
  const hits = types.filter((t) => t.toLowerCase().startsWith(lower));
  return hits.length === 1 ? (hits[0] ?? null) : null;
}

function matchInterface(tokens: readonly Token[], index: number, ctx: ArgContext): ArgMatch | null {
  const token = tokens[index];
  if (token === undefined || token.quoted) return null;
  const m = /^([A-Za-z][A-Za-z-]*?)(\d.*)?$/.exec(token.value);
  if (!m) return null;
  const type = resolveInterfaceType(m[1] ?? '', ctx.interfaceTypes);
  if (type === null) return null;
  if (m[2] !== undefined) return INTERFACE_NUMBER.test(m[2]) ? one(`${type}${m[2]}`) : null;
  const next = tokens[index + 1];
  if (next !== undefined && INTERFACE_NUMBER.test(next.value)) return { consumed: 2, value: `${type}${next.value}` };
  return null;
}

export const ARG_TYPES: Readonly<Record<ArgTypeName, ArgType>> = {
  number: {
    name: 'number',
    help: '<number>',
    priority: 10,
    match(tokens, index, _line, params) {
      const t = tokens[index];
      if (t === undefined || !/^\d+$/.test(t.value)) return null;
      const n = Number(t.value);
      if (params.min !== undefined && n < params.min) return null;
      if (params.max !== undefined && n > params.max) return null;
      return one(String(n));
    },
  },
  ipv4: {
    name: 'ipv4',
    help: 'A.B.C.D',
    priority: 20,
    match: (tokens, index) => (isIpv4(tokens[index]?.value ?? '') ? one(tokens[index]?.value ?? '') : null),
  },
  'ipv4-prefix': {
    name: 'ipv4-prefix',
    help: 'A.B.C.D/prefix',
    priority: 21,
    match(tokens, index) {
      const m = /^(\d+\.\d+\.\d+\.\d+)\/(\d{1,2})$/.exec(tokens[index]?.value ?? '');
      return m && isIpv4(m[1] ?? '') && Number(m[2]) <= 32 ? one(m[0]) : null;
    },
  },
  ipv6: {
    name: 'ipv6',
    help: 'X:X:X:X::X',
    priority: 22,
    match: (tokens, index) => (isIpv6(tokens[index]?.value ?? '') ? one(tokens[index]?.value ?? '') : null),
  },
  'ipv6-prefix': {
    name: 'ipv6-prefix',
    help: 'X:X:X:X::X/<0-128>',
    priority: 23,
    match(tokens, index) {
      const m = /^([0-9A-Fa-f:.]+)\/(\d{1,3})$/.exec(tokens[index]?.value ?? '');
      return m && isIpv6(m[1] ?? '') && Number(m[2]) <= 128 ? one(m[0]) : null;
    },
  },
  ip: {
    name: 'ip',
    help: 'A.B.C.D or X:X:X:X::X',
    priority: 24,
    match(tokens, index) {
      const v = tokens[index]?.value ?? '';
      return isIpv4(v) || isIpv6(v) ? one(v) : null;
    },
  },
  ifname: {
    name: 'ifname',
    help: '<interface>',
    priority: 30,
    match: (tokens, index, _line, _params, ctx) => matchInterface(tokens, index, ctx),
  },
  url: {
    name: 'url',
    help: 'WORD',
    priority: 40,
    match: (tokens, index) => (isHttpUrl(tokens[index]?.value ?? '') ? one(tokens[index]?.value ?? '') : null),
  },
  email: {
    name: 'email',
    help: 'WORD',
    priority: 41,
    match(tokens, index) {
      const v = tokens[index]?.value ?? '';
      return v.length <= 200 && /^[^\s@]+@[^\s@]+$/.test(v) ? one(v) : null;
    },
  },
  host: {
    name: 'host',
    help: 'Hostname or A.B.C.D',
    priority: 42,
    match(tokens, index) {
      const v = tokens[index]?.value ?? '';
      return isIpv4(v) || isIpv6(v) || isHostname(v) ? one(v) : null;
    },
  },
  word: {
    name: 'word',
    help: 'WORD',
    priority: 50,
    match(tokens, index) {
      const t = tokens[index];
      return t !== undefined && t.value.length > 0 ? one(t.value) : null;
    },
  },
  line: {
    name: 'line',
    help: 'LINE',
    priority: 60,
    match(tokens, index, line) {
      const first = tokens[index];
      if (first === undefined) return null;
      return { consumed: tokens.length - index, value: line.slice(first.start).trimEnd() };
    },
  },
};

export function isArgTypeName(value: string): value is ArgTypeName {
  return Object.hasOwn(ARG_TYPES, value);
}
