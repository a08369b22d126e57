/**
 * An IOS-XR session's target configuration: the ops typed since `configure` (or the last commit / abort),
 * seen against the current running configuration. `show configuration` prints the ops, `show commit changes
 * diff` the difference they make; `commit` hands them to the store; a failed commit keeps them and remembers
 * why for `show configuration failed`.
 */
import type { CandidateSession } from '../cli/command.js';
import { applyOp, proposeOp, type ConfigOp } from './ops.js';
import type { ConfigStore, RejectedOp } from './store.js';
import { cloneTree, createRoot, insertChild, type ConfigNode, type MutableConfigNode } from './tree.js';

export class Candidate implements CandidateSession {
  #ops: ConfigOp[] = [];
  #tree: ConfigNode | undefined;
  #base: ConfigNode | undefined;
  /** Why the last commit failed (for `show configuration failed`), until the next commit or abort. */
  failed: readonly RejectedOp[] | undefined;

  constructor(
    private readonly store: ConfigStore,
    readonly exclusive: boolean,
  ) {}

  get ops(): readonly ConfigOp[] {
    return this.#ops;
  }

  tree(): ConfigNode {
    const running = this.store.running();
    if (this.#tree === undefined || this.#base !== running) {
      const work = cloneTree(running);
      for (const op of this.#ops) applyOp(work, op);
      this.#tree = work;
      this.#base = running;
    }
    return this.#tree;
  }

  /** Adds ops; true when they change the target configuration. */
  add(ops: readonly ConfigOp[]): boolean {
    let changed = false;
    const work = cloneTree(this.tree());
    for (const op of ops) {
      const change = proposeOp(work, op);
      if (change !== null && change.op !== 'enter') changed = true;
      applyOp(work, op);
      this.#ops.push(op);
    }
    this.#tree = work;
    return changed;
  }

  clear(): void {
    this.#ops = [];
    this.#tree = undefined;
  }

  /** The ops as a tree of what was typed (`no …` for deletions), the shape `show configuration` prints. */
  typedTree(): ConfigNode {
    const root = createRoot();
    const ensure = (path: readonly string[]): MutableConfigNode => {
      let node = root;
      for (const line of path) {
        let next = node.children.find((c) => c.line === line);
        if (next === undefined) {
          const setOp = this.#ops.find((o) => o.kind === 'set' && o.line === line);
          next = { line, key: line, order: setOp?.kind === 'set' ? setOp.order : 0, block: true, children: [] };
          insertChild(node, next);
        }
        node = next;
      }
      return node;
    };
    for (const op of this.#ops) {
      const parent = ensure(op.path);
      const line = op.kind === 'delete' ? `no ${op.line}` : op.line;
      const existing = parent.children.find((c) => c.line === line);
      if (existing !== undefined) continue;
      const order = op.kind === 'set' ? op.order : Number.MAX_SAFE_INTEGER;
      insertChild(parent, { line, key: line, order, block: op.kind === 'set' && op.block, children: [] });
    }
    return root;
  }
}
