/**
 * What the IOS-XE and IOS-XR Smart Agent state models shape alike (xe-licensing-state.ts, xr-licensing-state.ts):
 * element builders in the module's namespace, and the containers and leaf groups both modules name the same way —
 * the registration container (one sub-container per registration state), the last communication with CSSM, a usage
 * entry. Each platform file keeps what differs: the state words, where the groups sit, and the enforcement leaf.
 */
import { xmlElement, type XmlNode } from '../../../netconf/xml.js';
import type { AgentAttempt, AgentAuthorization, AgentEntitlement, AgentRegistration } from '../agent-state.js';
import { yangDateTime } from './yang-date-time.js';

export type MaybeNode = XmlNode | undefined;

/** Element builders in one module's namespace; `time` and `text` leave out an unset value. */
export interface StateNodes {
  readonly leaf: (name: string, value: string | number | boolean) => XmlNode;
  /** Written even when empty; unset children are left out. */
  readonly container: (name: string, children: readonly MaybeNode[]) => XmlNode;
  readonly time: (name: string, ms: number | undefined) => MaybeNode;
  readonly text: (name: string, value: string | undefined) => MaybeNode;
}

export function stateNodes(ns: string): StateNodes {
  const leaf = (name: string, value: string | number | boolean): XmlNode => xmlElement(name, ns, String(value));
  return {
    leaf,
    container: (name, children) => xmlElement(name, ns, children.filter((c): c is XmlNode => c !== undefined)),
    time: (name, ms) => (ms === undefined ? undefined : leaf(name, yangDateTime(ms))),
    text: (name, value) => (value === undefined ? undefined : leaf(name, value)),
  };
}

function failedAttempt(attempt: AgentAttempt | undefined): { at?: number; reason?: string } {
  if (attempt === undefined || attempt.result !== 'failed') return {};
  return { at: attempt.at, ...(attempt.failureReason === undefined ? {} : { reason: attempt.failureReason }) };
}

/** `fail-time` and `fail-message` of the last registration attempt, when it failed. */
export function registrationFailureLeaves(n: StateNodes, reg: AgentRegistration): MaybeNode[] {
  const failed = failedAttempt(reg.initialRegistration);
  return [n.time('fail-time', failed.at), n.text('fail-message', failed.reason)];
}

function registrationInProgress(n: StateNodes, reg: AgentRegistration): XmlNode {
  return n.container('registration-in-progress', [n.time('start-time', reg.initialRegistration?.at)]);
}

/** A failed registration the agent does not retry. */
function registrationFailed(n: StateNodes, reg: AgentRegistration): XmlNode {
  return n.container('registration-failed', registrationFailureLeaves(n, reg));
}

function registrationComplete(n: StateNodes, reg: AgentRegistration): XmlNode {
  const renewal = reg.lastRenewal;
  return n.container('registration-complete', [
    n.time('complete-time', reg.initialRegistration?.result === 'succeeded' ? reg.initialRegistration.at : undefined),
    n.time('last-renew-time', renewal?.at),
    n.time('next-renew-time', reg.nextRenewalAt),
    n.time('expire-time', reg.expiresAt),
    renewal === undefined || renewal.result === 'pending' ? undefined : n.leaf('last-renew-success', renewal.result === 'succeeded'),
    n.text('fail-message', failedAttempt(renewal).reason),
    n.text('smart-account', reg.smartAccount),
    n.text('virtual-account', reg.virtualAccount),
  ]);
}

/** How a module writes the `registration` container: the `registration-state` words and what differs inside. */
export interface RegistrationShape {
  readonly words: { readonly notRegistered: string; readonly inProgress: string; readonly retry: string; readonly failed: string; readonly complete: string };
  /** The content of `registration-retry` (the modules order and nest the failure leaves and `retry-next-time` apart). */
  readonly retry: (reg: AgentRegistration, nextAttemptAt: number) => MaybeNode[];
  /** The export-control leaves that close the container. */
  readonly exportControl: (reg: AgentRegistration) => MaybeNode[];
}

/** `registration`: the state word and the sub-container of that state (the module's `when` statements). */
export function registrationNode(n: StateNodes, reg: AgentRegistration, shape: RegistrationShape): XmlNode {
  const { words } = shape;
  const children: MaybeNode[] = [];
  switch (reg.status) {
    case 'unregistered':
    case 'registration-expired':
      children.push(n.leaf('registration-state', words.notRegistered));
      break;
    case 'registering':
      children.push(n.leaf('registration-state', words.inProgress), registrationInProgress(n, reg));
      break;
    case 'registration-failed':
      if (reg.nextRegistrationAttemptAt !== undefined) {
        children.push(n.leaf('registration-state', words.retry), n.container('registration-retry', shape.retry(reg, reg.nextRegistrationAttemptAt)));
      } else {
        children.push(n.leaf('registration-state', words.failed), registrationFailed(n, reg));
      }
      break;
    case 'registered':
      children.push(n.leaf('registration-state', words.complete), registrationComplete(n, reg));
      break;
  }
  children.push(...shape.exportControl(reg));
  return n.container('registration', children);
}

/** The last communication with CSSM, in the sub-container of authorized, out of compliance and authorization expired. */
export function communicationLeaves(n: StateNodes, auth: AgentAuthorization): MaybeNode[] {
  const last = auth.lastCommunication;
  return [
    last === undefined || last.result === 'pending' ? undefined : n.leaf('last-comm-status-success', last.result === 'succeeded'),
    n.text('fail-message', failedAttempt(last).reason),
    n.time('last-comm-time', last?.at),
    n.time('next-comm-time', auth.nextCommunicationAt),
    n.time('comm-deadline-time', auth.deadlineAt),
  ];
}

/** A `usage` entry; the modules differ only in the enforcement leaf (`enforcement-mode` / `enforce-mode`). */
export function usageEntry(n: StateNodes, e: AgentEntitlement, enforcement: XmlNode): XmlNode {
  return n.container('usage', [
    n.leaf('entitlement-tag', e.tag),
    n.leaf('short-name', e.shortTag),
    n.leaf('license-name', e.name),
    n.leaf('description', e.description),
    n.leaf('count', e.count),
    enforcement,
    n.leaf('post-paid', false),
  ]);
}
