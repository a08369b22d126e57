/**
 * A device's configuration: running (and IOS-XE startup), the validators that may refuse a change, the
 * listeners told about every change, and IOS-XR commit bookkeeping (commit ids, `commit confirmed` with its
 * automatic rollback, the exclusive lock). Every path that changes the configuration (CLI, NETCONF, the SDK)
 * goes through `apply` or `commit`, so validators and listeners see all of them.
 */
import type { PlatformId } from '../../../platforms/types.js';
import type { TimerHandle, Timers } from '../timers.js';
import { diffTrees } from './diff.js';
import { applyOp, proposeOp, type ConfigChange, type ConfigOp, type ProposedChange } from './ops.js';
import { cloneTree, snapshot, type ConfigNode, type MutableConfigNode } from './tree.js';

/** `reload`: the device rebooted (IOS-XE came back with its startup configuration). */
export type ConfigSource = 'cli' | 'netconf' | 'api' | 'rollback' | 'reload';

export interface ChangeMeta {
  readonly source: ConfigSource;
  readonly user?: string;
  readonly sessionId?: number;
  /** IOS-XR `commit label` / `commit comment`. */
  readonly label?: string;
  readonly comment?: string;
}

export interface ConfigChangeEvent extends ChangeMeta {
  readonly changes: readonly ConfigChange[];
  /** Device clock, epoch ms. */
  readonly at: number;
  /** IOS-XR commit id (`1000000001` …); undefined on IOS-XE. */
  readonly commitId?: string;
}

export interface ValidationContext {
  readonly platform: PlatformId;
  readonly source: ConfigSource;
  readonly user: string | undefined;
  /** `entry`: IOS-XE as the line is typed; `commit`: IOS-XR at commit. */
  readonly stage: 'entry' | 'commit';
}

/**
 * Refuses a change by returning the message to show (IOS-XE prints it as the line's output; IOS-XR lists it
 * under the line in `show configuration failed` after `!!% `), or accepts it by returning undefined.
 */
export type ConfigValidator = (change: ProposedChange, context: ValidationContext) => string | undefined;

export type ConfigListener = (event: ConfigChangeEvent) => void;

export interface RejectedOp {
  readonly op: ConfigOp;
  readonly change: ProposedChange;
  readonly message: string;
}

export type CommitResult =
  | { readonly ok: true; readonly changes: readonly ConfigChange[]; readonly commitId: string | undefined }
  | { readonly ok: false; readonly rejected: readonly RejectedOp[] };

export interface CommitRecord {
  readonly id: string;
  readonly user: string;
  readonly at: number;
  readonly label?: string;
  readonly comment?: string;
  readonly changes: readonly ConfigChange[];
}

interface PendingConfirm {
  readonly before: MutableConfigNode;
  readonly timer: TimerHandle;
  readonly commitId: string | undefined;
  readonly user: string;
}

export class ConfigStore {
  #running: MutableConfigNode;
  #startup: MutableConfigNode | undefined;
  #lastChange: { at: number; user: string } | undefined;
  #lastSave: { at: number; user: string } | undefined;
  readonly #validators: ConfigValidator[] = [];
  readonly #listeners = new Set<ConfigListener>();
  readonly #history: CommitRecord[] = [];
  #nextCommitId = 1000000001;
  #pendingConfirm: PendingConfirm | undefined;
  #exclusive: number | undefined;
  #snapshot: ConfigNode | undefined;

