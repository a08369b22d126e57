/**
 * Forced re-registration.
 *
 * `forceReregister$` is the NCS 1004 CSSM sync-loss procedure (004:597-684): detect the authorization renewal
 * failure "Data and signature do not match" (status and syslog) → `license smart renew auth` (fails as expected)
 * → `license smart deregister` (fails at CSSM with the expected `AGENT_DEREG_FAILED` but drops the local
 * registration) → [INF 004:236] `license smart register idtoken <new token> force` → verify Authorized.
 *
 * `reregisterWithForce$` is the generic entry for other failure states (registration failed on communication,
 * expired registration or authorization …): `register idtoken <new token> force` → verify (004:236).
 *
 * Both are re-entrant: a retry after the deregistration finds the device unregistered and goes on registering.
 */
import type { Observable, SchedulerLike } from 'rxjs';
import { InvalidArgumentError, LicensingError, WorkflowError } from '../errors.js';
import { evaluateCompliance } from '../licensing/compliance.js';
import type { RegistrationStatus } from '../licensing/types.js';
import type { WorkflowEvent, WorkflowName } from './events.js';
import { readLicensingSyslog } from './licensing-syslog.js';
import type { DeviceLicensingStatus, LicensingDevice, TokenSource } from './ports.js';
import { procedure$, type ProcedureResult, type Steps } from './procedure.js';
import { waitForRegistration, type RegistrationWaitOptions } from './registration-wait.js';
import { detectSyncLoss } from './sync-loss.js';
import { checkTokenSource, obtainToken } from './token-source.js';
import { runtimeScheduler, type FleetWorkflow, type WorkflowRuntime } from './workflow.js';

export interface ReregisterSettings {
  /** A new ID token (the old registration's token is not reused). */
  readonly token: TokenSource;
  readonly wait?: RegistrationWaitOptions;
  /** Check mode: detect only (reads), report whether the device would be re-registered, change nothing. */
  readonly check?: boolean;
}

export interface ForceReregisterSettings extends ReregisterSettings {
  /**
   * When neither the status nor the syslog shows a sync loss on a healthy-looking device, ask CSSM the way the
   * seed does (004:626): `license smart renew auth`. Refused with "Data and signature do not match", it is the sync
   * loss and the procedure goes on; renewed, CSSM knows the device and the workflow stops there. A device whose
   * product instance was just removed in CSSM shows nothing until its next renewal. Default false; never in check
   * mode (a renewal is a change).
   */
  readonly probe?: boolean;
}

export interface ReregisterWithForceSettings extends ReregisterSettings {
  /** Re-register even a device that is registered and authorized; default false (it is skipped). */
  readonly always?: boolean;
}

export interface ForceReregisterOptions extends ForceReregisterSettings, WorkflowRuntime {}
export interface ReregisterWithForceOptions extends ReregisterWithForceSettings, WorkflowRuntime {}

const UNREGISTERED: ReadonlySet<RegistrationStatus> = new Set<RegistrationStatus>(['unregistered', 'unidentified', 'unconfigured']);

function checkSettings(settings: ReregisterSettings): void {
  checkTokenSource(settings.token);
  for (const [name, value] of [
    ['wait.pollIntervalMs', settings.wait?.pollIntervalMs],
    ['wait.timeoutMs', settings.wait?.timeoutMs],
  ] as const) {
    if (value !== undefined && (!Number.isFinite(value) || value <= 0)) throw new InvalidArgumentError(name, `must be a positive number of milliseconds, got ${String(value)}`);
  }
}

function isHealthy(status: DeviceLicensingStatus): boolean {
  const auth = status.snapshot.authorization?.status;
  return status.snapshot.registration?.status === 'registered' && (auth === 'authorized' || auth === 'out-of-compliance');
}

function describe(status: DeviceLicensingStatus): string {
  return `registration ${status.snapshot.registration?.status ?? 'unknown'}, authorization ${status.snapshot.authorization?.status ?? 'unknown'}`;
}

/** The deregistration failure the sync-loss procedure expects: CSSM refuses because it no longer knows the instance (004:660-678). */
export function isExpectedDeregFailure(error: unknown): boolean {
  if (!(error instanceof LicensingError)) return false;
  if (error.code === 'E_SYNC_LOST') return true;
  return [error.message, ...(error.evidence ?? [])].some((text) => /AGENT_DEREG_FAILED|Agent received a failure status in a response message/i.test(text));
}

async function verifyAuthorized(device: LicensingDevice, steps: Steps, workflow: WorkflowName): Promise<DeviceLicensingStatus> {
  return steps.run('verify', 'reading the licensing status', async () => {
    const final = await device.status({ signal: steps.signal });
    const auth = final.snapshot.authorization?.status;
    if (final.snapshot.registration?.status !== 'registered' || (auth !== 'authorized' && auth !== 'out-of-compliance')) {
      throw new WorkflowError(workflow, 'verify', `the device reports ${describe(final)} after re-registering`, { host: device.host });
    }
    const data = { registration: 'registered', authorization: auth, findings: evaluateCompliance(final.snapshot, steps.clock).findings.map((f) => f.code) };
    return auth === 'authorized'
      ? { value: final, detail: 'registered and authorized', data }
      : { value: final, status: 'warning', detail: 'registered; out of compliance (the virtual account lacks licenses)', data };
  });
}

