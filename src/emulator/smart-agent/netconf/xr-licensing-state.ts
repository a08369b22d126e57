/**
 * The Smart Agent's state as IOS-XR serves it over NETCONF: `/Cisco-IOS-XR-infra-smartlicense-oper:smart-agent/
 * licensing/state` (YANG-PATHS.md §8), rendered from `SmartAgent.snapshot()`. Unlike IOS-XE the communication leaves
 * sit in `authorization-info` one level deeper, the flags are `yes`/`no`, the usage list has no key, and the model
 * has no evaluation container (the evaluation shows only as the authorization state).
 *
 * [INF] The module types every time as a plain string without saying how it is written; the emulator writes
 * ISO 8601 UTC with milliseconds (yang-date-time.ts; the driver reads that and the CLI's `Jul 01 2020 07:14:24 UTC`
 * alike). A failed
 * registration the agent retries is `retry`, one it does not retry `failed`; an expired registration is
 * `not-registered`; an authorization not answered yet is `none`.
 */
import { XR_SMART_LICENSE_OPER_NS } from '../../../platforms/smart-license-yang.js';
import type { EntitlementStatus } from '../../../licensing/types.js';
import type { XmlNode } from '../../../netconf/xml.js';
import type { AgentEntitlement, SmartAgentSnapshot } from '../agent-state.js';
import { agentVersion, type RenderContext } from '../license-words.js';
import { communicationLeaves, registrationFailureLeaves, registrationNode, stateNodes, usageEntry, type RegistrationShape } from './licensing-state-nodes.js';

const n = stateNodes(XR_SMART_LICENSE_OPER_NS);
const { leaf, container, time } = n;

const REGISTRATION: RegistrationShape = {
  words: { notRegistered: 'not-registered', inProgress: 'in-progress', retry: 'retry', failed: 'failed', complete: 'complete' },
  retry: (reg, nextAttemptAt) => [container('registration-info', registrationFailureLeaves(n, reg)), time('retry-next-time', nextAttemptAt)],
  exportControl: (reg) => [leaf('export-control-allowed', reg.exportControlled === 'allowed'), leaf('export-control-status', reg.exportControlled)],
};

function authorizationInfo(s: SmartAgentSnapshot): XmlNode {
  return container('authorization-info', communicationLeaves(n, s.authorization));
}

function authorization(s: SmartAgentSnapshot): XmlNode {
  const auth = s.authorization;
  switch (auth.status) {
    case 'evaluation':
      return container('authorization', [leaf('authorization-state', 'eval')]);
    case 'evaluation-expired':
      return container('authorization', [leaf('authorization-state', 'eval-expired')]);
    case 'authorization-pending':
      return container('authorization', [leaf('authorization-state', 'none')]);
    case 'authorized':
      return container('authorization', [leaf('authorization-state', 'authorized'), container('authorization-authorized', [authorizationInfo(s)])]);
    case 'out-of-compliance':
      return container('authorization', [
        leaf('authorization-state', 'out-of-compliance'),
        container('authorization-out-of-compliance', [authorizationInfo(s), time('ooc-time', auth.since)]),
      ]);
    case 'authorization-expired':
      return container('authorization', [
        leaf('authorization-state', 'authorization-expired'),
        container('authorization-authorization-expired', [authorizationInfo(s)]),
      ]);
  }
}

function enforceMode(status: EntitlementStatus): string {
  switch (status) {
    case 'authorized':
      return 'in-compliance';
    case 'out-of-compliance':
      return 'out-of-compliance';
    case 'not-authorized':
      return 'not-authorized';
    case 'evaluation':
      return 'evaluation';
    case 'evaluation-expired':
      return 'evaluation-expired';
    case 'authorization-expired':
      return 'authorization-expired';
    case 'reserved':
      return 'reservation-in-compliance';
    case 'invalid':
      return 'invalid-tag';
    case 'disabled':
      return 'disabled';
    case 'in-use':
      return 'in-use';
    case 'not-in-use':
      return 'not-in-use';
    case 'not-applicable':
      return 'not-applicable';
    case 'waiting':
    case 'unknown':
      return 'waiting';
  }
}

function usage(e: AgentEntitlement): XmlNode {
  return usageEntry(n, e, leaf('enforce-mode', enforceMode(e.status)));
}

/** `<smart-agent xmlns="…infra-smartlicense-oper"><licensing><state>…` of one agent. */
export function renderXrLicensingState(s: SmartAgentSnapshot, ctx: RenderContext): XmlNode {
  const uuid = ctx.model === 'NCS-1004' ? [leaf('uuid', 'default-sdr')] : [];
  return container('smart-agent', [
    container('licensing', [
      container('state', [
        leaf('smart-enabled', 'yes'),
        leaf('always-enabled', 'no'),
        leaf('version', agentVersion(ctx.model)),
        container('state-info', [
          registrationNode(n, s.registration, REGISTRATION),
          authorization(s),
          container('udi', [leaf('pid', s.udi.pid), leaf('sn', s.udi.sn), ...uuid]),
          container('transport', [leaf('transport-type', 'callhome')]),
          ...s.entitlements.map(usage),
        ]),
      ]),
    ]),
  ]);
}
