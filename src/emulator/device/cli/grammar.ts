/**
 * A mode's grammar: every command syntax of the mode merged into one tree of keywords and typed arguments,
 * the way an IOS parse chain is. Built once per (platform, command set, mode) and shared by every device and
 * session that uses it.
 */
import { InvalidArgumentError } from '../../../errors.js';
import { ARG_TYPES, type ArgType } from './arg-types.js';
import type { ArgStep, KeywordStep, Step } from './syntax.js';

export interface ArgEdge<T> {
  readonly step: ArgStep;
  readonly type: ArgType;
  readonly node: GrammarNode<T>;
}

export interface Terminal<T> {
  readonly payload: T;
  /** The step sequence that led here (names of arguments, keyword groups). */
  readonly steps: readonly Step[];
}

export interface GrammarNode<T> {
  readonly keywords: Map<string, { readonly step: KeywordStep; readonly node: GrammarNode<T> }>;
  readonly args: ArgEdge<T>[];
  terminal: Terminal<T> | undefined;
}

export interface GrammarEntry<T> {
  readonly sequences: readonly (readonly Step[])[];
  readonly payload: T;
  /** Replace an existing command with the same syntax instead of failing. */
  readonly override?: boolean;
  /** Only fill a free spot: never replace, never fail (abbreviated `no` forms). */
  readonly soft?: boolean;
  /** For error messages: where the entry came from. */
  readonly label: string;
}

function newNode<T>(): GrammarNode<T> {
  return { keywords: new Map(), args: [], terminal: undefined };
}

function argKey(step: ArgStep): string {
  return `${step.name}:${step.type}:${step.params.min ?? ''}-${step.params.max ?? ''}:${step.secret ? 's' : ''}`;
}

export class Grammar<T> {
  readonly root: GrammarNode<T> = newNode<T>();
  readonly #owners = new Map<GrammarNode<T>, GrammarEntry<T>>();
  readonly #soft = new Set<GrammarNode<T>>();

  constructor(entries: readonly GrammarEntry<T>[] = []) {
    for (const entry of entries) this.add(entry);
  }

  add(entry: GrammarEntry<T>): void {
    for (const steps of entry.sequences) {
      let node = this.root;
      for (const step of steps) {
        if (step.kind === 'keyword') {
          let edge = node.keywords.get(step.word);
          if (edge === undefined) {
            edge = { step, node: newNode<T>() };
            node.keywords.set(step.word, edge);
          }
          node = edge.node;
        } else {
          const key = argKey(step);
          let edge = node.args.find((a) => argKey(a.step) === key);
          if (edge === undefined) {
            edge = { step, type: ARG_TYPES[step.type], node: newNode<T>() };
            node.args.push(edge);
            node.args.sort((a, b) => a.type.priority - b.type.priority);
          }
          node = edge.node;
        }
      }
      if (node.terminal !== undefined && entry.soft) continue;
      if (node.terminal !== undefined && !entry.override && !this.#soft.has(node)) {
        const owner = this.#owners.get(node);
        if (owner !== entry) {
          throw new InvalidArgumentError('command', `"${entry.label}" duplicates the syntax of "${owner?.label ?? 'another command'}" (use override)`);
        }
      }
      node.terminal = { payload: entry.payload, steps };
      if (entry.soft) this.#soft.add(node);
      else this.#soft.delete(node);
      this.#owners.set(node, entry);
    }
  }
}
