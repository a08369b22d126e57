/**
 * `{{ … }}` templates in playbook strings. A string that is exactly one template is replaced by the value with
 * its type (`"{{ dns_servers }}"` → the list); templates inside a longer string are turned into text. A secret
 * stays a `Secret` through templating: the whole template, or the whole string it is part of, becomes a Secret,
 * so it prints `***` everywhere but can still be sent. Inside the braces is the expression language of `when`.
 */
import { escapePointer } from '../schema/validate.js';
import { Secret, isSecret } from '../secret.js';
import { DEFERRED, evaluateExpression, parseExpression, type Expr, type RootLookup } from './expression.js';
import { ExpressionError, type FieldIssue } from '../errors.js';

export interface TemplateExpr {
  readonly expr: Expr;
  /** The text between the braces, trimmed. */
  readonly source: string;
}

export interface Template {
  readonly text: string;
  readonly parts: readonly (string | TemplateExpr)[];
}

export function hasTemplate(value: unknown): value is string {
  return typeof value === 'string' && value.includes('{{');
}

/** Splits a string into text and expressions; a quoted `}}` inside an expression does not close it. */
export function parseTemplate(text: string): { readonly ok: true; readonly template: Template } | { readonly ok: false; readonly error: string } {
  const parts: (string | TemplateExpr)[] = [];
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('{{', i);
    if (open < 0) {
      parts.push(text.slice(i));
      break;
    }
    if (open > i) parts.push(text.slice(i, open));
    let j = open + 2;
    let quote: string | null = null;
    for (; j < text.length; j++) {
      const c = text[j] as string;
      if (quote !== null) {
        if (c === '\\') j++;
        else if (c === quote) quote = null;
      } else if (c === '"' || c === "'") {
        quote = c;
      } else if (c === '}' && text[j + 1] === '}') {
        break;
      }
    }
    if (j >= text.length) return { ok: false, error: `template "{{" at character ${open + 1} is not closed with "}}"` };
    const source = text.slice(open + 2, j).trim();
    const parsed = parseExpression(source);
    if (!parsed.ok) return { ok: false, error: `template {{ ${source} }}: ${parsed.error}` };
    parts.push({ expr: parsed.expr, source });
    i = j + 2;
  }
  return { ok: true, template: { text, parts } };
}

export interface RenderOutcome {
  readonly value: unknown;
  /** Templates that could not be rendered, at the pointer of their string. */
  readonly issues: readonly FieldIssue[];
  /** Pointers of values only known at run time (they read a registered result). */
  readonly deferred: readonly string[];
}

class TemplateProblem extends Error {}

function describeUndefined(source: string, lookup: RootLookup, expr: Expr): string {
  if (expr.kind === 'path') {
    const root = lookup(expr.root);
    if (!root.found) return (root as { why?: string }).why ?? `"${expr.root}" is not defined`;
    return `"${expr.text}" is not defined`;
  }
  return `{{ ${source} }} has no value`;
}

function renderTemplate(template: Template, lookup: RootLookup): unknown {
  const [first] = template.parts;
  if (template.parts.length === 1 && first !== undefined && typeof first !== 'string') {
    const value = evaluateExpression(first.expr, lookup, first.source);
    if (value === undefined) throw new TemplateProblem(describeUndefined(first.source, lookup, first.expr));
    return value;
  }
  let text = '';
  let secret = false;
  for (const part of template.parts) {
    if (typeof part === 'string') {
      text += part;
      continue;
    }
    const value = evaluateExpression(part.expr, lookup, part.source);
    if (value === DEFERRED) return DEFERRED;
    if (value === undefined) throw new TemplateProblem(describeUndefined(part.source, lookup, part.expr));
    if (value === null) throw new TemplateProblem(`{{ ${part.source} }} is null and cannot be put in a string`);
    if (isSecret(value)) {
      secret = true;
      text += value.reveal();
    } else {
      text += typeof value === 'object' ? JSON.stringify(value) : String(value);
    }
  }
  return secret ? new Secret(text) : text;
}

/** Says whether the string at a pointer is taken literally (an expression field is never templated). */
export type LiteralFields = (pointer: string) => boolean;

/**
 * Matches pointers against patterns relative to `base`, where `*` stands for one segment:
 * `literalFields('/tasks/3/verify', ['/that/*'])('/tasks/3/verify/that/0')` is true.
 */
export function literalFields(base: string, patterns: readonly string[] | undefined): LiteralFields {
  if (patterns === undefined || patterns.length === 0) return () => false;
  const res = patterns.map((p) => new RegExp(`^${(base + p).split('/').map((s) => (s === '*' ? '[^/]+' : s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('/')}$`));
  return (pointer) => res.some((re) => re.test(pointer));
}

/**
 * Renders every template in a value (strings, arrays, plain objects; object keys are not templated). Values
 * already rendered (secrets, registered results) and literal fields pass through untouched.
 */
export function renderValue(value: unknown, lookup: RootLookup, pointer = '', literal: LiteralFields = () => false): RenderOutcome {
  const issues: FieldIssue[] = [];
  const deferred: string[] = [];
  const walk = (v: unknown, at: string): unknown => {
    if (typeof v === 'string') {
      if (!v.includes('{{') || literal(at)) return v;
      const parsed = parseTemplate(v);
      if (!parsed.ok) {
        issues.push({ pointer: at, message: parsed.error });
        return v;
      }
      try {
        const out = renderTemplate(parsed.template, lookup);
        if (out === DEFERRED) deferred.push(at);
        return out;
      } catch (error) {
        if (error instanceof TemplateProblem) issues.push({ pointer: at, message: error.message });
        else if (error instanceof ExpressionError) issues.push({ pointer: at, message: error.reason });
        else throw error;
        return v;
      }
    }
    if (Array.isArray(v)) return v.map((item, i) => walk(item, `${at}/${i}`));
    if (v !== null && typeof v === 'object' && !isSecret(v) && Object.getPrototypeOf(v) === Object.prototype) {
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(v)) out[key] = walk(item, `${at}/${escapePointer(key)}`);
      return out;
    }
    return v;
  };
  const rendered = walk(value, pointer);
  return { value: rendered, issues, deferred };
}

/** Every template in a value with its pointer, parsed (or the parse error); literal fields are left out. */
export function collectTemplates(
  value: unknown,
  pointer = '',
  literal: LiteralFields = () => false,
): { readonly pointer: string; readonly parsed: ReturnType<typeof parseTemplate> }[] {
  const out: { pointer: string; parsed: ReturnType<typeof parseTemplate> }[] = [];
  const walk = (v: unknown, at: string): void => {
    if (hasTemplate(v)) {
      if (!literal(at)) out.push({ pointer: at, parsed: parseTemplate(v) });
    }
    else if (Array.isArray(v)) v.forEach((item, i) => walk(item, `${at}/${i}`));
    else if (v !== null && typeof v === 'object' && !isSecret(v)) for (const [k, item] of Object.entries(v)) walk(item, `${at}/${escapePointer(k)}`);
  };
  walk(value, pointer);
  return out;
}
