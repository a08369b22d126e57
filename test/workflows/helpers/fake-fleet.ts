/**
 * In-test implementations of the workflow ports: devices with a small Smart Agent state machine (register,
 * renew, deregister, status, show commands, syslog in the devices' own formats), a CSSM with product instances and
 * tokens, and a configuration intent. Faults: refused connects, a connection drop at the Nth operation, operations
 * that hang until aborted, latency, CSSM unreachable / slow / API 5xx, sync loss (instance removed in CSSM).
 * Time is the test's virtual time; nothing really sleeps.
 */
import { DAY, type Clock } from '../../../src/clock.js';
import type { CssmProductInstance, ProductInstanceQuery, RemoveInstanceResult } from '../../../src/cssm/types.js';
import { ClosedError, CommitError, ConnectError, CssmError, DeviceCommandError, InvalidIntentError, LicensingError } from '../../../src/errors.js';
import { xeClock, xrClock } from '../../../src/emulator/device/device-time.js';
import type { LicensingSnapshot, AttemptSnapshot } from '../../../src/licensing/snapshot.js';
import type { AuthorizationStatus, LicensingMode, RegistrationStatus } from '../../../src/licensing/types.js';
import type { PlatformId } from '../../../src/platforms/types.js';
import { Secret } from '../../../src/secret.js';
import type { CssmPort, DeviceLicensingStatus, IntentApplier, IntentOutcome, LicensingDevice, OperationOptions, RegisterPortOptions } from '../../../src/workflows/ports.js';
import { sleep } from '../../../src/workflows/scheduler-sleep.js';
import type { VirtualTime } from './virtual-time.js';

export type OpName = 'status' | 'register' | 'renewId' | 'renewAuth' | 'deregister' | 'send';

export interface FakeSpec {
  readonly host: string;
  readonly platform: PlatformId;
  readonly model: 'cBR-8' | 'NCS-560' | 'NCS-1004';
  readonly pid: string;
  readonly sn: string;
  readonly release: string;
  readonly mode?: LicensingMode;
  readonly smartLicensing?: 'enabled' | 'disabled';
  readonly dns?: boolean;
  readonly clockSkewMs?: number;
  /** Registered and authorized (and known to CSSM) from the start. */
  readonly registered?: boolean;
}

export interface FakeFaults {
  /** Connection attempts refused (E_CONNECT) before one succeeds. */
  refuseConnects: number;
  /** The connection drops (E_CLOSED) at this operation number, counted per device over all sessions; once. */
  dropAtOp: number | undefined;
  /** Operations that never answer until aborted or until the session closes. */
  hang: Set<OpName>;
  /** Connecting never completes until aborted. */
  hangConnect: boolean;
  /** Each operation takes this long, virtual ms. */
  latencyMs: number;
}

const MODELS: ReadonlyArray<Pick<FakeSpec, 'platform' | 'model' | 'pid' | 'release'>> = [
  { platform: 'ios-xe', model: 'cBR-8', pid: 'CBR-8-CCAP-CHASS', release: '16.12.4' },
  { platform: 'ios-xr', model: 'NCS-560', pid: 'N560-4-SYS', release: '7.3.2' },
  { platform: 'ios-xr', model: 'NCS-1004', pid: 'NCS1004', release: '7.3.2' },
];

/** Device number `i` of a mixed fleet: cBR-8 (IOS-XE), NCS 560 and NCS 1004 (IOS-XR) in turn. */
export function fakeSpec(i: number, overrides: Partial<FakeSpec> = {}): FakeSpec {
  const model = MODELS[i % MODELS.length]!;
  return { host: `${model.model.toLowerCase()}-${i}`, sn: `FOX${String(2202000 + i).padStart(7, '0')}W${i % 10}`, ...model, ...overrides };
}

const ENTITLEMENTS: Readonly<Record<FakeSpec['model'], { tag: string; count: number }>> = {
  'cBR-8': { tag: 'DOCSIS_DS', count: 32 },
  'NCS-560': { tag: 'ESS_RTU', count: 1 },
  'NCS-1004': { tag: 'S-NCS1K4-LIC-100G=', count: 8 },
};

