/**
 * The device session a host's tasks share: opened by the first task that needs it, reused by the next ones (one
 * session per host per run, `HostContext.acquire`), opened again if a task left it closed (a dropped
 * connection), and closed when the host's run ends whatever happened.
 */
import { openDevice, type Device, type OpenDeviceOptions } from '../../driver/device.js';
import type { OperationOptions } from '../../driver/licensing-operation.js';
import type { ResolvedHost } from '../../inventory/load.js';
import type { HostContext } from '../task-type.js';

export interface HostDeviceOptions {
  /** Session options for every device (timeouts, keepalive, logger). */
  readonly session?: Omit<OpenDeviceOptions, 'signal' | 'licensing'>;
  /** Driver defaults for every licensing operation (polling, time bound); a task's `timeout` wins. */
  readonly licensing?: Omit<OperationOptions, 'signal' | 'check'>;
}

export class HostDevice {
  #device: Device | undefined;
  #opening: Promise<Device> | undefined;
  #closed = false;

  constructor(
    readonly target: ResolvedHost,
    private readonly options: HostDeviceOptions,
    private readonly signal: AbortSignal,
  ) {}

  /** The open session, opening (again) when there is none. */
  async get(): Promise<Device> {
    if (this.#closed) throw new TypeError(`the session of ${this.target.name} was closed with its host's run`);
    if (this.#device !== undefined && !this.#device.closed) return this.#device;
    this.#opening ??= openDevice(this.target, {
      ...this.options.session,
      signal: this.signal,
      licensing: { ...this.options.licensing, signal: this.signal },
    }).finally(() => {
      this.#opening = undefined;
    });
    const device = await this.#opening;
    this.#device = device;
    return device;
  }

  async close(): Promise<void> {
    this.#closed = true;
    const opening = this.#opening;
    const device = this.#device ?? (opening === undefined ? undefined : await opening.catch(() => undefined));
    this.#device = undefined;
    await device?.close();
  }
}

/** The host's device session (see `HostDevice`). */
export async function hostDevice(ctx: HostContext, options: HostDeviceOptions): Promise<Device> {
  const handle = await ctx.acquire(
    'device',
    async () => new HostDevice(ctx.inventoryHost, options, ctx.signal),
    (h) => h.close(),
  );
  return handle.get();
}
