/**
 * `show call-home smart-licensing statistics` (000:992-1005) from the agent's call-home counters. The legend and
 * columns are the seed's; the troubleshooting text expects REGISTRATION and ACKNOWLEDGEMENT rows after a
 * registration (000:1029). [INF] The RENEW (ID certificate) and DEREGISTRATION rows, the `n/a` of a message type
 * never sent, and the `(GMT+00:00)` zone of the emulated devices' UTC clock.
 */
import { callHomeStatisticsDate } from '../device/device-time.js';
import type { CallHomeMessageSubtype, SmartAgentSnapshot } from './agent-state.js';

const ROWS: readonly CallHomeMessageSubtype[] = ['REGISTRATION', 'ACKNOWLEDGEMENT', 'ENTITLEMENT', 'RENEW', 'DEREGISTRATION'];

export function renderCallHomeStatistics(s: SmartAgentSnapshot): string[] {
  const rows = ROWS.map((subtype) => {
    const c = s.statistics[subtype];
    const sent = c.lastSentAt === undefined ? 'n/a' : callHomeStatisticsDate(c.lastSentAt);
    return `${subtype.padEnd(16)}${String(c.success).padStart(7)} ${String(c.failed).padStart(7)} ${String(c.inqueue).padStart(7)} ${String(c.dropped).padStart(7)} ${sent}`;
  });
  return [
    '',
    'Success: Successfully sent and response received.',
    'Failed : Failed to send or response indicated error occurred.',
    'Inqueue: In queue waiting to be sent.',
    'Dropped: Dropped due to incorrect call-home configuration.',
    '',
    'Msg Subtype      Success Failed  Inqueue Dropped Last-sent (GMT+00:00)',
    '-'.repeat(74),
    ...rows,
    '',
  ];
}
