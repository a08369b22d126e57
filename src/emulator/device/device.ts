/**
 * `startDevice()`: one emulated device listening on loopback — identity, configuration store, grammar,
 * SSH server, logs — composed from the parts in this folder.
 */
import { InvalidArgumentError, PlatformError } from '../../errors.js';
import type { DeviceModel } from '../../inventory/types.js';
import type { PlatformId } from '../../platforms/types.js';
import type { CommandDefinition, ConfigLineDefinition } from './cli/command.js';
import { CommandSet } from './cli/command-set.js';
import { CommandLog } from './command-log.js';
import { ConfigAccess } from './config/device-config.js';
import { treeFromText } from './config/load-text.js';
import { ConfigStore } from './config/store.js';
import { bindRuntime, type DeviceRuntime } from './device-runtime.js';
import type { DeviceExtension } from './extension.js';
import { FaultKnobs } from './faults.js';
import { generateHostKeys, type HostKeySet } from './host-key.js';
import { allocateSerial, modelProfile, reserveSerial, type DeviceIdentity } from './identity.js';
import { emulatorPlatform } from './platforms/index.js';
import { ShellSession } from './session/shell-session.js';
import { AuthLog } from './ssh/auth-log.js';
import { DeviceSshServer, type ShellRequest } from './ssh/server.js';
import { DEFAULT_USERS, UserTable } from './ssh/users.js';
import { SyslogBuffer, type SyslogEntry } from './syslog.js';
import { systemTimers, type Timers } from './timers.js';
import type { DeviceConfig, DeviceUser, EmulatedDevice, SubsystemHandler } from './types.js';

export interface DeviceSpec {
  /** Inventory name (default: `<model group>-1`). */
  readonly name?: string;
  readonly model: DeviceModel;
  /** Default `Router` (IOS-XE) / `ios` (IOS-XR). */
  readonly hostname?: string;
  /** Default: a unique Cisco-shaped serial for the model. */
  readonly serial?: string;
  /** Default admin/admin, privilege 15. */
  readonly users?: readonly DeviceUser[];
  /** IOS-XE `enable` password for users below privilege 15. */
  readonly enableSecret?: string;
  /** Address to listen on (default 127.0.0.1). */
  readonly host?: string;
  /** SSH port (default 0: any free port). */
  readonly port?: number;
  /** NETCONF SSH port when a `netconf` subsystem is registered (default 0: any free port). */
  readonly netconfPort?: number;
  /** Replaces the factory configuration (indented text as `show running-config` prints it). */
  readonly config?: string;
  /** Software version (default: the model's). */
  readonly version?: string;
}

export interface DeviceOptions {
  /** Shared host keys (a fleet passes one set to all devices); generated when absent. */
  readonly hostKeys?: HostKeySet;
  /** Clock and timers (default: wall clock). Pass `ManualTimers` to run in virtual time. */
  readonly timers?: Timers;
  readonly extensions?: readonly DeviceExtension[];
  /** Extra subsystems for this device. */
  readonly subsystems?: Readonly<Record<string, SubsystemHandler>>;
  /** Newest command-log entries kept (default 10000). */
  readonly commandLogLimit?: number;
  /** Called with errors from listeners / extensions that the device survived. */
  readonly onError?: (error: unknown) => void;
}

const commandSets = new WeakMap<readonly DeviceExtension[], Map<PlatformId, CommandSet>>();
const NO_EXTENSIONS: readonly DeviceExtension[] = [];

/** The grammar for a platform with these extensions, shared by every device that uses the same array. */
function commandSetFor(platform: PlatformId, extensions: readonly DeviceExtension[]): CommandSet {
  let perPlatform = commandSets.get(extensions);
  if (perPlatform === undefined) {
    perPlatform = new Map();
    commandSets.set(extensions, perPlatform);
  }
  let set = perPlatform.get(platform);
  if (set === undefined) {
    set = CommandSet.of(emulatorPlatform(platform))
      .with({
        commands: extensions.flatMap((e) => e.commands?.(platform) ?? []),
        configLines: extensions.flatMap((e) => e.configLines?.(platform) ?? []),
      })
      .compileAll();
    perPlatform.set(platform, set);
  }
  return set;
}

export interface RebootOptions {
  /** How long the device is down before SSH answers again, on the device clock (default 0). */
  readonly downMs?: number;
}

/** The first buffered log line after a reload [INF: the usual IOS-XE and IOS-XR boot messages]. */
function bootMessage(platform: PlatformId, at: number): SyslogEntry {
  return platform === 'ios-xe'
    ? { at, facility: 'SYS', severity: 5, mnemonic: 'RESTART', text: 'System restarted --' }
    : { at, facility: 'OS-SYSMGR', severity: 5, mnemonic: 'NOTICE', text: 'Card is COLD started', process: 'sysmgr[95]' };
}

const UPTIME_MINUTES = [3 * 1440 + 4 * 60 + 17, 12 * 1440 + 2 * 60 + 5, 27 * 1440 + 9 * 60 + 41, 41 * 1440 + 22 * 60 + 3];