const SYNC_LOST_TEXT = (pid: string, sn: string): string =>
  `Authorization renewal with the Cisco Smart Software Manager (CSSM) : Error received from Smart Software Manager: Data and signature do not match for udi PID:${pid},SN:${sn}`;
const DEREG_FAILED_TEXT =
  'Smart Agent for Licensing DeRegistration with Cisco Smart Software Manager (CSSM) failed: Agent received a failure status in a response message. Please check the Agent log file for the detailed message.';

function syslogTime(ms: number, zone: boolean): string {
  const d = new Date(ms);
  const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()];
  const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
  const time = `${month} ${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`;
  return zone ? `${time} UTC` : time;
}

/** The CSSM: product instances by serial number, valid tokens, faults. */
export class FakeCssm implements CssmPort {
  readonly instances = new Map<string, CssmProductInstance>();
  readonly tokens = new Set<string>();
  /** Devices cannot reach CSSM (call home times out). */
  unreachable = false;
  /** Call-home latency, virtual ms (CSSM slow). */
  latencyMs = 0;
  /** The next N API calls fail with HTTP 503. */
  apiFailures = 0;
  /** Serial numbers whose instance stays listed when the device deregisters. */
  readonly sticky = new Set<string>();
  readonly apiCalls: string[] = [];

  constructor(readonly time: VirtualTime) {}

  /** A valid ID token. */
  issueToken(value: string): Secret {
    this.tokens.add(value);
    return new Secret(value);
  }

  #api(call: string): void {
    this.apiCalls.push(call);
    if (this.apiFailures > 0) {
      this.apiFailures--;
      throw new CssmError('GET', 'https://cssm.test/v1/devices', 503, 'Service Unavailable');
    }
  }

  async findProductInstance(query: ProductInstanceQuery): Promise<CssmProductInstance | undefined> {
    this.#api(`find ${query.sn}`);
    const found = this.instances.get(query.sn);
    return found !== undefined && (query.pid === undefined || found.udi.pid === query.pid) ? found : undefined;
  }

  async removeProductInstance(query: ProductInstanceQuery): Promise<RemoveInstanceResult> {
    this.#api(`remove ${query.sn}`);
    if (!this.instances.has(query.sn)) return { removed: false, message: `no product instance with SN ${query.sn}` };
    this.instances.delete(query.sn);
    this.sticky.delete(query.sn);
    return { removed: true, message: '' };
  }

  add(spec: FakeSpec, at: number): void {
    this.instances.set(spec.sn, {
      udi: { pid: spec.pid, sn: spec.sn },
      hostname: spec.host,
      instanceName: spec.host,
      productTagName: spec.model,
      productName: spec.model,
      virtualAccount: 'Physical',
      status: 'in-compliance',
      registeredAt: new Date(at).toISOString(),
      licenseUsage: [],
    });
  }
}

/** One device's persistent state (what survives its sessions). */
export class FakeDeviceState {
  registration: RegistrationStatus = 'unregistered';
  authorization: AuthorizationStatus = 'evaluation';
  registeredAt: number | undefined;
  lastRenewal: AttemptSnapshot | undefined;
  lastCommunication: AttemptSnapshot | undefined;
  /** The last successful contact with CSSM: the communication deadline is 90 days after it. */
  lastSuccessAt: number | undefined;
  dns: boolean;
  smartLicensing: 'enabled' | 'disabled';
  readonly syslog: string[] = [];
  readonly calls: string[] = [];
  /** Tokens the device was registered with, in order (plain values, for assertions). */
  readonly registeredWith: string[] = [];
  ops = 0;
  readonly faults: FakeFaults = { refuseConnects: 0, dropAtOp: undefined, hang: new Set(), hangConnect: false, latencyMs: 0 };
  /** Virtual ms between `register` and the agent's answer from CSSM. */
  registrationDelayMs = 2000;
  readonly evaluationStart: number;

