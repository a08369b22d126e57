/**
 * The compliance watcher: polls a device's licensing status on an interval (rxjs scheduler), evaluates it with the
 * domain's compliance rules, and emits what changed since the previous poll: deadline warnings (authorization,
 * evaluation, ID certificate), renewal due, out of compliance, the cBR-8 DOCSIS CLI lockout (000:126-152) and its
 * risk before the deadline, and any other finding. With `autoRenew` it renews the authorization when it is due.
 * Bounded by `maxPolls`, or runs until unsubscribed.
 */
import { concat, defer, of, repeat, timer, type Observable } from 'rxjs';
import { InvalidArgumentError } from '../errors.js';
import { DAY, HOUR } from '../clock.js';
import { evaluateCompliance, type ComplianceReport, type Finding, type FindingCode } from '../licensing/compliance.js';
import { formatRemaining } from '../licensing/timers.js';
import { isoAt, resultEvent, type WorkflowEvent } from './events.js';
import type { DeviceLicensingStatus, LicensingDevice } from './ports.js';
import { steps$, type Steps } from './procedure.js';
import { runtimeClock, runtimeScheduler, type FleetWorkflow, type WorkflowRuntime } from './workflow.js';

export interface ComplianceWatchSettings {
  /** Between the end of one poll and the start of the next, ms; default one hour. */
  readonly intervalMs?: number;
  /** Polls before the watcher completes; default: until unsubscribed. */
  readonly maxPolls?: number;
  /** Renew the authorization when it is due, expiring or expired, or the last renewal failed (never on a sync loss); default false. */
  readonly autoRenew?: boolean;
  /** Warn this long before a deadline, ms; default 30 days. */
  readonly warnWithinMs?: number;
}

export interface ComplianceWatchOptions extends ComplianceWatchSettings, WorkflowRuntime {}

const DEADLINES: ReadonlySet<FindingCode> = new Set<FindingCode>(['authorization-expiring', 'evaluation-expiring', 'id-cert-expiring']);
/** Besides the renewal time: the authorization running out, or the last renewal having failed. */
const RENEW_ON: ReadonlySet<FindingCode> = new Set<FindingCode>(['authorization-expiring', 'authorization-expired', 'communication-failed']);
/** Renewal failures that mean the session is gone: the watcher ends and the fleet runner reconnects. */
const SESSION_LOST = new Set(['E_CLOSED', 'E_CONNECT', 'E_TIMEOUT', 'E_CANCELLED']);

function checkSettings(settings: ComplianceWatchSettings): void {
  const { intervalMs, maxPolls, warnWithinMs } = settings;
  if (intervalMs !== undefined && (!Number.isFinite(intervalMs) || intervalMs <= 0)) throw new InvalidArgumentError('intervalMs', `must be a positive number of milliseconds, got ${String(intervalMs)}`);
  if (maxPolls !== undefined && (!Number.isInteger(maxPolls) || maxPolls < 1)) throw new InvalidArgumentError('maxPolls', `must be a positive integer, got ${String(maxPolls)}`);
  if (warnWithinMs !== undefined && (!Number.isFinite(warnWithinMs) || warnWithinMs < 0)) throw new InvalidArgumentError('warnWithinMs', `must be a number of milliseconds ≥ 0, got ${String(warnWithinMs)}`);
}

function findingData(f: Finding): Record<string, unknown> {
  return { code: f.code, severity: f.severity, source: f.source, ...(f.at === undefined ? {} : { at: isoAt(f.at) }), actions: [...f.actions] };
}

function timersData(report: ComplianceReport): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const [key, value] of Object.entries(report.timers)) if (key !== 'now') out[key] = typeof value === 'number' ? isoAt(value) : null;
  return out;
}

/** The deadline whose passing would lock the cBR-8 CLI, if the rules say it would (a what-if evaluation just after it). */
function lockoutDeadline(snapshot: DeviceLicensingStatus['snapshot'], report: ComplianceReport, options: ComplianceWatchSettings): number | undefined {
  const candidates = [report.timers.communicationDeadlineAt, report.timers.evaluationExpiresAt].filter((t): t is number => t !== undefined && t > report.timers.now);
  for (const deadline of candidates.sort((a, b) => a - b)) {
    if (deadline - report.timers.now > (options.warnWithinMs ?? 30 * DAY)) continue;
    if (evaluateCompliance(snapshot, { now: () => deadline + 1 }, options.warnWithinMs === undefined ? {} : { warnWithinMs: options.warnWithinMs }).enforcement !== 'none') return deadline;
  }
  return undefined;
}

