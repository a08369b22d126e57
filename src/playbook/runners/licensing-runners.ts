/**
 * Runners of the device tasks that map to one driver verb: `configure`, `register`, `renew`, `deregister`,
 * `status`, `show`. Each works on the host's shared session (host-device.ts), honours check mode (the driver reads
 * and reports; no configuration line and no license command is sent) and returns the typed state it ends in.
 */
import type { LicensingResult } from '../../driver/licensing-operation.js';
import { InvalidIntentError, LicensingError, ParseError } from '../../errors.js';
import type { LicensingIntent } from '../../intents/types.js';
import { validateIntent } from '../../intents/validate-intent.js';
import { parse } from '../../parsers/parse.js';
import { resolveCommand } from '../../parsers/command.js';
import type { PlatformId } from '../../platforms/types.js';
import type { Secret } from '../../secret.js';
import { durationToMs } from '../duration.js';
import type { TaskRegistry } from '../task-registry.js';
import type { HostContext, TaskResult } from '../task-type.js';
import {
  configureTask,
  deregisterTask,
  isCssmTokenRequest,
  registerTask,
  renewTask,
  showTask,
  statusTask,
  type ConfigureParams,
  type DeregisterParams,
  type RegisterParams,
  type RenewParams,
  type ShowParams,
  type StatusParams,
} from '../tasks/device-tasks.js';
import { obtainTaskToken } from './task-token.js';
import { hostDevice, type HostDeviceOptions } from './host-device.js';
import { statusValue } from './status-value.js';

function timeoutOf(value: number | string | undefined): { timeoutMs?: number } {
  const ms = durationToMs(value);
  return ms === undefined ? {} : { timeoutMs: ms };
}

function describeState(result: LicensingResult): string {
  const s = result.state;
  return `registration ${s.registrationRaw || s.registration}, authorization ${s.authorizationRaw || s.authorization}`;
}

/** A licensing operation's result as a task result: the state it ended in, and what was (or would be) sent. */
function operationResult(result: LicensingResult, ctx: HostContext): TaskResult {
  let detail: string;
  if (!result.changed) detail = `nothing to do (${describeState(result)})`;
  else if (result.check === true) detail = `check mode: would send ${result.command ?? ''} (${describeState(result)})`;
  else detail = `${result.command ?? ''}: ${describeState(result)}${result.tolerated === undefined ? '' : `; tolerated ${result.tolerated.code}: ${result.tolerated.reason}`}`;
  return { changed: result.changed, value: statusValue(result.status, ctx.clock, ctx.inventoryHost.model), detail };
}

/** The intent checked for the platform the session found (validation before the run knew only the inventory's). */
function intentFor(value: unknown, platform: PlatformId, host: string): LicensingIntent {
  try {
    return validateIntent(value, platform);
  } catch (error) {
    throw error instanceof InvalidIntentError ? new InvalidIntentError(error.issues, { host }) : error;
  }
}

function countDiffLines(diffText: string): number {
  return diffText.split('\n').filter((l) => l.startsWith('+ ') || l.startsWith('- ')).length;
}

export function provideLicensingRunners(registry: TaskRegistry, options: HostDeviceOptions): void {
  registry.provideRunner<ConfigureParams>(configureTask, async (params, ctx) => {
    const device = await hostDevice(ctx, options);
    const intent = intentFor(params.intent, device.platform, ctx.host);
    const result = await device.configure(intent, {
      check: ctx.check,
      logger: ctx.logger,
      ...(params.writeMemory === undefined ? {} : { writeMemory: params.writeMemory }),
    });
    const lines = countDiffLines(result.diffText);
    const detail = !result.changed ? 'already as intended' : ctx.check ? `check mode: ${lines} line(s) would change` : `${lines} line(s) changed${result.saved ? '; saved' : ''}`;
    return {
      changed: result.changed,
      detail,
      ...(result.diffText === '' ? {} : { diff: result.diffText }),
      value: { changed: result.changed, check: result.check, diff: result.diffText.split('\n').filter((l) => l !== ''), linesSent: [...result.linesSent], saved: result.saved },
    };
  });

  registry.provideRunner<RegisterParams>(registerTask, async (params, ctx) => {
    const device = await hostDevice(ctx, options);
    const force = params.force === true;
    if (ctx.check && isCssmTokenRequest(params.token)) {
      // No token is created in check mode (that would change CSSM): the driver's pre-check, on the status alone.
      const status = await device.status();
      if (status.state.registration === 'registered' && !force) {
        throw new LicensingError('E_ALREADY_REGISTERED', 'register', 'the device is already registered; register with force to re-register', {
          host: ctx.host,
          evidence: [`Registration Status: ${status.state.registrationRaw}`],
        });
      }
      return {
        changed: true,
        value: statusValue(status, ctx.clock, ctx.inventoryHost.model),
        detail: `check mode: would create a one-use token through CSSM and send license smart register idtoken ***${force ? ' force' : ''}`,
      };
    }
    const token: Secret = await obtainTaskToken(params.token, ctx);
    const result = await device.register(token, { force, check: ctx.check, ...timeoutOf(params.timeout) });
    return operationResult(result, ctx);
  });

  registry.provideRunner<RenewParams>(renewTask, async (params, ctx) => {
    const device = await hostDevice(ctx, options);
    const operation = { check: ctx.check, ...timeoutOf(params.timeout) };
    const result = params.kind === 'id' ? await device.renewId(operation) : await device.renewAuth(operation);
    return operationResult(result, ctx);
  });

  registry.provideRunner<DeregisterParams>(deregisterTask, async (params, ctx) => {
    const device = await hostDevice(ctx, options);
    const result = await device.deregister({
      check: ctx.check,
      ...timeoutOf(params.timeout),
      ...(params.tolerateSyncLoss === undefined ? {} : { tolerateSyncLoss: params.tolerateSyncLoss }),
    });
    return operationResult(result, ctx);
  });

  registry.provideRunner<StatusParams>(statusTask, async (params, ctx) => {
    const device = await hostDevice(ctx, options);
    const status = await device.status({ ...(params.summary === true ? { summary: true } : {}), ...(params.udi === true ? { udi: true } : {}) });
    const value = statusValue(status, ctx.clock, ctx.inventoryHost.model);
    return {
      changed: false,
      value,
      detail: `registration ${value.registration.raw || value.registration.status}, authorization ${value.authorization.raw || value.authorization.status}; ${value.compliance.status}`,
    };
  });

  registry.provideRunner<ShowParams>(showTask, async (params, ctx) => {
    const device = await hostDevice(ctx, options);
    const { output } = await device.send(params.command);
    try {
      resolveCommand(params.command);
    } catch (error) {
      if (error instanceof ParseError) return { changed: false, value: { command: params.command, output }, detail: 'no parser for this command: the output as printed' };
      throw error;
    }
    try {
      return { changed: false, value: parse(params.command, output, { platform: device.platform }), detail: 'parsed' };
    } catch (error) {
      if (error instanceof ParseError) return { changed: false, value: { command: params.command, output }, detail: `not parsed (${error.message}): the output as printed` };
      throw error;
    }
  });
}
