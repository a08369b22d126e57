/**
 * The Smart Licensing actions of an emulated device over NETCONF, acting on the same `SmartAgent` as the CLI's
 * `license smart …` commands (agent-commands.ts):
 *
 *   IOS-XE cisco-smart-license        register-id-token (id-token, force), renew-id, renew-auth, de-register
 *                                     → <return-code>
 *   IOS-XR Cisco-IOS-XR-smart-license-act  the same four → <response><operation-status/><return-code/></response>
 *
 * Input is checked as the modules type it (unknown elements, `id-token` length 1..255, `force` boolean) with RFC 6241
 * `rpc-error`s; what the agent then answers is a return code of the errors submodules. The token never appears in
 * an error, a log line or a reply.
 *
 * Return codes ([INF] except `registrationinprogress` for an accepted registration and `notenabled`, which the
 * module's description names): an accepted renewal `success`; a refusal `alreadyregistered` / `notregistered` /
 * `msgexecinprogress` (a registration is running); a token the agent cannot take (whitespace, `?`, none given)
 * `BadInputParams`; no running agent `notenabled`. `de-register` answers once the agent is done (as the CLI
 * command does): `success` when CSSM acknowledged, `commsend` when CSSM could not be reached (`callhomeserviceoff`
 * when call-home is not set up to reach it), `responsefailed` when CSSM refused (after a sync loss, 004:669-677) —
 * the local registration is gone in each case (004:654-684).
 */
import { InvalidArgumentError, PlatformError } from '../../../errors.js';
import { classifyFailure } from '../../../licensing/failure.js';
import { SMART_LICENSE_YANG, type SmartLicenseAction, type SmartLicenseYang } from '../../../platforms/smart-license-yang.js';
import { xmlElement, type XmlNode } from '../../../netconf/xml.js';
import type { EmulatedDevice } from '../../device/types.js';
import { rpcFailure, type RpcFailureDetails } from '../../netconf/rpc-failure.js';
import type { RpcRegistration } from '../../netconf/types.js';
import type { AgentDeregisterResult, AgentRefusal, AgentRequestResult } from '../agent-state.js';
import { smartAgentOf } from '../agent-registry.js';
import type { SmartAgent } from '../smart-agent.js';

/** The error-enum values the emulated agents answer with (both platforms' errors submodules have them all). */
export type AgentReturnCode =
  | 'success'
  | 'registrationinprogress'
  | 'alreadyregistered'
  | 'notregistered'
  | 'msgexecinprogress'
  | 'BadInputParams'
  | 'notenabled'
  | 'commsend'
  | 'callhomeserviceoff'
  | 'responsefailed';

const REFUSAL_CODES: Readonly<Record<AgentRefusal, AgentReturnCode>> = {
  'already-registered': 'alreadyregistered',
  'not-registered': 'notregistered',
  'registration-in-progress': 'msgexecinprogress',
};

function output(yang: SmartLicenseYang, code: AgentReturnCode): XmlNode[] {
  const ns = yang.actionNamespace;
  if (yang.output === 'return-code') return [xmlElement('return-code', ns, code)];
  const status = code === 'success' || code === 'registrationinprogress' ? 'success' : 'failed';
  return [xmlElement('response', ns, [xmlElement('operation-status', ns, status), xmlElement('return-code', ns, code)])];
}

function path(yang: SmartLicenseYang, action: SmartLicenseAction, leaf?: string): string {
  return `/${yang.actionModule}:${action}${leaf === undefined ? '' : `/${leaf}`}`;
}

/** The details of an error in input leaf `name`: its path in the module, and the element named as the bad one. */
function leafError(yang: SmartLicenseYang, action: SmartLicenseAction, name: string): RpcFailureDetails {
  return { type: 'application', path: path(yang, action, name), info: { 'bad-element': name } };
}

/** The input leaves of an action, each at most once, in the module's namespace. */
function inputOf(yang: SmartLicenseYang, action: SmartLicenseAction, op: XmlNode, allowed: readonly string[]): Map<string, string> {
  const leaves = new Map<string, string>();
  for (const child of op.children) {
    if (child.ns !== yang.actionNamespace || !allowed.includes(child.name)) {
      const where = allowed.length === 0 ? `<${action}> takes no input` : `<${action}> has no input <${child.name}>`;
      throw rpcFailure(action, 'unknown-element', child.ns === yang.actionNamespace ? where : `${where} in namespace "${child.ns}"`, {
        type: 'application',
        path: path(yang, action),
        info: { 'bad-element': child.name },
      });
    }
    if (leaves.has(child.name)) {
      throw rpcFailure(action, 'bad-element', `<${child.name}> is given more than once`, leafError(yang, action, child.name));
    }
    if (child.children.length > 0) {
      throw rpcFailure(action, 'invalid-value', `<${child.name}> is a leaf; it holds no elements`, leafError(yang, action, child.name));
    }
    leaves.set(child.name, child.text);
  }
  return leaves;
}

