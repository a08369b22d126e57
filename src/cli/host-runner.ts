/**
 * Runs one piece of work per host with bounded concurrency (`--forks`): each host gets its own session, opened
 * and closed around the work; a host's failure is its outcome and never stops the others (nornir's `Task.start`).
 * On abort (SIGINT/SIGTERM) hosts not yet started are reported cancelled and running ones stop at their next wait.
 */
import { Device, openDevice } from '../driver/device.js';
import type { OperationOptions } from '../driver/licensing-operation.js';
import { CancelledError } from '../errors.js';
import type { ResolvedHost } from '../inventory/load.js';

export type HostOutcome<T> =
  | { readonly host: string; readonly ok: true; readonly value: T }
  | { readonly host: string; readonly ok: false; readonly error: unknown };

export interface HostRunOptions {
  readonly forks: number;
  readonly signal?: AbortSignal;
  /** Licensing defaults for every device (time bound, polling). */
  readonly licensing?: OperationOptions;
  /** Per-command timeout in ms. */
  readonly commandTimeoutMs?: number;
}

async function runOne<T>(host: ResolvedHost, options: HostRunOptions, work: (device: Device) => Promise<T>): Promise<HostOutcome<T>> {
  if (options.signal?.aborted) return { host: host.name, ok: false, error: new CancelledError('the run', { host: host.name }) };
  let device: Device | null = null;
  try {
    device = await openDevice(host, {
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      ...(options.commandTimeoutMs === undefined ? {} : { timeouts: { commandMs: options.commandTimeoutMs } }),
      licensing: { ...options.licensing, ...(options.signal === undefined ? {} : { signal: options.signal }) },
    });
    return { host: host.name, ok: true, value: await work(device) };
  } catch (error) {
    return { host: host.name, ok: false, error };
  } finally {
    await device?.close().catch(() => undefined);
  }
}

/** One outcome per host, in the hosts' order. */
export async function runOnHosts<T>(hosts: readonly ResolvedHost[], options: HostRunOptions, work: (device: Device) => Promise<T>): Promise<HostOutcome<T>[]> {
  const outcomes: HostOutcome<T>[] = new Array(hosts.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < hosts.length) {
      const index = next++;
      outcomes[index] = await runOne(hosts[index]!, options, work);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.forks, hosts.length) }, worker));
  return outcomes;
}
