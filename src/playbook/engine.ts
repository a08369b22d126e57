/**
 * Runs a prepared playbook. Hosts go in batches (`serial`); within a batch each task runs on every live host
 * (at most `forks` at a time) before the next task starts. A host whose task fails (without `ignoreErrors`)
 * stops there; the other hosts go on. `when` false, a tag filter or check mode on a task type that does not
 * support it skips the task. Results are registered per host. Cancelling (the AbortSignal, or unsubscribing
 * from `runPlaybook$`) aborts the running tasks and runs nothing more; every host's resources are closed.
 *
 * The engine knows nothing about devices: tasks get a `HostContext` and do their own I/O.
 */
import { defer, from, lastValueFrom, mergeMap, Observable, tap, toArray } from 'rxjs';
import { setTimeout as delay } from 'node:timers/promises';
import { systemClock, type Clock } from '../clock.js';
import { CancelledError, ExpressionError, PlaybookError, isSmartlicError } from '../errors.js';
import { silentLogger, type Logger } from '../log.js';
import { redactText } from '../secret.js';
import { evaluateExpression, type RootLookup } from './expression.js';
import type { PreparedTask } from './document.js';
import type { PlaybookEvent, TaskEvent } from './events.js';
import type { PreparedHost, PreparedPlaybook } from './prepare.js';
import { redactValue } from './redact-value.js';
import { summarise, type HostReport, type HostStatus, type PlaybookReport, type TaskReport } from './report.js';
import { VarScope } from './scope.js';
import { literalFields } from './template.js';
import type { ErrorSummary, HostContext, TaskCall, TaskRecord, TaskResult, TaskStatus } from './task-type.js';
import { escapePointer } from '../schema/validate.js';

export const DEFAULT_FORKS = 10;

export interface RunOptions {
  /** Hosts running a task at the same time (default 10). */
  readonly forks?: number;
  readonly signal?: AbortSignal;
  readonly clock?: Clock;
  /** How to wait (`wait` intervals); virtual in tests. Rejects when `signal` aborts. */
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  readonly logger?: Logger;
  /** Run only tasks with one of these tags. */
  readonly tags?: readonly string[];
  /** Skip tasks with one of these tags. */
  readonly skipTags?: readonly string[];
}

interface Resource {
  readonly value: Promise<unknown>;
  readonly close: (value: never) => Promise<void>;
}

interface HostState {
  readonly prepared: PreparedHost;
  readonly name: string;
  readonly batch: number;
  readonly scope: VarScope;
  readonly reports: TaskReport[];
  readonly resources: Map<string, Resource>;
  failedAt: PreparedTask | undefined;
  cancelled: boolean;
  /** In a batch that did not run (maxFailPercentage exceeded earlier). */
  notStarted: boolean;
  changed: boolean;
}

const defaultSleep = async (ms: number, signal: AbortSignal): Promise<void> => {
  await delay(ms, undefined, { signal });
};

function errorSummary(error: unknown): ErrorSummary & Record<string, unknown> {
  if (isSmartlicError(error)) {
    const json = redactValue(error.toJSON()) as Record<string, unknown>;
    return { ...json, code: error.code, message: error.message };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'E_INTERNAL', message: redactText(message) };
}

function recordOf(status: TaskStatus, result: TaskResult | undefined, error?: ErrorSummary, detail?: string): TaskRecord {
  const d = detail ?? result?.skipped ?? result?.detail;
  return {
    status,
    changed: status === 'changed',
    failed: status === 'failed',
    skipped: status === 'skipped',
    ...(result?.value === undefined ? {} : { value: result.value }),
    ...(d === undefined ? {} : { detail: d }),
    ...(error === undefined ? {} : { error: { code: error.code, message: error.message } }),
  };
}

