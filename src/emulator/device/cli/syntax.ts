/**
 * The command syntax language, compiled into token sequences:
 *
 *   keyword                       a keyword, matched by unique prefix (`sh run` = `show running-config`)
 *   <name:type>                   an argument (types in arg-types.ts); `<n:number(1-65535)>` with a range;
 *   <name:type:secret>            an argument that the command log redacts (ID tokens, passwords)
 *   [ … ]                         optional
 *   { a | b c | d }               alternatives; `{ a | b }:name` also records the keyword chosen as `name`
 *
 * e.g. `license smart register idtoken <token:word:secret> [force]`,
 *      `destination preferred-msg-format {long-text|short-text|xml}:format`.
 */
import { InvalidArgumentError } from '../../../errors.js';
import { isArgTypeName, type ArgParams, type ArgTypeName } from './arg-types.js';

export interface KeywordStep {
  readonly kind: 'keyword';
  /** Lower-case full keyword. */
  readonly word: string;
  /** Set when the keyword is one of the alternatives of a named group. */
  readonly group?: string;
}

export interface ArgStep {
  readonly kind: 'arg';
  readonly name: string;
  readonly type: ArgTypeName;
  readonly params: ArgParams;
  readonly secret: boolean;
}

export type Step = KeywordStep | ArgStep;

type Node =
  | { readonly t: 'seq'; readonly items: readonly Node[] }
  | { readonly t: 'opt'; readonly body: Node }
  | { readonly t: 'alt'; readonly options: readonly Node[]; readonly name?: string }
  | { readonly t: 'step'; readonly step: Step };

const MAX_EXPANSIONS = 512;

function syntaxError(syntax: string, reason: string): InvalidArgumentError {
  return new InvalidArgumentError('command syntax', `${JSON.stringify(syntax)}: ${reason}`);
}

function lex(syntax: string): string[] {
  const out: string[] = [];
  const re = /\s*(<[^>]*>|[[\]{}|]|:[A-Za-z][\w-]*|[^\s[\]{}|<>]+)/gy;
  let m: RegExpExecArray | null;
  let last = 0;
  while ((m = re.exec(syntax)) !== null) {
    out.push(m[1] ?? '');
    last = re.lastIndex;
  }
  if (syntax.slice(last).trim() !== '') throw syntaxError(syntax, `unexpected text at ${last}`);
  return out;
}

function parseArg(syntax: string, text: string): ArgStep {
  const m = /^<([A-Za-z][\w-]*):([a-z0-9-]+)(?:\((\d+)-(\d+)\))?(?::(secret))?>$/.exec(text);
  if (!m) throw syntaxError(syntax, `bad argument ${text}`);
  const [, name = '', type = '', min, max, secret] = m;
  if (!isArgTypeName(type)) throw syntaxError(syntax, `unknown argument type "${type}"`);
  const params: ArgParams = min === undefined || max === undefined ? {} : { min: Number(min), max: Number(max) };
  return { kind: 'arg', name, type, params, secret: secret !== undefined };
}

function parseSyntax(syntax: string): Node {
  const tokens = lex(syntax);
  let pos = 0;
  const parseSeq = (stops: readonly string[]): Node => {
    const items: Node[] = [];
    while (pos < tokens.length && !stops.includes(tokens[pos] ?? '')) {
      const tok = tokens[pos++] ?? '';
      if (tok === '[') {
        const body = parseSeq([']']);
        if (tokens[pos++] !== ']') throw syntaxError(syntax, 'missing ]');
        items.push({ t: 'opt', body });
      } else if (tok === '{') {
        const options = [parseSeq(['|', '}'])];
        while (tokens[pos] === '|') {
          pos++;
          options.push(parseSeq(['|', '}']));
        }
        if (tokens[pos++] !== '}') throw syntaxError(syntax, 'missing }');
        const label = tokens[pos];
        if (label !== undefined && label.startsWith(':')) {
          pos++;
          items.push({ t: 'alt', options, name: label.slice(1) });
        } else {
          items.push({ t: 'alt', options });
        }
      } else if (tok.startsWith('<')) {
        items.push({ t: 'step', step: parseArg(syntax, tok) });
      } else if (/^-?[a-z0-9][a-z0-9.\-/_]*$/i.test(tok)) {
        items.push({ t: 'step', step: { kind: 'keyword', word: tok.toLowerCase() } });
      } else {
        throw syntaxError(syntax, `unexpected "${tok}"`);
      }
    }
    return { t: 'seq', items };
  };
  const root = parseSeq([]);
  if (pos !== tokens.length) throw syntaxError(syntax, `unbalanced "${tokens[pos] ?? ''}"`);
  return root;
}

function expand(node: Node, group: string | undefined): Step[][] {
  switch (node.t) {
    case 'step': {
      const step = node.step.kind === 'keyword' && group !== undefined ? { ...node.step, group } : node.step;
      return [[step]];
    }
    case 'opt':
      return [[], ...expand(node.body, undefined)];
    case 'alt':
      return node.options.flatMap((o) => {
        // A name labels single-keyword alternatives only.
        const single = o.t === 'seq' && o.items.length === 1 && o.items[0]?.t === 'step';
        return expand(o, single ? node.name : undefined);
      });
    case 'seq': {
      let acc: Step[][] = [[]];
      for (const item of node.items) {
        const parts = expand(item, group);
        const next: Step[][] = [];
        for (const a of acc) for (const p of parts) next.push([...a, ...p]);
        if (next.length > MAX_EXPANSIONS) throw new InvalidArgumentError('command syntax', 'too many alternatives');
        acc = next;
      }
      return acc;
    }
  }
}

/** Every token sequence a syntax string accepts. */
export function compileSyntax(syntax: string): Step[][] {
  const sequences = expand(parseSyntax(syntax), undefined).filter((s) => s.length > 0);
  if (sequences.length === 0) throw syntaxError(syntax, 'empty');
  return sequences;
}