class Device implements EmulatedDevice {
  readonly name: string;
  readonly platform: PlatformId;
  readonly model: DeviceModel;
  #identity: DeviceIdentity;
  readonly host: string;
  port = 0;
  netconfPort: number | undefined;
  readonly hostKeyFingerprint: string;
  readonly hostKeyFingerprints: readonly string[];
  readonly users: readonly DeviceUser[];
  readonly config: DeviceConfig;
  readonly commandLog: CommandLog;
  readonly authLog = new AuthLog();
  readonly syslog = new SyslogBuffer();
  readonly faults = new FaultKnobs();
  readonly timers: Timers;
  readonly #runtime: DeviceRuntime;
  readonly #baseSet: CommandSet;
  #set: CommandSet;
  readonly #registrations: { commands: readonly CommandDefinition[]; configLines: readonly ConfigLineDefinition[] }[] = [];
  readonly #subsystems = new Map<string, SubsystemHandler>();
  readonly #servers: DeviceSshServer[] = [];
  readonly #cleanups: (() => void | Promise<void>)[] = [];
  readonly #onError: (error: unknown) => void;
  #extensions: readonly DeviceExtension[] = [];
  #closed: Promise<void> | undefined;
  #rebooting: Promise<void> | undefined;

  constructor(spec: DeviceSpec, options: DeviceOptions, hostKeys: HostKeySet, extensions: readonly DeviceExtension[]) {
    const profile = modelProfile(spec.model);
    const platform = emulatorPlatform(profile.platform);
    this.timers = options.timers ?? systemTimers;
    this.#onError = options.onError ?? (() => undefined);
    this.name = spec.name ?? `${profile.group}-1`;
    this.platform = profile.platform;
    this.model = profile.model;
    this.host = spec.host ?? '127.0.0.1';
    const serial = spec.serial === undefined ? allocateSerial(profile.serialPrefix) : reserveSerial(spec.serial);
    const uptime = UPTIME_MINUTES[serial.charCodeAt(serial.length - 1) % UPTIME_MINUTES.length] ?? 1440;
    this.#identity = Object.freeze({
      model: profile.model,
      platform: profile.platform,
      pid: profile.pid,
      serial,
      version: spec.version ?? profile.version,
      bootTime: this.timers.now() - uptime * 60_000,
    });
    this.hostKeyFingerprint = hostKeys.fingerprint;
    this.hostKeyFingerprints = hostKeys.keys.map((k) => k.fingerprint);
    const userTable = new UserTable(spec.users ?? DEFAULT_USERS);
    this.users = userTable.users;
    this.commandLog = new CommandLog(options.commandLogLimit ?? 10_000);
    this.#baseSet = commandSetFor(profile.platform, extensions);
    this.#set = this.#baseSet;
    for (const ext of extensions) for (const [name, handler] of Object.entries(ext.subsystems ?? {})) this.#subsystems.set(name, handler);
    for (const [name, handler] of Object.entries(options.subsystems ?? {})) this.#subsystems.set(name, handler);

    const text = spec.config ?? platform.defaultConfig(this.identity, spec.hostname);
    const store = new ConfigStore(profile.platform, treeFromText(this.#baseSet, text), this.timers, this.#onError);
    let sessionIds = 0;
    const device = this;
    this.#runtime = {
      handle: this,
      platform,
      get identity(): DeviceIdentity {
        return device.#identity;
      },
      store,
      commandLog: this.commandLog,
      syslog: this.syslog,
      faults: this.faults,
      timers: this.timers,
      users: this.users,
      enableSecret: spec.enableSecret,
      commandSet: () => this.#set,
      hostname: () => platform.hostnameOf(store.running()),
      nextSessionId: () => ++sessionIds,
      openSessions: new Set(),
    };
    bindRuntime(this.#runtime);
    this.config = new ConfigAccess(() => this.#runtime);
    this.#servers.push(new DeviceSshServer({ hostKeys, users: userTable, authLog: this.authLog, handlers: this.#handlers(() => this.port) }));
    if (this.#subsystems.has('netconf')) {
      this.#servers.push(
        new DeviceSshServer({ hostKeys, users: userTable, authLog: this.authLog, handlers: this.#handlers(() => this.netconfPort ?? 0) }),
      );
    }
  }

  get identity(): DeviceIdentity {
    return this.#identity;
  }

  get hostname(): string {
    return this.#runtime.hostname();
  }

  get connections(): number {
    return this.#servers.reduce((n, s) => n + s.connections, 0);
  }

  async listen(spec: DeviceSpec): Promise<void> {
    const [cli, netconf] = this.#servers;
    if (cli === undefined) return;
    this.port = await cli.listen(spec.port ?? 0, this.host);
    if (netconf !== undefined) this.netconfPort = await netconf.listen(spec.netconfPort ?? 0, this.host);
  }

  attach(extensions: readonly DeviceExtension[]): void {
    this.#extensions = extensions;
    for (const ext of extensions) {
      const cleanup = ext.attach?.(this);
      if (typeof cleanup === 'function') this.#cleanups.push(cleanup);
    }
  }

  registerCommands(commands: readonly CommandDefinition[], configLines: readonly ConfigLineDefinition[] = []): () => void {
    const registration = { commands, configLines };
    this.#registrations.push(registration);
    try {
      this.#rebuild();
    } catch (error) {
      this.#registrations.pop();
      this.#rebuild();
      throw error;
    }
    return () => {
      const i = this.#registrations.indexOf(registration);
      if (i >= 0) this.#registrations.splice(i, 1);
      this.#rebuild();
    };
  }

  #rebuild(): void {
    this.#set = this.#baseSet
      .with({
        commands: this.#registrations.flatMap((r) => r.commands),
        configLines: this.#registrations.flatMap((r) => r.configLines),
      })
      .compileAll();
  }

  registerSubsystem(name: string, handler: SubsystemHandler): () => void {
    if (!/^[\w.@-]+$/.test(name)) throw new InvalidArgumentError('subsystem', `invalid name "${name}"`);
    this.#subsystems.set(name, handler);
    return () => {
      if (this.#subsystems.get(name) === handler) this.#subsystems.delete(name);
    };
  }

  #handlers(localPort: () => number): ConstructorParameters<typeof DeviceSshServer>[0]['handlers'] {
    return {
      shell: (request) => this.#startShell(request, true),
      exec: (request) => this.#startShell(request, false, request.command),
      subsystem: (name) => this.#subsystems.get(name),
      subsystemSession: (channel, name, username, remoteAddress, drop) => {
        const handler = this.#subsystems.get(name);
        if (handler === undefined) {
          channel.close();
          return;
        }
        try {
          handler(channel, { device: this, subsystem: name, username, remoteAddress, port: localPort(), drop });
        } catch (error) {
          this.#onError(error);
          channel.close();
        }
      },
    };
  }

  #startShell(request: ShellRequest, interactive: boolean, command?: string): void {
    const { channel } = request;
    const session = new ShellSession({
      runtime: this.#runtime,
      port: {
        write: (text) => {
          if (channel.writable) channel.write(text);
        },
        drop: request.drop,
      },
      username: request.username,
      privilege: request.privilege,
      remoteAddress: request.remoteAddress,
      rows: request.rows,
      cols: request.cols,
      interactive,
    });
    this.#runtime.openSessions.add(session.id);
    channel.on('data', (data: Buffer) => session.receive(data));
    channel.on('end', () => session.hangUp());
    channel.on('close', () => session.hangUp());
    channel.on('error', () => session.hangUp());
    if (command !== undefined) session.receive(`${command}\n`);
    session
      .start()
      .then(() => {
        if (channel.writable) {
          channel.exit(0);
          channel.end();
        }
      })
      .catch((error: unknown) => {
        this.#onError(error);
        channel.close();
      });
  }

  reboot(options: RebootOptions = {}): Promise<void> {
    const downMs = options.downMs ?? 0;
    if (!Number.isFinite(downMs) || downMs < 0) throw new InvalidArgumentError('downMs', `must be a number of milliseconds >= 0, got ${String(options.downMs)}`);
    if (this.#closed !== undefined) return Promise.reject(new PlatformError(`${this.name} is closed; it cannot reboot`));
    this.#rebooting ??= this.#reboot(downMs).finally(() => {
      this.#rebooting = undefined;
    });
    return this.#rebooting;
  }

  async #reboot(downMs: number): Promise<void> {
    const [cli, netconf] = this.#servers;
    // Every session ends with the connection: candidates, `configure exclusive` and NETCONF locks go with them.
    await Promise.all(this.#servers.map((s) => s.close()));
    await new Promise<void>((resolve) => setImmediate(resolve));
    for (const ext of this.#extensions) {
      try {
        await ext.reboot?.(this);
      } catch (error) {
        this.#onError(error);
      }
    }
    const now = this.timers.now();
    this.#identity = Object.freeze({ ...this.#identity, bootTime: now });
    this.#runtime.store.reload();
    this.syslog.clear();
    this.syslog.append(bootMessage(this.platform, now));
    if (downMs > 0) await new Promise<void>((resolve) => this.timers.setTimeout(resolve, downMs));
    if (this.#closed !== undefined) return;
    if (cli !== undefined) await cli.listen(this.port, this.host);
    if (netconf !== undefined && this.netconfPort !== undefined) await netconf.listen(this.netconfPort, this.host);
  }

  close(): Promise<void> {
    this.#closed ??= (async () => {
      for (const cleanup of this.#cleanups.splice(0).reverse()) {
        try {
          await cleanup();
        } catch (error) {
          this.#onError(error);
        }
      }
      await Promise.all(this.#servers.map((s) => s.close()));
    })();
    return this.#closed;
  }
}

/** Starts one emulated device listening on loopback (or `spec.host`). */
export async function startDevice(spec: DeviceSpec, options: DeviceOptions = {}): Promise<EmulatedDevice> {
  const extensions = options.extensions ?? NO_EXTENSIONS;
  const device = new Device(spec, options, options.hostKeys ?? generateHostKeys(), extensions);
  try {
    await device.listen(spec);
    device.attach(extensions);
  } catch (error) {
    await device.close();
    throw error;
  }
  return device;
}
