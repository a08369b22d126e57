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
import type { XmlNode } from '../../../netconf/xml.js';
import type { AgentEntitlement, SmartAgentSnapshot } from '../agent-state.js';
import { agentVersion, type RenderContext } from '../license-words.js';
import { communicationLeaves, registrationFailureLeaves, registrationNode, stateNodes, usageEntry, type RegistrationShape } from './licensing-state-nodes.js';

const n = stateNodes(XE_SMART_LICENSE_NS);
const { leaf, container, time } = n;

const REGISTRATION: RegistrationShape = {
  words: {
    notRegistered: 'reg-state-not-registered',
    inProgress: 'reg-state-in-progress',
    retry: 'reg-state-retry',
    failed: 'reg-state-failed',
    complete: 'reg-state-complete',
  },
  retry: (reg, nextAttemptAt) => [time('retry-next-time', nextAttemptAt), ...registrationFailureLeaves(n, reg)],
  exportControl: (reg) => [leaf('export-control-allowed', reg.exportControlled === 'allowed')],
};

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
      return container('authorization', [leaf('authorization-state', 'auth-state-authorized'), container('authorization-authorized', communicationLeaves(n, auth))]);
    case 'out-of-compliance':
      return container('authorization', [
        leaf('authorization-state', 'auth-state-out-of-compliance'),
        container('authorization-out-of-compliance', [...communicationLeaves(n, auth), time('ooc-time', auth.since)]),
      ]);
    case 'authorization-expired':
      return container('authorization', [
        leaf('authorization-state', 'auth-state-authorization-expired'),
        container('authorization-authorization-expired', communicationLeaves(n, auth)),
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
  return usageEntry(n, e, leaf('enforcement-mode', enforcementMode(e.status)));
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
        registrationNode(n, s.registration, REGISTRATION),
        authorization(s),
        container('udi', [leaf('pid', s.udi.pid), leaf('sn', s.udi.sn)]),
        ...s.entitlements.map(usage),
        container('transport', [leaf('transport-type', 'transport-type-callhome')]),
        evaluation(s),
      ]),
    ]),
  ]);
}
