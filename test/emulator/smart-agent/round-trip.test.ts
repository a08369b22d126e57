/**
 * Round trip: every state of the agent, for every model, rendered by the show commands and read back with
 * `parse()` from src/parsers gives the same typed facts as the agent's snapshot (status words, dates, accounts,
 * entitlements, UDI), with nothing left unparsed.
 */
import t, { type Test } from 'tap';
import type { DeviceModel } from '../../../src/inventory/types.js';
import { parse } from '../../../src/parsers/parse.js';
import type {
  Attempt,
  CallHomeSmartLicensingStatistics,
  DeviceTime,
  LicensePlatformDetail,
  LicensePlatformSummary,
  LicenseReport,
  LicensingLog,
} from '../../../src/parsers/types.js';
import type { AgentAttempt, SmartAgentSnapshot } from '../../../src/emulator/smart-agent/agent-state.js';
import type { RenderContext } from '../../../src/emulator/smart-agent/license-words.js';
import { renderCallHomeStatistics } from '../../../src/emulator/smart-agent/show-call-home-statistics.js';
import {
  renderLicenseAll,
  renderLicenseStatus,
  renderLicenseSummary,
  renderLicenseUdi,
  renderLicenseUsage,
} from '../../../src/emulator/smart-agent/show-license.js';
import { renderPlatformDetail, renderPlatformSummary } from '../../../src/emulator/smart-agent/show-license-platform.js';
import { renderLicenseTechSupport } from '../../../src/emulator/smart-agent/show-license-tech-support.js';
import { chronological, formatSyslogLine } from '../../../src/emulator/device/platforms/show-logging.js';
import { AGENT_STATES, rigIn } from './helpers/agent-fixture.js';

const MODELS: readonly DeviceModel[] = ['cBR-8', 'NCS-560', 'NCS-1004'];