export function complianceWatch$(device: LicensingDevice, options: ComplianceWatchOptions): Observable<WorkflowEvent> {
  checkSettings(options);
  const scheduler = runtimeScheduler(options);
  const clock = runtimeClock(options);
  const interval = options.intervalMs ?? HOUR;
  const evaluation = options.warnWithinMs === undefined ? {} : { warnWithinMs: options.warnWithinMs };

  return defer(() => {
    const startedAt = clock.now();
    let polls = 0;
    let renewals = 0;
    let renewFailures = 0;
    let changed = false;
    let last: ComplianceReport | undefined;
    /** What was reported at the previous poll (key → severity), so each poll emits only what is new or worse. */
    let reported = new Map<string, string>();

    const poll = async (steps: Steps): Promise<void> => {
      polls++;
      const { status, report } = await steps.run('poll', `poll ${polls}: reading the licensing status`, async () => {
        const current = await device.status({ signal: steps.signal });
        const evaluated = evaluateCompliance(current.snapshot, steps.clock, evaluation);
        const registration = current.snapshot.registration?.status ?? 'unknown';
        const authorization = current.snapshot.authorization?.status ?? 'unknown';
        return {
          value: { status: current, report: evaluated },
          detail: `${evaluated.status}: registration ${registration}, authorization ${authorization}`,
          data: { poll: polls, compliance: evaluated.status, registration, authorization, findings: evaluated.findings.map(findingData), timers: timersData(evaluated) },
        };
      });
      last = report;

      const now = new Map<string, string>();
      const emitOnce = (key: string, severity: string, emit: () => void): void => {
        now.set(key, severity);
        if (reported.get(key) !== severity) emit();
      };
      for (const finding of report.findings) {
        const data = findingData(finding);
        if (DEADLINES.has(finding.code)) emitOnce(finding.code, finding.severity, () => steps.warn('deadline', finding.message, data));
        else if (finding.code === 'out-of-compliance') emitOnce(finding.code, finding.severity, () => steps.warn('out-of-compliance', finding.message, data));
        else if (finding.code === 'cli-locked') emitOnce(finding.code, finding.severity, () => steps.warn('lockout-risk', finding.message, data));
        else emitOnce(finding.code, finding.severity, () => steps.warn('finding', finding.message, data));
      }
      const lockAt = report.enforcement === 'none' ? lockoutDeadline(status.snapshot, report, options) : undefined;
      if (lockAt !== undefined) {
        emitOnce(`lockout-risk:${lockAt}`, 'warning', () =>
          steps.warn('lockout-risk', `the cBR-8 locks its DOCSIS CLI (000:126-152) in ${formatRemaining(lockAt - report.timers.now)} unless the device reaches CSSM`, { at: isoAt(lockAt), severity: 'warning' }),
        );
      }
      const dueAt = report.timers.nextAuthorizationRenewalAt;
      const due = status.snapshot.registration?.status === 'registered' && dueAt !== undefined && dueAt <= report.timers.now;
      if (due) emitOnce(`renewal-due:${dueAt}`, 'warning', () => steps.warn('renewal-due', `the authorization renewal was due ${formatRemaining(report.timers.now - dueAt)} ago`, { at: isoAt(dueAt) }));

      const codes = new Set(report.findings.map((f) => f.code));
      const renew = options.autoRenew === true && (due || [...RENEW_ON].some((c) => codes.has(c))) && status.snapshot.registration?.status === 'registered';
      if (renew && codes.has('sync-lost')) {
        emitOnce('renew-auth:sync-lost', 'info', () => steps.skip('renew-auth', 'CSSM no longer knows the device (sync lost): renewing cannot help; run the forced re-registration'));
      }
      reported = now;
      if (!renew || codes.has('sync-lost')) return;
      try {
        last = await steps.run('renew-auth', 'license smart renew auth', async () => {
          const after = await device.renewAuth({ signal: steps.signal });
          const next = evaluateCompliance(after.snapshot, steps.clock, evaluation);
          const nextDue = next.timers.nextAuthorizationRenewalAt;
          return {
            // The watcher's result reports the device as the renewal left it.
            value: next,
            changed: true,
            detail: `authorization ${after.snapshot.authorization?.status ?? 'unknown'}${nextDue === undefined ? '' : `; next renewal ${isoAt(nextDue)}`}`,
          };
        });
        renewals++;
        changed = true;
      } catch (error) {
        renewFailures++;
        const code = (error as { code?: unknown }).code;
        if (typeof code === 'string' && SESSION_LOST.has(code)) throw error;
      }
    };

    return concat(
      steps$('compliance-watch', device.host, options, poll).pipe(
        repeat({ ...(options.maxPolls === undefined ? {} : { count: options.maxPolls }), delay: () => timer(interval, scheduler) }),
      ),
      defer(() => {
        const endedAt = clock.now();
        const value = {
          polls,
          renewals,
          renewFailures,
          compliance: last?.status ?? null,
          findings: (last?.findings ?? []).map((f) => f.code),
        };
        return of(
          resultEvent(
            {
              device: device.host,
              workflow: 'compliance-watch',
              status: 'succeeded',
              changed,
              attempts: 1,
              startedAt: isoAt(startedAt),
              endedAt: isoAt(endedAt),
              durationMs: endedAt - startedAt,
              value,
            },
            `${polls} poll(s), ${renewals} renewal(s); last ${last?.status ?? 'unknown'}`,
          ),
        );
      }),
    );
  });
}

/** The compliance watcher as a fleet workflow (give the fleet a `timeoutMs` above maxPolls × intervalMs, or Infinity). */
export function complianceWatch(settings: ComplianceWatchSettings): FleetWorkflow {
  checkSettings(settings);
  return {
    name: 'compliance-watch',
    run: (device, context) => complianceWatch$(device, { ...settings, scheduler: context.scheduler, clock: context.clock, signal: context.signal }),
  };
}
