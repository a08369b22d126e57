/**
 * Subtree filtering (RFC 6241 §6) on plain XML trees, generic over any model.
 *
 * In one sibling set of the filter: a *content match node* (a leaf with text) must equal a data sibling for the
 * parent to be selected; a *selection node* (an empty leaf) selects that data node with everything under it; a
 * *containment node* (an element with children) recurses. When every content match holds and there are no other
 * filter siblings, the whole parent is selected. A filter element in no namespace (`xmlns=""`) matches any
 * namespace; attributes on a filter element must be present with the same value on the data element.
 */
import type { XmlNode } from '../../netconf/xml.js';

/** What is kept of a node: all of it, or some of its children (by index). */
export type Selection = 'all' | Map<number, Selection>;

function matchesName(filter: XmlNode, data: XmlNode): boolean {
  if (filter.name !== data.name) return false;
  if (filter.ns !== '' && filter.ns !== data.ns) return false;
  return filter.attributes.every((fa) => data.attributes.some((da) => da.name === fa.name && da.ns === fa.ns && da.value === fa.value));
}

export function unionSelection(a: Selection | undefined, b: Selection | undefined): Selection | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  if (a === 'all' || b === 'all') return 'all';
  const out = new Map(a);
  for (const [i, sel] of b) out.set(i, unionSelection(out.get(i), sel) as Selection);
  return out;
}

/**
 * Applies the filter children of one parent to that parent's data children. Returns undefined when the parent is
 * not selected at all.
 */
function filterSiblings(data: readonly XmlNode[], filters: readonly XmlNode[]): Selection | undefined {
  const contentMatches = filters.filter((f) => f.children.length === 0 && f.text.trim() !== '');
  const others = filters.filter((f) => !contentMatches.includes(f));
  const matched = new Map<number, Selection>();
  for (const cm of contentMatches) {
    const want = cm.text.trim();
    let found = false;
    data.forEach((d, i) => {
      if (matchesName(cm, d) && d.children.length === 0 && d.text.trim() === want) {
        matched.set(i, 'all');
        found = true;
      }
    });
    if (!found) return undefined;
  }
  if (others.length === 0) return contentMatches.length > 0 ? 'all' : undefined;

  let selection: Map<number, Selection> = matched;
  let selectedOther = false;
  for (const f of others) {
    data.forEach((d, i) => {
      if (!matchesName(f, d)) return;
      const sel: Selection | undefined = f.children.length === 0 ? 'all' : filterSiblings(d.children, f.children);
      if (sel === undefined) return;
      selectedOther = true;
      selection = unionSelection(selection, new Map([[i, sel]])) as Map<number, Selection>;
    });
  }
  if (!selectedOther && contentMatches.length === 0) return undefined;
  return selection;
}

/** Builds the output from a selection over `nodes`, in document order. */
export function materialize(nodes: readonly XmlNode[], selection: Selection): XmlNode[] {
  if (selection === 'all') return [...nodes];
  const out: XmlNode[] = [];
  nodes.forEach((node, i) => {
    const sel = selection.get(i);
    if (sel === undefined) return;
    out.push(sel === 'all' ? node : { ...node, text: '', children: materialize(node.children, sel) });
  });
  return out;
}

/** The part of `data` (top-level elements) that the subtree filter (the children of `<filter>`) selects. */
export function applySubtreeFilter(data: readonly XmlNode[], filter: readonly XmlNode[]): XmlNode[] {
  if (filter.length === 0) return []; // RFC 6241 §6.4.2: an empty filter selects nothing
  const selection = filterSiblings(data, filter);
  return selection === undefined ? [] : materialize(data, selection);
}
