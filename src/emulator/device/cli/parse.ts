/**
 * Matches a tokenised line against a grammar the way IOS does: keywords by unique prefix (an exact match wins),
 * typed arguments by their validators, every alternative explored. The outcome is either one command with its
 * arguments, or the IOS error with the token it points at: invalid input (caret), incomplete, ambiguous.
 */
import type { ArgContext } from './arg-types.js';
import type { GrammarNode, Grammar } from './grammar.js';
import type { Step } from './syntax.js';
import type { Token } from './tokenize.js';

export interface ParsedCommand<T> {
  readonly payload: T;
  /** The syntax steps of the matched sequence. */
  readonly steps: readonly Step[];
  readonly line: string;
  /** The tokens the command was matched from. */
  readonly tokens: readonly Token[];
  /** Argument values by name (normalised by their type). */
  readonly args: Readonly<Record<string, string>>;
  /** Token index where each argument starts. */
  readonly argIndex: Readonly<Record<string, number>>;
  /** Full forms of the keywords matched. */
  readonly keywords: ReadonlySet<string>;
  /** Named keyword groups (`{http|email}:method`) → the keyword chosen. */
  readonly groups: Readonly<Record<string, string>>;
  /** The line in canonical form: keywords in full, arguments as recorded. */
  readonly words: readonly string[];
  /** Character ranges of secret arguments in `line`. */
  readonly secrets: readonly (readonly [number, number])[];
}

export type ParseFailure =
  | { readonly ok: false; readonly error: 'invalid'; readonly offset: number }
  | { readonly ok: false; readonly error: 'incomplete' }
  | { readonly ok: false; readonly error: 'ambiguous'; readonly offset: number };

export type ParseResult<T> = { readonly ok: true; readonly command: ParsedCommand<T> } | ParseFailure;

interface Frame {
  readonly args: Record<string, string>;
  readonly argIndex: Record<string, number>;
  readonly keywords: string[];
  readonly groups: Record<string, string>;
  readonly words: string[];
  readonly secrets: (readonly [number, number])[];
}

type Failure = { readonly kind: 'invalid' | 'ambiguous' | 'incomplete'; readonly index: number };

function better(a: Failure | undefined, b: Failure): Failure {
  if (a === undefined) return b;
  if (a.kind === 'incomplete') return a;
  if (b.kind === 'incomplete') return b;
  if (b.index > a.index) return b;
  if (b.index === a.index && b.kind === 'ambiguous' && a.kind === 'invalid') return b;
  return a;
}

export function parseTokens<T>(
  grammar: Grammar<T>,
  line: string,
  tokens: readonly Token[],
  ctx: ArgContext,
): ParseResult<T> {
  let failure: Failure | undefined;
  let steps = 0;

  const walk = (node: GrammarNode<T>, i: number, frame: Frame): ParsedCommand<T> | null => {
    if (++steps > 100_000) return null;
    if (i >= tokens.length) {
      if (node.terminal !== undefined) {
        return {
          payload: node.terminal.payload,
          steps: node.terminal.steps,
          line,
          tokens,
          args: frame.args,
          argIndex: frame.argIndex,
          keywords: new Set(frame.keywords),
          groups: frame.groups,
          words: frame.words,
          secrets: frame.secrets,
        };
      }
      failure = better(failure, { kind: 'incomplete', index: i });
      return null;
    }
    const token = tokens[i];
    if (token === undefined) return null;
    let matched = false;

    if (!token.quoted) {
      const lower = token.value.toLowerCase();
      const exact = node.keywords.get(lower);
      const candidates = exact !== undefined ? [exact] : [...node.keywords.values()].filter((k) => k.step.word.startsWith(lower));
      if (candidates.length > 1) {
        failure = better(failure, { kind: 'ambiguous', index: i });
        matched = true;
      } else if (candidates.length === 1 && candidates[0] !== undefined) {
        matched = true;
        const { step, node: next } = candidates[0];
        const result = walk(next, i + 1, {
          ...frame,
          keywords: [...frame.keywords, step.word],
          groups: step.group === undefined ? frame.groups : { ...frame.groups, [step.group]: step.word },
          words: [...frame.words, step.word],
        });
        if (result !== null) return result;
      }
    }

    for (const edge of node.args) {
      const m = edge.type.match(tokens, i, line, edge.step.params, ctx);
      if (m === null) continue;
      matched = true;
      const last = tokens[i + m.consumed - 1] ?? token;
      const result = walk(edge.node, i + m.consumed, {
        ...frame,
        args: { ...frame.args, [edge.step.name]: m.value },
        argIndex: { ...frame.argIndex, [edge.step.name]: i },
        words: [...frame.words, m.value],
        secrets: edge.step.secret ? [...frame.secrets, [token.start, last.end] as const] : frame.secrets,
      });
      if (result !== null) return result;
    }

    if (!matched) failure = better(failure, { kind: 'invalid', index: i });
    return null;
  };

  const found = walk(grammar.root, 0, { args: {}, argIndex: {}, keywords: [], groups: {}, words: [], secrets: [] });
  if (found !== null) return { ok: true, command: found };
  const f = failure ?? { kind: 'invalid' as const, index: 0 };
  if (f.kind === 'incomplete') return { ok: false, error: 'incomplete' };
  const offset = tokens[f.index]?.start ?? line.length;
  return f.kind === 'ambiguous' ? { ok: false, error: 'ambiguous', offset } : { ok: false, error: 'invalid', offset };
}

/** Where the caret goes for a failure (a character offset into the line), or null when it has none. */
export function failureOffset(failure: ParseFailure): number | null {
  return failure.error === 'incomplete' ? null : failure.offset;
}

/**
 * The keywords and argument names that may follow `tokens` (for `?` help), or null when the tokens do not
 * lead anywhere. `partial` is the unfinished last word, if any.
 */
export function completions<T>(
  grammar: Grammar<T>,
  line: string,
  tokens: readonly Token[],
  partial: string,
  ctx: ArgContext,
): { readonly keywords: string[]; readonly args: string[]; readonly terminal: boolean } | null {
  const nodes = new Set<GrammarNode<T>>();
  const visit = (node: GrammarNode<T>, i: number): void => {
    if (i >= tokens.length) {
      nodes.add(node);
      return;
    }
    const token = tokens[i];
    if (token === undefined) return;
    const lower = token.value.toLowerCase();
    const exact = node.keywords.get(lower);
    const kws = exact !== undefined ? [exact] : [...node.keywords.values()].filter((k) => k.step.word.startsWith(lower));
    if (kws.length === 1 && kws[0] !== undefined) visit(kws[0].node, i + 1);
    for (const edge of node.args) {
      const m = edge.type.match(tokens, i, line, edge.step.params, ctx);
      if (m !== null && edge.step.type !== 'line') visit(edge.node, i + m.consumed);
    }
  };
  visit(grammar.root, 0);
  if (nodes.size === 0) return null;
  const keywords = new Set<string>();
  const args = new Set<string>();
  let terminal = false;
  const lower = partial.toLowerCase();
  for (const node of nodes) {
    for (const word of node.keywords.keys()) if (word.startsWith(lower)) keywords.add(word);
    if (partial === '') {
      for (const edge of node.args) args.add(edge.type.help);
      if (node.terminal !== undefined) terminal = true;
    }
  }
  return { keywords: [...keywords].sort(), args: [...args], terminal };
}
