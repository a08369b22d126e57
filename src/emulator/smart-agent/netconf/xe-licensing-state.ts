/**
 * The Smart Agent's state as IOS-XE serves it over NETCONF: `/cisco-smart-license:licensing/state` (YANG-PATHS.md
 * §4), rendered from `SmartAgent.snapshot()`. Only the sub-container of the current registration and authorization
 * state is present (the module's `when` statements).
 *
 * [INF] choices where the agent has states the module does not name:
 * - a failed registration the agent retries (communication failure, 004:236) is `reg-state-retry`, one it does not
 *   retry (CSSM refused the token) `reg-state-failed`; an expired registration is `reg-state-not-registered`;
 * - an authorization requested but not answered yet is `auth-state-none` (the usage entries stay
 *   `enforcement-waiting`);
 * - an entitlement CSSM reported NOT AUTHORIZED is `enforcement-out-of-compliance` (the enum has no such value);
 * - times are ISO 8601 UTC with milliseconds (yang-date-time.ts).
 */
import { XE_SMART_LICENSE_NS } from '../../../platforms/smart-license-yang.js';
import type { EntitlementStatus } from '../../../licensing/types.js';
import { xmlElement, type XmlNode } from '../../../netconf/xml.js';
import type { AgentAttempt, AgentEntitlement, SmartAgentSnapshot } from '../agent-state.js';
import { agentVersion, type RenderContext } from '../license-words.js';
import { yangDateTime } from './yang-date-time.js';

const NS = XE_SMART_LICENSE_NS;

function leaf(name: string, value: string | number | boolean): XmlNode {
  return xmlElement(name, NS, String(value));
}

function container(name: string, children: readonly (XmlNode | undefined)[]): XmlNode {
  return xmlElement(name, NS, children.filter((c): c is XmlNode => c !== undefined));
}

function time(name: string, ms: number | undefined): XmlNode | undefined {
  return ms === undefined ? undefined : leaf(name, yangDateTime(ms));
}

function text(name: string, value: string | undefined): XmlNode | undefined {
  return value === undefined ? undefined : leaf(name, value);
}

function failedAttempt(attempt: AgentAttempt | undefined): { at?: number; reason?: string } {
  if (attempt === undefined || attempt.result !== 'failed') return {};
  return { at: attempt.at, ...(attempt.failureReason === undefined ? {} : { reason: attempt.failureReason }) };
}

function registration(s: SmartAgentSnapshot): XmlNode {
  const reg = s.registration;
  const children: (XmlNode | undefined)[] = [];
  switch (reg.status) {
    case 'unregistered':
    case 'registration-expired':
      children.push(leaf('registration-state', 'reg-state-not-registered'));
      break;
    case 'registering':
      children.push(
        leaf('registration-state', 'reg-state-in-progress'),
        container('registration-in-progress', [time('start-time', reg.initialRegistration?.at)]),
      );
      break;
    case 'registration-failed': {
      const failed = failedAttempt(reg.initialRegistration);
      if (reg.nextRegistrationAttemptAt !== undefined) {
        children.push(
          leaf('registration-state', 'reg-state-retry'),
          container('registration-retry', [time('retry-next-time', reg.nextRegistrationAttemptAt), time('fail-time', failed.at), text('fail-message', failed.reason)]),
        );
      } else {
        children.push(leaf('registration-state', 'reg-state-failed'), container('registration-failed', [time('fail-time', failed.at), text('fail-message', failed.reason)]));
      }
      break;
    }
    case 'registered': {
      const renewal = reg.lastRenewal;
      children.push(
        leaf('registration-state', 'reg-state-complete'),
        container('registration-complete', [
          time('complete-time', reg.initialRegistration?.result === 'succeeded' ? reg.initialRegistration.at : undefined),
          time('last-renew-time', renewal?.at),
          time('next-renew-time', reg.nextRenewalAt),
          time('expire-time', reg.expiresAt),
          renewal === undefined || renewal.result === 'pending' ? undefined : leaf('last-renew-success', renewal.result === 'succeeded'),
          text('fail-message', failedAttempt(renewal).reason),
          text('smart-account', reg.smartAccount),
          text('virtual-account', reg.virtualAccount),
        ]),
      );
      break;
    }
  }
  children.push(leaf('export-control-allowed', reg.exportControlled === 'allowed'));
  return container('registration', children);
}

