/**
 * What the generic XML-tree algorithms need to know about a YANG schema: which elements are list entries (and
 * their keys) and which are leaf-list entries. Everything else is a container or a leaf, told apart by whether the
 * element has child elements.
 *
 * Paths are the local names from the top-level element down, prefixed with the top-level element's namespace:
 * `{http://cisco.com/ns/yang/Cisco-IOS-XE-native}native/crypto/pki/trustpoint`. Nodes added by an augment keep
 * the top-level namespace in their path (local names below the top are unique among siblings in these models).
 */

export interface SchemaHints {
  /** List nodes, path → key leaf names in key order (empty for a keyless list). */
  readonly lists: Readonly<Record<string, readonly string[]>>;
  /** Leaf-list nodes. */
  readonly leafLists: readonly string[];
}

export type SchemaNodeKind =
  | { readonly kind: 'list'; readonly keys: readonly string[] }
  | { readonly kind: 'leaf-list' }
  | { readonly kind: 'other' };

export const EMPTY_SCHEMA: SchemaHints = { lists: {}, leafLists: [] };

export function schemaPath(topNamespace: string, names: readonly string[]): string {
  return `{${topNamespace}}${names.join('/')}`;
}

const OTHER: SchemaNodeKind = { kind: 'other' };
const LEAF_LIST: SchemaNodeKind = { kind: 'leaf-list' };

export class SchemaIndex {
  readonly #lists = new Map<string, readonly string[]>();
  readonly #leafLists = new Set<string>();

  constructor(hints: SchemaHints | readonly SchemaHints[] = EMPTY_SCHEMA) {
    for (const h of Array.isArray(hints) ? (hints as readonly SchemaHints[]) : [hints as SchemaHints]) {
      for (const [path, keys] of Object.entries(h.lists)) this.#lists.set(path, keys);
      for (const path of h.leafLists) this.#leafLists.add(path);
    }
  }

  kindOf(topNamespace: string, names: readonly string[]): SchemaNodeKind {
    const path = schemaPath(topNamespace, names);
    const keys = this.#lists.get(path);
    if (keys !== undefined) return { kind: 'list', keys };
    return this.#leafLists.has(path) ? LEAF_LIST : OTHER;
  }
}

/** Combines several hint sets (e.g. one per YANG module family). */
export function mergeSchemaHints(...hints: readonly SchemaHints[]): SchemaHints {
  const lists: Record<string, readonly string[]> = {};
  const leafLists = new Set<string>();
  for (const h of hints) {
    Object.assign(lists, h.lists);
    for (const p of h.leafLists) leafLists.add(p);
  }
  return { lists, leafLists: [...leafLists].sort() };
}
