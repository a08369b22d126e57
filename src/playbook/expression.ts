/**
 * The small, safe expression language of `when`, `{{ … }}` templates and `verify` assertions. It is parsed into
 * an AST (so a syntax error is reported with its column before anything runs) and interpreted: no `eval`, no
 * function calls, no access outside the variables' own properties.
 *
 *   expr       := or
 *   or         := and ("or" and)*
 *   and        := not ("and" not)*
 *   not        := "not" not | comparison
 *   comparison := operand [ ("==" | "!=" | "<" | "<=" | ">" | ">=" | "in" | "not in") operand
 *                          | "matches" STRING | "is" ["not"] ("defined" | "undefined") ]
 *   operand    := NUMBER | STRING | "true" | "false" | "null" | path | "[" [expr ("," expr)*] "]" | "(" expr ")"
 *   path       := NAME ("." NAME | "." DIGITS | "[" (DIGITS | STRING) "]")*
 *
 * Values are strict: `and` / `or` / `not` and a `when` want true or false, `<` and friends compare two numbers
 * or two strings (ISO dates compare as strings), `==` compares structurally. A path that does not exist is
 * `undefined`: it equals nothing, is `in` nothing, and cannot be ordered.
 */
import { ExpressionError } from '../errors.js';
import { isSecret } from '../secret.js';

export type ComparisonOperator = '==' | '!=' | '<' | '<=' | '>' | '>=' | 'in' | 'not in';

export type PathSegment = string | number;

export interface PathNode {
  readonly kind: 'path';
  readonly root: string;
  readonly segments: readonly PathSegment[];
  /** The path as written, for messages. */
  readonly text: string;
}

export type Expr =
  | { readonly kind: 'literal'; readonly value: string | number | boolean | null }
  | { readonly kind: 'list'; readonly items: readonly Expr[] }
  | PathNode
  | { readonly kind: 'not'; readonly operand: Expr }
  | { readonly kind: 'logical'; readonly op: 'and' | 'or'; readonly left: Expr; readonly right: Expr }
  | { readonly kind: 'compare'; readonly op: ComparisonOperator; readonly left: Expr; readonly right: Expr }
  | { readonly kind: 'matches'; readonly operand: Expr; readonly pattern: RegExp }
  | { readonly kind: 'defined'; readonly path: PathNode; readonly negate: boolean };

export type ParseResult = { readonly ok: true; readonly expr: Expr } | { readonly ok: false; readonly error: string };

/** Names no path may use: they reach JavaScript internals rather than data. */
const FORBIDDEN_NAMES: ReadonlySet<string> = new Set(['__proto__', 'prototype', 'constructor']);
const KEYWORDS: ReadonlySet<string> = new Set(['and', 'or', 'not', 'in', 'is', 'matches', 'defined', 'undefined', 'true', 'false', 'null']);
const MAX_LENGTH = 2000;
const MAX_DEPTH = 64;

type Token =
  | { readonly type: 'number'; readonly value: number; readonly at: number }
  | { readonly type: 'string'; readonly value: string; readonly at: number }
  | { readonly type: 'name'; readonly value: string; readonly at: number }
  | { readonly type: 'op'; readonly value: string; readonly at: number }
  | { readonly type: 'end'; readonly at: number };

