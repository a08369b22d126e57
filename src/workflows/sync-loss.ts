/**
 * Detecting the CSSM sync loss of the NCS 1004 procedure (004:597-684): the product instance was removed in CSSM,
 * so the next authorization renewal fails with "Data and signature do not match for udi …" (004:643), in the
 * status (`Failure reason:` of the last communication) and in the syslog (`SMART_LIC-3-AUTH_RENEW_FAILED`). A
 * syslog line is stale once a success follows it in the log, the device registered or communicated successfully
 * after its time (`messagesInForce`), or, having no time, the status shows a successful latest communication.
 */
import { classifyFailure } from '../licensing/failure.js';
import { messagesInForce } from '../licensing/messages-in-force.js';
import type { LicensingSnapshot } from '../licensing/snapshot.js';

export interface SyslogHit {
  readonly mnemonic: string;
  readonly text: string;
  /** Epoch ms, when the line carried a full timestamp. */
  readonly at?: number;
}

export interface SyncLossDetection {
  readonly lost: boolean;
  /** Where it was seen. */
  readonly sources: ReadonlyArray<'status' | 'syslog'>;
  /** The texts it was seen in. */
  readonly evidence: readonly string[];
  /** Sync-loss syslog lines older than the device's last success, ignored. */
  readonly stale: number;
}

function isSyncLoss(text: string, mnemonic?: string): boolean {
  return classifyFailure(text, mnemonic).code === 'E_SYNC_LOST';
}

export function detectSyncLoss(snapshot: LicensingSnapshot, syslog: readonly SyslogHit[]): SyncLossDetection {
  const sources: Array<'status' | 'syslog'> = [];
  const evidence: string[] = [];
  const last = snapshot.authorization?.lastCommunication;
  const renewal = snapshot.registration?.lastRenewal;
  for (const attempt of [last, renewal]) {
    if (attempt?.result === 'failed' && attempt.failureReason !== undefined && isSyncLoss(attempt.failureReason)) {
      if (!sources.includes('status')) sources.push('status');
      evidence.push(attempt.failureReason);
    }
  }

  // A line without a time is older than a status whose latest communication succeeded.
  const communicating = last?.result === 'succeeded';
  let stale = 0;
  for (const list of [snapshot.messages ?? [], syslog]) {
    const inForce = new Set(messagesInForce(list, snapshot));
    for (const hit of list) {
      if (!isSyncLoss(hit.text, hit.mnemonic)) continue;
      if (!inForce.has(hit) || (hit.at === undefined && communicating)) {
        stale++;
        continue;
      }
      if (!sources.includes('syslog')) sources.push('syslog');
      if (!evidence.includes(hit.text)) evidence.push(hit.text);
    }
  }
  return { lost: sources.length > 0, sources, evidence, stale };
}
