/**
 * `smartlic renew {id|auth} -i INV [--limit PATTERN] [--forks N] [--timeout S] [--json]`: renews the ID certificate
 * or the authorization of each selected device and waits for the new attempt's result (IOS-XE agents without the
 * keywords get `license smart renew`).
 */
import type { LicensingResult } from '../../driver/licensing-operation.js';
import { InvalidArgumentError } from '../../errors.js';
import { exitCodeOf, writeJsonReport, writeTextReport } from '../host-report.js';
import { runOnHosts } from '../host-runner.js';
import { selectHosts, withHostOptions, type HostOptions } from '../host-selection.js';
import { describeResult, OPERATION_TIMEOUT_HELP, operationRunOptions, resultJson } from '../licensing-view.js';
import type { CommandRegistrar } from '../program.js';

export const registerRenew: CommandRegistrar = (program, ctx) => {
  withHostOptions(
    program
      .command('renew')
      .argument('<what>', 'id (the ID certificate) or auth (the authorization)')
      .description('renew the ID certificate or the authorization and wait for the result'),
    OPERATION_TIMEOUT_HELP,
  ).action(async (what: string, opts: HostOptions) => {
    if (what !== 'id' && what !== 'auth') throw new InvalidArgumentError('renew', `expected "id" or "auth", got "${what}"`);
    const selection = await selectHosts(ctx, opts);
    const outcomes = await runOnHosts<LicensingResult>(selection.hosts, operationRunOptions(ctx, selection), (device) =>
      what === 'id' ? device.renewId() : device.renewAuth(),
    );
    if (selection.json) writeJsonReport(ctx, what === 'id' ? 'renew-id' : 'renew-auth', outcomes, resultJson);
    else writeTextReport(ctx, outcomes, describeResult);
    ctx.exitCode = exitCodeOf(outcomes);
  });
};
