/**
 * A planned configuration change, line by line, and how it is typed: `PlannedEdit`s in order, the diff they make
 * (lines added and removed, each in its sub-mode), and `configLinesOf(edits)` — the lines `sendConfig` types,
 * with the sub-mode navigation (`call-home`, `profile …`, `exit`) that puts each line where it belongs.
 */
import type { ConfigLine, ConfigLineSpec, ExpectAnswer } from '../channel/cli/types.js';
import type { PlatformId } from '../platforms/types.js';

export interface PlannedEdit {
  /** The sub-mode the line lives in, as the block lines typed to reach it (`['call-home', 'profile test1']`). */
  readonly path: readonly string[];
  /** The configuration line concerned, positive form (`destination transport-method email`). */
  readonly line: string;
  /** What the command does to that line in the running configuration. */
  readonly op: 'add' | 'remove';
  /** What is typed: `line`, its `no` form, `default …`, or an action such as `crypto pki authenticate cisco`. */
  readonly command: string;
  /** Where the command is typed, when not in `path` (IOS-XR one-line form `crypto ca trustpool policy crl optional`). */
  readonly typedAt?: readonly string[];
  /** The command enters the sub-mode `[...path, line]` (a block line). */
  readonly enters?: boolean;
  /** Questions the command asks and their answers (the PEM paste of `crypto pki authenticate`). */
  readonly expect?: readonly ExpectAnswer[];
}

export interface DiffLine {
  readonly path: readonly string[];
  readonly line: string;
}

/** Lines to add and lines to remove, each with its sub-mode path. */
export interface ConfigDiff {
  readonly add: readonly DiffLine[];
  readonly remove: readonly DiffLine[];
}

export function diffOf(edits: readonly PlannedEdit[]): ConfigDiff {
  return {
    add: edits.filter((e) => e.op === 'add').map((e) => ({ path: e.path, line: e.line })),
    remove: edits.filter((e) => e.op === 'remove').map((e) => ({ path: e.path, line: e.line })),
  };
}

export function isEmptyDiff(diff: ConfigDiff): boolean {
  return diff.add.length === 0 && diff.remove.length === 0;
}

/**
 * The diff as text, in the order the edits make the changes: each sub-mode line once as context, then `+ ` / `- `
 * lines indented one space per level (the way `show commit changes diff` reads).
 */
export function renderDiff(edits: readonly PlannedEdit[]): string {
  const out: string[] = [];
  let context: readonly string[] = [];
  for (const edit of edits) {
    let common = 0;
    while (common < context.length && common < edit.path.length && context[common] === edit.path[common]) common++;
    for (let depth = common; depth < edit.path.length; depth++) out.push(`  ${' '.repeat(depth)}${edit.path[depth] ?? ''}`);
    out.push(`${edit.op === 'add' ? '+' : '-'} ${' '.repeat(edit.path.length)}${edit.line}`);
    context = edit.enters === true && edit.op === 'add' ? [...edit.path, edit.line] : edit.path;
  }
  return out.join('\n');
}

function samePath(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((p, i) => b[i] === p);
}

/**
 * The lines to type for `edits`, starting and ending at the top configuration level. Moving between sub-modes
 * uses `exit`; IOS-XE leaves a sub-mode for the top level before entering a sibling (`exit`, `exit`, `call-home`,
 * `profile …`, as 000:529-534 does), IOS-XR stays in the parent (`exit`, `profile …`, as 001:303-306 does).
 */
export function configLinesOf(edits: readonly PlannedEdit[], platform: PlatformId): ConfigLine[] {
  const lines: ConfigLine[] = [];
  let at: string[] = [];
  /** `entering`: the next line opens a sub-mode below `target`, so reaching `target` from a sibling is sideways. */
  const moveTo = (target: readonly string[], entering = false): void => {
    let common = 0;
    while (common < at.length && common < target.length && at[common] === target[common]) common++;
    const sideways = platform === 'ios-xe' && common > 0 && common < at.length && (common < target.length || entering);
    const keep = sideways ? 0 : common;
    for (let i = at.length; i > keep; i--) lines.push('exit');
    at = at.slice(0, keep);
    for (const block of target.slice(keep)) {
      lines.push(block);
      at.push(block);
    }
  };
  for (const edit of edits) {
    const target = edit.typedAt ?? edit.path;
    if (!samePath(at, target)) moveTo(target, edit.enters === true && edit.op === 'add');
    const spec: ConfigLineSpec = edit.expect === undefined ? { line: edit.command } : { line: edit.command, expect: edit.expect };
    lines.push(edit.expect === undefined ? edit.command : spec);
    if (edit.enters === true && edit.op === 'add') at = [...edit.path, edit.line];
  }
  moveTo([]);
  return lines;
}
