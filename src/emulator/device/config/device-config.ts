/**
 * `device.config`: reading and changing a device's configuration from code (tests, NETCONF, the Smart Agent).
 * Text and path edits go through the same grammar as typed lines, so keys, orders and stored forms match the
 * CLI (`profile CiscoTAC-1` is stored as `profile "CiscoTAC-1"` on IOS-XE), and through the store's validators
 * and change listeners; IOS-XR applies them as one commit.
 */
import type { ConfigOp } from './ops.js';
import { opsForTextLine, parseIndented } from './load-text.js';
import type { CommitResult } from './store.js';
import { resolvePath, type ConfigNode } from './tree.js';
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
    const ops: ConfigOp[] = [];
    // Typed block lines are resolved to the stored lines (`profile CiscoTAC-1` → `profile "CiscoTAC-1"`).
    const stored = new Map<string, { line: string; mode: ModeId | null }>();
    const resolveBlock = (path: readonly string[]): { path: string[]; mode: ModeId | null } => {
      let mode: ModeId | null = rt.platform.configRoot;
      const out: string[] = [];
      for (const typed of path) {
        const cacheKey = `${out.join('\u0000')}\u0001${typed}`;
        let hit = stored.get(cacheKey);
        if (hit === undefined) {
          const r = opsForTextLine(set, mode, out, typed, rt.store.running(), true);
          hit = { line: r.blockLine, mode: r.childMode };
          stored.set(cacheKey, hit);
        }
        out.push(hit.line);
        mode = hit.mode;
      }
      return { path: out, mode };
    };
    for (const edit of edits) {
      const parent = resolveBlock(edit.path);
      const text = edit.op === 'delete' ? `no ${edit.line}` : edit.line;
      const r = opsForTextLine(set, parent.mode, parent.path, text, rt.store.running(), false);
      if (edit.op === 'delete' && r.ops.every((o) => o.kind === 'set' && o.line === text)) {
        // Not a known line: delete what is stored under that text.
        ops.push({ kind: 'delete', path: parent.path, key: edit.line, line: edit.line });
      } else {
        ops.push(...r.ops);
      }
    }
    const meta = {
      source: options.source ?? 'api',
      ...(options.user === undefined ? {} : { user: options.user }),
      ...(options.label === undefined ? {} : { label: options.label }),
      ...(options.comment === undefined ? {} : { comment: options.comment }),
    } as const;
    return rt.platform.candidate ? rt.store.commit(ops, meta) : rt.store.apply(ops, meta);
  }
}
