/**
 * XPath filtering (RFC 6241 §8.9) for the subset NETCONF clients send in practice: absolute location paths of child
 * steps joined by `|`, each step a name test (`name`, `prefix:name`, `*`, `prefix:*`) with optional predicates
 * `[leaf='value']`, `[.='value']`, `[leaf="value" and other='v2']` or a position `[2]`. Anything else is refused
 * with `invalid-value` naming the unsupported construct.
 *
 * An unprefixed name matches any namespace (clients often omit prefixes). The result holds each selected node
 * with its whole subtree, its ancestors, and the key leaves of ancestor list entries.
 */
import type { NetconfRpcError } from '../../errors.js';
import type { XmlNode } from '../../netconf/xml.js';
import { rpcFailure } from './rpc-failure.js';
import type { SchemaIndex } from './schema.js';
import { materialize, unionSelection, type Selection } from './subtree-filter.js';

interface NameTest {
  /** undefined = any namespace */
  readonly ns: string | undefined;
  /** undefined = any name (`*`) */
  readonly name: string | undefined;
}

type Predicate =
  | { readonly kind: 'position'; readonly index: number }
  | { readonly kind: 'equals'; readonly conditions: ReadonlyArray<{ readonly target: NameTest | 'self'; readonly value: string }> };

interface Step {
  readonly test: NameTest;
  readonly predicates: readonly Predicate[];
}

type LocationPath = readonly Step[];

class XPathSyntax {
  #pos = 0;
  constructor(
    readonly text: string,
    readonly prefixes: Readonly<Record<string, string>>,
  ) {}

