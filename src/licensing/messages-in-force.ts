/**
 * Which licensing syslog messages still describe the device. The logging buffer keeps a failure long after it
 * was mended: after the NCS 1004 sync-loss procedure (004:597-684) the `AUTH_RENEW_FAILED … Data and signature do
 * not match` lines stay in `show logging` below the `AGENT_REG_SUCCESS` of the forced registration. A failure is
 * over once a success follows it in the buffer (messages are listed oldest first, as the device prints them) or,
 * when it carries a time, once the device registered or communicated successfully after it; a line without a time
 * is over once the device's latest communication with CSSM succeeded (the status is newer than the buffer).
 */
import type { LicensingSnapshot } from './snapshot.js';

export interface LicensingMessage {
  readonly mnemonic: string;
  readonly text: string;
  /** Epoch ms, when the line carried a full timestamp. */
  readonly at?: number;
}

/** A registration, renewal or deregistration that went through ends every failure printed before it. */
const SUCCESS = /(?:AGENT_REG|AUTH_RENEW|ID_CERT_RENEW|AGENT_DEREG)_SUCCESS$/;

export function isSuccessMnemonic(mnemonic: string): boolean {
  return SUCCESS.test(mnemonic);
}

/** The last time the device is known to have succeeded with CSSM (registration or communication), if any. */
export function lastSuccessAt(snapshot: LicensingSnapshot): number | undefined {
  const last = snapshot.authorization?.lastCommunication;
  const renewal = snapshot.registration?.lastRenewal;
  const times = [
    last?.result === 'succeeded' ? last.at : undefined,
    renewal?.result === 'succeeded' ? renewal.at : undefined,
    snapshot.registration?.registeredAt,
  ].filter((t): t is number => t !== undefined);
  return times.length === 0 ? undefined : Math.max(...times);
}

/**
 * `messages` (oldest first) without the failures that are over: a success follows them in the list, the device
 * succeeded after their time, or (for a line without a time) its latest communication with CSSM succeeded.
 */
export function messagesInForce<M extends LicensingMessage>(messages: readonly M[], snapshot: LicensingSnapshot): M[] {
  const successAt = lastSuccessAt(snapshot);
  const communicating = snapshot.authorization?.lastCommunication?.result === 'succeeded';
  let lastSuccessIndex = -1;
  messages.forEach((m, i) => {
    if (isSuccessMnemonic(m.mnemonic)) lastSuccessIndex = i;
  });
  return messages.filter((m, i) => {
    if (i <= lastSuccessIndex) return false;
    if (m.at === undefined) return !communicating;
    return successAt === undefined || m.at >= successAt;
  });
}
