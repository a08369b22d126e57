/**
 * `smartlic deregister -i INV [--tolerate-sync-loss] [--limit PATTERN] [--forks N] [--timeout S] [--json]`:
 * deregisters each selected device (before an RMA or redeployment) and waits until it holds no registration.
 */
import { exitCodeOf, writeJsonReport, writeTextReport } from '../host-report.js';
import { runOnHosts } from '../host-runner.js';
import { selectHosts, withHostOptions, type HostOptions } from '../host-selection.js';
import { describeResult, OPERATION_TIMEOUT_HELP, operationRunOptions, resultJson } from '../licensing-view.js';
import type { CommandRegistrar } from '../program.js';

export const registerDeregister: CommandRegistrar = (program, ctx) => {
  withHostOptions(
    program.command('deregister').description('deregister devices from Smart Licensing and wait until they hold no registration'),
    OPERATION_TIMEOUT_HELP,
  )
    .option('--tolerate-sync-loss', 'accept CSSM refusing the deregistration (AGENT_DEREG_FAILED) after the product instance was removed in CSSM')
    .action(async (opts: HostOptions & { tolerateSyncLoss?: boolean }) => {
      const selection = await selectHosts(ctx, opts);
      const tolerateSyncLoss = opts.tolerateSyncLoss === true;
      const outcomes = await runOnHosts(selection.hosts, operationRunOptions(ctx, selection), (device) => device.deregister({ tolerateSyncLoss }));
      if (selection.json) writeJsonReport(ctx, 'deregister', outcomes, resultJson);
      else writeTextReport(ctx, outcomes, describeResult);
      ctx.exitCode = exitCodeOf(outcomes);
    });
};
