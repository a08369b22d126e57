/**
 * Building YANG instance XML for a datastore: leaves that are left out when unset, and non-presence containers
 * that disappear when nothing is inside them (RFC 7950 §7.5.7, as `get-config` prints them).
 */
import { xmlElement, type XmlNode } from '../../../netconf/xml.js';

export type MaybeNode = XmlNode | undefined;

export function leaf(name: string, ns: string, value: string | number | boolean | undefined): MaybeNode {
  return value === undefined ? undefined : xmlElement(name, ns, String(value));
}

/** A leaf of type empty or a presence container: there when `on`. */
export function flag(name: string, ns: string, on: boolean, children: readonly MaybeNode[] = []): MaybeNode {
  return on ? xmlElement(name, ns, present(children)) : undefined;
}

/** A non-presence container, left out when empty. */
export function container(name: string, ns: string, children: readonly MaybeNode[]): MaybeNode {
  const kept = present(children);
  return kept.length === 0 ? undefined : xmlElement(name, ns, kept);
}

/** A list entry: key leaves first, then the rest. */
export function entry(name: string, ns: string, keys: readonly (readonly [string, string])[], children: readonly MaybeNode[]): XmlNode {
  return xmlElement(name, ns, [...keys.map(([k, v]) => xmlElement(k, ns, v)), ...present(children)]);
}

export function present(nodes: readonly MaybeNode[]): XmlNode[] {
  return nodes.filter((n): n is XmlNode => n !== undefined);
}
