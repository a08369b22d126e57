/**
 * What the workflows need from the layers below, as small structural interfaces: a device session with the Smart
 * Licensing operations, a way to open one, the CSSM API for the RMA check, and the configuration intent. The
 * driver's Device, `CssmClient` and the intents' `applyConfiguration` are adapted to these at the edge (CLI,
 * playbook runner); tests implement them with fakes.
 */
import type { CssmProductInstance, ProductInstanceQuery, RemoveInstanceResult } from '../cssm/types.js';
import type { LicensingSnapshot } from '../licensing/snapshot.js';
import type { Udi, UdiMember } from '../parsers/types.js';
import type { PlatformId } from '../platforms/types.js';
import type { Secret } from '../secret.js';

export interface OperationOptions {
  /** Aborts the operation: the port rejects with `signal.reason` (a `CancelledError` or `TimeoutError`). */
  readonly signal?: AbortSignal;
}

export interface RegisterPortOptions extends OperationOptions {
  readonly force?: boolean;
  /** The first wait between status reads while the device registers, ms (the port's own default otherwise). */
  readonly pollIntervalMs?: number;
}

/** A device's licensing state as the driver reads it. */
export interface DeviceLicensingStatus {
  /** Registration, authorization, entitlements, mode, model and any recent Smart Licensing syslog (`messages`). */
  readonly snapshot: LicensingSnapshot;
  /** The chassis UDI (`show license udi`, `Product Information`): PID and serial number. */
  readonly udi?: Udi;
  /** HA / stack members' UDIs, when the device prints them. */
  readonly members?: readonly UdiMember[];
}

/** One open session with a device and the Smart Licensing operations on it. */
export interface LicensingDevice {
  /** Inventory name; every event and error names the device by it. */
  readonly host: string;
  /** Platform configured or detected when the session opened. */
  readonly platform: PlatformId;
  /** Reads the licensing state; throws a `SmartlicError`. */
  status(options?: OperationOptions): Promise<DeviceLicensingStatus>;
  /**
   * `license smart register idtoken <token> [force]`; resolves with the state read afterwards (may still be
   * `registering`); throws `LicensingError` (E_TOKEN_*, E_ALREADY_REGISTERED, E_COMM_FAILED with `commCause` …).
   * `pollIntervalMs`: the first wait between status reads when the port follows the registration itself.
   */
  register(token: Secret, options?: RegisterPortOptions): Promise<DeviceLicensingStatus>;
  /** `license smart renew id` (IOS-XE: `license smart renew`); resolves with the state afterwards; throws `LicensingError`. */
  renewId(options?: OperationOptions): Promise<DeviceLicensingStatus>;
  /** `license smart renew auth`; throws `LicensingError` E_SYNC_LOST when CSSM answers "Data and signature do not match" (004:643). */
  renewAuth(options?: OperationOptions): Promise<DeviceLicensingStatus>;
  /** `license smart deregister`; when CSSM refuses, a `LicensingError` whose message or `evidence` carries `AGENT_DEREG_FAILED` (004:673). */
  deregister(options?: OperationOptions): Promise<DeviceLicensingStatus>;
  /** One exec command (`show …`); resolves with the output (echo, prompt and XR timestamp removed); throws `DeviceCommandError`. */
  send(command: string, options?: OperationOptions): Promise<{ readonly output: string }>;
  /** Closes the session; safe to call more than once, never throws for an already-dead connection. */
  close(): Promise<void>;
}

/** Opens a session with the inventory host `host` (SSH, host key, authentication, platform); throws `SmartlicError`. */
export type DeviceOpener = (host: string, options: OperationOptions) => Promise<LicensingDevice>;

/** The part of the CSSM API client (`CssmClient`) the RMA workflow uses; `CssmClient` satisfies it as is. */
export interface CssmPort {
  /** The product instance with this serial number (and PID, when given), or undefined. */
  findProductInstance(query: ProductInstanceQuery, options?: { readonly virtualAccount?: string }): Promise<CssmProductInstance | undefined>;
  /** Removes a product instance; `removed: false` (with CSSM's message) when CSSM does not have it or refuses. */
  removeProductInstance(query: ProductInstanceQuery, options?: { readonly virtualAccount?: string }): Promise<RemoveInstanceResult>;
}

/** What applying a configuration intent did. */
export interface IntentOutcome {
  readonly changed: boolean;
  /** The configuration lines sent (or, in check mode, that would be sent), secrets redacted. */
  readonly diff: readonly string[];
}

/** A configuration intent (DNS, call-home, trustpoint …) bound to its intents-layer implementation. */
export interface IntentApplier {
  /** Checks the intent before any device is touched; throws `InvalidIntentError` naming the field. */
  validate(): void;
  /** Applies the intent transactionally (`check: true` only plans it); throws on rejection, leaving the device as it was. */
  apply(device: LicensingDevice, options: OperationOptions & { readonly check: boolean }): Promise<IntentOutcome>;
}

/** An ID token, or a function that obtains one per device (e.g. a fresh one through `CssmClient.createToken`). */
export type TokenSource = Secret | ((host: string, options: OperationOptions) => Promise<Secret>);