async function execute(playbook: PreparedPlaybook, options: RunOptions, emit: (event: PlaybookEvent) => void, signal: AbortSignal): Promise<PlaybookReport> {
  const clock = options.clock ?? systemClock;
  const sleep = options.sleep ?? defaultSleep;
  const logger = options.logger ?? silentLogger;
  const forks = Math.max(1, Math.floor(options.forks ?? DEFAULT_FORKS));
  const { registry, tasks } = playbook;
  const iso = (): string => new Date(clock.now()).toISOString();
  const startedAt = clock.now();

  const batchOf = new Map<string, number>();
  playbook.batches.forEach((hosts, b) => hosts.forEach((h) => batchOf.set(h, b + 1)));
  const states = new Map<string, HostState>();
  for (const prepared of playbook.hosts) {
    states.set(prepared.host.name, {
      prepared,
      name: prepared.host.name,
      batch: batchOf.get(prepared.host.name) ?? 1,
      scope: new VarScope(prepared.layers, prepared.facts),
      reports: [],
      resources: new Map(),
      failedAt: undefined,
      cancelled: false,
      notStarted: false,
      changed: false,
    });
  }

  emit({
    kind: 'run-started',
    playbook: playbook.name,
    file: playbook.file,
    hosts: playbook.hosts.map((h) => h.host.name),
    tasks: tasks.length,
    batches: playbook.batches.length,
    check: playbook.check,
    diff: playbook.diff,
    at: iso(),
  });

  const tagSkip = (task: PreparedTask): string | undefined => {
    if (options.tags !== undefined && options.tags.length > 0 && !task.tags.some((t) => options.tags?.includes(t))) return `not tagged ${options.tags.join(', ')}`;
    const skipped = task.tags.find((t) => options.skipTags?.includes(t));
    return skipped === undefined ? undefined : `tagged ${skipped} (skipped)`;
  };

  const closeResources = async (state: HostState): Promise<void> => {
    const resources = [...state.resources.entries()].reverse();
    state.resources.clear();
    for (const [key, resource] of resources) {
      try {
        await resource.close((await resource.value) as never);
      } catch (error) {
        logger.warn({ host: state.name, resource: key, err: error }, 'closing a host resource failed');
      }
    }
  };

  const finish = (state: HostState, task: PreparedTask, status: TaskStatus, started: number, extra: Partial<TaskReport> & Partial<TaskEvent>): void => {
    const durationMs = clock.now() - started;
    const report: TaskReport = {
      index: task.index,
      name: task.name,
      type: task.type,
      status,
      changed: status === 'changed',
      durationMs,
      ...(extra.detail === undefined ? {} : { detail: redactText(extra.detail) }),
      ...(extra.result === undefined ? {} : { result: extra.result }),
      ...(extra.diff === undefined ? {} : { diff: redactText(extra.diff) }),
      ...(extra.error === undefined ? {} : { error: extra.error }),
      ...(extra.ignored === true ? { ignored: true } : {}),
    };
    state.reports.push(report);
    emit({
      kind: 'task',
      host: state.name,
      task: task.name,
      index: task.index,
      type: task.type,
      status,
      ...(report.detail === undefined ? {} : { detail: report.detail }),
      changed: report.changed,
      durationMs,
      ...(report.error === undefined ? {} : { error: { code: report.error.code, message: report.error.message } }),
      ...(report.ignored === true ? { ignored: true } : {}),
      ...(report.diff === undefined ? {} : { diff: report.diff }),
      at: iso(),
    });
  };

  const contextFor = (state: HostState, task: PreparedTask): HostContext => {
    const host = state.prepared.host;
    const ctx: HostContext = {
      host: state.name,
      inventoryHost: host,
      inventory: playbook.inventory,
      vars: {
        has: (name) => state.scope.has(name),
        get: (name) => state.scope.get(name),
        evaluate: (expr, source, locals = {}) => {
          const lookup: RootLookup = (root) => (Object.prototype.hasOwnProperty.call(locals, root) ? { found: true, value: locals[root] } : state.scope.lookup(root));
          return evaluateExpression(expr, lookup, source);
        },
      },
      check: playbook.check,
      diff: playbook.diff,
      hostChanged: state.changed,
      logger: logger.child({ host: state.name, task: task.name }),
      signal,
      clock,
      sleep: (ms) => sleep(ms, signal),
      emit: (progress) =>
        emit({
          kind: 'progress',
          host: state.name,
          task: task.name,
          index: task.index,
          step: redactText(progress.step),
          ...(progress.status === undefined ? {} : { status: redactText(progress.status) }),
          ...(progress.detail === undefined ? {} : { detail: redactText(progress.detail) }),
          at: iso(),
        }),
      acquire: async <T,>(key: string, open: () => Promise<T>, close: (value: T) => Promise<void>): Promise<T> => {
        const known = state.resources.get(key);
        if (known !== undefined) return (await known.value) as T;
        const value = open();
        state.resources.set(key, { value, close: close as (value: never) => Promise<void> });
        try {
          return await value;
        } catch (error) {
          state.resources.delete(key);
          throw error;
        }
      },
      runTask: async (call: TaskCall): Promise<TaskResult> => {
        const definition = registry.get(call.type);
        const runner = registry.runnerOf(call.type);
        if (definition === undefined || runner === undefined) {
          throw new PlaybookError('E_PLAYBOOK', playbook.file, [{ pointer: task.pointer, message: `task type "${call.type}" has no runner in this build` }]);
        }
        if (playbook.check && !definition.supportsCheck) return { changed: false, skipped: `check mode: "${call.type}" does not support check mode` };
        return runner(call.params, ctx);
      },
    };
    return ctx;
  };

  const runOne = async (state: HostState, task: PreparedTask): Promise<void> => {
    if (signal.aborted) return;
    const started = clock.now();
    const register = (record: TaskRecord): void => {
      if (task.registerAs !== undefined) state.scope.set(task.registerAs, record);
    };
    const skip = (reason: string): void => {
      register(recordOf('skipped', undefined, undefined, reason));
      finish(state, task, 'skipped', started, { detail: reason });
    };
    const fail = (error: unknown): void => {
      const cancelled = signal.aborted;
      const reported = cancelled && !(isSmartlicError(error) && error.code === 'E_CANCELLED') ? new CancelledError(`task "${task.name}"`, { host: state.name, cause: error }) : error;
      if (!isSmartlicError(reported)) logger.error({ host: state.name, task: task.name, err: reported }, 'task failed with an unexpected error');
      const summary = errorSummary(reported);
      register(recordOf('failed', undefined, summary));
      const ignored = task.ignoreErrors && !cancelled;
      finish(state, task, 'failed', started, { error: summary, detail: summary.message, ...(ignored ? { ignored: true } : {}) });
      if (cancelled) state.cancelled = true;
      else if (!ignored) state.failedAt = task;
    };

    const tagged = tagSkip(task);
    if (tagged !== undefined) return skip(tagged);
    if (task.when !== undefined) {
      try {
        const held = evaluateExpression(task.when.expr, state.scope.lookup, task.when.source);
        if (typeof held !== 'boolean') throw new ExpressionError(task.when.source, 'a condition must be true or false', { host: state.name });
        if (!held) return skip(`when: ${task.when.source} is false`);
      } catch (error) {
        return fail(error instanceof ExpressionError && error.host === undefined ? new ExpressionError(error.expression, error.reason, { host: state.name }) : error);
      }
    }
    const definition = registry.get(task.type);
    if (definition === undefined) return fail(new PlaybookError('E_PLAYBOOK', playbook.file, [{ pointer: task.pointer, message: `unknown task type "${task.type}"` }]));
    if (playbook.check && !definition.supportsCheck) return skip(`check mode: "${task.type}" does not support check mode`);

    const base = `${task.pointer}/${escapePointer(task.type)}`;
    let params: unknown = task.params;
    if (task.templated) {
      const rendered = state.scope.render(task.params, base, literalFields(base, registry.get(task.type)?.expressionFields));
      const problem = rendered.issues[0];
      if (problem !== undefined) return fail(new ExpressionError(problem.pointer, problem.message, { host: state.name }));
      const issues = playbook.checkRenderedParams(task, rendered.value, state.scope, state.prepared.host);
      if (issues.length > 0) return fail(new PlaybookError('E_PLAYBOOK', playbook.file, issues.map((i) => ({ ...i, message: `${i.message} (host ${state.name})` }))));
      params = rendered.value;
    }
    const runner = registry.runnerOf(task.type);
    if (runner === undefined) return fail(new PlaybookError('E_PLAYBOOK', playbook.file, [{ pointer: base, message: `task type "${task.type}" has no runner in this build` }]));

    emit({ kind: 'task', host: state.name, task: task.name, index: task.index, type: task.type, status: 'started', at: iso() });
    let result: TaskResult;
    try {
      result = await runner(params, contextFor(state, task));
      if (signal.aborted) throw new CancelledError(`task "${task.name}"`, { host: state.name });
    } catch (error) {
      return fail(error);
    }
    if (result.skipped !== undefined) return skip(result.skipped);
    const status: TaskStatus = result.changed ? 'changed' : 'ok';
    if (result.changed) state.changed = true;
    for (const [name, value] of Object.entries(result.vars ?? {})) state.scope.set(name, value);
    register(recordOf(status, result));
    finish(state, task, status, started, {
      ...(result.detail === undefined ? {} : { detail: result.detail }),
      ...(result.value === undefined ? {} : { result: redactValue(result.value) }),
      ...(playbook.diff && result.diff !== undefined ? { diff: result.diff } : {}),
    });
  };

  const hostStatus = (state: HostState): HostStatus =>
    state.failedAt !== undefined ? 'failed' : state.cancelled ? 'cancelled' : state.notStarted ? 'not-run' : state.changed ? 'changed' : 'ok';

  /** Reports the tasks a host did not get to, and says the host is done. */
  const finishHost = async (state: HostState, reason: string | undefined): Promise<void> => {
    await closeResources(state);
    const done = new Set(state.reports.map((r) => r.index));
    const why =
      reason ??
      (state.failedAt !== undefined
        ? `the host failed at task ${state.failedAt.index} ("${state.failedAt.name}")`
        : signal.aborted
          ? 'the run was cancelled'
          : 'not reached');
    const missing = tasks.filter((t) => !done.has(t.index));
    if (missing.length > 0 && state.failedAt === undefined) {
      if (signal.aborted) state.cancelled = true;
      else if (reason !== undefined) state.notStarted = true;
    }
    let notRun = 0;
    for (const task of missing) {
      notRun++;
      state.reports.push({ index: task.index, name: task.name, type: task.type, status: 'skipped', changed: false, durationMs: 0, notRun: why });
    }
    state.reports.sort((a, b) => a.index - b.index);
    emit({ kind: 'host-finished', host: state.name, status: hostStatus(state), notRun, at: iso() });
  };

  let stopped: string | undefined;
  for (const [b, batch] of playbook.batches.entries()) {
    const batchStates = batch.map((h) => states.get(h) as HostState);
    if (stopped !== undefined || signal.aborted) {
      for (const state of batchStates) await finishHost(state, stopped ?? 'the run was cancelled');
      continue;
    }
    emit({ kind: 'batch-started', batch: b + 1, hosts: batch, at: iso() });
    for (const task of tasks) {
      if (signal.aborted) break;
      const live = batchStates.filter((s) => s.failedAt === undefined && !s.cancelled);
      if (live.length === 0) break;
      await lastValueFrom(
        from(live).pipe(
          mergeMap((state) => defer(() => runOne(state, task).then(async () => (state.failedAt === task || state.cancelled ? closeResources(state) : undefined))), forks),
          toArray(),
        ),
      );
    }
    for (const state of batchStates) await finishHost(state, undefined);
    const failed = batchStates.filter((s) => s.failedAt !== undefined).length;
    if (playbook.maxFailPercentage !== undefined && failed > 0 && (failed / batch.length) * 100 > playbook.maxFailPercentage) {
      stopped = `batch ${b + 1}: ${failed} of ${batch.length} host(s) failed, more than maxFailPercentage ${playbook.maxFailPercentage}%`;
    }
  }

  const hosts: HostReport[] = playbook.hosts.map((h) => {
    const state = states.get(h.host.name) as HostState;
    return { host: state.name, status: hostStatus(state), batch: state.batch, tasks: state.reports };
  });
  const finishedAt = clock.now();
  return {
    playbook: playbook.name,
    file: playbook.file,
    startedAt: new Date(startedAt).toISOString(),
    finishedAt: new Date(finishedAt).toISOString(),
    durationMs: finishedAt - startedAt,
    check: playbook.check,
    diff: playbook.diff,
    cancelled: signal.aborted,
    ...(stopped === undefined ? {} : { stopped }),
    summary: summarise(hosts),
    hosts,
  };
}

