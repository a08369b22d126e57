/**
 * `show license tech support` (IOS-XE, seed 000:668-904) from a Smart Agent snapshot: the status blocks, the
 * evaluation period, the entitlements as handles with their full tags and status codes, product and agent
 * information, the upcoming scheduled jobs with their remaining time, the license certificates, HA and other info.
 *
 * [INF] Status codes other than the seed's AUTHORIZED(3) and OUT OF COMPLIANCE(4); the job list while not
 * registered (the seed shows a registered agent); `Agent State:` words other than the seed's `OOC`; the signing
 * and sub-CA certificate dates are the seed's (they belong to Cisco's CA, not to the device).
 */
import { DAY } from '../../clock.js';
import type { EntitlementStatus } from '../../licensing/types.js';
import { formatRemaining, ID_CERT_EXPIRY_WARNING_MS } from '../../licensing/timers.js';
import { xeCertificateDate } from '../device/device-time.js';
import type { AgentAuthorizationStatus, SmartAgentSnapshot } from './agent-state.js';
import { renderLicenseStatus } from './show-license.js';
import { agentVersionLines, banner, entitlementWord, licenseDate, udiText, type RenderContext } from './license-words.js';

const STATUS_CODES: Partial<Record<EntitlementStatus, number>> = {
  waiting: 1,
  evaluation: 2,
  authorized: 3,
  'out-of-compliance': 4,
  'evaluation-expired': 5,
  'authorization-expired': 6,
  'not-authorized': 7,
};

const AGENT_STATES: Readonly<Record<AgentAuthorizationStatus, string>> = {
  evaluation: 'EVAL',
  'evaluation-expired': 'EVAL EXPIRED',
  'authorization-pending': 'WAITING',
  authorized: 'AUTHORIZED',
  'out-of-compliance': 'OOC',
  'authorization-expired': 'AUTH EXPIRED',
};

/** Seed 000:852. */
const CBR8_SOFTWARE_ID = 'regid.2014-12.com.cisco.CBR8V1,1.0_95948658-0b8b-4e8f-838d-b17020364ca9';

function job(ctx: RenderContext, now: number, name: string, at: number | undefined): string {
  if (at === undefined) return `${name}: Not Available`;
  return `${name}: ${licenseDate(ctx, at)} (${formatRemaining(at - now)} remaining)`;
}

function certificate(title: string, start: number, expiry: number, serial: string, name: string): string[] {
  return [
    `  ${title}:`,
    `    Start Date: ${xeCertificateDate(start)}`,
    `    Expiry Date: ${xeCertificateDate(expiry)}`,
    '    Version Number: 3',
    `    Serial Number: ${serial}`,
    `    Common Name: ${name}`,
  ];
}

