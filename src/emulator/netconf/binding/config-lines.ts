/**
 * The two directions between a binding's settings and the device's configuration lines: `BlockView` reads a
 * block of the configuration tree (stored lines, `no` forms, `head value` lines), and `EditList` collects the
 * `ConfigEdit`s that move one setting from its current value to the next, each remembering the XML path it
 * came from (for the error-path of a refusal). An unchanged setting yields no edit, so a NETCONF replace with
 * the datastore's own content changes nothing, and lines the models do not cover are never touched.
 */
import type { ConfigNode } from '../../device/config/tree.js';
import type { ConfigEdit } from '../../device/types.js';

/** A configuration edit with the XML path (error-path style) that asked for it. */
export interface BoundEdit extends ConfigEdit {
  readonly at: string;
}

export class BlockView {
  constructor(readonly node: ConfigNode | undefined) {}

  get exists(): boolean {
    return this.node !== undefined;
  }

  get lines(): readonly string[] {
    return this.node?.children.map((c) => c.line) ?? [];
  }

  has(line: string): boolean {
    return this.node?.children.some((c) => c.line === line) ?? false;
  }

  /** `line` → true, `no line` → false, neither → undefined. */
  tri(line: string): boolean | undefined {
    if (this.has(line)) return true;
    return this.has(`no ${line}`) ? false : undefined;
  }

  /** The rest of the first line starting with `head `. */
  value(head: string): string | undefined {
    return this.values(head)[0];
  }

  /** The rest of every line starting with `head `, in order. */
  values(head: string): string[] {
    const prefix = `${head} `;
    return (this.node?.children ?? []).filter((c) => c.line.startsWith(prefix)).map((c) => c.line.slice(prefix.length));
  }

  block(line: string): BlockView {
    return new BlockView(this.node?.children.find((c) => c.line === line));
  }

  /** Child blocks whose line starts with `prefix`. */
  blocks(prefix: string): ConfigNode[] {
    return (this.node?.children ?? []).filter((c) => c.line.startsWith(prefix));
  }
}

export class EditList {
  readonly edits: BoundEdit[] = [];

  set(path: readonly string[], line: string, at: string): void {
    this.edits.push({ op: 'set', path, line, at });
  }

  /** Removes the stored line (either form of a `line` / `no line` pair). */
  delete(path: readonly string[], line: string, at: string): void {
    this.edits.push({ op: 'delete', path, line, at });
  }

  /** A single-valued `head value` line. */
  single(path: readonly string[], head: string, current: string | undefined, next: string | undefined, at: string): void {
    if (current === next) return;
    if (next === undefined) this.delete(path, `${head} ${current ?? ''}`.trim(), at);
    else this.set(path, `${head} ${next}`, at);
  }

  /** A line that is there or not (a YANG `empty` leaf or presence container). */
  flag(path: readonly string[], line: string, current: boolean, next: boolean, at: string): void {
    if (current === next) return;
    if (next) this.set(path, line, at);
    else this.delete(path, line, at);
  }

  /**
   * A boolean kept as `line` / `no line` / neither (unset: the device default). A value given equal to the
   * default is still written (with-defaults explicit mode: it reads back as given).
   */
  tri(path: readonly string[], line: string, current: boolean | undefined, next: boolean | undefined, at: string): void {
    if (current === next) return;
    if (next === undefined) this.delete(path, line, at);
    else this.set(path, next ? line : `no ${line}`, at);
  }

  /** Lines `head value` whose set is the value list (deleted / added one by one). */
  lines(path: readonly string[], head: string, current: readonly string[], next: readonly string[], at: string): void {
    for (const value of current) if (!next.includes(value)) this.delete(path, `${head} ${value}`, at);
    for (const value of next) if (!current.includes(value)) this.set(path, `${head} ${value}`, at);
  }
}

export function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
