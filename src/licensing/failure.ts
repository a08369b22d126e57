/**
 * Classifies why a registration, renewal or call home failed from the text the device printed: a `Failure
 * reason:` under a failed attempt, a tech-support `Failure Reason`, or a syslog message (`%SMART_LIC-3-COMM_FAILED`,
 * `AGENT_REG_FAILED`, `AUTH_RENEW_FAILED` …). The result maps onto the driver's `LicensingError` codes.
 *
 * Seed texts: `Fail to send out Call Home HTTP message.` (000:476-479: registration/communication failed),
 * `Data and signature do not match for udi …` (004:643: the product instance was removed in CSSM — sync lost),
 * `Agent received a failure status in a response message` (004:677, deregistration in the same case).
 * The other patterns are [INF]: the wording of real agents for DNS, proxy, TLS and token errors.
 */
import type { CommFailureCause, RegistrationErrorCode } from '../errors.js';

export interface FailureClassification {
  readonly code: RegistrationErrorCode;
  /** For communication failures, what part of the path failed. */
  readonly commCause?: CommFailureCause;
  /** Short explanation for reports. */
  readonly reason: string;
}

interface Rule {
  readonly pattern: RegExp;
  readonly code: RegistrationErrorCode;
  readonly commCause?: CommFailureCause;
  readonly reason: string;
}

/** Checked in order; the first match wins. */
const RULES: readonly Rule[] = [
  { pattern: /data and signature do not match|product instance .*(?:removed|not found|does not exist)|udi .*not (?:found|registered) in/i, code: 'E_SYNC_LOST', reason: 'CSSM no longer knows this product instance (removed in CSSM): re-register with a new token' },
  { pattern: /token.*(?:has )?expired|expired.*token/i, code: 'E_TOKEN_EXPIRED', reason: 'the ID token has expired' },
  { pattern: /token.*revoked|revoked.*token/i, code: 'E_TOKEN_REVOKED', reason: 'the ID token was revoked' },
  // `… used the maximum number of times (N).` is the CSSM emulator's TOKEN_USED_UP text, which agents quote.
  { pattern: /(?:max(?:imum)?\.? (?:number of )?(?:uses|times)|uses? (?:limit|exceeded)|no (?:more )?uses left|token.*(?:used up|exhausted))/i, code: 'E_TOKEN_USED_UP', reason: 'the ID token has no uses left' },
  { pattern: /(?:invalid|not valid|unknown|malformed|bad).{0,20}(?:id ?token|token)|(?:id ?token|token).{0,30}(?:invalid|not valid|not found|not recognized)/i, code: 'E_TOKEN_INVALID', reason: 'the ID token is not valid' },
  { pattern: /already registered/i, code: 'E_ALREADY_REGISTERED', reason: 'the device is already registered (use force to re-register)' },
  { pattern: /not registered|unregistered|no id ?cert/i, code: 'E_NOT_REGISTERED', reason: 'the device is not registered' },
  { pattern: /resolve|dns|name lookup|unknown host|host ?name.*(?:not found|unknown)|no address associated/i, code: 'E_COMM_FAILED', commCause: 'dns', reason: 'the CSSM host name could not be resolved (check ip name-server / domain name-server)' },
  { pattern: /proxy/i, code: 'E_COMM_FAILED', commCause: 'proxy', reason: 'the HTTP proxy failed' },
  { pattern: /(?<!\bid(?:entity)? )certificate|ssl|tls|handshake|trust ?point|trustpool|crl|revocation|x\.?509|pki/i, code: 'E_COMM_FAILED', commCause: 'certificate', reason: 'the TLS connection failed (trustpoint, certificate or CRL check)' },
  { pattern: /timed? ?out|refused|unreachable|no route|network is down|connection (?:failed|reset|closed)|could not connect|cannot connect|no reply/i, code: 'E_COMM_FAILED', commCause: 'unreachable', reason: 'CSSM could not be reached' },
  { pattern: /call ?home.*(?:not|in)active|profile.*(?:not|in)active|no (?:active )?profile|destination.*not configured|transport.*(?:off|disabled)|call-home (?:is )?disabled/i, code: 'E_COMM_FAILED', commCause: 'config', reason: 'call-home is not configured to reach CSSM' },
  { pattern: /http|fail(?:ed)? to send|send error|communication (?:message|failure|error)|response error/i, code: 'E_COMM_FAILED', commCause: 'http', reason: 'the call-home HTTP message could not be sent or was refused' },
];

/** Syslog mnemonics (`%SMART_LIC-3-<MNEMONIC>`) and what they mean when the text says nothing more. */
const MNEMONICS: Readonly<Record<string, { code: RegistrationErrorCode; commCause?: CommFailureCause; reason: string }>> = {
  AGENT_REG_FAILED: { code: 'E_REGISTRATION_FAILED', reason: 'registration with CSSM failed' },
  COMM_FAILED: { code: 'E_COMM_FAILED', commCause: 'http', reason: 'communication with CSSM failed' },
  AUTH_RENEW_FAILED: { code: 'E_COMM_FAILED', reason: 'authorization renewal failed' },
  AGENT_DEREG_FAILED: { code: 'E_REGISTRATION_FAILED', reason: 'deregistration failed' },
  ID_CERT_RENEW_FAILED: { code: 'E_REGISTRATION_FAILED', reason: 'ID certificate renewal failed' },
  CERTIFICATE_VALIDATION: { code: 'E_COMM_FAILED', commCause: 'certificate', reason: 'certificate validation failed' },
  AUTHORIZATION_FAILED: { code: 'E_REGISTRATION_FAILED', reason: 'authorization failed' },
};

/** Classifies a failure text, optionally with the syslog mnemonic it came with. */
export function classifyFailure(text: string, mnemonic?: string): FailureClassification {
  for (const rule of RULES) {
    if (rule.pattern.test(text)) {
      return rule.commCause === undefined ? { code: rule.code, reason: rule.reason } : { code: rule.code, commCause: rule.commCause, reason: rule.reason };
    }
  }
  const known = mnemonic === undefined ? undefined : MNEMONICS[mnemonic.toUpperCase()];
  if (known !== undefined) return known.commCause === undefined ? { code: known.code, reason: known.reason } : { code: known.code, commCause: known.commCause, reason: known.reason };
  return { code: 'E_REGISTRATION_FAILED', reason: text.trim() === '' ? 'the operation failed' : text.trim() };
}

/** Smart Licensing syslog mnemonics that report a failure (as opposed to progress or success). */
export function isFailureMnemonic(mnemonic: string): boolean {
  return /FAIL|ERROR|EXPIRED|OUT_OF_COMPLIANCE|INVALID/.test(mnemonic.toUpperCase());
}
