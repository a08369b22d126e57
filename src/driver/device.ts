/**
 * The SDK's device facade: `openDevice(target)` → `Device`, one object per device that reads well in user code
 * (`await device.register(token)`). It holds the CLI session and delegates: commands to the session, licensing
 * operations to register.ts / renew.ts / deregister.ts, state reads to licensing-status.ts, configuration intents
 * to configure.ts. Further verbs join the same way, as functions over the session that `Device` forwards to.
 */
import type { CommandResult, SendOptions } from '../channel/cli/types.js';
import type { LicensingIntent } from '../intents/types.js';
import type { PlatformId } from '../platforms/types.js';
import type { Secret } from '../secret.js';
import { applyConfiguration, planConfiguration, type ApplyConfigurationOptions, type ApplyConfigurationResult, type ConfigurationPlan } from './configure.js';
import { connect, type SessionOptions, type SessionTarget } from './connect.js';
import { deregister, type DeregisterOptions, type DeregistrationResult } from './deregister.js';
import type { LicensingResult, OperationOptions } from './licensing-operation.js';
import { licensingStatus, type LicensingStatus, type StatusOptions } from './licensing-status.js';
import { register, type RegisterOptions, type RegistrationResult } from './register.js';
import { renewAuth, renewId, type RenewOptions } from './renew.js';
import type { Session } from './session.js';

export interface OpenDeviceOptions extends SessionOptions {
  /** Defaults for every licensing operation of this device (time bound, polling, clock, sleep); per-call options win. */
  readonly licensing?: OperationOptions;
}

export class Device {
  readonly session: Session;
  readonly #defaults: OperationOptions;

  constructor(session: Session, defaults: OperationOptions = {}) {
    this.session = session;
    this.#defaults = defaults;
  }

  /** The inventory name (or address) errors and results use. */
  get host(): string {
    return this.session.host;
  }

  get platform(): PlatformId {
    return this.session.platform;
  }

  get closed(): boolean {
    return this.session.closed;
  }

  /** The licensing state through the parsers (`show license status`, optionally summary / udi / syslog). */
  status(options: StatusOptions = {}): Promise<LicensingStatus> {
    return licensingStatus(this.session, { ...this.#commandTimeout(), ...options });
  }

  /** Applies a licensing intent: the minimal change, verified, never half-applied (see `applyConfiguration`). */
  configure(intent: LicensingIntent, options: ApplyConfigurationOptions = {}): Promise<ApplyConfigurationResult> {
    return applyConfiguration(this.session, intent, options);
  }

  /** What `configure(intent)` would change; sends no configuration. */
  plan(intent: LicensingIntent): Promise<ConfigurationPlan> {
    return planConfiguration(this.session, intent);
  }

  register(token: Secret | string, options: RegisterOptions = {}): Promise<RegistrationResult> {
    return register(this.session, token, { ...this.#defaults, ...options });
  }

  renewId(options: RenewOptions = {}): Promise<LicensingResult<'renew-id'>> {
    return renewId(this.session, { ...this.#defaults, ...options });
  }

  renewAuth(options: RenewOptions = {}): Promise<LicensingResult<'renew-auth'>> {
    return renewAuth(this.session, { ...this.#defaults, ...options });
  }

  deregister(options: DeregisterOptions = {}): Promise<DeregistrationResult> {
    return deregister(this.session, { ...this.#defaults, ...options });
  }

  /** Runs one command (see `Session.send`). */
  send(command: string, options?: SendOptions): Promise<CommandResult> {
    return this.session.send(command, options);
  }

  /** Closes the session. Safe to call more than once. */
  close(): Promise<void> {
    return this.session.close();
  }

  #commandTimeout(): { commandTimeoutMs?: number } {
    return this.#defaults.commandTimeoutMs === undefined ? {} : { commandTimeoutMs: this.#defaults.commandTimeoutMs };
  }
}

/** Connects (see `connect`) and wraps the session in a `Device`. */
export async function openDevice(target: SessionTarget, options: OpenDeviceOptions = {}): Promise<Device> {
  const { licensing, ...sessionOptions } = options;
  const session = await connect(target, sessionOptions);
  return new Device(session, licensing ?? {});
}
