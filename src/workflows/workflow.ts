/** The shape every workflow shares: how it gets time and cancellation, and how the fleet runner calls it. */
import { asyncScheduler, type Observable, type SchedulerLike } from 'rxjs';
import type { Clock } from '../clock.js';
import type { WorkflowEvent, WorkflowName } from './events.js';
import type { LicensingDevice } from './ports.js';

export interface WorkflowRuntime {
  /** Every wait, poll and timeout runs on it; default `asyncScheduler` (a `VirtualTimeScheduler` in tests). */
  readonly scheduler?: SchedulerLike;
  /** Event times and compliance evaluation; default the scheduler's `now()`. */
  readonly clock?: Clock;
  /** Aborts the workflow; every port call receives it. Unsubscribing aborts too. */
  readonly signal?: AbortSignal;
}

/** What the fleet runner hands a workflow for one attempt on one device. */
export interface WorkflowContext {
  readonly scheduler: SchedulerLike;
  readonly clock: Clock;
  /** Aborted on timeout, fleet cancellation or unsubscription. */
  readonly signal: AbortSignal;
  /** 1 for the first attempt. */
  readonly attempt: number;
}

/**
 * A workflow as the fleet runner runs it: step events for one device, then exactly one `result` event (succeeded
 * or skipped) and completion; a failure is the Observable's error (a `SmartlicError`), after a `failed` step event.
 */
export interface FleetWorkflow {
  readonly name: WorkflowName;
  run(device: LicensingDevice, context: WorkflowContext): Observable<WorkflowEvent>;
}

export function runtimeScheduler(runtime: WorkflowRuntime): SchedulerLike {
  return runtime.scheduler ?? asyncScheduler;
}

export function runtimeClock(runtime: WorkflowRuntime): Clock {
  if (runtime.clock !== undefined) return runtime.clock;
  const scheduler = runtimeScheduler(runtime);
  return { now: () => scheduler.now() };
}