function booleanInput(yang: SmartLicenseYang, action: SmartLicenseAction, name: string, value: string | undefined): boolean {
  if (value === undefined) return false;
  const text = value.trim();
  if (text === 'true' || text === 'false') return text === 'true';
  throw rpcFailure(action, 'invalid-value', `<${name}> must be true or false`, leafError(yang, action, name));
}

function requestCode(result: AgentRequestResult, accepted: AgentReturnCode): AgentReturnCode {
  return result.accepted ? accepted : REFUSAL_CODES[result.refusal];
}

function deregisterCode(result: AgentDeregisterResult): AgentReturnCode {
  if (!result.accepted) return REFUSAL_CODES[result.refusal];
  if (result.acknowledged) return 'success';
  if (result.communicationFailed === false) return 'responsefailed';
  return result.failureReason !== undefined && classifyFailure(result.failureReason).commCause === 'config' ? 'callhomeserviceoff' : 'commsend';
}

/** What an action asks of the agent once its input is checked, answered with a return code. */
type AgentRun = (agent: SmartAgent) => AgentReturnCode | Promise<AgentReturnCode>;

/** Runs `run` on the device's agent; `notenabled` when none runs (never attached, or the device is closing). */
async function withAgent(device: EmulatedDevice, run: AgentRun): Promise<AgentReturnCode> {
  const agent = smartAgentOf(device);
  if (agent === undefined) return 'notenabled';
  try {
    return await run(agent);
  } catch (error) {
    if (error instanceof PlatformError) return 'notenabled';
    throw error;
  }
}

/**
 * One action: its input leaves checked (`prepare` refuses bad values with an rpc-error before the agent is asked),
 * then run on the device's agent and answered in the module's output shape.
 */
function actionRpc(
  device: EmulatedDevice,
  yang: SmartLicenseYang,
  action: SmartLicenseAction,
  inputs: readonly string[],
  prepare: (input: Map<string, string>) => AgentRun,
): RpcRegistration {
  return {
    namespace: yang.actionNamespace,
    name: action,
    handler: async (op) => {
      const run = prepare(inputOf(yang, action, op, inputs));
      return output(yang, await withAgent(device, run));
    },
  };
}

/** `register-id-token`: an `id-token` of the length the module allows, `force` true or false. */
function registerIdToken(yang: SmartLicenseYang, input: Map<string, string>): AgentRun {
  const action = 'register-id-token';
  const token = input.get('id-token');
  if (token !== undefined && (token.length < 1 || token.length > yang.idTokenMaxLength)) {
    throw rpcFailure(action, 'invalid-value', `<id-token> must be 1..${yang.idTokenMaxLength} characters long, got ${token.length}`, leafError(yang, action, 'id-token'));
  }
  const force = booleanInput(yang, action, 'force', input.get('force'));
  return (agent) => {
    if (token === undefined) return 'BadInputParams';
    try {
      return requestCode(agent.register(token, { force }), 'registrationinprogress');
    } catch (error) {
      if (error instanceof InvalidArgumentError) return 'BadInputParams';
      throw error;
    }
  };
}

/** The four actions of the device's platform, bound to its Smart Agent (looked up at each call). */
export function licensingRpcs(device: EmulatedDevice): RpcRegistration[] {
  const yang = SMART_LICENSE_YANG[device.platform];
  return [
    actionRpc(device, yang, 'register-id-token', ['id-token', 'force'], (input) => registerIdToken(yang, input)),
    actionRpc(device, yang, 'renew-id', [], () => (agent) => requestCode(agent.renew('id'), 'success')),
    actionRpc(device, yang, 'renew-auth', [], () => (agent) => requestCode(agent.renew('auth'), 'success')),
    actionRpc(device, yang, 'de-register', [], () => async (agent) => deregisterCode(await agent.deregister())),
  ];
}