/**
 * Runs a prepared playbook and emits its events; the last one is `run-finished` with the report. Unsubscribing
 * cancels the run.
 */
export function runPlaybook$(playbook: PreparedPlaybook, options: RunOptions = {}): Observable<PlaybookEvent> {
  return new Observable<PlaybookEvent>((subscriber) => {
    const controller = new AbortController();
    const outer = options.signal;
    const onAbort = (): void => controller.abort(outer?.reason);
    if (outer?.aborted === true) controller.abort(outer.reason);
    else outer?.addEventListener('abort', onAbort, { once: true });
    const clock = options.clock ?? systemClock;
    let finished = false;
    execute(playbook, options, (event) => subscriber.next(event), controller.signal).then(
      (report) => {
        finished = true;
        subscriber.next({ kind: 'run-finished', report, at: new Date(clock.now()).toISOString() });
        subscriber.complete();
      },
      (error: unknown) => {
        finished = true;
        subscriber.error(error);
      },
    );
    return () => {
      outer?.removeEventListener('abort', onAbort);
      if (!finished) controller.abort(new CancelledError('playbook run'));
    };
  });
}

/** Runs a prepared playbook to the end and returns its report; `onEvent` sees every event on the way. */
export async function runPlaybook(playbook: PreparedPlaybook, options: RunOptions & { readonly onEvent?: (event: PlaybookEvent) => void } = {}): Promise<PlaybookReport> {
  const last = await lastValueFrom(runPlaybook$(playbook, options).pipe(tap((event) => options.onEvent?.(event))));
  if (last.kind !== 'run-finished') throw new TypeError('a playbook run ended without its report');
  return last.report;
}
