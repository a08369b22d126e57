/**
 * Runs a task per host, at most `forks` at a time; one host's failure never stops the others (nornir's
 * fleet results). After the abort signal, hosts not yet started are reported as cancelled; hosts already
 * running finish (stopping a configuration change half-way is what must not happen).
 */
import { CancelledError, isSmartlicError } from '../errors.js';

export type HostOutcome<T> =
  | { readonly host: string; readonly ok: true; readonly value: T }
  | { readonly host: string; readonly ok: false; readonly error: unknown };

export interface RunHostsOptions {
  /** Hosts run at the same time (at least 1). */
  readonly forks: number;
  /** Names the task in the cancellation error (`configure was cancelled`). */
  readonly what: string;
  readonly signal?: AbortSignal;
}

export async function runHosts<T>(hosts: readonly string[], task: (host: string) => Promise<T>, options: RunHostsOptions): Promise<HostOutcome<T>[]> {
  const { forks, what, signal } = options;
  const results: HostOutcome<T>[] = new Array<HostOutcome<T>>(hosts.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < hosts.length) {
      const index = next++;
      const host = hosts[index] as string;
      if (signal?.aborted === true) {
        results[index] = { host, ok: false, error: new CancelledError(what, { host }) };
        continue;
      }
      try {
        results[index] = { host, ok: true, value: await task(host) };
      } catch (error) {
        results[index] = { host, ok: false, error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(forks, hosts.length)) }, () => worker()));
  return results;
}

/** A failed host's error as reported: code and message (secrets already scrubbed by `SmartlicError`). */
export function errorReport(error: unknown): { readonly code: string; readonly message: string } {
  if (isSmartlicError(error)) return { code: error.code, message: error.message };
  return { code: 'E_INTERNAL', message: error instanceof Error ? error.message : String(error) };
}