  constructor(
    readonly platform: PlatformId,
    initial: MutableConfigNode,
    readonly timers: Timers,
    /** Called when a listener or a rollback throws: the store keeps going. */
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {
    this.#running = initial;
    this.#startup = platform === 'ios-xe' ? cloneTree(initial) : undefined;
  }

  /** The running configuration (frozen snapshot, rebuilt after each change). */
  running(): ConfigNode {
    this.#snapshot ??= snapshot(this.#running);
    return this.#snapshot;
  }

  startup(): ConfigNode | undefined {
    return this.#startup === undefined ? undefined : snapshot(this.#startup);
  }

  get lastChange(): { readonly at: number; readonly user: string } | undefined {
    return this.#lastChange;
  }

  get lastSave(): { readonly at: number; readonly user: string } | undefined {
    return this.#lastSave;
  }

  addValidator(validator: ConfigValidator): () => void {
    this.#validators.push(validator);
    return () => {
      const i = this.#validators.indexOf(validator);
      if (i >= 0) this.#validators.splice(i, 1);
    };
  }

  onChange(listener: ConfigListener): () => void {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }

  /** Runs the validators over `ops` as they would apply in turn to `base` (running by default). */
  validate(ops: readonly ConfigOp[], meta: ChangeMeta, stage: 'entry' | 'commit', base: ConfigNode = this.#running): RejectedOp[] {
    const rejected: RejectedOp[] = [];
    const work = cloneTree(base);
    const context: ValidationContext = { platform: this.platform, source: meta.source, user: meta.user, stage };
    for (const op of ops) {
      const change = proposeOp(work, op);
      if (change !== null) {
        for (const validator of this.#validators) {
          let message: string | undefined;
          try {
            message = validator(change, context);
          } catch (error) {
            message = `% ${(error as Error).message}`;
          }
          if (message !== undefined) {
            rejected.push({ op, change, message });
            break;
          }
        }
      }
      applyOp(work, op);
    }
    return rejected;
  }

  /** IOS-XE: validates and applies at once (all or nothing). */
  apply(ops: readonly ConfigOp[], meta: ChangeMeta): CommitResult {
    const rejected = this.validate(ops, meta, 'entry');
    if (rejected.length > 0) return { ok: false, rejected };
    const changes = this.#applyAll(ops);
    if (changes.length > 0) this.#changed(changes, meta, undefined);
    return { ok: true, changes, commitId: undefined };
  }

  /**
   * IOS-XR: validates the ops against the running configuration and applies them as one commit. With
   * `confirmMs`, the commit rolls back by itself unless `confirm()` is called (or another commit is made)
   * within that time on the device clock.
   */
  commit(ops: readonly ConfigOp[], meta: ChangeMeta, options: { readonly confirmMs?: number } = {}): CommitResult {
    const rejected = this.validate(ops, meta, 'commit');
    if (rejected.length > 0) return { ok: false, rejected };
    this.confirm();
    const before = cloneTree(this.#running);
    const changes = this.#applyAll(ops);
    if (changes.length === 0) return { ok: true, changes, commitId: undefined };
    const commitId = this.platform === 'ios-xr' ? String(this.#nextCommitId++) : undefined;
    this.#changed(changes, meta, commitId);
    if (options.confirmMs !== undefined) {
      const user = meta.user ?? 'system';
      const timer = this.timers.setTimeout(() => this.#rollbackUnconfirmed(), options.confirmMs);
      this.#pendingConfirm = { before, timer, commitId, user };
    }
    return { ok: true, changes, commitId };
  }

  /** Confirms a `commit confirmed`; false when none is pending. */
  confirm(): boolean {
    const pending = this.#pendingConfirm;
    if (pending === undefined) return false;
    pending.timer.cancel();
    this.#pendingConfirm = undefined;
    return true;
  }

  get confirmPending(): boolean {
    return this.#pendingConfirm !== undefined;
  }

  #rollbackUnconfirmed(): void {
    const pending = this.#pendingConfirm;
    if (pending === undefined) return;
    this.#pendingConfirm = undefined;
    try {
      const changes = diffTrees(this.#running, pending.before);
      this.#running = pending.before;
      this.#changed(changes, { source: 'rollback', user: pending.user }, this.platform === 'ios-xr' ? String(this.#nextCommitId++) : undefined);
    } catch (error) {
      this.onError(error);
    }
  }

  /** IOS-XE `write memory` / `copy running-config startup-config`. */
  saveStartup(user: string): void {
    this.#startup = cloneTree(this.#running);
    this.#lastSave = { at: this.timers.now(), user };
  }

  /**
   * The device reloads: the exclusive lock is gone with the sessions; a `commit confirmed` not yet confirmed is
   * rolled back [INF]; IOS-XE comes back with its startup configuration, so what was not saved is lost, while
   * IOS-XR keeps every (confirmed) commit. Listeners are told of what changed.
   */
  reload(): readonly ConfigChange[] {
    this.#exclusive = undefined;
    if (this.#pendingConfirm !== undefined) {
      this.#pendingConfirm.timer.cancel();
      this.#rollbackUnconfirmed();
    }
    if (this.#startup === undefined) return [];
    return this.replace(this.#startup, { source: 'reload', user: 'system' });
  }

  /** Replaces the running configuration wholesale (SDK / NETCONF `copy-config`), as one change. */
  replace(tree: ConfigNode, meta: ChangeMeta): readonly ConfigChange[] {
    const changes = diffTrees(this.#running, tree);
    if (changes.length === 0) return changes;
    this.#running = cloneTree(tree);
    this.#changed(changes, meta, this.platform === 'ios-xr' ? String(this.#nextCommitId++) : undefined);
    return changes;
  }

  history(): readonly CommitRecord[] {
    return this.#history;
  }

  /** IOS-XR `configure exclusive`: true when the lock was free (or already held by this session). */
  lockExclusive(sessionId: number): boolean {
    if (this.#exclusive !== undefined && this.#exclusive !== sessionId) return false;
    this.#exclusive = sessionId;
    return true;
  }

  releaseExclusive(sessionId: number): void {
    if (this.#exclusive === sessionId) this.#exclusive = undefined;
  }

  get exclusiveHolder(): number | undefined {
    return this.#exclusive;
  }

  #applyAll(ops: readonly ConfigOp[]): ConfigChange[] {
    const changes: ConfigChange[] = [];
    for (const op of ops) changes.push(...applyOp(this.#running, op));
    return changes;
  }

  #changed(changes: readonly ConfigChange[], meta: ChangeMeta, commitId: string | undefined): void {
    this.#snapshot = undefined;
    const at = this.timers.now();
    const user = meta.user ?? 'system';
    this.#lastChange = { at, user };
    if (commitId !== undefined) {
      this.#history.unshift({
        id: commitId,
        user,
        at,
        ...(meta.label === undefined ? {} : { label: meta.label }),
        ...(meta.comment === undefined ? {} : { comment: meta.comment }),
        changes,
      });
      this.#history.length = Math.min(this.#history.length, 100);
    }
    const event: ConfigChangeEvent = { ...meta, changes, at, ...(commitId === undefined ? {} : { commitId }) };
    for (const listener of [...this.#listeners]) {
      try {
        listener(event);
      } catch (error) {
        this.onError(error);
      }
    }
  }
}