  constructor(
    readonly spec: FakeSpec,
    readonly cssm: FakeCssm,
    readonly time: VirtualTime,
  ) {
    this.dns = spec.dns ?? true;
    this.smartLicensing = spec.smartLicensing ?? 'enabled';
    this.evaluationStart = time.clock.now() - DAY;
    if (spec.registered === true) {
      const at = time.clock.now() - DAY;
      this.registration = 'registered';
      this.authorization = 'authorized';
      this.registeredAt = at;
      this.lastCommunication = { result: 'succeeded', at };
      this.lastSuccessAt = at;
      cssm.add(spec, at);
    }
  }

  get clock(): Clock {
    return this.time.clock;
  }

  log(mnemonic: string, text: string, severity = 3): void {
    const at = this.clock.now() + (this.spec.clockSkewMs ?? 0);
    this.syslog.push(
      this.spec.platform === 'ios-xr'
        ? `RP/0/RP0/CPU0:${syslogTime(at, true)}: smartlicserver[311]: %LICENSE-SMART_LIC-${severity}-${mnemonic} : ${text}`
        : `*${syslogTime(at, false)}: %SMART_LIC-${severity}-${mnemonic}: ${text}`,
    );
  }

  /** The seed's step 3 and 4 (004:614-648): the instance is removed in CSSM, then the agent's renewal fails. */
  loseSync(): void {
    this.cssm.instances.delete(this.spec.sn);
    this.agentRenewAuth();
  }

  /** The Smart Agent's own authorization renewal (the 30-day cycle). */
  agentRenewAuth(): void {
    const now = this.clock.now();
    if (this.cssm.unreachable) {
      this.lastCommunication = { result: 'failed', at: now, failureReason: 'Fail to send out Call Home HTTP message: connection timed out' };
      this.log('COMM_FAILED', 'Communications failure with the Cisco Smart Software Manager (CSSM) : connection timed out');
    } else if (!this.cssm.instances.has(this.spec.sn)) {
      this.lastCommunication = { result: 'failed', at: now, failureReason: `Error received from Smart Software Manager: Data and signature do not match for udi PID:${this.spec.pid},SN:${this.spec.sn}` };
      this.log('AUTH_RENEW_FAILED', SYNC_LOST_TEXT(this.spec.pid, this.spec.sn));
    } else {
      this.lastCommunication = { result: 'succeeded', at: now };
      this.lastSuccessAt = now;
      this.authorization = 'authorized';
    }
  }

  snapshot(): LicensingSnapshot {
    const now = this.clock.now();
    const registered = this.registration === 'registered';
    const entitlement = ENTITLEMENTS[this.spec.model];
    return {
      observedAt: now + (this.spec.clockSkewMs ?? 0),
      platform: this.spec.platform,
      model: this.spec.model,
      smartLicensing: this.smartLicensing,
      mode: this.spec.mode ?? 'classic',
      registration: {
        status: this.registration,
        ...(this.registeredAt === undefined || !registered ? {} : { registeredAt: this.registeredAt }),
        ...(this.lastRenewal === undefined ? {} : { lastRenewal: this.lastRenewal }),
      },
      authorization: {
        status: this.authorization,
        ...(this.lastCommunication === undefined || !registered ? {} : { lastCommunication: this.lastCommunication }),
        ...(this.lastSuccessAt === undefined || !registered ? {} : { deadlineAt: this.lastSuccessAt + 90 * DAY }),
      },
      ...(registered ? {} : { evaluation: { inUse: true, remainingMs: Math.max(0, this.evaluationStart + 90 * DAY - now) } }),
      entitlements: [{ tag: entitlement.tag, count: entitlement.count, status: registered ? (this.authorization === 'authorized' ? 'authorized' : 'authorization-expired') : 'evaluation' }],
    };
  }

  status(): DeviceLicensingStatus {
    return { snapshot: this.snapshot(), udi: { raw: `PID:${this.spec.pid},SN:${this.spec.sn}`, pid: this.spec.pid, sn: this.spec.sn } };
  }
}

export class FakeSession implements LicensingDevice {
  closeCalls = 0;
  #dead = false;
  readonly #closing = new AbortController();

