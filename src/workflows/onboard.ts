/**
 * Onboarding one device into Smart Licensing: pre-flight (reachability, platform and release, licensing mode,
 * clock, DNS) → apply the configuration intent → `license smart register idtoken` → wait for the Smart Agent →
 * verify. Re-entrant: a retry after a dropped connection finds the intent applied and the device registered, and
 * skips what is done.
 */
import type { Observable } from 'rxjs';
import { InvalidArgumentError, WorkflowError } from '../errors.js';
import { evaluateCompliance } from '../licensing/compliance.js';
import { formatRemaining } from '../licensing/timers.js';
import type { LicensingMode } from '../licensing/types.js';
import type { WorkflowEvent } from './events.js';
import type { DeviceLicensingStatus, IntentApplier, IntentOutcome, LicensingDevice, TokenSource } from './ports.js';
import { checkLicensing, checkPlatform, clockSkew, hasNameServer } from './preflight.js';
import { procedure$, type Steps } from './procedure.js';
import { waitForRegistration, type RegistrationWaitOptions } from './registration-wait.js';
import { SHOW_CLOCK, SHOW_NAME_SERVERS, SHOW_VERSION } from './show-commands.js';
import { checkTokenSource, obtainToken } from './token-source.js';
import { runtimeScheduler, type FleetWorkflow, type WorkflowRuntime } from './workflow.js';

export interface OnboardSettings {
  readonly token: TokenSource;
  /** DNS / call-home / trustpoint configuration to apply before registering. */
  readonly intent?: IntentApplier;
  /** Pre-flight and plan the intent only (nothing changes on the device); the result says whether it would register. */
  readonly check?: boolean;
  /** `register … force` even when the device is registered already. */
  readonly force?: boolean;
  /** Licensing modes onboarding accepts; default `['classic']`. */
  readonly acceptModes?: readonly LicensingMode[];
  /** Largest tolerated difference between the device clock and ours, ms; default 300 000. */
  readonly maxClockSkewMs?: number;
  /** Require a name server (the device must resolve the CSSM host); default true. */
  readonly requireDns?: boolean;
  readonly wait?: RegistrationWaitOptions;
}

export interface OnboardOptions extends OnboardSettings, WorkflowRuntime {}

const MODES: readonly LicensingMode[] = ['classic', 'slp', 'traditional'];

function checkSettings(settings: OnboardSettings): void {
  checkTokenSource(settings.token);
  const modes = settings.acceptModes ?? ['classic'];
  if (!Array.isArray(modes) || modes.length === 0 || modes.some((m) => !MODES.includes(m))) {
    throw new InvalidArgumentError('acceptModes', `must list one or more of ${MODES.join(', ')}`);
  }
  const skew = settings.maxClockSkewMs;
  if (skew !== undefined && (!Number.isFinite(skew) || skew <= 0)) throw new InvalidArgumentError('maxClockSkewMs', `must be a positive number of milliseconds, got ${String(skew)}`);
  for (const [name, value] of [
    ['wait.pollIntervalMs', settings.wait?.pollIntervalMs],
    ['wait.timeoutMs', settings.wait?.timeoutMs],
  ] as const) {
    if (value !== undefined && (!Number.isFinite(value) || value <= 0)) throw new InvalidArgumentError(name, `must be a positive number of milliseconds, got ${String(value)}`);
  }
  settings.intent?.validate();
}

function statusData(status: DeviceLicensingStatus): Record<string, string | null> {
  return {
    mode: status.snapshot.mode ?? null,
    smartLicensing: status.snapshot.smartLicensing ?? null,
    registration: status.snapshot.registration?.status ?? null,
    authorization: status.snapshot.authorization?.status ?? null,
    model: status.snapshot.model ?? null,
  };
}

async function checkDns(device: LicensingDevice, steps: Steps, canConfigure: boolean, when: string): Promise<boolean> {
  return steps.run('preflight-dns', `${when}: ${SHOW_NAME_SERVERS}`, async () => {
    const { output } = await device.send(SHOW_NAME_SERVERS, { signal: steps.signal });
    if (hasNameServer(output)) return { value: true, detail: 'a name server is configured' };
    const problem = 'no name server is configured (ip name-server / domain name-server): the device cannot resolve the CSSM host';
    if (!canConfigure) throw new WorkflowError('onboard', 'preflight-dns', problem, { host: device.host });
    return { value: false, status: 'warning', detail: `${problem}; the intent has to configure one` };
  });
}

