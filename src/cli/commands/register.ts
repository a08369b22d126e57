/**
 * `smartlic register -i INV --token-env VAR [--force] [--limit PATTERN] [--forks N] [--timeout S] [--json]`:
 * registers each selected device with the ID token read from the environment and waits until it is registered and
 * authorized; per host the state reached or the classified error code. The token is checked before any device is
 * contacted and never printed.
 */
import { validateIdToken } from '../../driver/id-token.js';
import { InvalidArgumentError } from '../../errors.js';
import { exitCodeOf, writeJsonReport, writeTextReport } from '../host-report.js';
import { runOnHosts } from '../host-runner.js';
import { selectHosts, withHostOptions, type HostOptions } from '../host-selection.js';
import { describeResult, OPERATION_TIMEOUT_HELP, operationRunOptions, resultJson } from '../licensing-view.js';
import type { CommandRegistrar } from '../program.js';

export const registerRegister: CommandRegistrar = (program, ctx) => {
  withHostOptions(
    program.command('register').description('register devices with an ID token and wait until they are registered and authorized'),
    OPERATION_TIMEOUT_HELP,
  )
    .requiredOption('--token-env <var>', 'environment variable holding the ID token (it is never printed)')
    .option('--force', 're-register devices that are registered already (also retries a failed registration at once)')
    .action(async (opts: HostOptions & { tokenEnv: string; force?: boolean }) => {
      const value = ctx.io.env[opts.tokenEnv];
      if (value === undefined || value === '') throw new InvalidArgumentError('--token-env', `environment variable ${opts.tokenEnv} is not set`);
      const token = validateIdToken(value, { argument: '--token-env' });
      const selection = await selectHosts(ctx, opts);
      const force = opts.force === true;
      const outcomes = await runOnHosts(selection.hosts, operationRunOptions(ctx, selection), (device) => device.register(token, { force }));
      if (selection.json) writeJsonReport(ctx, 'register', outcomes, resultJson);
      else writeTextReport(ctx, outcomes, describeResult);
      ctx.exitCode = exitCodeOf(outcomes);
    });
};
