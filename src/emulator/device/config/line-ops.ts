/**
 * Turns a matched configuration line into tree ops, following its definition: the stored line and its key,
 * single-valued replacement, sub-mode blocks, and the three `no` behaviours.
 */
import type { CommandMatch, ConfigLineDefinition } from '../cli/command.js';
import { leadingKeywords } from '../cli/command-set.js';
import type { ConfigOp } from './ops.js';
import type { ConfigNode } from './tree.js';

export interface LineOpsInput {
  readonly def: ConfigLineDefinition;
  readonly match: CommandMatch;
  readonly negated: boolean;
  readonly partial: boolean;
  /** IOS-XE `default <line>`: removes the line and its stored `no` form (`negated` is set too). */
  readonly reset?: boolean;
  readonly order: number;
  readonly path: readonly string[];
  readonly view: ConfigNode;
  /** Orders a top-level line (path []) the way the platform prints it. */
  readonly topLevelOrder: (line: string) => number;
}

function positiveWords(match: CommandMatch, negated: boolean): readonly string[] {
  return negated ? match.words.slice(1) : match.words;
}

/** The stored line for a (positive) match. */
export function storedLine(def: ConfigLineDefinition, match: CommandMatch, negated: boolean): string {
  return def.line?.(match) ?? positiveWords(match, negated).join(' ');
}

export function lineKey(def: ConfigLineDefinition, match: CommandMatch, negated: boolean): string {
  if (def.key !== undefined) return def.key(match);
  const steps = negated ? match.steps.slice(1) : match.steps;
  if (def.single) return leadingKeywords(steps).map((s) => (s.kind === 'keyword' ? s.word : '')).join(' ');
  return storedLine(def, match, negated);
}

export function opsForLine(input: LineOpsInput): ConfigOp[] {
  const { def, match, negated, path } = input;
  const negation = def.negation === undefined ? 'remove' : def.negation;
  if (input.reset === true) {
    const key = lineKey(def, match, true);
    return [{ kind: 'delete', path, key, line: key }];
  }
  if (input.partial) {
    const key = lineKey(def, match, true);
    if (negation === 'remove') return [{ kind: 'delete', path, key, line: key }];
    const line = `no ${key}`;
    return [{ kind: 'set', path, key, line, order: orderOf(input, line), block: false }];
  }
  const line = storedLine(def, match, negated);
  if (def.ops !== undefined) {
    return [...def.ops(match, { view: input.view, path, negated, order: orderOf(input, line) })];
  }
  const key = lineKey(def, match, negated);
  if (negated) {
    if (negation === 'remove' || negation === false) return [{ kind: 'delete', path, key, line }];
    const stored = def.negatedLine?.(match) ?? `no ${line}`;
    return [{ kind: 'set', path, key, line: stored, order: orderOf(input, line), block: false }];
  }
  if (negation === 'default-on') return [{ kind: 'delete', path, key, line }];
  return [{ kind: 'set', path, key, line, order: orderOf(input, line), block: def.enters !== undefined }];
}

function orderOf(input: LineOpsInput, line: string): number {
  if (input.path.length === 0) return input.topLevelOrder(line);
  return input.def.order ?? input.order;
}
