/**
 * The Smart Agent's words: syslog messages, `Failure reason:` texts and the replies of the exec commands, per
 * platform. Seed texts are quoted exactly where a seed has them; the rest are [INF] in the style of real agents.
 *
 * Facility and tag: IOS-XE logs `%SMART_LIC-<sev>-<MNEMONIC>: …` (000:476-479); IOS-XR logs
 * `%LICENSE-SMART_LIC-<sev>-<MNEMONIC> : …` from process `smartlicserver[311]` (004:635-677; the seed's
 * AUTH_RENEW_FAILED line lacks the leading `%`, a documentation artifact — every XR message carries it).
 * IOS-XE names the server "Cisco licensing cloud" (000:476-479), IOS-XR "Cisco Smart Software Manager (CSSM)"
 * (004:639, 004:673).
 *
 * Every failure text keeps what made it fail at its end (`… failed: <reason>`): `classifyFailure()` reads the
 * reason (a CSSM error or the network's `detail`) and the wrapping words match none of its patterns.
 */
import type { PlatformId } from '../../platforms/types.js';
import type { SyslogEntry, SyslogSeverity } from '../device/syslog.js';

export interface AgentMessage {
  readonly severity: SyslogSeverity;
  readonly mnemonic: string;
  readonly text: string;
}

export const XR_SMART_LIC_PROCESS = 'smartlicserver[311]';

/** A message as a syslog buffer entry of the platform. */
export function syslogEntry(platform: PlatformId, at: number, message: AgentMessage): SyslogEntry {
  return platform === 'ios-xe'
    ? { at, facility: 'SMART_LIC', severity: message.severity, mnemonic: message.mnemonic, text: message.text }
    : { at, facility: 'LICENSE-SMART_LIC', severity: message.severity, mnemonic: message.mnemonic, text: message.text, process: XR_SMART_LIC_PROCESS };
}

function cloud(platform: PlatformId): string {
  return platform === 'ios-xe' ? 'Cisco licensing cloud' : 'Cisco Smart Software Manager (CSSM)';
}

const CSSM = 'the Cisco Smart Software Manager (CSSM)';