class SyntaxProblem extends Error {
  constructor(readonly at: number, message: string) {
    super(message);
  }
}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i] as string;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const start = i;
    if (/[0-9]/.test(c) || (c === '-' && /[0-9]/.test(source[i + 1] ?? '') && !isOperandEnd(tokens))) {
      const m = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(source.slice(i)) as RegExpExecArray;
      tokens.push({ type: 'number', value: Number(m[0]), at: start });
      i += m[0].length;
      if (/[A-Za-z_]/.test(source[i] ?? '')) throw new SyntaxProblem(i, `unexpected "${source[i] as string}" after a number`);
      continue;
    }
    if (c === '"' || c === "'") {
      let value = '';
      i++;
      for (;;) {
        if (i >= source.length) throw new SyntaxProblem(start, 'unterminated string');
        const d = source[i] as string;
        if (d === c) break;
        if (d === '\\') {
          const e = source[i + 1];
          if (e === undefined) throw new SyntaxProblem(i, 'unterminated string');
          value += e === 'n' ? '\n' : e === 't' ? '\t' : e;
          i += 2;
          continue;
        }
        value += d;
        i++;
      }
      i++;
      tokens.push({ type: 'string', value, at: start });
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      const name = (/^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i)) as RegExpExecArray)[0];
      tokens.push({ type: 'name', value: name, at: start });
      i += name.length;
      continue;
    }
    const two = source.slice(i, i + 2);
    if (['==', '!=', '<=', '>='].includes(two)) {
      tokens.push({ type: 'op', value: two, at: start });
      i += 2;
      continue;
    }
    if (['&&', '||'].includes(two)) throw new SyntaxProblem(start, `use "${two === '&&' ? 'and' : 'or'}" instead of "${two}"`);
    if ('<>()[].,'.includes(c)) {
      tokens.push({ type: 'op', value: c, at: start });
      i++;
      continue;
    }
    if (c === '=') throw new SyntaxProblem(start, 'use "==" to compare ("=" is not an operator here)');
    if (c === '!') throw new SyntaxProblem(start, 'use "not" instead of "!"');
    throw new SyntaxProblem(start, `unexpected character "${c}"`);
  }
  tokens.push({ type: 'end', at: source.length });
  return tokens;
}

/** After a value a '-' would be subtraction, which the language does not have; elsewhere it is a sign. */
function isOperandEnd(tokens: readonly Token[]): boolean {
  const last = tokens[tokens.length - 1];
  if (last === undefined) return false;
  if (last.type === 'number' || last.type === 'string') return true;
  if (last.type === 'name') return !KEYWORDS.has(last.value) || ['true', 'false', 'null', 'defined', 'undefined'].includes(last.value);
  return last.type === 'op' && (last.value === ')' || last.value === ']');
}

class Parser {
  #pos = 0;
  #depth = 0;

  constructor(readonly tokens: readonly Token[]) {}

  get #peek(): Token {
    return this.tokens[this.#pos] as Token;
  }

  #next(): Token {
    const token = this.tokens[this.#pos] as Token;
    if (token.type !== 'end') this.#pos++;
    return token;
  }

  #isName(value: string, offset = 0): boolean {
    const token = this.tokens[this.#pos + offset];
    return token !== undefined && token.type === 'name' && token.value === value;
  }

