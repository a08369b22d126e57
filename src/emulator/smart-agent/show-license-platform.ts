/**
 * IOS-XR `show license platform summary` (001:123-178) and `show license platform detail` (004:400-430) from a
 * Smart Agent snapshot. The platform collects consumption every 60 minutes and reports every 1440 (004:409-410);
 * [INF] both run on fixed cycles from the agent's start. `Count Last` is what CSSM last heard, `Next` the count to
 * report when it differs from that (0 otherwise, as in the seeds right after a report).
 *
 * NCS 560 SIA (001:86-112): SIA is out of compliance while the authorization is Out of Compliance, expired, or the
 * evaluation expired; a 90-day grace period (cumulative) runs meanwhile (`snapshot.sia`).
 */
import { DAY, HOUR } from '../../clock.js';
import { PLATFORM_COLLECTION_INTERVAL_MS, PLATFORM_REPORTING_INTERVAL_MS } from '../../licensing/timers.js';
import { xrPlatformDate } from '../device/device-time.js';
import type { AgentEntitlement, SmartAgentSnapshot } from './agent-state.js';
import { registrationWord, type RenderContext } from './license-words.js';

function cycle(start: number, now: number, interval: number): { last: number; next: number } {
  const last = start + Math.floor(Math.max(0, now - start) / interval) * interval;
  return { last, next: last + interval };
}

function timesLines(start: number, now: number): string[] {
  const collection = cycle(start, now, PLATFORM_COLLECTION_INTERVAL_MS);
  const reporting = cycle(start, now, PLATFORM_REPORTING_INTERVAL_MS);
  return [
    `Collection: LAST: ${xrPlatformDate(collection.last)}`,
    `            NEXT: ${xrPlatformDate(collection.next)}`,
    `Reporting:  LAST: ${xrPlatformDate(reporting.last)}`,
    `            NEXT: ${xrPlatformDate(reporting.next)}`,
  ];
}

function nextCount(e: AgentEntitlement): number {
  return e.count === e.reportedCount ? 0 : e.count;
}

/** `FCM` rows of the NCS 560 (001:132-136): line cards and the chassis by their tracking PID. */
function summaryEntitlement(ctx: RenderContext, e: AgentEntitlement): { area: string; text: string } {
  if (ctx.model !== 'NCS-560') return { area: 'system', text: e.name };
  if (/^N560-4-SYS/.test(e.shortTag)) return { area: 'FCM', text: `${ctx.identity.pid} Base Hardware Tracking PID` };
  const card = /^(.*)-TRK$/.exec(e.shortTag);
  if (card !== null) return { area: 'FCM', text: `Total ${card[1] === 'A900-IMA8CS1ZM' ? 'A900-IMA8CS1Z-M' : card[1]} LCs in the system` };
  return { area: 'FCM', text: e.name };
}

function siaLines(sia: NonNullable<SmartAgentSnapshot['sia']>): string[] {
  if (!sia.outOfCompliance) return ['SIA Status: In Compliance'];
  if (sia.graceRemainingMs <= 0) {
    return ['*****IMPORTANT*****', 'SIA Status: Out of Compliance(Grace Period Expired)', '           SW Upgrades are blocked as SIA license(s) are in "Not Authorized" state', '*******************'];
  }
  const days = Math.floor(sia.graceRemainingMs / DAY);
  const hours = Math.floor((sia.graceRemainingMs % DAY) / HOUR);
  return [
    '*****IMPORTANT*****',
    `SIA Status: Out of Compliance(Remaining Grace Period: ${days} days, ${hours} hours)`,
    '           SIA license(s) status is Not Authorized.',
    '           SW Upgrade will still be allowed as SIA Grace Period is remaining',
    '*******************',
  ];
}

/** `show license platform summary`; the SIA status only on the NCS 560. */
export function renderPlatformSummary(s: SmartAgentSnapshot, ctx: RenderContext, startedAt: number): string[] {
  const sia = s.sia;
  const rows = s.entitlements.map((e) => {
    const { area, text } = summaryEntitlement(ctx, e);
    return `${area.padEnd(16)}${text.padEnd(48)}${String(e.reportedCount).padStart(5)}${String(nextCount(e)).padStart(8)}`;
  });
  return [
    ...timesLines(startedAt, s.at),
    ...(sia === undefined ? [] : siaLines(sia)),
    '',
    `${'Feature/Area'.padEnd(16)}${'Entitlement'.padEnd(48)}Count`,
    `${''.padEnd(64)}Last    Next`,
    ...rows,
    '',
  ];
}

/** `show license platform detail` (004:400-430). */
export function renderPlatformDetail(s: SmartAgentSnapshot, ctx: RenderContext, startedAt: number): string[] {
  const area = ctx.model === 'NCS-560' ? 'FCM' : 'system';
  const entries = s.entitlements.flatMap((e, i) => [
    `  [${String(i + 1).padStart(2)}] Name: ${e.name}`,
    // A full `regid.…` tag is printed on its own line (004:420-421); a short one after the key.
    ...(e.tag.startsWith('regid.') ? ['        Entitlement Tag:', e.tag] : [`        Entitlement Tag: ${e.tag}`]),
    `        Count: Last reported: ${e.reportedCount}`,
    `               Next report: ${nextCount(e)}`,
    '',
  ]);
  return [
    `Current state: ${registrationWord(s.registration.status)}`,
    '',
    ...timesLines(startedAt, s.at),
    '',
    'Parameters: Collection interval:      60 minute(s)',
    '            Reporting interval:      1440 minute(s)',
    '            Throughput gauge:        1000000 Kbps',
    '',
    '==========================================',
    `Feature/Area '${area}'`,
    `  Name: ${area === 'FCM' ? 'Flexible Consumption Model' : 'System'}`,
    '  Status: ACTIVE',
    '  Flags: CONFIG',
    '',
    ...entries,
  ];
}