/** A registration in flight (an earlier attempt's): the agent refuses another one, force or not; it is waited for. */
function isRegistering(status: DeviceLicensingStatus): boolean {
  return status.snapshot.registration?.status === 'registering';
}

async function registerForceAndVerify(
  device: LicensingDevice,
  steps: Steps,
  workflow: WorkflowName,
  settings: ReregisterSettings,
  scheduler: SchedulerLike,
  current: DeviceLicensingStatus,
): Promise<ProcedureResult> {
  let registered = current;
  if (isRegistering(current)) {
    steps.skip('register-force', 'a registration is already in progress; waiting for it');
  } else {
    registered = await steps.run('register-force', 'license smart register idtoken *** force', async () => {
      const token = await obtainToken(settings.token, device.host, { signal: steps.signal });
      const poll = settings.wait?.pollIntervalMs;
      const after = await device.register(token, { signal: steps.signal, force: true, ...(poll === undefined ? {} : { pollIntervalMs: poll }) });
      return { value: after, changed: true, detail: `registration ${after.snapshot.registration?.status ?? 'unknown'}` };
    });
  }
  await steps.run('wait-registration', 'waiting for the Smart Agent to register and authorize', async () => {
    const done = await waitForRegistration(device, registered, steps, scheduler, settings.wait);
    return { value: done, detail: describe(done) };
  });
  const final = await verifyAuthorized(device, steps, workflow);
  return { status: 'succeeded', detail: `re-registered; ${describe(final)}`, value: { registration: 'registered', authorization: final.snapshot.authorization?.status ?? null } };
}

function skipRest(steps: Steps, names: ReadonlyArray<Parameters<Steps['skip']>[0]>, why: string): void {
  for (const name of names) steps.skip(name, why);
}

export function forceReregister$(device: LicensingDevice, options: ForceReregisterOptions): Observable<WorkflowEvent> {
  checkSettings(options);
  const scheduler = runtimeScheduler(options);
  const workflow = 'force-reregister';

  return procedure$(workflow, device.host, options, async (steps) => {
    const op = { signal: steps.signal };
    const host = device.host;

    const detected = await steps.run('detect-sync-loss', 'licensing status and syslog ("Data and signature do not match")', async () => {
      const status = await device.status(op);
      const syslog = await readLicensingSyslog(device, steps.clock, steps.signal);
      const detection = detectSyncLoss(status.snapshot, syslog.hits);
      const data = { ...detection, registration: status.snapshot.registration?.status ?? null, authorization: status.snapshot.authorization?.status ?? null, syslogProblem: syslog.problem };
      if (detection.lost) return { value: { status, lost: true, probed: false }, detail: `sync loss seen in ${detection.sources.join(' and ')}: ${detection.evidence[0] ?? ''}`, data };
      if (!isHealthy(status)) {
        throw new WorkflowError(workflow, 'detect-sync-loss', `no sync loss detected (${describe(status)}); for other failure states use the generic re-registration with force`, { host });
      }
      if (options.probe !== true || options.check === true) return { value: { status, lost: false, probed: false }, status: 'skipped', detail: `no sync loss: ${describe(status)}`, data };
      try {
        const after = await device.renewAuth(op);
        return { value: { status: after, lost: false, probed: true }, status: 'skipped', changed: true, detail: `no sync loss: CSSM renewed the authorization (license smart renew auth); ${describe(after)}`, data: { ...data, probe: 'renewed' } };
      } catch (error) {
        if (!(error instanceof LicensingError && error.code === 'E_SYNC_LOST')) throw error;
        const now = await device.status(op);
        return { value: { status: now, lost: true, probed: true }, detail: `sync loss found by license smart renew auth (004:626-648): ${error.message}`, data: { ...data, lost: true, probe: 'sync-lost' } };
      }
    });
    if (!detected.lost) {
      skipRest(steps, ['renew-auth', 'deregister', 'register-force', 'wait-registration', 'verify'], 'no sync loss');
      return { status: 'skipped', detail: `no sync loss: ${describe(detected.status)}` };
    }
    if (options.check === true) {
      skipRest(steps, ['renew-auth', 'deregister', 'register-force', 'wait-registration', 'verify'], 'check mode');
      return {
        status: 'succeeded',
        detail: 'check mode: sync loss detected; would renew auth, deregister and register with force',
        value: { check: true, wouldReregister: true, registration: detected.status.snapshot.registration?.status ?? null },
      };
    }
    if (isRegistering(detected.status)) {
      skipRest(steps, ['renew-auth', 'deregister'], 'the device is registering again');
      return registerForceAndVerify(device, steps, workflow, options, scheduler, detected.status);
    }

    const registration = detected.status.snapshot.registration?.status;
    const renewed = await steps.run<boolean>('renew-auth', 'license smart renew auth', async () => {
      if (registration === undefined || UNREGISTERED.has(registration)) return { value: false, status: 'skipped', detail: `the device is ${registration ?? 'not registered'}` };
      if (detected.probed) return { value: false, status: 'skipped', detail: 'already sent while detecting; it failed as expected (004:626-648)' };
      try {
        const after = await device.renewAuth(op);
        const last = after.snapshot.authorization?.lastCommunication;
        if (after.snapshot.authorization?.status === 'authorized' && last?.result === 'succeeded') {
          return { value: true, changed: true, detail: 'the authorization renewed: CSSM knows the device again' };
        }
        return { value: false, status: 'warning', detail: `expected failure: ${last?.failureReason ?? describe(after)} (004:626-648)` };
      } catch (error) {
        if (error instanceof LicensingError && error.code === 'E_SYNC_LOST') {
          return { value: false, status: 'warning', detail: `expected failure: ${error.message} (004:626-648)` };
        }
        throw error;
      }
    });
    if (renewed) {
      skipRest(steps, ['deregister', 'register-force', 'wait-registration'], 'the authorization renewed');
      const final = await verifyAuthorized(device, steps, workflow);
      return { status: 'succeeded', detail: `authorization renewed; ${describe(final)}`, value: { registration: 'registered', authorization: final.snapshot.authorization?.status ?? null } };
    }

    await steps.run('deregister', 'license smart deregister', async () => {
      if (registration === undefined || UNREGISTERED.has(registration)) return { value: undefined, status: 'skipped', detail: `the device is already ${registration ?? 'unregistered'}` };
      try {
        const after = await device.deregister(op);
        return { value: undefined, changed: true, detail: describe(after) };
      } catch (error) {
        if (!isExpectedDeregFailure(error)) throw error;
        const after = await device.status(op);
        const now = after.snapshot.registration?.status;
        if (now === undefined || !UNREGISTERED.has(now)) throw error;
        return { value: undefined, status: 'warning', changed: true, detail: `expected AGENT_DEREG_FAILED from CSSM (004:660-678); the device is ${now}` };
      }
    });

    return registerForceAndVerify(device, steps, workflow, options, scheduler, detected.status);
  });
}

