/**
 * One device's run of a workflow: open a session, run the workflow, close the session; retry transient failures
 * (p-retry, exponential backoff with jitter, bounded attempts and time, delays on the run's scheduler); a per-device
 * timeout; cancellation. Whatever happens, the device ends with exactly one `result` event and every session opened
 * for it is closed.
 */
import pRetry from 'p-retry';
import { Observable, type Subscription } from 'rxjs';
import { CancelledError, InvalidArgumentError, TimeoutError, WorkflowError, isSmartlicError } from '../errors.js';
import { resolveRetryPolicy, retryDelay, type RetryPolicy } from './backoff.js';
import { errorJson, isoAt, resultEvent, stepEvent, type DeviceOutcome, type DeviceResultEvent, type OutcomeStatus, type StepName, type StepStatus, type WorkflowEvent } from './events.js';
import type { DeviceOpener, LicensingDevice } from './ports.js';
import { sleep } from './scheduler-sleep.js';
import { isTransientFailure } from './transient-failure.js';
import { runtimeClock, runtimeScheduler, type FleetWorkflow, type WorkflowRuntime } from './workflow.js';

export interface DeviceRunOptions extends WorkflowRuntime {
  readonly open: DeviceOpener;
  /** For the whole device (every attempt and retry delay), ms; default 600 000; `Infinity` for none (a long watch). */
  readonly timeoutMs?: number;
  readonly retry?: RetryPolicy;
  /** Jitter source, [0, 1); default `Math.random`. */
  readonly random?: () => number;
}

export const DEFAULT_DEVICE_TIMEOUT_MS = 600_000;

export function resolveTimeout(timeoutMs: number | undefined): number {
  const value = timeoutMs ?? DEFAULT_DEVICE_TIMEOUT_MS;
  if (typeof value !== 'number' || Number.isNaN(value) || value <= 0) throw new InvalidArgumentError('timeoutMs', `must be a positive number of milliseconds or Infinity, got ${String(value)}`);
  return value;
}

