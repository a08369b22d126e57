/**
 * The SDK's device facade: `openDevice(target)` → `Device`, one object per device that reads well in user code
 * (`await device.register(token)`). It holds the CLI session or, with `transport: 'netconf'`, the NETCONF connection
 * and delegates: licensing operations to register.ts / renew.ts / deregister.ts, state reads to licensing-status.ts,
 * which run over either with the same results and errors. Further verbs (configuration intents, plans) join the same
 * way, as functions over the session that `Device` forwards to.
 */
import type { CommandResult, SendOptions } from '../channel/cli/types.js';
import { InvalidArgumentError, PlatformError } from '../errors.js';
import type { TransportKind } from '../inventory/types.js';
import type { LicensingIntent } from '../intents/types.js';
import type { PlatformId } from '../platforms/types.js';
import type { Secret } from '../secret.js';
import type { Logger } from '../log.js';
import type { LockRetryOptions } from '../netconf/transaction.js';
import { applyConfiguration, planConfiguration, type ApplyConfigurationResult, type ConfigurationPlan } from './configure.js';
import { applyConfigurationNetconf, planConfigurationNetconf, type NetconfConfigurationPlan } from './configure-netconf.js';
import { connect, type SessionOptions, type SessionTarget } from './connect.js';
import { deregister, type DeregisterOptions, type DeregistrationResult } from './deregister.js';
import type { LicensingTarget } from './licensing-link.js';
import type { LicensingResult, OperationOptions } from './licensing-operation.js';
import { licensingStatus, type LicensingStatus, type StatusOptions } from './licensing-status.js';
import { connectNetconf } from './netconf/connect-netconf.js';
import { NetconfConnection } from './netconf/netconf-connection.js';
import { register, type RegisterOptions, type RegistrationResult } from './register.js';
import { renewAuth, renewId, type RenewOptions } from './renew.js';
import { Session } from './session.js';

export interface OpenDeviceOptions extends SessionOptions {
  /** Defaults for every licensing operation of this device (time bound, polling, clock, sleep); per-call options win. */
  readonly licensing?: OperationOptions;
  /** `cli` (SSH shell) or `netconf` (SSH `netconf` subsystem on `netconfPort`); default: the target's, else `cli`. */
  readonly transport?: TransportKind;
}

export interface DeviceConfigureOptions {
  /** Read and report the diff only; send no configuration. */
  readonly check?: boolean;
  /** IOS-XR: `commit confirmed <seconds>` (30-65535), confirmed once the result verifies. */
  readonly commitConfirmedSeconds?: number;
  /** IOS-XE: save the configuration after a verified change (`write memory` / cisco-ia save-config). */
  readonly writeMemory?: boolean;
  /** IOS-XR over NETCONF: the software version, when known (Flexible Consumption needs configuring up to 7.1.1). */
  readonly softwareVersion?: string;
  /** Over NETCONF: the back-off while another session holds a lock (default 5 retries from 250 ms to 4 s). */
  readonly lockRetry?: LockRetryOptions;
  readonly logger?: Logger;
}

export class Device {
  readonly #target: LicensingTarget;
  readonly #defaults: OperationOptions;
  readonly #reopen: (() => Promise<Session | NetconfConnection>) | undefined;

  /**
   * `reopen` opens a second connection to the same device over the same transport; `configure` restores the
   * previous configuration through it when the connection drops in the middle of a change.
   */
  constructor(target: Session | NetconfConnection, defaults: OperationOptions = {}, reopen?: () => Promise<Session | NetconfConnection>) {
    this.#target = target;
    this.#defaults = defaults;
    this.#reopen = reopen;
  }

  get transport(): TransportKind {
    return this.#target instanceof NetconfConnection ? 'netconf' : 'cli';
  }

