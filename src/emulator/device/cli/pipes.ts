/**
 * Output filters after `|`. IOS-XE takes one filter and the rest of the line is its regular expression
 * (`show logging | include SMART|CALL`); IOS-XR chains filters and adds `utility head -n N`
 * (`show version | utility head -n 20`, which Ansible's iosxr cliconf sends). Options match by prefix
 * (`| i`, `| sec`).
 */
import type { PlatformId } from '../../../platforms/types.js';
import { Grammar } from './grammar.js';
import { parseTokens, type ParseFailure } from './parse.js';
import { compileSyntax } from './syntax.js';
import type { Token } from './tokenize.js';

export type PipeFilter =
  | { readonly kind: 'include' | 'exclude' | 'begin' | 'section' | 'count'; readonly pattern: RegExp }
  | { readonly kind: 'head' | 'tail'; readonly count: number };

type PipeKind = PipeFilter['kind'];

const XE_PIPES: readonly [string, PipeKind][] = [
  ['include <pattern:line>', 'include'],
  ['exclude <pattern:line>', 'exclude'],
  ['begin <pattern:line>', 'begin'],
  ['section <pattern:line>', 'section'],
  ['count <pattern:line>', 'count'],
];

const XR_PIPES: readonly [string, PipeKind][] = [
  ['include <pattern:line>', 'include'],
  ['exclude <pattern:line>', 'exclude'],
  ['begin <pattern:line>', 'begin'],
  ['count <pattern:line>', 'count'],
  ['utility head [-n] [<count:number(1-1000000)>]', 'head'],
  ['utility tail [-n] [<count:number(1-1000000)>]', 'tail'],
];

const grammars = new Map<PlatformId, Grammar<PipeKind>>();

function pipeGrammar(platform: PlatformId): Grammar<PipeKind> {
  let grammar = grammars.get(platform);
  if (grammar === undefined) {
    const table = platform === 'ios-xe' ? XE_PIPES : XR_PIPES;
    grammar = new Grammar(table.map(([syntax, kind]) => ({ sequences: compileSyntax(syntax), payload: kind, label: syntax })));
    grammars.set(platform, grammar);
  }
  return grammar;
}

/** IOS regular expressions are close to JavaScript's; a pattern that does not compile matches literally. */
export function iosRegex(text: string): RegExp {
  const unquoted = /^"(.*)"$/.exec(text.trim())?.[1] ?? text.trim();
  try {
    return new RegExp(unquoted);
  } catch {
    return new RegExp(unquoted.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  }
}

/** Splits tokens at unquoted `|` tokens (IOS-XE: only the first one). */
export function splitAtPipes(platform: PlatformId, tokens: readonly Token[]): Token[][] {
  const parts: Token[][] = [[]];
  for (const token of tokens) {
    const splitHere = token.value === '|' && !token.quoted && (platform === 'ios-xr' || parts.length === 1);
    if (splitHere) parts.push([]);
    else parts[parts.length - 1]?.push(token);
  }
  return parts;
}

/** Parses the filters after the command (each part is the tokens after one `|`). */
export function parsePipes(
  platform: PlatformId,
  line: string,
  parts: readonly (readonly Token[])[],
): { ok: true; filters: PipeFilter[] } | ParseFailure {
  const filters: PipeFilter[] = [];
  for (const tokens of parts) {
    if (tokens.length === 0) return { ok: false, error: 'incomplete' };
    // Parse against the line cut at the end of this part, so a `line` pattern stops before the next `|`.
    const last = tokens[tokens.length - 1];
    const cut = last === undefined ? line : line.slice(0, last.end);
    const result = parseTokens(pipeGrammar(platform), cut, tokens, { interfaceTypes: [] });
    if (!result.ok) return result;
    const { payload, args } = result.command;
    if (payload === 'head' || payload === 'tail') filters.push({ kind: payload, count: Number(args['count'] ?? 10) });
    else filters.push({ kind: payload, pattern: iosRegex(args['pattern'] ?? '') });
  }
  return { ok: true, filters };
}

function section(lines: readonly string[], pattern: RegExp): string[] {
  const out: string[] = [];
  const indent = (l: string): number => /^ */.exec(l)?.[0].length ?? 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (!pattern.test(line)) continue;
    out.push(line);
    const base = indent(line);
    while (i + 1 < lines.length && indent(lines[i + 1] ?? '') > base && (lines[i + 1] ?? '').trim() !== '') {
      out.push(lines[++i] ?? '');
    }
  }
  return out;
}

export function applyPipes(lines: readonly string[], filters: readonly PipeFilter[]): string[] {
  let out = [...lines];
  for (const f of filters) {
    switch (f.kind) {
      case 'include':
        out = out.filter((l) => f.pattern.test(l));
        break;
      case 'exclude':
        out = out.filter((l) => !f.pattern.test(l));
        break;
      case 'begin': {
        const at = out.findIndex((l) => f.pattern.test(l));
        out = at === -1 ? [] : out.slice(at);
        break;
      }
      case 'section':
        out = section(out, f.pattern);
        break;
      case 'count':
        out = [`Number of lines which match regexp = ${out.filter((l) => f.pattern.test(l)).length}`];
        break;
      case 'head':
        out = out.slice(0, f.count);
        break;
      case 'tail':
        out = out.slice(Math.max(0, out.length - f.count));
        break;
    }
  }
  return out;
}
