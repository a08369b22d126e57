/**
 * A workflow written as a sequence of awaited steps, exposed as an Observable of events: each `steps.run()` emits
 * `started`, then `succeeded` / `warning` / `skipped` or `failed`; the procedure ends with one `result` event.
 * Unsubscribing aborts the signal every port call receives, so an operation in flight stops and nothing more runs.
 */
import { concat, defer, Observable, of } from 'rxjs';
import type { Clock } from '../clock.js';
import { CancelledError, isSmartlicError, WorkflowError, type SmartlicError } from '../errors.js';
import { isoAt, resultEvent, stepEvent, type DeviceOutcome, type JsonValue, type StepName, type StepStatus, type WorkflowEvent, type WorkflowName } from './events.js';
import { runtimeClock, type WorkflowRuntime } from './workflow.js';

/** How a step ended. */
export interface StepDone<T> {
  readonly value: T;
  readonly detail: string;
  /** Default `succeeded`. `warning`: done, with something the operator should know. */
  readonly status?: 'succeeded' | 'warning' | 'skipped';
  readonly changed?: boolean;
  readonly data?: object;
}

export interface ProcedureResult {
  readonly status: 'succeeded' | 'skipped';
  readonly detail: string;
  /** The workflow's result, JSON-serialisable (redacted on the way out). */
  readonly value?: object;
}

interface EmitExtra {
  readonly data?: object;
  readonly error?: unknown;
  readonly changed?: boolean;
}

/** A `SmartlicError` for anything thrown inside a step: a plain Error (a bug) becomes `WorkflowError`. */
export function asSmartlicError(error: unknown, workflow: WorkflowName, step: string, host: string): SmartlicError {
  if (isSmartlicError(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new WorkflowError(workflow, step, message, { host, cause: error });
}

export class Steps {
  readonly device: string;
  readonly workflow: WorkflowName;
  readonly clock: Clock;
  readonly signal: AbortSignal;
  readonly #emit: (event: WorkflowEvent) => void;
  #changed = false;

  constructor(init: { device: string; workflow: WorkflowName; clock: Clock; signal: AbortSignal; emit: (event: WorkflowEvent) => void }) {
    this.device = init.device;
    this.workflow = init.workflow;
    this.clock = init.clock;
    this.signal = init.signal;
    this.#emit = init.emit;
  }

  /** Whether a step so far changed the device or CSSM. */
  get changed(): boolean {
    return this.#changed;
  }

  emit(step: StepName, status: StepStatus, detail: string, extra: EmitExtra = {}): void {
    if (extra.changed === true) this.#changed = true;
    this.#emit(
      stepEvent({
        device: this.device,
        workflow: this.workflow,
        step,
        status,
        detail,
        at: this.clock.now(),
        ...(extra.changed === true ? { changed: true } : {}),
        ...(extra.data === undefined ? {} : { data: extra.data }),
        ...(extra.error === undefined ? {} : { error: extra.error }),
      }),
    );
  }

  /** Runs one step; a failure is emitted as `failed` and rethrown as a `SmartlicError`. */
  async run<T>(step: StepName, detail: string, body: () => Promise<StepDone<T>>): Promise<T> {
    this.signal.throwIfAborted();
    this.emit(step, 'started', detail);
    let done: StepDone<T>;
    try {
      done = await body();
    } catch (error) {
      const failure = asSmartlicError(error, this.workflow, step, this.device);
      this.emit(step, 'failed', failure.message, { error: failure });
      throw failure;
    }
    this.emit(step, done.status ?? 'succeeded', done.detail, {
      ...(done.data === undefined ? {} : { data: done.data }),
      ...(done.changed === true ? { changed: true } : {}),
    });
    return done.value;
  }

  skip(step: StepName, detail: string, data?: object): void {
    this.signal.throwIfAborted();
    this.emit(step, 'skipped', detail, data === undefined ? {} : { data });
  }

  warn(step: StepName, detail: string, data?: object): void {
    this.emit(step, 'warning', detail, data === undefined ? {} : { data });
  }

  progress(step: StepName, detail: string, data?: object): void {
    this.emit(step, 'progress', detail, data === undefined ? {} : { data });
  }
}

/**
 * The Observable of the events `body` emits through its `Steps`; it completes when `body` resolves and errors
 * (with a `SmartlicError`) when it rejects. `body` runs on subscription; unsubscribing aborts `steps.signal`.
 */
export function steps$(workflow: WorkflowName, device: string, runtime: WorkflowRuntime, body: (steps: Steps) => Promise<void>): Observable<WorkflowEvent> {
  return new Observable<WorkflowEvent>((subscriber) => {
    const controller = new AbortController();
    const signal = runtime.signal === undefined ? controller.signal : AbortSignal.any([runtime.signal, controller.signal]);
    const steps = new Steps({
      device,
      workflow,
      clock: runtimeClock(runtime),
      signal,
      emit: (event) => {
        if (!subscriber.closed) subscriber.next(event);
      },
    });
    body(steps).then(
      () => {
        if (!subscriber.closed) subscriber.complete();
      },
      (error: unknown) => {
        if (!subscriber.closed) subscriber.error(asSmartlicError(error, workflow, 'procedure', device));
      },
    );
    return () => {
      if (!controller.signal.aborted) controller.abort(new CancelledError(`${workflow} on ${device}`, { host: device }));
    };
  });
}

/** A workflow procedure: its step events, then one `result` event built from what `body` resolves with. */
export function procedure$(workflow: WorkflowName, device: string, runtime: WorkflowRuntime, body: (steps: Steps) => Promise<ProcedureResult>): Observable<WorkflowEvent> {
  return defer(() => {
    const clock = runtimeClock(runtime);
    const startedAt = clock.now();
    let result: ProcedureResult | undefined;
    let changed = false;
    return concat(
      steps$(workflow, device, runtime, async (steps) => {
        result = await body(steps);
        changed = steps.changed;
      }),
      defer(() => {
        const endedAt = clock.now();
        const done = result ?? { status: 'succeeded' as const, detail: 'done' };
        const outcome: DeviceOutcome = {
          device,
          workflow,
          status: done.status,
          changed,
          attempts: 1,
          startedAt: isoAt(startedAt),
          endedAt: isoAt(endedAt),
          durationMs: endedAt - startedAt,
          ...(done.value === undefined ? {} : { value: done.value as JsonValue }),
        };
        return of(resultEvent(outcome, done.detail));
      }),
    );
  });
}
