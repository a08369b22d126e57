/**
 * The contract between the playbook engine and the task types it runs. The engine knows nothing about devices:
 * a task type gets its rendered parameters and a `HostContext` (the host, its variables, check / diff flags, a
 * logger, an AbortSignal, progress events, per-host resources) and returns a `TaskResult` or throws a
 * `SmartlicError`. Task types live in a `TaskRegistry`; a type may be defined (schema and checks) before its
 * runner exists, and gets the runner with one `provideRunner` call.
 */
import type { Clock } from '../clock.js';
import type { FieldIssue } from '../errors.js';
import type { LoadedInventory, ResolvedHost } from '../inventory/load.js';
import type { Logger } from '../log.js';
import type { JsonSchema } from '../schema/validate.js';
import type { Expr } from './expression.js';

/** What a task reports back. A failure is a thrown error (a `SmartlicError`, whose `code` the report keeps). */
export interface TaskResult {
  /** Whether the task changed something on the host (in check mode: would have). */
  readonly changed: boolean;
  /** The typed value that `register` stores under `.value` and the report shows (secrets redacted there). */
  readonly value?: unknown;
  /** A one-line summary for progress output and reports. */
  readonly detail?: string;
  /** What changed (or would change), as text; reported when the run asks for diffs. */
  readonly diff?: string;
  /** Variables this task sets for the host's later tasks (`setVars`). */
  readonly vars?: Readonly<Record<string, unknown>>;
  /** The task decided not to act, and why (e.g. it polls a task that cannot run in check mode). */
  readonly skipped?: string;
}

export type TaskStatus = 'ok' | 'changed' | 'failed' | 'skipped';

export interface ErrorSummary {
  readonly code: string;
  readonly message: string;
}

/** What `register` stores for a task on a host, and what `wait` hands to `until` as `result`. */
export interface TaskRecord {
  readonly status: TaskStatus;
  readonly changed: boolean;
  readonly failed: boolean;
  readonly skipped: boolean;
  readonly value?: unknown;
  readonly detail?: string;
  readonly error?: ErrorSummary;
}

/** A progress step a long task reports while it runs (a workflow step, a poll attempt). */
export interface TaskProgress {
  readonly step: string;
  readonly status?: string;
  readonly detail?: string;
}

/** A task written inline as `{ "<type>": params }`, e.g. the task `wait` polls. */
export interface TaskCall {
  readonly type: string;
  readonly params: unknown;
}

/** A host's variables as a task sees them (rendered, registered results included). */
export interface HostVars {
  has(name: string): boolean;
  get(name: string): unknown;
  /** Evaluates an expression of the `when` language; `locals` (e.g. `result`) shadow the variables. */
  evaluate(expr: Expr, source: string, locals?: Readonly<Record<string, unknown>>): unknown;
}

/** The port between the engine and a task: everything a task may know about the host it runs on. */
export interface HostContext {
  /** The inventory name of the host. */
  readonly host: string;
  /** Connection settings with secrets resolved. */
  readonly inventoryHost: ResolvedHost;
  readonly inventory: LoadedInventory;
  readonly vars: HostVars;
  readonly check: boolean;
  readonly diff: boolean;
  /** An earlier task of this run changed the host (in check mode: would have changed it). */
  readonly hostChanged: boolean;
  readonly logger: Logger;
  /** Aborted when the run is cancelled; a task stops and throws. */
  readonly signal: AbortSignal;
  readonly clock: Clock;
  /** Waits `ms` (virtual in tests); rejects when the run is cancelled. */
  sleep(ms: number): Promise<void>;
  /** Reports a progress step; it becomes a `progress` event of this host and task. */
  emit(progress: TaskProgress): void;
  /**
   * One value per host per run (a device session), opened on first use and closed when the host's run ends,
   * whether it succeeded, failed or was cancelled.
   */
  acquire<T>(key: string, open: () => Promise<T>, close: (value: T) => Promise<void>): Promise<T>;
  /**
   * Runs another task type on this host with already rendered parameters, as `run` would (it throws when the
   * task fails). In check mode a type that does not support it is not run: the result has `skipped`.
   */
  runTask(call: TaskCall): Promise<TaskResult>;
}

/**
 * Given to `validate`, which runs before anything is sent (once per selected host, or once without a host when
 * no inventory is given). Pointers are relative to the task's parameters.
 */
export interface TaskCheckContext {
  /** The host the parameters were rendered for; undefined when validating without an inventory. */
  readonly host: ResolvedHost | undefined;
  /** The inventory the playbook runs against; undefined when validating without one. */
  readonly inventory: LoadedInventory | undefined;
  /** Parses an expression (the `when` language) and checks the variables it reads; `locals` are names it binds. */
  checkExpression(source: string, pointer: string, locals?: readonly string[]): FieldIssue[];
  /** Checks a variable path such as `status.value.authorization.status`. */
  checkPath(source: string, pointer: string, locals?: readonly string[]): FieldIssue[];
  /** Checks an inline task `{ "<type>": params }`: a known type, valid parameters. */
  checkTask(call: unknown, pointer: string): FieldIssue[];
}

/**
 * A task type without its runner: what a playbook may write (`paramsSchema`, a JSON Schema fragment that may
 * `$ref` `#/definitions/secretRef`, `duration`, `expression`, `path`, `taskCall` of the playbook schema, or a
 * schema file under schemas/ by name) and the checks beyond the schema. Values that are only known at run time
 * (they read a registered result) reach `validate` as `DEFERRED`; skip them.
 */
export interface TaskDefinition<P = unknown> {
  /** The key a playbook task uses, e.g. "register". */
  readonly name: string;
  /** One line, published in the playbook schema. */
  readonly description: string;
  readonly paramsSchema: JsonSchema;
  /** Whether the task runs in check mode (it then must not change anything); if not, check mode skips it. */
  readonly supportsCheck: boolean;
  validate?(params: P, ctx: TaskCheckContext): FieldIssue[];
  /** Variable names the task sets with `TaskResult.vars`, so later tasks may use them. */
  definesVars?(params: P): readonly string[];
  /**
   * Parameters that are expressions (pointers relative to the parameters, `*` for one segment, e.g. `/until`,
   * `/that/*`). They are never templated: a rendered value, perhaps device output, must not become syntax.
   */
  readonly expressionFields?: readonly string[];
}

export type TaskRunner<P = unknown> = (params: P, ctx: HostContext) => Promise<TaskResult>;

export interface TaskType<P = unknown> extends TaskDefinition<P> {
  run: TaskRunner<P>;
}
