/**
 * Differences between two configuration trees, as changes (what a rollback undoes, what a commit did) and as
 * the annotated line list IOS-XR's `show commit changes diff` prints.
 */
import type { ConfigChange } from './ops.js';
import type { ConfigNode } from './tree.js';

/** The changes that turn `from` into `to`. */
export function diffTrees(from: ConfigNode, to: ConfigNode, path: readonly string[] = []): ConfigChange[] {
  const out: ConfigChange[] = [];
  for (const old of from.children) {
    if (!to.children.some((c) => c.key === old.key)) {
      out.push({ op: 'remove', path, line: old.line, ...(old.children.length > 0 ? { children: old.children } : {}) });
    }
  }
  for (const now of to.children) {
    const old = from.children.find((c) => c.key === now.key);
    if (old === undefined) {
      out.push({ op: 'add', path, line: now.line, ...(now.children.length > 0 ? { children: now.children } : {}) });
      continue;
    }
    if (old.line !== now.line) out.push({ op: 'replace', path, line: now.line, previous: old.line });
    out.push(...diffTrees(old, now, [...path, now.line]));
  }
  return out;
}

export type DiffMark = '+' | '-' | ' ';

export interface DiffLine {
  readonly mark: DiffMark;
  readonly depth: number;
  readonly text: string;
  /** A block's closing `!`. */
  readonly closer: boolean;
}

function whole(node: ConfigNode, mark: DiffMark, depth: number): DiffLine[] {
  const lines: DiffLine[] = [{ mark, depth, text: node.line, closer: false }];
  for (const child of node.children) lines.push(...whole(child, mark, depth + 1));
  if (node.block) lines.push({ mark: ' ', depth, text: '!', closer: true });
  return lines;
}

/** Annotated lines: `+` only in `to`, `-` only in `from`, ' ' context (parents of changes, block closers). */
export function diffLines(from: ConfigNode, to: ConfigNode, depth = 0): DiffLine[] {
  const out: DiffLine[] = [];
  for (const old of from.children) {
    if (!to.children.some((c) => c.key === old.key)) out.push(...whole(old, '-', depth));
  }
  for (const now of to.children) {
    const old = from.children.find((c) => c.key === now.key);
    if (old === undefined) {
      out.push(...whole(now, '+', depth));
      continue;
    }
    if (old.line !== now.line) {
      out.push({ mark: '-', depth, text: old.line, closer: false }, { mark: '+', depth, text: now.line, closer: false });
    }
    const inner = diffLines(old, now, depth + 1);
    if (inner.length > 0) {
      if (old.line === now.line) out.push({ mark: ' ', depth, text: now.line, closer: false });
      out.push(...inner, { mark: ' ', depth, text: '!', closer: true });
    }
  }
  return out;
}
