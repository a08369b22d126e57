/** Waiting on an rxjs scheduler, so that virtual time (a `VirtualTimeScheduler` in tests) drives every delay. */
import { timer, type SchedulerLike, type Subscription } from 'rxjs';

/** Resolves after `ms` on `scheduler`; rejects with `signal.reason` as soon as the signal aborts. */
export function sleep(ms: number, scheduler: SchedulerLike, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    let subscription: Subscription | undefined;
    const onAbort = (): void => {
      subscription?.unsubscribe();
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    subscription = timer(Math.max(0, ms), scheduler).subscribe(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    });
  });
}
