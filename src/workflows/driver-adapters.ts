/**
 * The real layers behind the workflow ports (ports.ts): the driver's `Device` as a `LicensingDevice`, an inventory
 * as a `DeviceOpener`, and a configuration intent as an `IntentApplier`. `CssmClient` satisfies `CssmPort` as it is.
 */
import { openDevice, type Device, type DeviceConfigureOptions, type OpenDeviceOptions } from '../driver/device.js';
import type { LicensingResult, OperationOptions as DriverOperationOptions } from '../driver/licensing-operation.js';
import type { LicensingStatus } from '../driver/licensing-status.js';
import { InvalidArgumentError } from '../errors.js';
import type { LicensingIntent } from '../intents/types.js';
import { validateIntent } from '../intents/validate-intent.js';
import type { LoadedInventory } from '../inventory/load.js';
import type { Secret } from '../secret.js';
import type { DeviceLicensingStatus, DeviceOpener, IntentApplier, IntentOutcome, LicensingDevice, OperationOptions, RegisterPortOptions } from './ports.js';

/** What the port's status carries: every read includes the entitlements in use, the UDI and the licensing syslog. */
const FULL_STATUS = { summary: true, udi: true, logging: true } as const;

function portStatus(status: LicensingStatus, model: string | undefined): DeviceLicensingStatus {
  const deviceModel = model ?? status.snapshot.model ?? status.udi?.pid;
  return {
    snapshot: deviceModel === undefined ? status.snapshot : { ...status.snapshot, model: deviceModel },
    ...(status.udi === undefined ? {} : { udi: status.udi }),
    ...(status.udiMembers === undefined ? {} : { members: status.udiMembers }),
  };
}

export interface DriverLicensingDeviceOptions {
  /** Driver defaults for every licensing operation (time bound, polling). */
  readonly licensing?: DriverOperationOptions;
  /** The device model (the inventory's `model`), default the UDI's PID; the cBR-8 DOCSIS lock rules depend on it. */
  readonly model?: string;
}

function abortedReason(signal: AbortSignal | undefined): unknown {
  return signal?.aborted === true ? signal.reason : undefined;
}

/** The driver's `Device` seen through the workflow port; `device` stays reachable for the intents layer. */
export class DriverLicensingDevice implements LicensingDevice {
  readonly #defaults: DriverOperationOptions;
  readonly #model: string | undefined;

  constructor(
    readonly device: Device,
    options: DriverLicensingDeviceOptions = {},
  ) {
    this.#defaults = options.licensing ?? {};
    this.#model = options.model;
  }

  get host(): string {
    return this.device.host;
  }

  get platform(): LicensingDevice['platform'] {
    return this.device.platform;
  }

  async status(options: OperationOptions = {}): Promise<DeviceLicensingStatus> {
    this.#check(options);
    return portStatus(await this.device.status(FULL_STATUS), this.#model);
  }

  async register(token: Secret, options: RegisterPortOptions = {}): Promise<DeviceLicensingStatus> {
    return this.#after(
      this.device.register(token, {
        ...this.#operation(options),
        ...(options.force === undefined ? {} : { force: options.force }),
        ...(options.pollIntervalMs === undefined ? {} : { pollIntervalMs: options.pollIntervalMs }),
      }),
    );
  }

  async renewId(options: OperationOptions = {}): Promise<DeviceLicensingStatus> {
    return this.#after(this.device.renewId(this.#operation(options)));
  }

  async renewAuth(options: OperationOptions = {}): Promise<DeviceLicensingStatus> {
    return this.#after(this.device.renewAuth(this.#operation(options)));
  }

  async deregister(options: OperationOptions = {}): Promise<DeviceLicensingStatus> {
    return this.#after(this.device.deregister(this.#operation(options)));
  }

  async send(command: string, options: OperationOptions = {}): Promise<{ readonly output: string }> {
    this.#check(options);
    const result = await this.device.send(command);
    return { output: result.output };
  }

  close(): Promise<void> {
    return this.device.close().catch(() => undefined);
  }

  #check(options: OperationOptions): void {
    const reason = abortedReason(options.signal);
    if (reason !== undefined) throw reason;
  }

  #operation(options: OperationOptions): DriverOperationOptions {
    this.#check(options);
    return { ...this.#defaults, ...(options.signal === undefined ? {} : { signal: options.signal }) };
  }

  /** The state after an operation: the operation's own read is `show license status` only; the port's carries usage and UDI. */
  async #after(operation: Promise<LicensingResult>): Promise<DeviceLicensingStatus> {
    await operation;
    return portStatus(await this.device.status(FULL_STATUS), this.#model);
  }
}

export interface InventoryOpenerOptions {
  /** Session options (timeouts, logger, keepalive) for every device. */
  readonly session?: Omit<OpenDeviceOptions, 'signal' | 'licensing'>;
  /** Driver defaults for every licensing operation (time bound, polling). */
  readonly licensing?: DriverOperationOptions;
}

/** Opens inventory hosts by name with the driver (host key verified, credentials from the inventory). */
export function inventoryDeviceOpener(inventory: LoadedInventory, options: InventoryOpenerOptions = {}): DeviceOpener {
  return async (host, { signal }) => {
    const [target] = inventory.resolveHosts(host).filter((h) => h.name === host);
    if (target === undefined) throw new InvalidArgumentError('host', `"${host}" is not in inventory ${inventory.file}`);
    const sessionOptions = { ...options.session, ...(signal === undefined ? {} : { signal }) };
    const device = await openDevice(target, { ...sessionOptions, licensing: { ...options.licensing, ...(signal === undefined ? {} : { signal }) } });
    return new DriverLicensingDevice(device, {
      ...(options.licensing === undefined ? {} : { licensing: options.licensing }),
      ...(target.model === undefined ? {} : { model: target.model }),
    });
  };
}

/** A licensing intent applied with `applyConfiguration` on the CLI session of a `DriverLicensingDevice`. */
export function intentApplier(intent: unknown, options: Omit<DeviceConfigureOptions, 'check'> = {}): IntentApplier {
  let validated: LicensingIntent | undefined;
  return {
    validate(): void {
      validated = validateIntent(intent);
    },
    async apply(device: LicensingDevice, { check, signal }): Promise<IntentOutcome> {
      if (!(device instanceof DriverLicensingDevice)) {
        throw new InvalidArgumentError('device', `${device.host}: configuration intents need a device opened by the driver`);
      }
      const reason = abortedReason(signal);
      if (reason !== undefined) throw reason;
      validated ??= validateIntent(intent);
      // `Device.configure` restores through a second connection of its own (not bound to the run's signal), so a
      // change cut by a dropped connection or a cancellation never leaves the device half-configured.
      const result = await device.device.configure(validated, { ...options, check });
      return { changed: result.changed, diff: result.linesSent.length > 0 ? result.linesSent : result.diffText.split('\n').filter((l) => l !== '') };
    },
  };
}