  #isOp(value: string): boolean {
    const token = this.#peek;
    return token.type === 'op' && token.value === value;
  }

  #expectOp(value: string, context: string): void {
    if (!this.#isOp(value)) throw new SyntaxProblem(this.#peek.at, `expected "${value}" ${context}, found ${describeToken(this.#peek)}`);
    this.#next();
  }

  parse(): Expr {
    const expr = this.#or();
    if (this.#peek.type !== 'end') throw new SyntaxProblem(this.#peek.at, `unexpected ${describeToken(this.#peek)}`);
    return expr;
  }

  #nested<T>(fn: () => T): T {
    if (++this.#depth > MAX_DEPTH) throw new SyntaxProblem(this.#peek.at, `nested more than ${MAX_DEPTH} levels deep`);
    try {
      return fn();
    } finally {
      this.#depth--;
    }
  }

  #or(): Expr {
    return this.#nested(() => {
      let left = this.#and();
      while (this.#isName('or')) {
        this.#next();
        left = { kind: 'logical', op: 'or', left, right: this.#and() };
      }
      return left;
    });
  }

  #and(): Expr {
    let left = this.#not();
    while (this.#isName('and')) {
      this.#next();
      left = { kind: 'logical', op: 'and', left, right: this.#not() };
    }
    return left;
  }

  #not(): Expr {
    if (this.#isName('not') && !this.#isName('in', 1)) {
      this.#next();
      return this.#nested(() => ({ kind: 'not', operand: this.#not() }));
    }
    return this.#comparison();
  }

  #comparison(): Expr {
    const left = this.#operand();
    const token = this.#peek;
    if (token.type === 'op' && ['==', '!=', '<', '<=', '>', '>='].includes(token.value)) {
      this.#next();
      return this.#noChain({ kind: 'compare', op: token.value as ComparisonOperator, left, right: this.#operand() });
    }
    if (this.#isName('in')) {
      this.#next();
      return this.#noChain({ kind: 'compare', op: 'in', left, right: this.#operand() });
    }
    if (this.#isName('not') && this.#isName('in', 1)) {
      this.#next();
      this.#next();
      return this.#noChain({ kind: 'compare', op: 'not in', left, right: this.#operand() });
    }
    if (this.#isName('matches')) {
      this.#next();
      const pattern = this.#next();
      if (pattern.type !== 'string') throw new SyntaxProblem(pattern.at, '"matches" needs a quoted regular expression');
      let re: RegExp;
      try {
        re = new RegExp(pattern.value);
      } catch (error) {
        throw new SyntaxProblem(pattern.at, `invalid regular expression: ${(error as Error).message}`);
      }
      return this.#noChain({ kind: 'matches', operand: left, pattern: re });
    }
    if (this.#isName('is')) {
      this.#next();
      let negate = false;
      if (this.#isName('not')) {
        this.#next();
        negate = true;
      }
      const test = this.#next();
      if (test.type !== 'name' || (test.value !== 'defined' && test.value !== 'undefined')) {
        throw new SyntaxProblem(test.at, `expected "defined" or "undefined" after "is", found ${describeToken(test)}`);
      }
      if (left.kind !== 'path') throw new SyntaxProblem(token.at, '"is defined" applies to a variable path');
      return this.#noChain({ kind: 'defined', path: left, negate: negate !== (test.value === 'undefined') });
    }
    return left;
  }

  #noChain(expr: Expr): Expr {
    const token = this.#peek;
    const chained =
      (token.type === 'op' && ['==', '!=', '<', '<=', '>', '>='].includes(token.value)) ||
      (token.type === 'name' && ['in', 'matches', 'is'].includes(token.value));
    if (chained) throw new SyntaxProblem(token.at, 'comparisons cannot be chained; join them with "and" / "or"');
    return expr;
  }

  #operand(): Expr {
    const token = this.#next();
    switch (token.type) {
      case 'number':
        return { kind: 'literal', value: token.value };
      case 'string':
        return { kind: 'literal', value: token.value };
      case 'end':
        throw new SyntaxProblem(token.at, 'unexpected end of expression');
      case 'op':
        if (token.value === '(') {
          const inner = this.#or();
          this.#expectOp(')', 'to close "("');
          return inner;
        }
        if (token.value === '[') return this.#list();
        throw new SyntaxProblem(token.at, `unexpected ${describeToken(token)}`);
      case 'name':
        if (token.value === 'true' || token.value === 'false') return { kind: 'literal', value: token.value === 'true' };
        if (token.value === 'null') return { kind: 'literal', value: null };
        if (KEYWORDS.has(token.value)) throw new SyntaxProblem(token.at, `unexpected "${token.value}"`);
        return this.#path(token);
    }
  }

  #list(): Expr {
    return this.#nested(() => {
      const items: Expr[] = [];
      if (this.#isOp(']')) {
        this.#next();
        return { kind: 'list', items };
      }
      for (;;) {
        items.push(this.#or());
        if (this.#isOp(',')) {
          this.#next();
          continue;
        }
        this.#expectOp(']', 'to close the list');
        return { kind: 'list', items };
      }
    });
  }

  #path(first: Token & { type: 'name' }): PathNode {
    checkName(first.value, first.at);
    const segments: PathSegment[] = [];
    let text = first.value;
    for (;;) {
      if (this.#isOp('(')) throw new SyntaxProblem(this.#peek.at, 'function calls are not allowed');
      if (this.#isOp('.')) {
        this.#next();
        const seg = this.#next();
        if (seg.type === 'name') {
          checkName(seg.value, seg.at);
          segments.push(seg.value);
          text += `.${seg.value}`;
        } else if (seg.type === 'number' && Number.isInteger(seg.value) && seg.value >= 0) {
          segments.push(seg.value);
          text += `.${seg.value}`;
        } else {
          throw new SyntaxProblem(seg.at, `expected a name after ".", found ${describeToken(seg)}`);
        }
        continue;
      }
      if (this.#isOp('[')) {
        this.#next();
        const seg = this.#next();
        if (seg.type === 'number' && Number.isInteger(seg.value) && seg.value >= 0) {
          segments.push(seg.value);
          text += `[${seg.value}]`;
        } else if (seg.type === 'string') {
          checkName(seg.value, seg.at);
          segments.push(seg.value);
          text += `[${JSON.stringify(seg.value)}]`;
        } else {
          throw new SyntaxProblem(seg.at, `expected an index or a quoted key inside "[ ]", found ${describeToken(seg)}`);
        }
        this.#expectOp(']', 'after the index');
        continue;
      }
      return { kind: 'path', root: first.value, segments, text };
    }
  }
}