  /** The CLI session. A device opened over NETCONF has none (`E_PLATFORM`). */
  get session(): Session {
    if (this.#target instanceof NetconfConnection) throw new PlatformError('the device is open over NETCONF; it has no CLI session', { host: this.host });
    return this.#target;
  }

  /** The NETCONF connection. A device opened over the CLI has none (`E_PLATFORM`). */
  get netconf(): NetconfConnection {
    if (!(this.#target instanceof NetconfConnection)) throw new PlatformError('the device is open over the CLI; it has no NETCONF connection', { host: this.host });
    return this.#target;
  }

  /** The inventory name (or address) errors and results use. */
  get host(): string {
    return this.#target.host;
  }

  get platform(): PlatformId {
    return this.#target.platform;
  }

  get closed(): boolean {
    return this.#target.closed;
  }

  /** The licensing state: `show license status` (optionally summary / udi / syslog), or the Smart Agent state over NETCONF. */
  status(options: StatusOptions = {}): Promise<LicensingStatus> {
    return licensingStatus(this.#target, { ...this.#commandTimeout(), ...options });
  }

  /**
   * Brings the device's licensing configuration to `intent` over its transport (`applyConfiguration` /
   * `applyConfigurationNetconf`): the minimal change, verified, restored on failure (through a second connection
   * when the first one dropped); `check` only reports the diff.
   */
  configure(intent: LicensingIntent, options: DeviceConfigureOptions = {}): Promise<ApplyConfigurationResult> {
    const { softwareVersion, lockRetry, ...common } = options;
    const reopen = this.#reopen;
    if (this.#target instanceof NetconfConnection) {
      return applyConfigurationNetconf(this.#target.client, intent, {
        ...common,
        platform: this.#target.platform,
        ...(softwareVersion === undefined ? {} : { softwareVersion }),
        ...(lockRetry === undefined ? {} : { lockRetry }),
        ...(reopen === undefined ? {} : { reconnect: async () => this.#same(await reopen(), NetconfConnection) }),
      });
    }
    return applyConfiguration(this.#target, intent, {
      ...common,
      ...(reopen === undefined ? {} : { reconnect: async () => this.#same(await reopen(), Session) }),
    });
  }

  /** What `configure(intent)` would change; sends no configuration. */
  plan(intent: LicensingIntent, options: { readonly softwareVersion?: string } = {}): Promise<ConfigurationPlan | NetconfConfigurationPlan> {
    if (this.#target instanceof NetconfConnection) return planConfigurationNetconf(this.#target.client, intent, { platform: this.#target.platform, ...options });
    return planConfiguration(this.#target, intent);
  }

  #same<T>(link: Session | NetconfConnection, kind: abstract new (...args: never[]) => T): T {
    if (link instanceof kind) return link;
    throw new PlatformError('the device reopened over another transport', { host: this.host });
  }

  register(token: Secret | string, options: RegisterOptions = {}): Promise<RegistrationResult> {
    return register(this.#target, token, { ...this.#defaults, ...options });
  }

  renewId(options: RenewOptions = {}): Promise<LicensingResult<'renew-id'>> {
    return renewId(this.#target, { ...this.#defaults, ...options });
  }

  renewAuth(options: RenewOptions = {}): Promise<LicensingResult<'renew-auth'>> {
    return renewAuth(this.#target, { ...this.#defaults, ...options });
  }

  deregister(options: DeregisterOptions = {}): Promise<DeregistrationResult> {
    return deregister(this.#target, { ...this.#defaults, ...options });
  }

  /** Runs one CLI command (see `Session.send`); rejects with `E_PLATFORM` over NETCONF. */
  async send(command: string, options?: SendOptions): Promise<CommandResult> {
    return this.session.send(command, options);
  }

  /** Closes the session. Safe to call more than once. */
  close(): Promise<void> {
    return this.#target.close();
  }

  #commandTimeout(): { commandTimeoutMs?: number } {
    return this.#defaults.commandTimeoutMs === undefined ? {} : { commandTimeoutMs: this.#defaults.commandTimeoutMs };
  }
}

/** Connects over the CLI (`connect`) or NETCONF (`connectNetconf`) and wraps the session in a `Device`. */
export async function openDevice(target: SessionTarget, options: OpenDeviceOptions = {}): Promise<Device> {
  const { licensing, transport: chosen, ...sessionOptions } = options;
  const transport = chosen ?? target?.transport ?? 'cli';
  if (transport !== 'cli' && transport !== 'netconf') {
    throw new InvalidArgumentError('transport', `expected "cli" or "netconf", got ${JSON.stringify(transport)}`, { host: target?.name ?? target?.host });
  }
  const link = transport === 'netconf' ? await connectNetconf(target, sessionOptions) : await connect(target, sessionOptions);
  // A restore after a dropped connection must not be cancelled with the operation that broke it.
  const { signal: _cancelled, ...reopenOptions } = sessionOptions;
  const reopen = (): Promise<Session | NetconfConnection> =>
    transport === 'netconf' ? connectNetconf(target, reopenOptions) : connect(target, reopenOptions);
  return new Device(link, licensing ?? {}, reopen);
}
