/**
 * The soak's emulator process (forked with an IPC channel): a lab of N mixed devices with their Smart Agents and the
 * CSSM emulator on the wall clock, each device keeping only the newest `commandLogLimit` command-log entries so that
 * the logs are full after the onboarding and any later growth is a leak. Messages: it sends
 * `{ type: 'ready', inventory }`; it answers `{ type: 'stats' }` with its figures after a full GC and
 * `{ type: 'stop' }` by closing the lab and exiting.
 */
import { readdirSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { startLab } from '../../src/emulator/lab.js';

export interface EmulatorStats {
  readonly heapUsedBytes: number;
  readonly rssBytes: number;
  readonly fds: number;
  /** Open SSH connections over the fleet, as the devices count them. */
  readonly connections: number;
  readonly commandLogEntries: number;
  readonly syslogEntries: number;
}

export type ChildRequest = { readonly type: 'stats' } | { readonly type: 'stop' };
export type ChildMessage = { readonly type: 'ready'; readonly inventory: unknown } | ({ readonly type: 'stats' } & EmulatorStats);

const devices = Number(process.argv[2]);
const commandLogLimit = Number(process.argv[3]);
if (!Number.isInteger(devices) || devices < 1 || !Number.isInteger(commandLogLimit) || commandLogLimit < 1 || process.send === undefined) {
  process.stderr.write('usage (forked with IPC): emulator-child.ts <devices> <commandLogLimit>\n');
  process.exit(2);
}
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const send = (message: ChildMessage): void => void process.send?.(message);

const lab = await startLab({ devices, platform: 'mixed', commandLogLimit });
process.on('message', (request: ChildRequest) => {
  if (request.type === 'stop') {
    void lab.close().finally(() => process.exit(0));
    return;
  }
  gc();
  gc();
  const fleet = lab.fleet.devices;
  send({
    type: 'stats',
    heapUsedBytes: process.memoryUsage().heapUsed,
    rssBytes: process.memoryUsage().rss,
    fds: readdirSync('/proc/self/fd').length,
    connections: fleet.reduce((n, d) => n + d.connections, 0),
    commandLogEntries: fleet.reduce((n, d) => n + d.commandLog.entries().length, 0),
    syslogEntries: fleet.reduce((n, d) => n + d.syslog.entries().length, 0),
  });
});
process.on('disconnect', () => void lab.close().finally(() => process.exit(0)));
send({ type: 'ready', inventory: lab.inventory() });
