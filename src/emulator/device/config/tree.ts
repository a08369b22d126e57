/**
 * The configuration model: a tree of lines, stored as the device prints them (`profile "CiscoTAC-1"` on
 * IOS-XE, `destination transport-method email disable` on IOS-XR), without indentation. A node is a leaf
 * (`hostname Router`) or a block (`call-home`, `interface Loopback0`) whose children are its sub-mode lines.
 *
 * `key` identifies a line among its siblings: single-valued settings share a key (`hostname`), so setting one
 * replaces the other; a block's key is its line. `order` places a line among its siblings (lower first; equal
 * orders keep entry order), the way the device sorts its running configuration.
 */

export interface ConfigNode {
  readonly line: string;
  readonly key: string;
  readonly order: number;
  readonly block: boolean;
  readonly children: readonly ConfigNode[];
}

/** The mutable form used inside the store. */
export interface MutableConfigNode {
  line: string;
  key: string;
  order: number;
  block: boolean;
  children: MutableConfigNode[];
}

export function createRoot(): MutableConfigNode {
  return { line: '', key: '', order: 0, block: true, children: [] };
}

export function cloneTree(node: ConfigNode): MutableConfigNode {
  return { line: node.line, key: node.key, order: node.order, block: node.block, children: node.children.map(cloneTree) };
}

export function findChild<N extends ConfigNode>(parent: N, key: string): N | undefined {
  return (parent.children as readonly N[]).find((c) => c.key === key);
}

/** The node at `path` (a list of block lines from the root), or undefined. */
export function resolvePath<N extends ConfigNode>(root: N, path: readonly string[]): N | undefined {
  let node: N | undefined = root;
  for (const line of path) {
    node = (node?.children as readonly N[] | undefined)?.find((c) => c.line === line || c.key === line);
    if (node === undefined) return undefined;
  }
  return node;
}

/** Inserts after the last sibling whose order is not greater (stable for equal orders). */
export function insertChild(parent: MutableConfigNode, child: MutableConfigNode): void {
  let at = parent.children.length;
  while (at > 0 && (parent.children[at - 1]?.order ?? 0) > child.order) at--;
  parent.children.splice(at, 0, child);
}

/** Every line with its depth, depth-first (the shape `show running-config` walks). */
export function* walk(node: ConfigNode, depth = 0): Generator<{ node: ConfigNode; depth: number }> {
  for (const child of node.children) {
    yield { node: child, depth };
    yield* walk(child, depth + 1);
  }
}

/** Indented text, one space per level, no separators (a compact form for tests and diffs). */
export function toIndentedLines(root: ConfigNode): string[] {
  return [...walk(root)].map(({ node, depth }) => `${' '.repeat(depth)}${node.line}`);
}

export function treesEqual(a: ConfigNode, b: ConfigNode): boolean {
  if (a.line !== b.line || a.children.length !== b.children.length || a.block !== b.block) return false;
  return a.children.every((c, i) => {
    const other = b.children[i];
    return other !== undefined && treesEqual(c, other);
  });
}

/** Deep-frozen copy handed out to readers, so nobody edits the running configuration behind the store. */
export function snapshot(node: ConfigNode): ConfigNode {
  return Object.freeze({
    line: node.line,
    key: node.key,
    order: node.order,
    block: node.block,
    children: Object.freeze(node.children.map(snapshot)),
  });
}
