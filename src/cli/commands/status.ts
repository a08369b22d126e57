/**
 * `smartlic status -i INV [--limit PATTERN] [--forks N] [--timeout S] [--json]`: the licensing state of each
 * selected device from `show license status` — model, registration, authorization, next renewal, communication
 * deadline, account — as a table, or as JSON.
 */
import type { LicensingStatus } from '../../driver/licensing-status.js';
import { exitCodeOf, writeJsonReport } from '../host-report.js';
import { runOnHosts } from '../host-runner.js';
import { selectHosts, withHostOptions, type HostOptions } from '../host-selection.js';
import { licensingTable } from '../licensing-view.js';
import type { CommandRegistrar } from '../program.js';

export const registerStatus: CommandRegistrar = (program, ctx) => {
  withHostOptions(
    program.command('status').description('show the licensing state of devices (model, registration, authorization, renewal, deadline, account)'),
    'seconds to wait for each show command (default 30)',
  ).action(async (opts: HostOptions) => {
    const selection = await selectHosts(ctx, opts);
    const outcomes = await runOnHosts(
      selection.hosts,
      {
        forks: selection.forks,
        ...(ctx.io.signal === undefined ? {} : { signal: ctx.io.signal }),
        ...(selection.timeoutMs === undefined ? {} : { commandTimeoutMs: selection.timeoutMs }),
      },
      (device) => device.status(),
    );
    if (selection.json) {
      writeJsonReport(ctx, 'status', outcomes, (s: LicensingStatus) => ({ platform: s.platform, state: s.state }));
    } else {
      const rows = outcomes.map((o, i) => ({ host: o.host, model: selection.hosts[i]?.model, ...(o.ok ? { state: o.value.state } : { error: o.error }) }));
      const failed = outcomes.filter((o) => !o.ok).length;
      ctx.io.stdout.write(`${licensingTable(rows)}\n${outcomes.length} host${outcomes.length === 1 ? '' : 's'}: ${outcomes.length - failed} ok, ${failed} failed\n`);
    }
    ctx.exitCode = exitCodeOf(outcomes);
  });
};