/** Dates are printed to the second. */
function second(ms: number | undefined): string | undefined {
  return ms === undefined ? undefined : new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

function iso(time: DeviceTime | undefined): string | undefined {
  return time?.iso ?? undefined;
}

function attemptFacts(a: Attempt | undefined): object | undefined {
  if (a === undefined) return undefined;
  return { result: a.result, at: iso(a.at), reason: a.failureReason };
}

function expectedAttempt(a: AgentAttempt | undefined, withDate: boolean): object | undefined {
  if (a === undefined) return { result: 'none', at: undefined, reason: undefined };
  if (a.result === 'pending') return { result: 'pending', at: undefined, reason: undefined };
  return { result: a.result, at: withDate ? second(a.at) : undefined, reason: withDate ? a.failureReason : undefined };
}

function registrationFacts(r: LicenseReport): object {
  const reg = r.registration;
  return {
    status: reg?.status,
    smartAccount: reg?.smartAccount,
    virtualAccount: reg?.virtualAccount,
    exportControlled: reg?.exportControlled,
    initial: attemptFacts(reg?.initialRegistration),
    lastRenewal: attemptFacts(reg?.lastRenewalAttempt),
    nextRenewal: iso(reg?.nextRenewalAttempt),
    expires: iso(reg?.registrationExpires),
    nextRegistrationAttempt: iso(reg?.nextRegistrationAttempt),
  };
}

function expectedRegistration(s: SmartAgentSnapshot, ctx: RenderContext, summary: boolean): object {
  const reg = s.registration;
  const xr = ctx.platform === 'ios-xr';
  const registered = reg.status === 'registered';
  const failedOrPending = reg.status === 'registering' || reg.status === 'registration-failed';
  const expired = reg.status === 'registration-expired';
  return {
    status: reg.status,
    smartAccount: registered && xr ? reg.smartAccount : undefined,
    virtualAccount: registered ? reg.virtualAccount : undefined,
    exportControlled: xr ? reg.exportControlled : undefined,
    initial: summary ? undefined : registered || failedOrPending || (expired && reg.initialRegistration !== undefined) ? expectedAttempt(reg.initialRegistration, true) : undefined,
    lastRenewal: registered || (expired && !summary) ? expectedAttempt(reg.lastRenewal, !summary) : undefined,
    nextRenewal: registered ? second(reg.nextRenewalAt) : undefined,
    expires: !summary && (registered || expired) ? second(reg.expiresAt) : undefined,
    nextRegistrationAttempt: summary ? undefined : second(reg.nextRegistrationAttemptAt),
  };
}

function authorizationFacts(r: LicenseReport): object {
  const auth = r.authorization;
  return {
    status: auth?.status,
    since: iso(auth?.since),
    last: attemptFacts(auth?.lastCommunicationAttempt),
    next: iso(auth?.nextCommunicationAttempt),
    deadline: iso(auth?.communicationDeadline),
    remaining: auth?.evaluationPeriodRemaining?.ms ?? undefined,
  };
}

function expectedAuthorization(s: SmartAgentSnapshot, summary: boolean, usageOnly = false): object {
  const auth = s.authorization;
  const registered = s.registration.status === 'registered' && !usageOnly;
  return {
    status: auth.status,
    since: summary ? undefined : second(auth.since),
    last: registered && auth.lastCommunication !== undefined ? expectedAttempt(auth.lastCommunication, !summary) : undefined,
    next: registered ? second(auth.nextCommunicationAt) : undefined,
    deadline: registered && !summary ? second(auth.deadlineAt) : undefined,
    remaining: auth.status === 'evaluation' && !summary && !usageOnly ? Math.floor(s.evaluation.remainingMs / 1000) * 1000 : undefined,
  };
}

function entitlementFacts(r: LicenseReport): object[] {
  return (r.entitlements ?? []).map((e) => ({ tag: e.shortTag ?? e.tag, count: e.count, status: e.status }));
}

function expectedEntitlements(s: SmartAgentSnapshot): object[] {
  return s.entitlements.map((e) => ({ tag: e.shortTag, count: e.count, status: e.status }));
}

function renderContext(rig: Awaited<ReturnType<typeof rigIn>>): RenderContext {
  return { platform: rig.device.platform, model: rig.device.model, identity: rig.device.identity };
}

function parsed<T>(t: Test, command: string, lines: readonly string[], ctx: RenderContext): T {
  const r = parse(command, lines.join("\n"), { platform: ctx.platform }) as unknown as T & { unparsed: unknown[] };
  t.same(r.unparsed, [], `${command}: nothing unparsed`);
  return r;
}

for (const model of MODELS) {
  for (const state of AGENT_STATES) {
    t.test(`${model} ${state}: show outputs parse back to the agent's state`, async (t) => {
      const rig = await rigIn(t, model, state);
      const s = rig.agent.snapshot();
      const ctx = renderContext(rig);
      const xr = ctx.platform === 'ios-xr';

      const status = parsed<LicenseReport>(t, 'show license status', renderLicenseStatus(s, ctx), ctx);
      t.equal(status.smartLicensing?.status, 'enabled');
      t.same(registrationFacts(status), expectedRegistration(s, ctx, false), 'status: registration');
      t.same(authorizationFacts(status), expectedAuthorization(s, false), 'status: authorization');
      if (xr) {
        t.equal(status.transport?.type, 'callhome');
        t.same(status.exportAuthorizationKey?.featuresAuthorized, []);
      }

      const all = parsed<LicenseReport>(t, 'show license all', renderLicenseAll(s, ctx), ctx);
      t.same(registrationFacts(all), expectedRegistration(s, ctx, false), 'all: registration');
      t.same(authorizationFacts(all), expectedAuthorization(s, false), 'all: authorization');
      t.same(entitlementFacts(all), expectedEntitlements(s), 'all: entitlements');
      t.equal(all.udi?.sn, rig.device.identity.serial, 'all: UDI serial');
      t.equal(all.udi?.pid, model === 'NCS-1004' ? undefined : rig.device.identity.pid, 'all: UDI PID');
      t.ok(all.agentVersion, 'all: agent version');
      if (xr && s.registration.status === 'registered') {
        t.same(
          (all.entitlements ?? []).map((e) => e.name),
          s.entitlements.map((e) => e.name),
          'all: names once CSSM answered',
        );
      }

      const summary = parsed<LicenseReport>(t, 'show license summary', renderLicenseSummary(s, ctx), ctx);
      t.same(registrationFacts(summary), expectedRegistration(s, ctx, true), 'summary: registration');
      t.same(authorizationFacts(summary), expectedAuthorization(s, true), 'summary: authorization');
      t.same(entitlementFacts(summary), expectedEntitlements(s), 'summary: entitlements');

      const usage = parsed<LicenseReport>(t, 'show license usage', renderLicenseUsage(s, ctx), ctx);
      t.same(authorizationFacts(usage), expectedAuthorization(s, false, true), 'usage: authorization');
      t.same(entitlementFacts(usage), expectedEntitlements(s), 'usage: entitlements');

      const udi = parsed<LicenseReport>(t, 'show license udi', renderLicenseUdi(s, ctx), ctx);
      t.equal(udi.udi?.sn, rig.device.identity.serial, 'udi');
      if (!xr) t.same(udi.haUdiList?.map((m) => m.role), ['active', 'standby']);

      const stats = parsed<CallHomeSmartLicensingStatistics>(t, 'show call-home smart-licensing statistics', renderCallHomeStatistics(s), ctx);
      t.same(
        stats.messages.map((m) => [m.subtype, m.success, m.failed, m.inqueue, m.dropped, m.lastSent?.iso ?? undefined]),
        Object.entries(s.statistics).map(([k, c]) => [k, c.success, c.failed, c.inqueue, c.dropped, second(c.lastSentAt)]),
        'call-home statistics',
      );

      const log = parsed<LicensingLog>(
        t,
        'show logging',
        chronological(rig.device.syslog.entries()).map((e) => formatSyslogLine(ctx.platform, e)),
        ctx,
      );
      const agentLines = rig.device.syslog.entries().filter((e) => e.facility.includes('SMART_LIC'));
      t.equal(log.messages.filter((m) => m.id.facility.includes('SMART_LIC')).length, agentLines.length, 'logging: every agent message read');

      if (!xr) {
        const tech = parsed<LicenseReport>(t, 'show license tech support', renderLicenseTechSupport(s, ctx), ctx);
        t.same(registrationFacts(tech), expectedRegistration(s, ctx, false), 'tech support: registration');
        t.same(authorizationFacts(tech), expectedAuthorization(s, false), 'tech support: authorization');
        t.same(
          (tech.entitlements ?? []).map((e) => ({ tag: e.shortTag, count: e.count, status: e.status })),
          expectedEntitlements(s),
          'tech support: handles',
        );
        t.equal(tech.evaluation?.mode, s.evaluation.inUse ? (s.evaluation.remainingMs > 0 ? 'in-use' : 'expired') : 'not-in-use');
        t.equal(tech.evaluation?.remaining?.ms, Math.floor(s.evaluation.remainingMs / 1000) * 1000);
        const cert = s.registration.idCertificate;
        t.equal(tech.certificates?.idCertificate?.serialNumber, cert?.serial, 'tech support: ID certificate');
        t.equal(iso(tech.certificates?.idCertificate?.expiry), second(cert?.notAfter));
      } else {
        const platformSummary = parsed<LicensePlatformSummary>(t, 'show license platform summary', renderPlatformSummary(s, ctx, rig.agent.startedAt), ctx);
        t.same(
          platformSummary.entries.map((e) => [e.countLast, e.countNext]),
          s.entitlements.map((e) => [e.reportedCount, e.count === e.reportedCount ? 0 : e.count]),
          'platform summary counts',
        );
        if (model === 'NCS-560') t.equal(platformSummary.sia?.status, s.sia?.outOfCompliance ? (s.sia.graceRemainingMs > 0 ? 'out-of-compliance' : 'out-of-compliance-grace-expired') : 'in-compliance');
        const detail = parsed<LicensePlatformDetail>(t, 'show license platform detail', renderPlatformDetail(s, ctx, rig.agent.startedAt), ctx);
        t.equal(detail.currentState?.status, s.registration.status, 'platform detail: current state');
        t.same(
          detail.features[0]?.entitlements.map((e) => [e.shortTag ?? e.tag, e.lastReported]),
          s.entitlements.map((e) => [e.shortTag, e.reportedCount]),
          'platform detail entitlements',
        );
      }
    });
  }
}
