/**
 * Pure: what a device answered to a Smart Licensing action over NETCONF — the NETCONF counterpart of
 * command-reply.ts. IOS-XE answers `<return-code>`, IOS-XR `<response><operation-status/><return-code/>`; the
 * return code is an error-enum value of the platform's errors submodule.
 *
 * Accepted: `success`, and the "in progress" code of the action itself (`registrationinprogress` for a registration,
 * which the module names as its success answer; `idcertrenewinprogress` / `authrenewinprogress` for the renewals —
 * the work is under way, the state tells how it ends). Refused, classified to the same codes as the CLI's words:
 * `alreadyregistered` → E_ALREADY_REGISTERED, `notregistered` → E_NOT_REGISTERED, the communication codes →
 * E_COMM_FAILED (`config` for call-home / transport off, `certificate` for certificate and trust-chain codes; the
 * codes do not say more, so other causes stay unknown), `BadInputParams` to a registration → E_TOKEN_INVALID, any
 * other code → E_REGISTRATION_FAILED naming it. On IOS-XR `operation-status failed` refuses whatever the code.
 */
import type { CommFailureCause, RegistrationErrorCode } from '../../errors.js';
import { renderXml, type XmlNode } from '../../netconf/xml.js';
import type { RpcReply } from '../../netconf/reply.js';
import { SMART_LICENSE_YANG, type SmartLicenseAction } from '../../platforms/smart-license-yang.js';
import type { PlatformId } from '../../platforms/types.js';
import type { FailureVerdict } from '../failure-verdict.js';

export interface ActionReply {
  /** The error-enum value, or undefined when the reply carried none (`<ok/>`). */
  readonly returnCode: string | undefined;
  /** IOS-XR `operation-status` (`success` | `failed`). */
  readonly operationStatus?: string;
  /** The reply's output as XML text. */
  readonly text: string;
}

export type ActionVerdict = { readonly kind: 'accepted' } | { readonly kind: 'refused'; readonly failure: FailureVerdict };

const ACCEPTED: Readonly<Record<SmartLicenseAction, ReadonlySet<string>>> = {
  'register-id-token': new Set(['success', 'registrationinprogress']),
  'renew-id': new Set(['success', 'idcertrenewinprogress']),
  'renew-auth': new Set(['success', 'authrenewinprogress']),
  'de-register': new Set(['success']),
};

interface Refusal {
  readonly code: RegistrationErrorCode;
  readonly commCause?: CommFailureCause;
  readonly reason: string;
}

const COMMUNICATION = new Set(['commsend', 'commresponse', 'communkown', 'commretry', 'agentunreachable']);
const COMMUNICATION_CONFIG = new Set(['commdisabled', 'callhomeserviceoff', 'transportnotavailable', 'transporttype', 'transportconfig', 'NoURL']);
const CERTIFICATE = new Set(['certinvalid', 'certexpired', 'couldnotvalidatetrustchain', 'cryptorootcaimportfailed']);

function refusal(action: SmartLicenseAction, code: string): Refusal {
  const named = `(return-code ${code})`;
  if (code === 'alreadyregistered') return { code: 'E_ALREADY_REGISTERED', reason: `the device is already registered; register with force to re-register ${named}` };
  if (code === 'notregistered') return { code: 'E_NOT_REGISTERED', reason: `the device is not registered ${named}` };
  if (COMMUNICATION.has(code)) return { code: 'E_COMM_FAILED', reason: `the device could not communicate with CSSM ${named}` };
  if (COMMUNICATION_CONFIG.has(code)) return { code: 'E_COMM_FAILED', commCause: 'config', reason: `call-home / the transport is not set up to reach CSSM ${named}` };
  if (CERTIFICATE.has(code)) return { code: 'E_COMM_FAILED', commCause: 'certificate', reason: `a certificate or trust chain check failed ${named}` };
  if (code === 'BadInputParams' && action === 'register-id-token') return { code: 'E_TOKEN_INVALID', reason: `the device refused the ID token ${named}` };
  if (code === 'notenabled') return { code: 'E_REGISTRATION_FAILED', reason: `Smart Licensing is not enabled on the device ${named}` };
  if (code === 'responsefailed') return { code: 'E_REGISTRATION_FAILED', reason: `CSSM answered with a failure status ${named}` };
  return { code: 'E_REGISTRATION_FAILED', reason: `the device refused ${action} ${named}` };
}

/** Reads the output of an action's `<rpc-reply>`. */
export function readActionReply(platform: PlatformId, reply: RpcReply): ActionReply {
  const yang = SMART_LICENSE_YANG[platform];
  const ns = yang.actionNamespace;
  const output: readonly XmlNode[] = reply.body.filter((n) => n.ns === ns);
  const text = renderXml(reply.body);
  const holder = yang.output === 'response' ? output.find((n) => n.name === 'response')?.children ?? [] : output;
  const code = holder.find((n) => n.name === 'return-code' && n.ns === ns)?.text.trim();
  const status = holder.find((n) => n.name === 'operation-status' && n.ns === ns)?.text.trim();
  return { returnCode: code === '' ? undefined : code, ...(status === undefined ? {} : { operationStatus: status }), text };
}

export function judgeActionReply(action: SmartLicenseAction, reply: ActionReply): ActionVerdict {
  const code = reply.returnCode;
  const failedStatus = reply.operationStatus === 'failed';
  if (!failedStatus && (code === undefined || ACCEPTED[action].has(code))) return { kind: 'accepted' };
  const evidence = [...(reply.operationStatus === undefined ? [] : [`operation-status: ${reply.operationStatus}`]), ...(code === undefined ? [] : [`return-code: ${code}`])];
  const r = code === undefined || ACCEPTED[action].has(code) ? { code: 'E_REGISTRATION_FAILED' as const, reason: `the device answered operation-status failed to ${action}` } : refusal(action, code);
  return { kind: 'refused', failure: { code: r.code, ...(r.commCause === undefined ? {} : { commCause: r.commCause }), reason: r.reason, evidence } };
}