function checkName(name: string, at: number): void {
  if (FORBIDDEN_NAMES.has(name)) throw new SyntaxProblem(at, `"${name}" is not allowed in a path`);
}

function describeToken(token: Token): string {
  switch (token.type) {
    case 'end':
      return 'the end of the expression';
    case 'string':
      return `the string ${JSON.stringify(token.value)}`;
    case 'number':
      return `the number ${token.value}`;
    default:
      return `"${token.value}"`;
  }
}

/** Parses an expression; a syntax error names the column (1-based) and what was expected. */
export function parseExpression(source: string): ParseResult {
  if (source.length > MAX_LENGTH) return { ok: false, error: `longer than ${MAX_LENGTH} characters` };
  if (source.trim() === '') return { ok: false, error: 'empty expression' };
  try {
    return { ok: true, expr: new Parser(tokenize(source)).parse() };
  } catch (error) {
    if (error instanceof SyntaxProblem) return { ok: false, error: `syntax error at column ${error.at + 1}: ${error.message}` };
    throw error;
  }
}

/** Parses a bare variable path such as `st.value.authorization.status` (a `verify` assertion's `path`). */
export function parsePath(source: string): { readonly ok: true; readonly path: PathNode } | { readonly ok: false; readonly error: string } {
  const parsed = parseExpression(source);
  if (!parsed.ok) return parsed;
  if (parsed.expr.kind !== 'path') return { ok: false, error: 'must be a variable path such as "status.value.registration.status"' };
  return { ok: true, path: parsed.expr };
}

export interface PathUse {
  readonly path: PathNode;
  /** Used under `is defined` / `is undefined`, so it may legitimately be missing. */
  readonly guarded: boolean;
}

/** Every variable path an expression reads, for the static "is this variable defined here" check. */
export function expressionPaths(expr: Expr, guarded = false, out: PathUse[] = []): PathUse[] {
  switch (expr.kind) {
    case 'literal':
      break;
    case 'path':
      out.push({ path: expr, guarded });
      break;
    case 'list':
      for (const item of expr.items) expressionPaths(item, guarded, out);
      break;
    case 'not':
      expressionPaths(expr.operand, guarded, out);
      break;
    case 'logical':
    case 'compare':
      expressionPaths(expr.left, guarded, out);
      expressionPaths(expr.right, guarded, out);
      break;
    case 'matches':
      expressionPaths(expr.operand, guarded, out);
      break;
    case 'defined':
      out.push({ path: expr.path, guarded: true });
      break;
  }
  return out;
}

/**
 * Stands for a value only known at run time (a result registered by an earlier task) while a playbook is
 * validated; any expression that reads it yields DEFERRED rather than a verdict.
 */
export const DEFERRED: unique symbol = Symbol('deferred');
export type Deferred = typeof DEFERRED;

export function isDeferred(value: unknown): value is Deferred {
  return value === DEFERRED;
}

export type RootLookup = (root: string) => { readonly found: boolean; readonly value?: unknown };

/** Follows a path's segments through own properties only; a missing step gives `undefined`. */
export function readPath(path: PathNode, lookup: RootLookup): unknown {
  const root = lookup(path.root);
  if (!root.found) return undefined;
  let value: unknown = root.value;
  for (const segment of path.segments) {
    if (value === DEFERRED) return DEFERRED;
    if (value === null || typeof value !== 'object' || isSecret(value)) return undefined;
    if (Array.isArray(value)) {
      if (typeof segment !== 'number') return undefined;
      value = value[segment];
    } else {
      const key = String(segment);
      value = Object.prototype.hasOwnProperty.call(value, key) ? (value as Record<string, unknown>)[key] : undefined;
    }
  }
  return value;
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (isSecret(value)) return 'a secret';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}

function refuseSecret(value: unknown, source: string, what: string): void {
  if (isSecret(value)) throw new ExpressionError(source, `a secret cannot be used ${what}`);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bs = b as unknown[];
    return a.length === bs.length && a.every((v, i) => deepEqual(v, bs[i]));
  }
  const ak = Object.keys(a as object);
  const bk = Object.keys(b as object);
  return ak.length === bk.length && ak.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/**
 * Evaluates an expression against variables. Throws `ExpressionError` (naming `source`) on a type mismatch;
 * returns DEFERRED when the verdict depends on a value that is only known at run time.
 */
