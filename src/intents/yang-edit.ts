/**
 * Building `<edit-config>` content from two states: containers that appear only when something below them
 * changes, list entries addressed by their keys, leaves set or deleted (`nc:operation="delete"`, with the value
 * being deleted so the payload stays valid instance data), empty leaves / presence containers added or deleted,
 * whole subtrees written with `replace`.
 */
import { withOperation } from '../netconf/requests.js';
import { xmlElement, type XmlNode } from '../netconf/xml.js';

export type MaybeNode = XmlNode | undefined;

function present(children: readonly MaybeNode[]): XmlNode[] {
  return children.filter((c): c is XmlNode => c !== undefined);
}

/** A container holding the changes below it; undefined when nothing below changes. */
export function container(name: string, ns: string, children: readonly MaybeNode[]): MaybeNode {
  const kept = present(children);
  return kept.length === 0 ? undefined : xmlElement(name, ns, kept);
}

/** A container written even when empty (a new presence container, an empty leaf). */
export function element(name: string, ns: string, children: readonly MaybeNode[] = []): XmlNode {
  return xmlElement(name, ns, present(children));
}

export function leaf(name: string, ns: string, value: string | number | boolean): XmlNode {
  return xmlElement(name, ns, String(value));
}

/** A list entry: its key leaves first, then `children`. */
export function entry(name: string, ns: string, keys: readonly (readonly [string, string])[], children: readonly MaybeNode[] = []): XmlNode {
  return xmlElement(name, ns, [...keys.map(([k, v]) => leaf(k, ns, v)), ...present(children)]);
}

/** A list entry holding changes; undefined when nothing in it changes. */
export function entryChange(name: string, ns: string, keys: readonly (readonly [string, string])[], children: readonly MaybeNode[]): MaybeNode {
  return present(children).length === 0 ? undefined : entry(name, ns, keys, children);
}

export function deleted(node: XmlNode): XmlNode {
  return withOperation(node, 'delete');
}

export function replaced(node: XmlNode): XmlNode {
  return withOperation(node, 'replace');
}

/** A leaf going from `from` to `to` (null: not configured). */
export function leafChange(name: string, ns: string, from: string | number | boolean | null, to: string | number | boolean | null): MaybeNode {
  if (from === to) return undefined;
  if (to === null) return from === null ? undefined : deleted(leaf(name, ns, from));
  return leaf(name, ns, to);
}

/** An empty leaf or presence container (without content) there or not. */
export function flagChange(name: string, ns: string, from: boolean, to: boolean): MaybeNode {
  if (from === to) return undefined;
  return to ? element(name, ns) : deleted(element(name, ns));
}