export function reregisterWithForce$(device: LicensingDevice, options: ReregisterWithForceOptions): Observable<WorkflowEvent> {
  checkSettings(options);
  const scheduler = runtimeScheduler(options);
  const workflow = 'reregister-with-force';

  return procedure$(workflow, device.host, options, async (steps) => {
    const detected = await steps.run('detect-failure', 'reading the licensing status', async () => {
      const current = await device.status({ signal: steps.signal });
      const report = evaluateCompliance(current.snapshot, steps.clock);
      const data = { registration: current.snapshot.registration?.status ?? null, authorization: current.snapshot.authorization?.status ?? null, findings: report.findings.map((f) => f.code) };
      if (isHealthy(current) && report.status !== 'critical' && options.always !== true) {
        return { value: { current, repair: false }, status: 'skipped', detail: `nothing to repair: ${describe(current)}`, data };
      }
      const findings = report.findings.length === 0 ? '' : `; ${report.findings.map((f) => f.code).join(', ')}`;
      return { value: { current, repair: true }, detail: `${describe(current)}${findings}`, data };
    });
    if (!detected.repair) {
      skipRest(steps, ['register-force', 'wait-registration', 'verify'], 'nothing to repair');
      return { status: 'skipped', detail: `nothing to repair: ${describe(detected.current)}` };
    }
    if (options.check === true) {
      skipRest(steps, ['register-force', 'wait-registration', 'verify'], 'check mode');
      return {
        status: 'succeeded',
        detail: `check mode: would register with force (${describe(detected.current)})`,
        value: { check: true, wouldReregister: true, registration: detected.current.snapshot.registration?.status ?? null },
      };
    }
        return registerForceAndVerify(device, steps, workflow, options, scheduler, detected.current);
  });
}

/** The sync-loss procedure as a fleet workflow. */
export function forcedReregistration(settings: ForceReregisterSettings): FleetWorkflow {
  checkSettings(settings);
  return {
    name: 'force-reregister',
    run: (device, context) => forceReregister$(device, { ...settings, scheduler: context.scheduler, clock: context.clock, signal: context.signal }),
  };
}

/** The generic re-registration with force as a fleet workflow. */
export function reregistrationWithForce(settings: ReregisterWithForceSettings): FleetWorkflow {
  checkSettings(settings);
  return {
    name: 'reregister-with-force',
    run: (device, context) => reregisterWithForce$(device, { ...settings, scheduler: context.scheduler, clock: context.clock, signal: context.signal }),
  };
}
