/**
 * Reads a datastore's XML into a binding's settings the way a NETCONF server checks a payload against its YANG
 * modules (RFC 7950 §8.3.1): children are claimed by name, values are checked as they are read, a list entry
 * without its keys is `missing-element`, and a child nobody claims is `unknown-element`. Problems are collected
 * with their paths (`/native/call-home/user-profile/profile[profile-name='X']/destination/address/http`) and
 * thrown together as one `NetconfRpcError`, so a payload is either read whole or refused whole.
 */
import { NetconfRpcError, type RpcErrorInfo } from '../../../errors.js';
import type { RpcErrorTag } from '../../../netconf/rpc-error.js';
import type { XmlNode } from '../../../netconf/xml.js';
import { redactText } from '../../../secret.js';
import { rpcErrorInfo } from '../rpc-failure.js';
import type { LeafCheck } from './leaf-checks.js';

/** More problems than this in one payload are not listed. */
const MAX_PROBLEMS = 20;

export class ConfigProblems {
  readonly #errors: RpcErrorInfo[] = [];

  constructor(readonly operation: string) {}

  get count(): number {
    return this.#errors.length;
  }

  add(tag: RpcErrorTag, message: string, path: string, details: { readonly badElement?: string; readonly appTag?: string } = {}): void {
    if (this.#errors.length >= MAX_PROBLEMS) return;
    this.#errors.push(
      rpcErrorInfo(tag, redactText(message), {
        type: 'application',
        path,
        ...(details.appTag === undefined ? {} : { appTag: details.appTag }),
        ...(details.badElement === undefined ? {} : { info: { 'bad-element': details.badElement } }),
      }),
    );
  }

  /** A YANG `must` / `max-elements` rule broken (RFC 7950 §15.2, §15.4: operation-failed with an app tag). */
  addRule(appTag: 'must-violation' | 'too-many-elements', message: string, path: string): void {
    this.add('operation-failed', message, path, { appTag });
  }

  throwIfAny(): void {
    if (this.#errors.length > 0) throw new NetconfRpcError(this.operation, [...this.#errors]);
  }
}

/** A list entry with its key values read. */
export interface ListEntry {
  readonly reader: XmlReader;
  readonly keys: readonly string[];
}

export class XmlReader {
  readonly #claimed = new Set<XmlNode>();

  constructor(
    readonly node: XmlNode,
    readonly path: string,
    readonly problems: ConfigProblems,
  ) {}

  /** A top-level element of the datastore, or undefined when absent (a second one is refused). */
  static top(nodes: readonly XmlNode[], name: string, ns: string, problems: ConfigProblems): XmlReader | undefined {
    const found = nodes.filter((n) => n.name === name && n.ns === ns);
    if (found.length > 1) problems.add('bad-element', `<${name}> appears more than once`, `/${name}`, { badElement: name });
    const node = found[0];
    return node === undefined ? undefined : new XmlReader(node, `/${name}`, problems);
  }

  /** The trimmed character data of this element. */
  get text(): string {
    return this.node.text.trim();
  }

  /** One container or leaf child (a repeated one is bad-element). */
  child(name: string, ns: string = this.node.ns): XmlReader | undefined {
    const found = this.node.children.filter((c) => c.name === name && c.ns === ns);
    found.forEach((c) => this.#claimed.add(c));
    if (found.length > 1) {
      this.problems.add('bad-element', `<${name}> appears more than once`, `${this.path}/${name}`, { badElement: name });
    }
    const node = found[0];
    return node === undefined ? undefined : new XmlReader(node, `${this.path}/${name}`, this.problems);
  }

  /** Every entry of a leaf-list, in document order. */
  leafList(name: string, check: LeafCheck, ns: string = this.node.ns): string[] {
    const values: string[] = [];
    for (const node of this.node.children.filter((c) => c.name === name && c.ns === ns)) {
      this.#claimed.add(node);
      const entry = new XmlReader(node, `${this.path}/${name}`, this.problems);
      const value = entry.value(check);
      if (value !== undefined) values.push(value);
    }
    return values;
  }

  /**
   * Every entry of a list, keys read and checked (an entry missing a key is `missing-element` and skipped).
   * The returned readers have the key leaves claimed.
   */
  list(name: string, keys: readonly (readonly [string, LeafCheck])[], ns: string = this.node.ns): ListEntry[] {
    const entries: ListEntry[] = [];
    for (const node of this.node.children.filter((c) => c.name === name && c.ns === ns)) {
      this.#claimed.add(node);
      const bare = new XmlReader(node, `${this.path}/${name}`, this.problems);
      const values: string[] = [];
      let complete = true;
      for (const [key, check] of keys) {
        const keyNode = bare.child(key, ns);
        if (keyNode === undefined) {
          this.problems.add('missing-element', `list entry <${name}> has no key <${key}>`, bare.path, { badElement: key });
          complete = false;
          continue;
        }
        const value = keyNode.value(check);
        if (value === undefined) complete = false;
        else values.push(value);
      }
      if (!complete) continue;
      const predicate = keys.map(([key], i) => `[${key}='${values[i] ?? ''}']`).join('');
      const reader = new XmlReader(node, `${this.path}/${name}${predicate}`, this.problems);
      for (const [key] of keys) reader.child(key, ns);
      entries.push({ reader, keys: values });
    }
    return entries;
  }

  /** This element's value, checked; undefined (and a problem recorded) when it does not pass. */
  value(check: LeafCheck): string | undefined {
    if (this.node.children.length > 0) {
      this.problems.add('invalid-value', `<${this.node.name}> is a leaf; it cannot hold elements`, this.path, { badElement: this.node.name });
      return undefined;
    }
    const problem = check(this.text);
    if (problem !== undefined) {
      this.problems.add('invalid-value', `<${this.node.name}> ${problem}`, this.path, { badElement: this.node.name });
      return undefined;
    }
    return this.text;
  }

  leaf(name: string, check: LeafCheck, ns: string = this.node.ns): string | undefined {
    return this.child(name, ns)?.value(check);
  }

  /** A leaf of type empty, or a presence container with nothing inside: true when present. */
  flag(name: string, ns: string = this.node.ns): boolean {
    const node = this.child(name, ns);
    if (node === undefined) return false;
    node.done();
    if (node.text !== '') {
      this.problems.add('invalid-value', `<${name}> takes no value`, node.path, { badElement: name });
    }
    return true;
  }

  /** A boolean leaf: undefined when absent. */
  boolean(name: string, ns: string = this.node.ns): boolean | undefined {
    const value = this.leaf(name, (v) => (v === 'true' || v === 'false' ? undefined : `"${v}" is not a boolean (true or false)`), ns);
    return value === undefined ? undefined : value === 'true';
  }

  /** Reports every child element not claimed as unknown-element. */
  done(): void {
    for (const child of this.node.children) {
      if (this.#claimed.has(child)) continue;
      this.problems.add('unknown-element', `<${child.name}> is not a configuration node the device models under ${this.path}`, `${this.path}/${child.name}`, {
        badElement: child.name,
      });
    }
  }
}