  constructor(
    readonly state: FakeDeviceState,
    readonly fleet: FakeFleet,
  ) {}

  get host(): string {
    return this.state.spec.host;
  }

  get platform(): PlatformId {
    return this.state.spec.platform;
  }

  get closed(): boolean {
    return this.closeCalls > 0;
  }

  #signal(options: OperationOptions | undefined): AbortSignal {
    return options?.signal === undefined ? this.#closing.signal : AbortSignal.any([options.signal, this.#closing.signal]);
  }

  async #op<T>(name: OpName, options: OperationOptions | undefined, body: () => T | Promise<T>): Promise<T> {
    const state = this.state;
    if (this.closed || this.#dead) throw new ClosedError(this.host, 'the session is closed');
    options?.signal?.throwIfAborted();
    state.ops++;
    state.calls.push(name);
    if (state.faults.dropAtOp === state.ops) {
      state.faults.dropAtOp = undefined;
      this.#dead = true;
      throw new ClosedError(this.host, 'connection reset by peer');
    }
    const signal = this.#signal(options);
    if (state.faults.hang.has(name)) {
      await new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }));
    }
    if (state.faults.latencyMs > 0) await sleep(state.faults.latencyMs, this.fleet.time.scheduler, signal);
    return body();
  }

  async #callHome(signal: AbortSignal | undefined): Promise<void> {
    if (this.state.cssm.latencyMs > 0) await sleep(this.state.cssm.latencyMs, this.fleet.time.scheduler, this.#signal(signal === undefined ? undefined : { signal }));
  }

  status(options?: OperationOptions): Promise<DeviceLicensingStatus> {
    return this.#op('status', options, () => this.state.status());
  }

  register(token: Secret, options: RegisterPortOptions = {}): Promise<DeviceLicensingStatus> {
    return this.#op('register', options, () => {
      const state = this.state;
      if (state.smartLicensing === 'disabled') throw new LicensingError('E_REGISTRATION_FAILED', 'register', 'Smart Licensing is disabled', { host: this.host });
      if (state.registration === 'registering') {
        // The Smart Agent refuses a second registration while one is in flight (agent-texts.ts), force or not.
        throw new DeviceCommandError('license smart register idtoken ***', "% Error: Smart Licensing: a registration is already in progress. Use the 'show license status' command to check the progress and result", state.spec.platform, { host: this.host });
      }
      if (state.registration === 'registered' && options.force !== true) {
        throw new LicensingError('E_ALREADY_REGISTERED', 'register', 'the device is already registered', { host: this.host });
      }
      if (!state.cssm.tokens.has(token.reveal())) {
        throw new LicensingError('E_TOKEN_INVALID', 'register', `the idtoken ${token.reveal()} is invalid`, { host: this.host, evidence: [`Invalid token ${token.reveal()}`] });
      }
      state.registeredWith.push(token.reveal());
      state.registration = 'registering';
      state.authorization = 'evaluation';
      state.lastRenewal = undefined;
      this.fleet.time.scheduler.schedule(() => this.#completeRegistration(), state.registrationDelayMs + state.cssm.latencyMs);
      return state.status();
    });
  }

  #completeRegistration(): void {
    const state = this.state;
    const now = state.clock.now();
    if (state.registration !== 'registering') return;
    const failure = !state.dns ? 'Unable to resolve server hostname/domain name' : state.cssm.unreachable ? 'Fail to send out Call Home HTTP message: connection timed out' : undefined;
    if (failure !== undefined) {
      state.registration = 'registration-failed';
      state.lastRenewal = { result: 'failed', at: now, failureReason: failure };
      state.log('AGENT_REG_FAILED', `Smart Agent for Licensing Registration with Cisco licensing cloud failed: ${failure}`);
      return;
    }
    state.cssm.add(state.spec, now);
    state.registration = 'registered';
    state.authorization = 'authorized';
    state.registeredAt = now;
    state.lastCommunication = { result: 'succeeded', at: now };
    state.lastSuccessAt = now;
    state.log('AGENT_REG_SUCCESS', 'Smart Agent for Licensing Registration with Cisco licensing cloud successful', 5);
  }

  renewId(options?: OperationOptions): Promise<DeviceLicensingStatus> {
    return this.#op('renewId', options, async () => {
      if (this.state.registration !== 'registered') throw new LicensingError('E_NOT_REGISTERED', 'renew-id', 'the device is not registered', { host: this.host });
      await this.#callHome(options?.signal);
      return this.state.status();
    });
  }

  renewAuth(options?: OperationOptions): Promise<DeviceLicensingStatus> {
    return this.#op('renewAuth', options, async () => {
      const state = this.state;
      if (state.registration !== 'registered') throw new LicensingError('E_NOT_REGISTERED', 'renew-auth', 'the device is not registered', { host: this.host });
      await this.#callHome(options?.signal);
      state.agentRenewAuth();
      const last = state.lastCommunication;
      if (last?.result === 'failed') {
        const sync = !state.cssm.unreachable;
        throw new LicensingError(sync ? 'E_SYNC_LOST' : 'E_COMM_FAILED', 'renew-auth', last.failureReason ?? 'renewal failed', {
          host: this.host,
          ...(sync ? {} : { commCause: 'unreachable' as const }),
          evidence: [state.syslog[state.syslog.length - 1] ?? ''],
        });
      }
      return state.status();
    });
  }

  deregister(options?: OperationOptions): Promise<DeviceLicensingStatus> {
    return this.#op('deregister', options, async () => {
      const state = this.state;
      if (state.registration !== 'registered') throw new LicensingError('E_NOT_REGISTERED', 'deregister', 'the device is not registered', { host: this.host });
      await this.#callHome(options?.signal);
      if (state.cssm.unreachable) {
        throw new LicensingError('E_COMM_FAILED', 'deregister', 'Fail to send out Call Home HTTP message: connection timed out', { host: this.host, commCause: 'unreachable' });
      }
      const known = state.cssm.instances.has(state.spec.sn);
      if (known && !state.cssm.sticky.has(state.spec.sn)) state.cssm.instances.delete(state.spec.sn);
      state.registration = 'unregistered';
      state.authorization = 'evaluation';
      state.lastCommunication = undefined;
      if (!known) {
        state.log('AGENT_DEREG_FAILED', DEREG_FAILED_TEXT);
        throw new LicensingError('E_REGISTRATION_FAILED', 'deregister', DEREG_FAILED_TEXT, { host: this.host, evidence: [state.syslog[state.syslog.length - 1] ?? ''] });
      }
      return state.status();
    });
  }

  send(command: string, options?: OperationOptions): Promise<{ readonly output: string }> {
    return this.#op('send', options, () => ({ output: this.#answer(command) }));
  }

  #answer(command: string): string {
    const { spec } = this.state;
    const xr = spec.platform === 'ios-xr';
    const now = this.state.clock.now() + (spec.clockSkewMs ?? 0);
    switch (command) {
      case 'show version':
        return xr
          ? `Cisco IOS XR Software, Version ${spec.release}\nCopyright (c) 2013-2021 by Cisco Systems, Inc.\n\nBuild Information:\n Version      : ${spec.release}\n\ncisco ${spec.model} () processor`
          : `Cisco IOS XE Software, Version ${spec.release}\nCisco IOS Software [Gibraltar], cBR Software (X86_64_LINUX_IOSD-UNIVERSALK9-M), Version ${spec.release}, RELEASE SOFTWARE (fc2)\ncisco cBR-8 (CCAP) processor`;
      case 'show clock':
        return xr ? xrClock(now) : xeClock(now);
      case 'show running-config | include name-server':
        return this.state.dns ? (xr ? 'domain name-server 192.0.2.53' : 'ip name-server 192.0.2.53') : '';
      case 'show license udi':
        return `UDI: PID:${spec.pid},SN:${spec.sn}`;
      case 'show license all':
        return `Smart Licensing Status\n======================\n\nSmart Licensing is ENABLED\n\nRegistration:\n  Status: ${this.state.registration.toUpperCase()}\n\nLicense Authorization:\n  Status: ${this.state.authorization.toUpperCase()}`;
      case 'show running-config | section call-home':
      case 'show running-config call-home':
        return xr
          ? 'call-home\n service active\n contact smart-licensing\n profile CiscoTAC-1\n  active\n  destination transport-method http'
          : 'call-home\n contact-email-addr sch-smart-licensing@cisco.com\n profile "CiscoTAC-1"\n  active\n  destination transport-method http';
      case 'show running-config | include license':
        return xr ? 'license smart flexible-consumption enable' : 'license smart enable';
      case 'show logging | include SMART_LIC':
        return this.state.syslog.join('\n');
      default:
        throw new DeviceCommandError(command, "% Invalid input detected at '^' marker.", spec.platform, { host: this.host, code: 'E_CLI_INVALID_INPUT' });
    }
  }

  async close(): Promise<void> {
    this.closeCalls++;
    if (this.closeCalls > 1) return;
    this.fleet.openNow--;
    this.#closing.abort(new ClosedError(this.host, 'the session was closed'));
  }
}