/** Resolves with the opener's device, or rejects on abort (a device that arrives later is closed at once). */
function openUnlessAborted(open: Promise<LicensingDevice>, signal: AbortSignal): Promise<LicensingDevice> {
  return new Promise<LicensingDevice>((resolve, reject) => {
    let settled = false;
    const onAbort = (): void => {
      settled = true;
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    open.then(
      (device) => {
        signal.removeEventListener('abort', onAbort);
        if (settled) void device.close().catch(() => undefined);
        else resolve(device);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        if (!settled) reject(error);
      },
    );
  });
}

export function runDevice$(host: string, workflow: FleetWorkflow, options: DeviceRunOptions): Observable<WorkflowEvent> {
  if (typeof host !== 'string' || host.trim() === '') throw new InvalidArgumentError('host', 'must be a non-empty inventory name');
  const policy = resolveRetryPolicy(options.retry);
  const timeoutMs = resolveTimeout(options.timeoutMs);
  const scheduler = runtimeScheduler(options);
  const clock = runtimeClock(options);
  const random = options.random ?? Math.random;

  return new Observable<WorkflowEvent>((subscriber) => {
    const controller = new AbortController();
    const signal = controller.signal;
    const startedAt = clock.now();
    let attempts = 0;
    let firstFailureAt: number | undefined;
    let changed = false;
    let open: LicensingDevice | undefined;

    const emit = (event: WorkflowEvent): void => {
      if (event.type === 'step' && event.changed === true) changed = true;
      if (!subscriber.closed) subscriber.next(event);
    };
    const step = (name: StepName, status: StepStatus, detail: string, extra: { data?: object; error?: unknown } = {}): void =>
      emit(stepEvent({ device: host, workflow: workflow.name, step: name, status, detail, at: clock.now(), ...extra }));
    const closeOpen = async (): Promise<void> => {
      const device = open;
      open = undefined;
      if (device === undefined) return;
      try {
        await device.close();
      } catch (error) {
        step('connect', 'warning', `closing the session failed: ${errorJson(error).message}`, { error });
      }
    };

    const timeout = Number.isFinite(timeoutMs)
      ? scheduler.schedule(() => controller.abort(new TimeoutError(`${workflow.name}`, timeoutMs, { host })), timeoutMs)
      : undefined;
    const onCancel = (): void => controller.abort(new CancelledError(`${workflow.name} on ${host}`, { host }));
    if (options.signal?.aborted) onCancel();
    else options.signal?.addEventListener('abort', onCancel, { once: true });

    const runOnce = (device: LicensingDevice, attempt: number): Promise<DeviceResultEvent> =>
      new Promise<DeviceResultEvent>((resolve, reject) => {
        let result: DeviceResultEvent | undefined;
        let subscription: Subscription | undefined;
        const onAbort = (): void => {
          subscription?.unsubscribe();
          reject(signal.reason);
        };
        // A workflow that refuses its settings throws here, before anything is subscribed: the attempt rejects with it.
        const source = workflow.run(device, { scheduler, clock, signal, attempt });
        if (signal.aborted) {
          reject(signal.reason);
          return;
        }
        signal.addEventListener('abort', onAbort, { once: true });
        subscription = source.subscribe({
          next: (event) => {
            if (event.type === 'result') result = event;
            else emit(event);
          },
          error: (error: unknown) => {
            signal.removeEventListener('abort', onAbort);
            reject(error);
          },
          complete: () => {
            signal.removeEventListener('abort', onAbort);
            if (result !== undefined) resolve(result);
            else reject(new WorkflowError(workflow.name, 'result', 'the workflow completed without a result', { host }));
          },
        });
      });

    const attempt = async (n: number): Promise<DeviceResultEvent> => {
      attempts = n;
      step('connect', 'started', `opening a session (attempt ${n})`, { data: { attempt: n } });
      let device: LicensingDevice;
      try {
        device = await openUnlessAborted(options.open(host, { signal }), signal);
      } catch (error) {
        if (!signal.aborted) step('connect', 'failed', errorJson(error).message, { error });
        throw error;
      }
      open = device;
      step('connect', 'succeeded', `session open (${device.platform})`, { data: { attempt: n, platform: device.platform } });
      try {
        return await runOnce(device, n);
      } finally {
        await closeOpen();
      }
    };

    const finish = (status: OutcomeStatus, detail: string, extra: { error?: unknown; value?: DeviceOutcome['value'] } = {}): void => {
      timeout?.unsubscribe();
      options.signal?.removeEventListener('abort', onCancel);
      const endedAt = clock.now();
      const outcome: DeviceOutcome = {
        device: host,
        workflow: workflow.name,
        status,
        changed,
        attempts,
        startedAt: isoAt(startedAt),
        endedAt: isoAt(endedAt),
        durationMs: endedAt - startedAt,
        ...(extra.error === undefined ? {} : { error: errorJson(extra.error) }),
        ...(extra.value === undefined ? {} : { value: extra.value }),
      };
      emit(resultEvent(outcome, detail));
      if (!subscriber.closed) subscriber.complete();
    };

    pRetry(attempt, {
      retries: policy.retries,
      // Delays are taken in shouldRetry on the run's scheduler (virtual time in tests), not by p-retry's setTimeout.
      minTimeout: 0,
      factor: 1,
      randomize: false,
      signal,
      shouldRetry: async ({ error, attemptNumber }) => {
        if (signal.aborted || !isTransientFailure(error)) return false;
        const delay = retryDelay(attemptNumber, policy, random);
        const json = errorJson(error);
        firstFailureAt ??= clock.now();
        if (clock.now() + delay - firstFailureAt > policy.maxRetryTimeMs) {
          step('attempt', 'failed', `attempt ${attemptNumber} failed (${json.code}); no retry: the next would start after the ${policy.maxRetryTimeMs} ms retry budget`, {
            data: { attempt: attemptNumber, delayMs: delay },
            error,
          });
          return false;
        }
        step('attempt', 'retrying', `attempt ${attemptNumber} failed (${json.code}): ${json.message}; retrying in ${delay} ms`, {
          data: { attempt: attemptNumber, delayMs: delay, retriesLeft: policy.retries - attemptNumber + 1 },
          error,
        });
        await sleep(delay, scheduler, signal);
        return true;
      },
    }).then(
      (result) => {
        const detail = attempts > 1 ? `${result.detail} (after ${attempts} attempts)` : result.detail;
        if (result.outcome.changed) changed = true;
        const status = result.outcome.status === 'skipped' ? 'skipped' : 'succeeded';
        finish(status, detail, result.outcome.value === undefined ? {} : { value: result.outcome.value });
      },
      (error: unknown) => {
        const reason: unknown = signal.aborted ? signal.reason : error;
        if (signal.aborted && reason instanceof TimeoutError) {
          step('timeout', 'failed', reason.message, { error: reason });
          finish('failed', reason.message, { error: reason });
        } else if (reason instanceof CancelledError) {
          finish('cancelled', reason.message, { error: reason });
        } else {
          finish('failed', isSmartlicError(error) ? error.message : errorJson(error).message, { error });
        }
      },
    );

    return () => {
      timeout?.unsubscribe();
      options.signal?.removeEventListener('abort', onCancel);
      if (!signal.aborted) controller.abort(new CancelledError(`${workflow.name} on ${host}`, { host }));
      void closeOpen();
    };
  });
}
