/**
 * Parsed outputs → the domain's `LicensingSnapshot`, so compliance rules run on what a device printed. Several
 * outputs of one device may be combined (`show license all` + `show license platform summary` + `show logging`);
 * later outputs fill what earlier ones left out.
 */
import type { AttemptSnapshot, LicensingSnapshot } from '../licensing/snapshot.js';
import type { PlatformId } from '../platforms/types.js';
import { deviceTimeMs, type DeviceTime } from './device-time.js';
import type { Attempt, LicenseReport, ParseResult } from './types.js';

export interface SnapshotOptions {
  readonly platform?: PlatformId;
  readonly model?: string;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function ms(time: DeviceTime | undefined): number | undefined {
  return deviceTimeMs(time) ?? undefined;
}

function attempt(a: Attempt | undefined): AttemptSnapshot | undefined {
  if (a === undefined || a.result === 'none') return undefined;
  const out: Mutable<AttemptSnapshot> = { result: a.result };
  const at = ms(a.at);
  if (at !== undefined) out.at = at;
  if (a.failureReason !== undefined) out.failureReason = a.failureReason;
  return out;
}

function isLicenseReport(r: ParseResult): r is LicenseReport {
  return r.kind.startsWith('license-') && 'sections' in r;
}

function fromReport(s: Mutable<LicensingSnapshot>, r: LicenseReport): void {
  if (r.smartLicensing !== undefined) s.smartLicensing ??= r.smartLicensing.status;
  if (r.licensingMode !== undefined) s.mode ??= r.licensingMode;
  const reg = r.registration;
  if (reg !== undefined && s.registration === undefined && reg.status !== 'unknown') {
    const out: Mutable<NonNullable<LicensingSnapshot['registration']>> = { status: reg.status };
    const initial = reg.initialRegistration;
    if (initial?.result === 'succeeded') {
      const at = ms(initial.at);
      if (at !== undefined) out.registeredAt = at;
    }
    const last = attempt(reg.lastRenewalAttempt) ?? (initial?.result === 'failed' ? attempt(initial) : undefined);
    if (last !== undefined) out.lastRenewal = last;
    const next = ms(reg.nextRenewalAttempt);
    if (next !== undefined) out.nextRenewalAt = next;
    if (reg.neverExpires === true) out.expiresAt = null;
    else {
      const expires = ms(reg.registrationExpires);
      if (expires !== undefined) out.expiresAt = expires;
    }
    if (reg.exportControlled !== undefined) out.exportControl = reg.exportControlled;
    s.registration = out;
  }
  const auth = r.authorization;
  if (auth !== undefined && s.authorization === undefined && auth.status !== 'unknown') {
    const out: Mutable<NonNullable<LicensingSnapshot['authorization']>> = { status: auth.status };
    const since = ms(auth.since);
    if (since !== undefined) out.since = since;
    const last = attempt(auth.lastCommunicationAttempt);
    if (last !== undefined) out.lastCommunication = last;
    const next = ms(auth.nextCommunicationAttempt);
    if (next !== undefined) out.nextCommunicationAt = next;
    const deadline = ms(auth.communicationDeadline);
    if (deadline !== undefined) out.deadlineAt = deadline;
    s.authorization = out;
  }
  const remaining = r.evaluation?.remaining?.ms ?? auth?.evaluationPeriodRemaining?.ms ?? null;
  if (s.evaluation === undefined && (remaining !== null || r.evaluation !== undefined)) {
    const out: Mutable<NonNullable<LicensingSnapshot['evaluation']>> = {};
    if (r.evaluation !== undefined && r.evaluation.mode !== 'unknown') out.inUse = r.evaluation.mode === 'in-use';
    if (remaining !== null) out.remainingMs = remaining;
    s.evaluation = out;
  }
  if (r.transport !== undefined) s.transport ??= r.transport.type;
  if (r.entitlements !== undefined && s.entitlements === undefined) {
    s.entitlements = r.entitlements.map((e) => {
      const out: { tag: string; name?: string; count?: number; status?: NonNullable<typeof e.status> } = { tag: e.shortTag ?? e.tag };
      if (e.name !== undefined) out.name = e.name;
      if (e.count !== undefined) out.count = e.count;
      if (e.status !== undefined) out.status = e.status;
      return out;
    });
  }
  if (r.usageReporting !== undefined && s.usageReporting === undefined) {
    const out: { lastAckAt?: number; nextAckDeadlineAt?: number } = {};
    const last = ms(r.usageReporting.lastAckReceived);
    const next = ms(r.usageReporting.nextAckDeadline);
    if (last !== undefined) out.lastAckAt = last;
    if (next !== undefined) out.nextAckDeadlineAt = next;
    s.usageReporting = out;
  }
}

/** Builds the domain snapshot from one or more parsed outputs of the same device. */
export function licensingSnapshot(results: readonly ParseResult[], options: SnapshotOptions = {}): LicensingSnapshot {
  const s: Mutable<LicensingSnapshot> = {};
  if (options.model !== undefined) s.model = options.model;
  const platform = options.platform ?? results.map((r) => r.platform).find((p): p is PlatformId => p === 'ios-xe' || p === 'ios-xr');
  if (platform !== undefined) s.platform = platform;
  for (const r of results) {
    const observed = ms(r.capturedAt);
    if (observed !== undefined) s.observedAt ??= observed;
    if (isLicenseReport(r)) fromReport(s, r);
    else if (r.kind === 'license-platform-summary' && r.sia !== undefined && s.sia === undefined) {
      s.sia = r.sia.graceRemaining?.ms != null ? { status: r.sia.status, graceRemainingMs: r.sia.graceRemaining.ms } : { status: r.sia.status };
    } else if (r.kind === 'logging') {
      const messages = r.messages.map((m) => {
        const at = ms(m.timestamp);
        return at === undefined ? { mnemonic: m.id.mnemonic, text: m.text } : { mnemonic: m.id.mnemonic, text: m.text, at };
      });
      s.messages = [...(s.messages ?? []), ...messages];
    }
  }
  return s;
}