export const agentMessages = {
  /** [INF] */
  registered: (platform: PlatformId, udi: string): AgentMessage => ({
    severity: 6,
    mnemonic: 'AGENT_REG_SUCCESS',
    text: `Smart Agent for Licensing Registration with ${cloud(platform)} successful for udi ${udi}`,
  }),
  /** 000:476-477 */
  registrationFailed: (platform: PlatformId, reason: string): AgentMessage => ({
    severity: 3,
    mnemonic: 'AGENT_REG_FAILED',
    text: `Smart Agent for Licensing Registration with ${cloud(platform)} failed: ${reason}`,
  }),
  /** 000:478-479 (IOS-XR wording [INF]) */
  communicationFailed: (platform: PlatformId, reason: string): AgentMessage => ({
    severity: 3,
    mnemonic: 'COMM_FAILED',
    text: platform === 'ios-xe' ? `Communications failure with ${cloud(platform)}: ${reason}` : `Communications failure with ${CSSM} : ${reason}`,
  }),
  /** [INF] */
  communicationRestored: (platform: PlatformId): AgentMessage => ({
    severity: 5,
    mnemonic: 'COMM_RESTORED',
    text: `Communications with ${cloud(platform)} restored`,
  }),
  /** [INF] */
  authorizationRenewed: (status: string): AgentMessage => ({
    severity: 6,
    mnemonic: 'AUTH_RENEW_SUCCESS',
    text: `Authorization renewal with ${CSSM} : ${status}`,
  }),
  /** 004:639-647 */
  authorizationRenewalFailed: (reason: string): AgentMessage => ({
    severity: 3,
    mnemonic: 'AUTH_RENEW_FAILED',
    text: `Authorization renewal with ${CSSM} : ${reason}`,
  }),
  /** [INF] */
  idCertificateRenewed: (expires: string): AgentMessage => ({
    severity: 6,
    mnemonic: 'ID_CERT_RENEW_SUCCESS',
    text: `ID registration renewed with ${CSSM}. Expiration date: ${expires}`,
  }),
  /** [INF] */
  idCertificateRenewalFailed: (reason: string): AgentMessage => ({
    severity: 3,
    mnemonic: 'ID_CERT_RENEW_FAILED',
    // Not "certificate": classifyFailure() would read it as a TLS failure whatever the reason.
    text: `ID registration renewal with ${CSSM} failed: ${reason}`,
  }),
  /** [INF] */
  idCertificateExpired: (): AgentMessage => ({
    severity: 3,
    mnemonic: 'ID_CERT_EXPIRED',
    text: 'ID registration expired. Agent will transition to the unregistered state and consume the evaluation period',
  }),
  /** [INF] */
  deregistered: (platform: PlatformId): AgentMessage => ({
    severity: 6,
    mnemonic: 'AGENT_DEREG_SUCCESS',
    text: `Smart Agent for Licensing DeRegistration with ${cloud(platform)} successful`,
  }),
  /** 004:673-677 */
  deregistrationFailed: (platform: PlatformId, reason: string): AgentMessage => ({
    severity: 3,
    mnemonic: 'AGENT_DEREG_FAILED',
    text: `Smart Agent for Licensing DeRegistration with ${cloud(platform)} failed: ${reason}`,
  }),
  /** [INF] */
  outOfCompliance: (): AgentMessage => ({
    severity: 3,
    mnemonic: 'OUT_OF_COMPLIANCE',
    text: 'One or more entitlements are out of compliance',
  }),
  /** [INF] (004:244, 004:283) */
  authorizationExpired: (platform: PlatformId): AgentMessage => ({
    severity: 3,
    mnemonic: 'AUTHORIZATION_EXPIRED',
    text: `Authorization expired: no successful communication with ${cloud(platform)} for 90 days`,
  }),
  /** [INF] */
  evaluationExpired: (date: string): AgentMessage => ({
    severity: 3,
    mnemonic: 'EVAL_EXPIRED',
    text: `Evaluation period expired on ${date}`,
  }),
  /** The hourly console warning, text from 001:464. */
  evaluationExpiredWarning: (): AgentMessage => ({
    severity: 4,
    mnemonic: 'EVAL_EXPIRED_WARNING',
    text: 'Smart Licensing evaluation expired',
  }),
} as const;

/** `Failure reason:` for a CSSM refusal: the agent quotes CSSM's message (004:643). */
export function cssmFailureReason(message: string): string {
  return `Error received from Smart Software Manager: ${message}`;
}

/** A deregistration CSSM refused (004:677). */
export const DEREGISTRATION_FAILURE_STATUS =
  'Agent received a failure status in a response message. Please check the Agent log file for the detailed message.';

/** [INF] A reply that does not answer the message sent. */
export const UNEXPECTED_REPLY = 'Communication message send response error: the reply does not answer the message sent';

/** Immediate replies of the exec commands ([INF] except the registration text, which is the IOS-XE agent's). */
export const commandReplies = {
  registration: "Registration process is in progress. Use the 'show license status' command to check the progress and result",
  renewAuthorization: "Authorization renewal process is in progress. Use the 'show license status' command to check the progress and result",
  renewIdCertificate: "ID certificate renewal process is in progress. Use the 'show license status' command to check the progress and result",
} as const;

/**
 * [INF] Refusals, printed as `% Error: …` so that clients fail the task. They classify with `classifyFailure()`
 * as E_ALREADY_REGISTERED / E_NOT_REGISTERED.
 */
export const refusalTexts = {
  'already-registered':
    "% Error: Smart Licensing: the device is already registered. Use 'license smart register idtoken <token> force' to register it again",
  'not-registered': "% Error: Smart Licensing: the device is not registered. Register it first with 'license smart register idtoken <token>'",
  'registration-in-progress': "% Error: Smart Licensing: a registration is already in progress. Use the 'show license status' command to check the progress and result",
} as const;