async function checkLicensingState(device: LicensingDevice, steps: Steps, accept: readonly LicensingMode[], canConfigure: boolean, when: string): Promise<{ status: DeviceLicensingStatus; pending: boolean }> {
  return steps.run<{ status: DeviceLicensingStatus; pending: boolean }>('preflight-licensing', `${when}: reading the licensing status`, async () => {
    const status = await device.status({ signal: steps.signal });
    const check = checkLicensing(status.snapshot, accept);
    const data = statusData(status);
    if (check.problem !== null) {
      if (!check.configurable || !canConfigure) throw new WorkflowError('onboard', 'preflight-licensing', check.problem, { host: device.host });
      return { value: { status, pending: true }, status: 'warning', detail: `${check.problem}; the intent has to enable it`, data };
    }
    const registration = status.snapshot.registration?.status ?? 'unknown';
    const authorization = status.snapshot.authorization?.status ?? 'unknown';
    return { value: { status, pending: false }, detail: `${check.mode} licensing; registration ${registration}, authorization ${authorization}`, data };
  });
}

export function onboard$(device: LicensingDevice, options: OnboardOptions): Observable<WorkflowEvent> {
  checkSettings(options);
  const accept = options.acceptModes ?? ['classic'];
  const maxSkew = options.maxClockSkewMs ?? 300_000;
  const intent = options.intent;
  const check = options.check === true;
  const force = options.force === true;
  const scheduler = runtimeScheduler(options);

  return procedure$('onboard', device.host, options, async (steps) => {
    const op = { signal: steps.signal };
    const host = device.host;

    const showVersion = await steps.run('preflight-reachability', SHOW_VERSION, async () => {
      const { output } = await device.send(SHOW_VERSION, op);
      return { value: output, detail: 'the device answers' };
    });

    const platform = await steps.run('preflight-platform', 'platform and release from show version', async () => {
      const result = checkPlatform(showVersion, device.platform);
      if (result.problem !== null) throw new WorkflowError('onboard', 'preflight-platform', result.problem, { host });
      return { value: result, detail: `${result.detected ?? device.platform} ${result.release ?? '(release not printed)'}`, data: { platform: result.detected, release: result.release } };
    });

    const licensing = await checkLicensingState(device, steps, accept, intent !== undefined, 'pre-flight');
    let status = licensing.status;

    await steps.run('preflight-clock', SHOW_CLOCK, async () => {
      const { output } = await device.send(SHOW_CLOCK, op);
      const skew = clockSkew(output, steps.clock.now());
      if (skew === null) return { value: null, status: 'warning', detail: 'show clock printed no full date and zone; the clock was not checked' };
      if (Math.abs(skew) > maxSkew) {
        throw new WorkflowError(
          'onboard',
          'preflight-clock',
          `the device clock is ${formatRemaining(Math.abs(skew))} ${skew > 0 ? 'ahead' : 'behind'} (tolerance ${formatRemaining(maxSkew)}): certificate checks and CSSM requests would fail; configure NTP or set the clock`,
          { host },
        );
      }
      return { value: skew, detail: `device clock within ${formatRemaining(maxSkew)} of ours`, data: { skewMs: skew } };
    });

    const dnsReady = options.requireDns === false ? true : await checkDns(device, steps, intent !== undefined, 'pre-flight');
    if (options.requireDns === false) steps.skip('preflight-dns', 'DNS not required (requireDns: false)');

    let planned: IntentOutcome | undefined;
    if (intent === undefined) {
      steps.skip('apply-intent', 'no intent given');
    } else {
      planned = await steps.run('apply-intent', check ? 'planning the intent (check mode)' : 'applying the intent', async () => {
        const result = await intent.apply(device, { check, signal: steps.signal });
        const verb = check ? 'would change' : 'changed';
        return {
          value: result,
          changed: result.changed && !check,
          detail: result.changed ? `${result.diff.length} line(s) ${verb}` : 'already as intended',
          data: { changed: result.changed, check, diff: [...result.diff] },
        };
      });
      if (!check) {
        if (licensing.pending) status = (await checkLicensingState(device, steps, accept, false, 'after the intent')).status;
        if (!dnsReady) await checkDns(device, steps, false, 'after the intent');
      }
    }
    if (check) {
      const wouldRegister = force || status.snapshot.registration?.status !== 'registered';
      for (const step of ['register', 'wait-registration', 'verify'] as const) steps.skip(step, 'check mode');
      const configuration = planned === undefined ? 'no intent' : planned.changed ? `${planned.diff.length} line(s) would change` : 'the configuration is as intended';
      return {
        status: 'succeeded',
        detail: `check mode: ${configuration}; ${wouldRegister ? 'would register' : 'already registered'}`,
        value: { check: true, platform: platform.detected, release: platform.release, diff: [...(planned?.diff ?? [])], wouldRegister },
      };
    }

    let registered = status;
    const registration = status.snapshot.registration?.status;
    // After a registration that failed (on communication), `force` registers again at once instead of waiting for
    // the agent's 24-hour retry (004:236): what a retry of this workflow needs.
    const useForce = force || registration === 'registration-failed';
    if (registration === 'registering') {
      // An earlier attempt's registration (or someone else's) is still in flight: the agent refuses a second one,
      // force or not; its outcome is what the wait reads.
      steps.skip('register', 'a registration is already in progress; waiting for it');
    } else if (registration === 'registered' && !force) {
      steps.skip('register', 'already registered (use force to register again)');
    } else {
      registered = await steps.run('register', `license smart register idtoken ***${useForce ? ' force' : ''}`, async () => {
        const token = await obtainToken(options.token, host, op);
        const poll = options.wait?.pollIntervalMs;
        const after = await device.register(token, { signal: steps.signal, force: useForce, ...(poll === undefined ? {} : { pollIntervalMs: poll }) });
        return { value: after, changed: true, detail: `registration ${after.snapshot.registration?.status ?? 'unknown'}` };
      });
    }

    await steps.run('wait-registration', 'waiting for the Smart Agent to register and authorize', async () => {
      const done = await waitForRegistration(device, registered, steps, scheduler, options.wait);
      return { value: done, detail: `registered; authorization ${done.snapshot.authorization?.status ?? 'unknown'}` };
    });

    const verified = await steps.run('verify', 'reading the licensing status', async () => {
      const final = await device.status(op);
      const reg = final.snapshot.registration?.status ?? 'unknown';
      const auth = final.snapshot.authorization?.status ?? 'unknown';
      if (reg !== 'registered') throw new WorkflowError('onboard', 'verify', `the device reports registration ${reg} after registering`, { host });
      const report = evaluateCompliance(final.snapshot, steps.clock);
      const data = {
        ...statusData(final),
        udi: { pid: final.udi?.pid ?? null, sn: final.udi?.sn ?? null },
        entitlements: (final.snapshot.entitlements ?? []).map((e) => ({ tag: e.tag, count: e.count ?? null, status: e.status ?? null })),
        findings: report.findings.map((f) => ({ code: f.code, severity: f.severity, message: f.message })),
      };
      if (auth === 'authorized' && report.compliant) return { value: final, detail: 'registered and authorized', data };
      const findings = report.findings.map((f) => f.code).join(', ');
      return { value: final, status: 'warning', detail: `registered; authorization ${auth}${findings === '' ? '' : `; findings: ${findings}`}`, data };
    });

    return {
      status: 'succeeded',
      detail: `registered; authorization ${verified.snapshot.authorization?.status ?? 'unknown'}`,
      value: {
        check: false,
        platform: platform.detected,
        release: platform.release,
        mode: verified.snapshot.mode ?? null,
        registration: verified.snapshot.registration?.status ?? null,
        authorization: verified.snapshot.authorization?.status ?? null,
        udi: { pid: verified.udi?.pid ?? null, sn: verified.udi?.sn ?? null },
      },
    };
  });
}

/** Onboarding as a fleet workflow (`runFleet$(hosts, onboarding({ token, intent }), { open })`). */
export function onboarding(settings: OnboardSettings): FleetWorkflow {
  checkSettings(settings);
  return {
    name: 'onboard',
    run: (device, context) => onboard$(device, { ...settings, scheduler: context.scheduler, clock: context.clock, signal: context.signal }),
  };
}
