/**
 * A workflow over a fleet: bounded concurrency (mergeMap), each device run by `runDevice$` (its own timeout,
 * retries of transient failures, sessions always closed), one device's failure never stopping the others, and a
 * `FleetSummary` event at the end. Unsubscribing stops everything at once and closes every open session;
 * aborting `options.signal` cancels gracefully: unfinished devices end `cancelled` and the summary still comes.
 */
import { setMaxListeners } from 'node:events';
import { concat, defer, finalize, from, mergeMap, of, tap, type Observable } from 'rxjs';
import { InvalidArgumentError } from '../errors.js';
import { resolveRetryPolicy } from './backoff.js';
import { runDevice$, resolveTimeout, type DeviceRunOptions } from './device-run.js';
import { summaryEvent, type WorkflowEvent } from './events.js';
import { summarize } from './summary.js';
import { runtimeClock, type FleetWorkflow } from './workflow.js';

export interface FleetRunOptions extends DeviceRunOptions {
  /** Devices worked on at once; default 10. */
  readonly concurrency?: number;
}

export const DEFAULT_CONCURRENCY = 10;

export function runFleet$(hosts: readonly string[], workflow: FleetWorkflow, options: FleetRunOptions): Observable<WorkflowEvent> {
  if (!Array.isArray(hosts)) throw new InvalidArgumentError('hosts', 'must be an array of inventory names');
  const seen = new Set<string>();
  for (const [i, host] of hosts.entries()) {
    if (typeof host !== 'string' || host.trim() === '') throw new InvalidArgumentError('hosts', `entry ${i} is not a non-empty inventory name`);
    if (seen.has(host)) throw new InvalidArgumentError('hosts', `"${host}" is listed twice`);
    seen.add(host);
  }
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 10_000) {
    throw new InvalidArgumentError('concurrency', `must be an integer from 1 to 10000, got ${String(concurrency)}`);
  }
  if (typeof options.open !== 'function') throw new InvalidArgumentError('open', 'a DeviceOpener function is required');
  resolveRetryPolicy(options.retry);
  resolveTimeout(options.timeoutMs);
  const clock = runtimeClock(options);

  return defer(() => {
    const events: WorkflowEvent[] = [];
    const cancel = fleetSignal(options.signal, concurrency);
    const deviceOptions = cancel === undefined ? options : { ...options, signal: cancel.signal };
    return concat(
      from(hosts).pipe(
        mergeMap((host) => runDevice$(host, workflow, deviceOptions), concurrency),
        tap((event) => {
          if (event.type === 'result') events.push(event);
        }),
      ),
      defer(() => of(summaryEvent(workflow.name, summarize(events), clock.now()))),
    ).pipe(finalize(() => cancel?.release()));
  });
}

/**
 * The run's own signal, aborted with the caller's: every device in flight listens to it, the caller's signal
 * carries one listener (a fleet must not set off Node's MaxListenersExceededWarning on it), removed at the end.
 */
function fleetSignal(caller: AbortSignal | undefined, concurrency: number): { signal: AbortSignal; release(): void } | undefined {
  if (caller === undefined) return undefined;
  const controller = new AbortController();
  // Each device in flight adds one listener; a few more for the device that is finishing as the next starts.
  setMaxListeners(concurrency + 10, controller.signal);
  const onAbort = (): void => controller.abort(caller.reason);
  if (caller.aborted) onAbort();
  else caller.addEventListener('abort', onAbort, { once: true });
  return { signal: controller.signal, release: () => caller.removeEventListener('abort', onAbort) };
}
