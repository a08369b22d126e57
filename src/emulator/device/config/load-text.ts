/**
 * Configuration text (one space of indentation per level, as `show running-config` prints it) → tree ops,
 * through the same grammar the CLI uses so that keys and orders match typed lines. Lines the grammar does
 * not know are kept as they are (the factory configuration has many such lines).
 */
import type { CommandSet } from '../cli/command-set.js';
import { parseTokens } from '../cli/parse.js';
import { tokenize } from '../cli/tokenize.js';
import type { ModeId } from '../modes.js';
import { opsForLine } from './line-ops.js';
import { applyOp, type ConfigOp } from './ops.js';
import { createRoot, resolvePath, type ConfigNode, type MutableConfigNode } from './tree.js';

export interface TextLine {
  readonly depth: number;
  readonly text: string;
}

const SKIP = /^(?:!|end$|Building configuration|Current configuration|Using \d+ out of)/;

export function parseIndented(text: string): TextLine[] {
  const out: TextLine[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const text = raw.trim();
    if (text === '' || SKIP.test(text)) continue;
    const indent = /^[ \t]*/.exec(raw)?.[0] ?? '';
    out.push({ depth: indent.replace(/\t/g, ' ').length, text });
  }
  return out;
}

/** One line of text resolved: the ops it stands for and the mode its children are in (null: unknown block). */
export function opsForTextLine(
  set: CommandSet,
  mode: ModeId | null,
  path: readonly string[],
  text: string,
  view: ConfigNode,
  hasChildren: boolean,
): { ops: ConfigOp[]; childMode: ModeId | null; blockLine: string; error?: 'invalid' | 'incomplete' | 'ambiguous' | 'not-config' } {
  const platform = set.platform;
  // A line the grammar does not know stays after its predecessor (factory sub-mode lines keep their order).
  const siblings = resolvePath(view, path)?.children ?? [];
  const rawOrder = path.length === 0 ? platform.topLevelOrder(text) : (siblings[siblings.length - 1]?.order ?? 0);
  const raw = (error: 'invalid' | 'incomplete' | 'ambiguous' | 'not-config') => ({
    ops: [{ kind: 'set', path, line: text, key: text, order: rawOrder, block: hasChildren }] as ConfigOp[],
    childMode: null,
    blockLine: text,
    error,
  });
  if (mode === null) return raw('invalid');
  const result = parseTokens(set.grammar(mode), text, tokenize(text), platform.argContext);
  if (!result.ok) return raw(result.error);
  if (result.command.payload.kind !== 'config') return raw('not-config');
  const { def, negated, partial, order, reset } = result.command.payload;
  const ops = opsForLine({
    def,
    match: result.command,
    negated,
    partial,
    ...(reset === undefined ? {} : { reset }),
    order,
    path,
    view,
    topLevelOrder: (l) => platform.topLevelOrder(l),
  });
  const setOp = ops.find((o) => o.kind === 'set');
  return { ops, childMode: def.enters ?? null, blockLine: setOp?.line ?? text };
}

/** Builds a tree from configuration text. */
export function treeFromText(set: CommandSet, text: string): MutableConfigNode {
  const root = createRoot();
  const lines = parseIndented(text);
  const stack: { depth: number; path: string[]; mode: ModeId | null }[] = [];
  lines.forEach((line, index) => {
    while (stack.length > 0 && (stack[stack.length - 1]?.depth ?? -1) >= line.depth) stack.pop();
    const parent = stack[stack.length - 1];
    const path = parent?.path ?? [];
    const mode = parent === undefined ? set.platform.configRoot : parent.mode;
    const hasChildren = (lines[index + 1]?.depth ?? -1) > line.depth;
    const { ops, childMode, blockLine } = opsForTextLine(set, mode, path, line.text, root, hasChildren);
    for (const op of ops) applyOp(root, op);
    if (hasChildren) stack.push({ depth: line.depth, path: [...path, blockLine], mode: childMode });
  });
  return root;
}