/** The communication leaves shared by authorized, out of compliance and authorization expired. */
function communication(s: SmartAgentSnapshot): (XmlNode | undefined)[] {
  const auth = s.authorization;
  const last = auth.lastCommunication;
  return [
    last === undefined || last.result === 'pending' ? undefined : leaf('last-comm-status-success', last.result === 'succeeded'),
    text('fail-message', failedAttempt(last).reason),
    time('last-comm-time', last?.at),
    time('next-comm-time', auth.nextCommunicationAt),
    time('comm-deadline-time', auth.deadlineAt),
  ];
}

function authorization(s: SmartAgentSnapshot): XmlNode {
  const auth = s.authorization;
  switch (auth.status) {
    case 'evaluation':
      return container('authorization', [
        leaf('authorization-state', 'auth-state-eval'),
        container('authorization-eval', [leaf('seconds-left', Math.floor(s.evaluation.remainingMs / 1000))]),
      ]);
    case 'evaluation-expired':
      return container('authorization', [
        leaf('authorization-state', 'auth-state-eval-expired'),
        container('authorization-eval-expired', [time('expire-time', s.evaluation.expiredAt ?? auth.since)]),
      ]);
    case 'authorization-pending':
      return container('authorization', [leaf('authorization-state', 'auth-state-none')]);
    case 'authorized':
      return container('authorization', [leaf('authorization-state', 'auth-state-authorized'), container('authorization-authorized', communication(s))]);
    case 'out-of-compliance':
      return container('authorization', [
        leaf('authorization-state', 'auth-state-out-of-compliance'),
        container('authorization-out-of-compliance', [...communication(s), time('ooc-time', auth.since)]),
      ]);
    case 'authorization-expired':
      return container('authorization', [
        leaf('authorization-state', 'auth-state-authorization-expired'),
        container('authorization-authorization-expired', communication(s)),
      ]);
  }
}

function enforcementMode(status: EntitlementStatus): string {
  switch (status) {
    case 'authorized':
    case 'in-use':
      return 'enforcement-in-compliance';
    case 'out-of-compliance':
    case 'not-authorized':
      return 'enforcement-out-of-compliance';
    case 'evaluation':
      return 'enforcement-evaluation';
    case 'evaluation-expired':
      return 'enforcement-evaluation-expired';
    case 'authorization-expired':
      return 'enforcement-authorization-expired';
    case 'reserved':
      return 'enforcement-reservation-in-compliance';
    case 'invalid':
      return 'enforcement-invalid-tag';
    case 'disabled':
    case 'not-in-use':
    case 'not-applicable':
      return 'enforcement-disabled';
    case 'waiting':
    case 'unknown':
      return 'enforcement-waiting';
  }
}

function usage(e: AgentEntitlement): XmlNode {
  return container('usage', [
    leaf('entitlement-tag', e.tag),
    leaf('short-name', e.shortTag),
    leaf('license-name', e.name),
    leaf('description', e.description),
    leaf('count', e.count),
    leaf('enforcement-mode', enforcementMode(e.status)),
    leaf('post-paid', false),
  ]);
}

function evaluation(s: SmartAgentSnapshot): XmlNode {
  const ev = s.evaluation;
  const expiresAt = ev.expiredAt ?? ev.expiresAt;
  return container('evaluation', [
    leaf('eval-in-use', ev.inUse),
    leaf('eval-expired', ev.expiredAt !== undefined),
    container('eval-period-left', [leaf('time-left', Math.floor(ev.remainingMs / 1000))]),
    expiresAt === undefined ? undefined : container('eval-expire-time', [time('expire-time', expiresAt)]),
  ]);
}

/** `<licensing xmlns="…cisco-smart-license"><state>…` of one agent. */
export function renderXeLicensingState(s: SmartAgentSnapshot, ctx: RenderContext): XmlNode {
  return container('licensing', [
    container('state', [
      leaf('smart-enabled', true),
      leaf('version', agentVersion(ctx.model)),
      container('state-info', [
        registration(s),
        authorization(s),
        container('udi', [leaf('pid', s.udi.pid), leaf('sn', s.udi.sn)]),
        ...s.entitlements.map(usage),
        container('transport', [leaf('transport-type', 'transport-type-callhome')]),
        evaluation(s),
      ]),
    ]),
  ]);
}