export function renderLicenseTechSupport(s: SmartAgentSnapshot, ctx: RenderContext): string[] {
  const now = s.at;
  const reg = s.registration;
  const auth = s.authorization;
  const cert = reg.idCertificate;
  const status = renderLicenseStatus(s, ctx).filter((l, i, all) => !(l === '' && (i === 0 || i === all.length - 1)));
  const evaluationMode = s.evaluation.inUse ? (s.evaluation.remainingMs > 0 ? 'In Use' : 'Expired') : 'Not In Use';
  const handles = s.entitlements.flatMap((e, i) => [
    `Handle: ${i + 1}`,
    `  License: 'nullPtr'`,
    `  Entitlement Tag: ${e.tag}`,
    `  Description: ${e.description === '' ? '<empty>' : e.description}`,
    `  Count: ${e.count}`,
    '  Version: 1.0',
    `  Status: ${entitlementWord(e.status)}${STATUS_CODES[e.status] === undefined ? '' : `(${STATUS_CODES[e.status]})`}`,
    ...(e.statusAt === undefined ? [] : [`  Status time: ${licenseDate(ctx, e.statusAt)}`]),
    ...(auth.lastCommunication === undefined ? [] : [`  Request Time: ${licenseDate(ctx, auth.lastCommunication.at)}`]),
    '',
  ]);
  const registered = reg.status === 'registered';
  const jobs = [
    `Current time: ${licenseDate(ctx, now)}`,
    ...(registered && cert !== undefined ? [job(ctx, now, 'IdCert Expiration Warning', cert.notAfter - ID_CERT_EXPIRY_WARNING_MS)] : []),
    job(ctx, now, 'Daily', now + DAY - ((now - ctx.identity.bootTime) % DAY)),
    ...(registered ? [job(ctx, now, 'Certificate Renewal', reg.nextRenewalAt), job(ctx, now, 'Certificate Expiration Check', reg.expiresAt)] : []),
    ...(registered ? [job(ctx, now, 'Authorization Renewal', auth.nextCommunicationAt), job(ctx, now, 'Authorization Expiration Check', auth.deadlineAt)] : []),
    ...(reg.nextRegistrationAttemptAt !== undefined ? [job(ctx, now, 'Registration Retry', reg.nextRegistrationAttemptAt)] : []),
    ...(s.evaluation.expiresAt !== undefined ? [job(ctx, now, 'Evaluation Expiration Check', s.evaluation.expiresAt)] : []),
    'Init Flag Check: Not Available',
  ];
  const certificates =
    cert === undefined
      ? ['Production Cert: True', 'Licensing Certificated: Not Available']
      : [
          'Production Cert: True',
          ...(reg.productInstanceId === undefined ? [] : [`PIID: ${reg.productInstanceId}`]),
          'Licensing Certificated:',
          ...certificate('Id certificate Info', cert.notBefore, cert.notAfter, cert.serial, cert.commonName),
          ...certificate('Signing certificate Info', Date.UTC(2013, 5, 14, 20, 18, 52), Date.UTC(2033, 3, 24, 21, 55, 42), '3', cert.signer),
          ...certificate('Sub CA Info', Date.UTC(2013, 3, 24, 22, 19, 15), Date.UTC(2033, 3, 24, 21, 55, 42), '2', cert.subCa),
        ];
  return [
    '',
    'Smart Licensing Tech Support info',
    '',
    ...banner('Smart Licensing Status'),
    '',
    ...status,
    '',
    'Evaluation Period:',
    `  Evaluation Mode: ${evaluationMode}`,
    `  Evaluation Period Remaining: ${formatRemaining(s.evaluation.remainingMs)}`,
    '',
    ...banner('License Usage'),
    ...(handles.length === 0 ? ['No licenses in use', ''] : handles),
    ...banner('Product Information'),
    `UDI: ${udiText(ctx)}`,
    '',
    'HA UDI List:',
    `  Active:${udiText(ctx)}`,
    `  Standby:${udiText(ctx)}`,
    '',
    ...banner('Agent Version'),
    ...agentVersionLines(ctx),
    '',
    ...banner('Upcoming Scheduled Jobs'),
    ...jobs,
    '',
    ...banner('License Certificates'),
    ...certificates,
    '',
    ...banner('HA Info'),
    'RP Role: Active',
    'Chassis Role: Active',
    'Behavior Role: Active',
    'RMF: True',
    'CF: True',
    'CF State: Stateless',
    '',
    ...banner('Other Info'),
    `Software ID: ${CBR8_SOFTWARE_ID}`,
    `Agent State: ${registered ? AGENT_STATES[auth.status] : reg.status === 'registering' ? 'REGISTERING' : AGENT_STATES[auth.status]}`,
    'TS enable: True',
    'Transport: Callhome',
    'Locale: en_US.UTF-8',
    'Debug flags: 0x7',
    'Privacy Send Hostname: True',
    'Privacy Send IP: True',
    'Build type:: Production',
    'sizeof(char) : 1',
    'sizeof(int) : 4',
    'sizeof(long) : 4',
    'sizeof(char *): 8',
    'sizeof(time_t): 4',
    'sizeof(size_t): 8',
    'Endian: Big',
    'enableOnInit: True',
    'routingReadyByEvent: True',
    'systemInitByEvent: True',
    'WaitForHaRole: False',
    'standbyIsHot: True',
    'chkPtType: 2',
    'delayCommInit: False',
    'roleByEvent: True',
    'maxTraceLength: 150',
    'traceAlwaysOn: False',
    'debugFlags: 7',
    '',
  ];
}