  #error(reason: string): NetconfRpcError {
    return rpcFailure('get', 'invalid-value', `unsupported or invalid XPath "${this.text}": ${reason} (at offset ${this.#pos})`, {
      info: { 'bad-attribute': 'select', 'bad-element': 'filter' },
    });
  }

  #skipSpace(): void {
    while (this.#pos < this.text.length && /\s/.test(this.text[this.#pos] as string)) this.#pos++;
  }

  #peek(): string {
    this.#skipSpace();
    return this.text[this.#pos] ?? '';
  }

  #eat(s: string): boolean {
    this.#skipSpace();
    if (this.text.startsWith(s, this.#pos)) {
      this.#pos += s.length;
      return true;
    }
    return false;
  }

  #ncname(): string | undefined {
    this.#skipSpace();
    const m = /^[A-Za-z_][\w.-]*/.exec(this.text.slice(this.#pos));
    if (!m) return undefined;
    this.#pos += m[0].length;
    return m[0];
  }

  #nameTest(): NameTest {
    if (this.#eat('*')) return { ns: undefined, name: undefined };
    const first = this.#ncname();
    if (first === undefined) throw this.#error('expected a name or "*"');
    if (this.text[this.#pos] === ':' && this.text[this.#pos + 1] !== ':') {
      this.#pos++;
      const ns = this.prefixes[first];
      if (ns === undefined) throw this.#error(`prefix "${first}" is not declared`);
      if (this.text[this.#pos] === '*') {
        this.#pos++;
        return { ns, name: undefined };
      }
      const local = this.#ncname();
      if (local === undefined) throw this.#error('expected a local name after the prefix');
      return { ns, name: local };
    }
    return { ns: undefined, name: first };
  }

  #literal(): string {
    this.#skipSpace();
    const quote = this.text[this.#pos];
    if (quote !== "'" && quote !== '"') throw this.#error('expected a quoted literal');
    const end = this.text.indexOf(quote, this.#pos + 1);
    if (end < 0) throw this.#error('unterminated literal');
    const value = this.text.slice(this.#pos + 1, end);
    this.#pos = end + 1;
    return value;
  }

  #predicate(): Predicate {
    this.#skipSpace();
    const number = /^\d+/.exec(this.text.slice(this.#pos));
    if (number) {
      this.#pos += number[0].length;
      if (!this.#eat(']')) throw this.#error('expected "]"');
      const index = Number(number[0]);
      if (index < 1) throw this.#error('positions start at 1');
      return { kind: 'position', index };
    }
    const conditions: Array<{ target: NameTest | 'self'; value: string }> = [];
    for (;;) {
      let target: NameTest | 'self';
      let value: string;
      const c = this.#peek();
      if (c === "'" || c === '"') {
        value = this.#literal();
        if (!this.#eat('=')) throw this.#error('expected "="');
        target = this.#eat('.') ? 'self' : this.#nameTest();
      } else {
        target = this.#eat('.') ? 'self' : this.#nameTest();
        if (!this.#eat('=')) throw this.#error('only [name = literal] predicates are supported');
        value = this.#literal();
      }
      conditions.push({ target, value });
      this.#skipSpace();
      if (this.text.startsWith('and', this.#pos) && /\s/.test(this.text[this.#pos + 3] ?? '')) {
        this.#pos += 3;
        continue;
      }
      if (!this.#eat(']')) throw this.#error('expected "]" or "and"');
      return { kind: 'equals', conditions };
    }
  }

  #path(): LocationPath {
    if (!this.#eat('/')) throw this.#error('only absolute location paths are supported');
    if (this.#peek() === '/') throw this.#error('"//" is not supported');
    const steps: Step[] = [];
    const c = this.#peek();
    if (c === '' || c === '|') return steps; // "/" alone: the whole datastore
    for (;;) {
      const test = this.#nameTest();
      const predicates: Predicate[] = [];
      while (this.#eat('[')) predicates.push(this.#predicate());
      steps.push({ test, predicates });
      if (this.#peek() !== '/') break;
      this.#pos++;
      if (this.#peek() === '/') throw this.#error('"//" is not supported');
    }
    return steps;
  }

  parse(): LocationPath[] {
    const paths = [this.#path()];
    while (this.#eat('|')) paths.push(this.#path());
    this.#skipSpace();
    if (this.#pos < this.text.length) throw this.#error(`unexpected "${this.text.slice(this.#pos, this.#pos + 10)}"`);
    return paths;
  }
}

function nameMatches(test: NameTest, node: XmlNode): boolean {
  return (test.name === undefined || test.name === node.name) && (test.ns === undefined || test.ns === node.ns);
}

function conditionHolds(node: XmlNode, target: NameTest | 'self', value: string): boolean {
  if (target === 'self') return node.text.trim() === value;
  return node.children.some((c) => nameMatches(target, c) && c.text.trim() === value);
}

interface Hit {
  /** Child indices from the top-level forest down to the node. */
  readonly indices: readonly number[];
  readonly node: XmlNode;
  readonly names: readonly string[];
  readonly topNs: string;
}

function selectionFor(hit: Hit, chain: readonly XmlNode[], schema: SchemaIndex): Selection {
  // Build the selection from the leaf back to the root, adding list keys of every ancestor list entry.
  let sel: Selection = 'all';
  for (let depth = hit.indices.length - 1; depth >= 0; depth--) {
    const index = hit.indices[depth] as number;
    const map: Map<number, Selection> = new Map([[index, sel]]);
    if (depth > 0) {
      const parent = chain[depth - 1] as XmlNode;
      const kind = schema.kindOf(hit.topNs, hit.names.slice(0, depth));
      if (kind.kind === 'list') {
        parent.children.forEach((c, i) => {
          if (kind.keys.includes(c.name) && !map.has(i)) map.set(i, 'all');
        });
      }
    }
    sel = map;
  }
  return sel;
}

/**
 * The part of `data` (top-level elements) that the XPath expression selects.
 * @param prefixes the namespace prefixes in scope at the `<filter>` element
 * @throws NetconfRpcError invalid-value for syntax outside the supported subset
 */
export function applyXPathFilter(
  data: readonly XmlNode[],
  select: string,
  prefixes: Readonly<Record<string, string>>,
  schema: SchemaIndex,
): XmlNode[] {
  const paths = new XPathSyntax(select, prefixes).parse();
  let selection: Selection | undefined;
  for (const path of paths) {
    if (path.length === 0) return [...data];
    // null stands for the virtual root whose children are the top-level elements
    let contexts: Array<{ hit: Hit; chain: XmlNode[] }> | null = null;
    for (const step of path) {
      const next: Array<{ hit: Hit; chain: XmlNode[] }> = [];
      const parents: Array<{ hit: Hit; chain: XmlNode[] } | null> = contexts === null ? [null] : contexts;
      for (const parent of parents) {
        const children = parent === null ? data : parent.hit.node.children;
        let matched = children
          .map((node, i) => ({
            hit: {
              indices: parent === null ? [i] : [...parent.hit.indices, i],
              node,
              names: parent === null ? [node.name] : [...parent.hit.names, node.name],
              topNs: parent === null ? node.ns : parent.hit.topNs,
            },
            chain: parent === null ? [node] : [...parent.chain, node],
          }))
          .filter((c) => nameMatches(step.test, c.hit.node));
        for (const p of step.predicates) {
          if (p.kind === 'position') matched = matched.slice(p.index - 1, p.index);
          else matched = matched.filter((c) => p.conditions.every((cond) => conditionHolds(c.hit.node, cond.target, cond.value)));
        }
        next.push(...matched);
      }
      contexts = next;
    }
    for (const { hit, chain } of contexts ?? []) selection = unionSelection(selection, selectionFor(hit, chain, schema));
  }
  return selection === undefined ? [] : materialize(data, selection);
}