export function evaluateExpression(expr: Expr, lookup: RootLookup, source: string): unknown {
  switch (expr.kind) {
    case 'literal':
      return expr.value;
    case 'path':
      return readPath(expr, lookup);
    case 'list': {
      const items = expr.items.map((item) => evaluateExpression(item, lookup, source));
      return items.some(isDeferred) ? DEFERRED : items;
    }
    case 'not': {
      const v = evaluateExpression(expr.operand, lookup, source);
      if (v === DEFERRED) return DEFERRED;
      return !asBoolean(v, source, '"not"');
    }
    case 'logical': {
      const left = evaluateExpression(expr.left, lookup, source);
      if (left !== DEFERRED) {
        const l = asBoolean(left, source, `"${expr.op}"`);
        if (expr.op === 'and' && !l) return false;
        if (expr.op === 'or' && l) return true;
      }
      const right = evaluateExpression(expr.right, lookup, source);
      if (right === DEFERRED) return DEFERRED;
      const r = asBoolean(right, source, `"${expr.op}"`);
      if (left === DEFERRED) return (expr.op === 'and' && !r) || (expr.op === 'or' && r) ? r : DEFERRED;
      return r;
    }
    case 'compare': {
      const left = evaluateExpression(expr.left, lookup, source);
      const right = evaluateExpression(expr.right, lookup, source);
      if (left === DEFERRED || right === DEFERRED) return DEFERRED;
      return compare(expr.op, left, right, source);
    }
    case 'matches': {
      const v = evaluateExpression(expr.operand, lookup, source);
      if (v === DEFERRED) return DEFERRED;
      refuseSecret(v, source, 'with "matches"');
      if (v === undefined) return false;
      if (typeof v !== 'string') throw new ExpressionError(source, `"matches" needs a string, got ${describeValue(v)}`);
      return expr.pattern.test(v);
    }
    case 'defined': {
      const v = readPath(expr.path, lookup);
      if (v === DEFERRED) return DEFERRED;
      return (v !== undefined) !== expr.negate;
    }
  }
}

function asBoolean(value: unknown, source: string, what: string): boolean {
  if (typeof value === 'boolean') return value;
  throw new ExpressionError(source, `${what} needs true or false, got ${describeValue(value)}`);
}

function compare(op: ComparisonOperator, left: unknown, right: unknown, source: string): boolean {
  refuseSecret(left, source, 'in a comparison');
  refuseSecret(right, source, 'in a comparison');
  switch (op) {
    case '==':
      return deepEqual(left, right);
    case '!=':
      return !deepEqual(left, right);
    case 'in':
    case 'not in': {
      let found: boolean;
      if (Array.isArray(right)) found = left !== undefined && right.some((item) => deepEqual(left, item));
      else if (typeof right === 'string') {
        if (left !== undefined && typeof left !== 'string') throw new ExpressionError(source, `"${op}" a string needs a string on the left, got ${describeValue(left)}`);
        found = left !== undefined && right.includes(left);
      } else if (right !== null && typeof right === 'object') {
        found = typeof left === 'string' && Object.prototype.hasOwnProperty.call(right, left);
      } else {
        throw new ExpressionError(source, `"${op}" needs a list, a string or an object on the right, got ${describeValue(right)}`);
      }
      return op === 'in' ? found : !found;
    }
    default: {
      const comparable = (typeof left === 'number' && typeof right === 'number') || (typeof left === 'string' && typeof right === 'string');
      if (!comparable) throw new ExpressionError(source, `"${op}" compares two numbers or two strings, got ${describeValue(left)} and ${describeValue(right)}`);
      const l = left as number | string;
      const r = right as number | string;
      return op === '<' ? l < r : op === '<=' ? l <= r : op === '>' ? l > r : l >= r;
    }
  }
}

/** Evaluates a `when` (or `until`): the result must be true or false. */
export function evaluateCondition(expr: Expr, lookup: RootLookup, source: string): boolean | Deferred {
  const value = evaluateExpression(expr, lookup, source);
  if (value === DEFERRED) return DEFERRED;
  if (typeof value !== 'boolean') throw new ExpressionError(source, `a condition must be true or false, got ${describeValue(value)}`);
  return value;
}
