/**
 * `device.config`: reading and changing a device's configuration from code (tests, NETCONF, the Smart Agent).
 * Text and path edits go through the same grammar as typed lines, so keys, orders and stored forms match the
 * CLI (`profile CiscoTAC-1` is stored as `profile "CiscoTAC-1"` on IOS-XE), and through the store's validators
 * and change listeners; IOS-XR applies them as one commit.
 */
import { applyOp, type ConfigChange, type ConfigOp } from './ops.js';
import { opsForTextLine, parseIndented } from './load-text.js';
import type { CommitResult, RejectedOp } from './store.js';
import { cloneTree, resolvePath, type ConfigNode } from './tree.js';
import { configMetaOf, type DeviceRuntime } from '../device-runtime.js';
import type { ModeId } from '../modes.js';
import type { ApplyOptions, ConfigEdit, DeviceConfig } from '../types.js';

export class ConfigAccess implements DeviceConfig {
  constructor(private readonly rt: () => DeviceRuntime) {}

  running(): ConfigNode {
    return this.rt().store.running();
  }

  runningText(): string {
    const rt = this.rt();
    return rt.platform.renderRunning(rt.store.running(), configMetaOf(rt)).join('\n');
  }

  startup(): ConfigNode | undefined {
    return this.rt().store.startup();
  }

  find(path: readonly string[]): ConfigNode | undefined {
    return resolvePath(this.rt().store.running(), path);
  }

  get lastChange(): { readonly at: number; readonly user: string } | undefined {
    return this.rt().store.lastChange;
  }

  commits(): ReturnType<DeviceConfig['commits']> {
    return this.rt().store.history();
  }

  onChange(listener: Parameters<DeviceConfig['onChange']>[0]): () => void {
    return this.rt().store.onChange(listener);
  }

  addValidator(validator: Parameters<DeviceConfig['addValidator']>[0]): () => void {
    return this.rt().store.addValidator(validator);
  }

  apply(text: string, options: ApplyOptions = {}): CommitResult {
    const lines = parseIndented(text);
    const edits: ConfigEdit[] = [];
    const stack: { depth: number; line: string }[] = [];
    for (const line of lines) {
      while (stack.length > 0 && (stack[stack.length - 1]?.depth ?? -1) >= line.depth) stack.pop();
      edits.push({ op: 'set', path: stack.map((s) => s.line), line: line.text });
      stack.push({ depth: line.depth, line: line.text });
    }
    return this.edit(edits, options);
  }

  edit(edits: readonly ConfigEdit[], options: ApplyOptions = {}): CommitResult {
    const rt = this.rt();
    const set = rt.commandSet();
    const meta = {
      source: options.source ?? 'api',
      ...(options.user === undefined ? {} : { user: options.user }),
      ...(options.label === undefined ? {} : { label: options.label }),
      ...(options.comment === undefined ? {} : { comment: options.comment }),
    } as const;
    // Each edit is read against the configuration as the edits before it left it, as typed lines are.
    const work = cloneTree(rt.store.running());
    const ops: ConfigOp[] = [];
    const changes: ConfigChange[] = [];
    const refused: RejectedOp[] = [];
    const push = (op: ConfigOp): void => {
      ops.push(op);
      changes.push(...applyOp(work, op));
    };
    const refuse = (path: readonly string[], line: string, error: string): void => {
      const message = error === 'incomplete' ? '% Incomplete command.' : error === 'ambiguous' ? `% Ambiguous command:  "${line}"` : "% Invalid input detected at '^' marker.";
      refused.push({ op: { kind: 'set', path, line, key: line, order: 0, block: false }, change: { op: 'add', path, line }, message });
    };
    /** Typed block lines resolved to the stored lines (`profile CiscoTAC-1` → `profile "CiscoTAC-1"`); undefined: absent and not created. */
    const resolveBlock = (path: readonly string[], create: boolean): { path: string[]; mode: ModeId | null } | undefined => {
      let mode: ModeId | null = rt.platform.configRoot;
      const out: string[] = [];
      for (const typed of path) {
        const r = opsForTextLine(set, mode, [...out], typed, work, true);
        if (resolvePath(work, [...out, r.blockLine]) === undefined) {
          if (!create) return undefined;
          if (options.strict && r.error !== undefined) {
            refuse(out, typed, r.error);
            return undefined;
          }
          r.ops.forEach(push);
        }
        out.push(r.blockLine);
        mode = r.childMode;
      }
      return { path: out, mode };
    };
    for (const edit of edits) {
      const parent = resolveBlock(edit.path, edit.op === 'set');
      if (parent === undefined) continue; // deleting under a block that is not there, or a refused block
      const text = edit.op === 'delete' ? `no ${edit.line}` : edit.line;
      const r = opsForTextLine(set, parent.mode, parent.path, text, work, false);
      if (edit.op === 'delete' && r.ops.every((o) => o.kind === 'set' && o.line === text)) {
        // Not a known line, or one whose `no` form is stored: delete what is stored under that text.
        push({ kind: 'delete', path: parent.path, key: edit.line, line: edit.line });
      } else if (edit.op === 'set' && options.strict && r.error !== undefined) {
        refuse(parent.path, edit.line, r.error);
      } else {
        r.ops.forEach(push);
      }
    }
    if (refused.length > 0) return { ok: false, rejected: refused };
    if (options.dryRun) {
      const rejected = rt.store.validate(ops, meta, rt.platform.candidate ? 'commit' : 'entry');
      return rejected.length > 0 ? { ok: false, rejected } : { ok: true, changes, commitId: undefined };
    }
    return rt.platform.candidate ? rt.store.commit(ops, meta) : rt.store.apply(ops, meta);
  }
}
