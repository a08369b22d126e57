/**
 * Edits of the configuration tree. A configuration line typed in a session becomes one or more `ConfigOp`s
 * (what to do, relative to a path); applying an op to a tree yields the `ConfigChange`s that really happened
 * (none when the line was already there). IOS-XR keeps the ops of a session as its candidate and re-applies
 * them to the running configuration at commit, so two sessions can commit in turn.
 */
import { insertChild, resolvePath, type ConfigNode, type MutableConfigNode } from './tree.js';

export type ConfigOp =
  | {
      readonly kind: 'set';
      /** Block lines from the root to the parent of the line. */
      readonly path: readonly string[];
      readonly line: string;
      readonly key: string;
      readonly order: number;
      /** True for a sub-mode line (`call-home`, `interface X`): its children are kept when it is set again. */
      readonly block: boolean;
    }
  | { readonly kind: 'delete'; readonly path: readonly string[]; readonly key: string; readonly line: string };

export type ChangeKind = 'add' | 'replace' | 'remove';

/** A change that happened to a configuration. */
export interface ConfigChange {
  readonly op: ChangeKind;
  readonly path: readonly string[];
  readonly line: string;
  /** The line replaced (`replace`). */
  readonly previous?: string;
  /** For `add` of a block with children (text loads) and `remove` of a block: the lines under it. */
  readonly children?: readonly ConfigNode[];
}

/**
 * A change about to happen, shown to validators. `enter` is a sub-mode line that already exists: nothing
 * changes, but a validator may still refuse it (cBR-8 locks `controller upstream-cable …` itself).
 */
export interface ProposedChange {
  readonly op: ChangeKind | 'enter';
  readonly path: readonly string[];
  readonly line: string;
  readonly previous?: string;
}

function ensurePath(root: MutableConfigNode, path: readonly string[]): MutableConfigNode {
  let node = root;
  for (const line of path) {
    let next = node.children.find((c) => c.line === line || c.key === line);
    if (next === undefined) {
      next = { line, key: line, order: Number.MAX_SAFE_INTEGER, block: true, children: [] };
      insertChild(node, next);
    }
    next.block = true;
    node = next;
  }
  return node;
}

/** What applying `op` to `root` would do, without doing it. */
export function proposeOp(root: ConfigNode, op: ConfigOp): ProposedChange | null {
  const parent = resolvePath(root, op.path);
  const existing = parent?.children.find((c) => c.key === op.key);
  if (op.kind === 'delete') {
    return existing === undefined ? null : { op: 'remove', path: op.path, line: existing.line };
  }
  if (existing === undefined) return { op: 'add', path: op.path, line: op.line };
  if (existing.line === op.line) return op.block ? { op: 'enter', path: op.path, line: op.line } : null;
  return { op: 'replace', path: op.path, line: op.line, previous: existing.line };
}

/** Applies one op in place and returns what changed. */
export function applyOp(root: MutableConfigNode, op: ConfigOp): ConfigChange[] {
  if (op.kind === 'delete') {
    const parent = resolvePath(root, op.path);
    if (parent === undefined) return [];
    const index = parent.children.findIndex((c) => c.key === op.key);
    const removed = parent.children[index];
    if (removed === undefined) return [];
    parent.children.splice(index, 1);
    return [
      {
        op: 'remove',
        path: op.path,
        line: removed.line,
        ...(removed.children.length > 0 ? { children: removed.children } : {}),
      },
    ];
  }
  const parent = ensurePath(root, op.path);
  const existing = parent.children.find((c) => c.key === op.key);
  if (existing === undefined) {
    insertChild(parent, { line: op.line, key: op.key, order: op.order, block: op.block, children: [] });
    return [{ op: 'add', path: op.path, line: op.line }];
  }
  existing.block = existing.block || op.block;
  if (existing.line === op.line) return [];
  const previous = existing.line;
  existing.line = op.line;
  return [{ op: 'replace', path: op.path, line: op.line, previous }];
}