/** The fleet: device states by host, the opener, and what the opener did. */
export class FakeFleet {
  readonly devices = new Map<string, FakeDeviceState>();
  readonly sessions: FakeSession[] = [];
  readonly cssm: FakeCssm;
  openNow = 0;
  maxOpen = 0;
  /** Opens that were still pending when aborted. */
  abandonedOpens = 0;

  constructor(readonly time: VirtualTime) {
    this.cssm = new FakeCssm(time);
  }

  add(spec: FakeSpec): FakeDeviceState {
    const state = new FakeDeviceState(spec, this.cssm, this.time);
    this.devices.set(spec.host, state);
    return state;
  }

  device(host: string): FakeDeviceState {
    const state = this.devices.get(host);
    if (state === undefined) throw new Error(`no fake device ${host}`);
    return state;
  }

  get hosts(): string[] {
    return [...this.devices.keys()];
  }

  sessionsOf(host: string): FakeSession[] {
    return this.sessions.filter((s) => s.host === host);
  }

  readonly open = async (host: string, options: OperationOptions): Promise<LicensingDevice> => {
    const state = this.devices.get(host);
    if (state === undefined) throw new ConnectError(host, 22, 'no route to host');
    options.signal?.throwIfAborted();
    if (state.faults.refuseConnects > 0) {
      state.faults.refuseConnects--;
      throw new ConnectError(host, 22, 'connection refused');
    }
    if (state.faults.hangConnect) {
      this.abandonedOpens++;
      await new Promise<never>((_, reject) => options.signal?.addEventListener('abort', () => reject(options.signal?.reason), { once: true }));
    }
    const session = new FakeSession(state, this);
    this.sessions.push(session);
    this.openNow++;
    this.maxOpen = Math.max(this.maxOpen, this.openNow);
    return session;
  };
}

/** A DNS intent: configures a name server where there is none. */
export class FakeDnsIntent implements IntentApplier {
  readonly applied: string[] = [];
  /** Hosts whose configuration commit is rejected. */
  readonly rejects = new Set<string>();

  constructor(
    readonly fleet: FakeFleet,
    readonly servers: readonly string[] = ['192.0.2.53'],
  ) {}

  validate(): void {
    if (this.servers.length === 0) throw new InvalidIntentError([{ pointer: '/dns/servers', message: 'at least one name server is required' }]);
  }

  async apply(device: LicensingDevice, options: OperationOptions & { readonly check: boolean }): Promise<IntentOutcome> {
    options.signal?.throwIfAborted();
    const state = this.fleet.device(device.host);
    if (this.rejects.has(device.host)) {
      throw new CommitError('% Failed to commit one or more configuration items', '!! SEMANTIC ERRORS: name-server rejected', { host: device.host });
    }
    if (state.dns) return { changed: false, diff: [] };
    const keyword = device.platform === 'ios-xr' ? 'domain name-server' : 'ip name-server';
    const diff = this.servers.map((s) => `${keyword} ${s}`);
    if (!options.check) {
      state.dns = true;
      this.applied.push(device.host);
    }
    return { changed: true, diff };
  }
}
