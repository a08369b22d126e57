/**
 * Runners of the workflow tasks: `onboard`, `rma`, `reregister`, `watch`. Each runs the workflow's Observable
 * (src/workflows) on the host's shared session through the real adapters (`DriverLicensingDevice`,
 * `intentApplier`, `CssmClient`), forwards its step events as task progress, and returns the workflow's result.
 * Check mode is the workflows' own: reads, plans and detection only.
 */
import { isAbsolute, resolve } from 'node:path';
import type { Observable, SchedulerLike } from 'rxjs';
import { WorkflowError } from '../../errors.js';
import type { LicensingMode } from '../../licensing/types.js';
import { complianceWatch$ } from '../../workflows/compliance-watch.js';
import { DriverLicensingDevice, intentApplier } from '../../workflows/driver-adapters.js';
import { writeEvidenceBundle } from '../../workflows/evidence-bundle-file.js';
import type { DeviceResultEvent, WorkflowEvent } from '../../workflows/events.js';
import { forceReregister$, reregisterWithForce$ } from '../../workflows/force-reregister.js';
import { onboard$ } from '../../workflows/onboard.js';
import type { RegistrationWaitOptions } from '../../workflows/registration-wait.js';
import { rmaDeregister$ } from '../../workflows/rma-deregister.js';
import type { RmaEvidenceBundle } from '../../workflows/rma-evidence.js';
import { durationToMs } from '../duration.js';
import type { TaskRegistry } from '../task-registry.js';
import type { HostContext, TaskResult } from '../task-type.js';
import {
  onboardTask,
  reregisterTask,
  rmaTask,
  watchTask,
  type OnboardParams,
  type ReregisterParams,
  type RmaParams,
  type WatchParams,
} from '../tasks/device-tasks.js';
import { hostCssm } from './host-cssm.js';
import { hostDevice, type HostDeviceOptions } from './host-device.js';
import { taskTokenSource } from './task-token.js';

export interface WorkflowRunnerDefaults {
  /** Registration wait: between status reads (default 5 s) and in all (default 5 min); a task's parameters win. */
  readonly pollIntervalMs?: number;
  readonly timeoutMs?: number;
  /** RMA: the pause between CSSM reads (default 10 s); a task's `cssmInterval` wins. */
  readonly cssmIntervalMs?: number;
  /** Waits and polls of the workflows (default rxjs `asyncScheduler`). */
  readonly scheduler?: SchedulerLike;
}

export interface WorkflowRunnerOptions extends HostDeviceOptions {
  readonly workflow?: WorkflowRunnerDefaults;
  /** Base of relative `evidenceFile` paths (default: the process's working directory). */
  readonly cwd?: string;
}

/** Follows a workflow to its `result` event, forwarding the step events as progress; a failure rejects. */
export function followWorkflow(events: Observable<WorkflowEvent>, ctx: HostContext): Promise<DeviceResultEvent> {
  return new Promise<DeviceResultEvent>((resolvePromise, reject) => {
    let result: DeviceResultEvent | undefined;
    events.subscribe({
      next: (event) => {
        if (event.type === 'result') result = event;
        else if (event.type === 'step' && event.status !== 'started') ctx.emit({ step: event.step, status: event.status, detail: event.detail });
      },
      error: reject,
      complete: () => {
        if (result !== undefined) resolvePromise(result);
        else reject(new WorkflowError('playbook', 'result', 'the workflow ended without a result', { host: ctx.host }));
      },
    });
  });
}

function ms(value: number | string | undefined): number | undefined {
  return value === undefined ? undefined : durationToMs(value);
}

function waitOptions(params: { readonly timeout?: number | string; readonly pollInterval?: number | string }, defaults: WorkflowRunnerDefaults): RegistrationWaitOptions {
  const pollIntervalMs = ms(params.pollInterval) ?? defaults.pollIntervalMs;
  const timeoutMs = ms(params.timeout) ?? defaults.timeoutMs;
  return { ...(pollIntervalMs === undefined ? {} : { pollIntervalMs }), ...(timeoutMs === undefined ? {} : { timeoutMs }) };
}

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

export function provideWorkflowRunners(registry: TaskRegistry, options: WorkflowRunnerOptions): void {
  const defaults = options.workflow ?? {};
  const runtime = (ctx: HostContext) => ({ clock: ctx.clock, signal: ctx.signal, ...(defaults.scheduler === undefined ? {} : { scheduler: defaults.scheduler }) });
  const licensingDevice = async (ctx: HostContext): Promise<DriverLicensingDevice> => new DriverLicensingDevice(await hostDevice(ctx, options), {
      ...(options.licensing === undefined ? {} : { licensing: options.licensing }),
      ...(ctx.inventoryHost.model === undefined ? {} : { model: ctx.inventoryHost.model }),
    });

  registry.provideRunner<OnboardParams>(onboardTask, async (params, ctx): Promise<TaskResult> => {
    const device = await licensingDevice(ctx);
    const maxClockSkewMs = ms(params.maxClockSkew);
    const result = await followWorkflow(
      onboard$(device, {
        token: taskTokenSource(params.token, ctx),
        ...(params.intent === undefined ? {} : { intent: intentApplier(params.intent, { logger: ctx.logger }) }),
        check: ctx.check,
        force: params.force === true,
        ...(params.acceptModes === undefined ? {} : { acceptModes: params.acceptModes as readonly LicensingMode[] }),
        ...(params.requireDns === undefined ? {} : { requireDns: params.requireDns }),
        ...(maxClockSkewMs === undefined ? {} : { maxClockSkewMs }),
        wait: waitOptions(params, defaults),
        ...runtime(ctx),
      }),
      ctx,
    );
    const value = record(result.outcome.value);
    const diff = Array.isArray(value['diff']) ? (value['diff'] as string[]) : [];
    const changed = ctx.check ? value['wouldRegister'] === true || diff.length > 0 : result.outcome.changed;
    return { changed, value, detail: result.detail, ...(ctx.check && diff.length > 0 ? { diff: diff.join('\n') } : {}) };
  });

  registry.provideRunner<RmaParams>(rmaTask, async (params, ctx): Promise<TaskResult> => {
    const [device, cssm] = await Promise.all([licensingDevice(ctx), hostCssm(ctx)]);
    const intervalMs = ms(params.cssmInterval) ?? defaults.cssmIntervalMs;
    const result = await followWorkflow(
      rmaDeregister$(device, {
        cssm,
        check: ctx.check,
        removeFromCssm: params.removeFromCssm === true,
        ...(params.virtualAccount === undefined ? {} : { virtualAccount: params.virtualAccount }),
        ...(params.syslogLines === undefined ? {} : { syslogLines: params.syslogLines }),
        cssmCheck: { ...(params.cssmPolls === undefined ? {} : { polls: params.cssmPolls }), ...(intervalMs === undefined ? {} : { intervalMs }) },
        ...runtime(ctx),
      }),
      ctx,
    );
    const value = record(result.outcome.value);
    if (ctx.check) return { changed: value['wouldDeregister'] === true, value, detail: result.detail };
    let detail = result.detail;
    if (params.evidenceFile !== undefined) {
      const path = isAbsolute(params.evidenceFile) ? params.evidenceFile : resolve(options.cwd ?? process.cwd(), params.evidenceFile);
      await writeEvidenceBundle(path, value as unknown as RmaEvidenceBundle);
      detail += `; evidence written to ${params.evidenceFile}`;
    }
    return { changed: result.outcome.changed, value, detail };
  });

  registry.provideRunner<ReregisterParams>(reregisterTask, async (params, ctx): Promise<TaskResult> => {
    const device = await licensingDevice(ctx);
    const settings = { token: taskTokenSource(params.token, ctx), wait: waitOptions(params, defaults), check: ctx.check, ...runtime(ctx) };
    const events = params.procedure === 'force' ? reregisterWithForce$(device, { ...settings, always: params.always === true }) : forceReregister$(device, { ...settings, probe: params.probe === true });
    const result = await followWorkflow(events, ctx);
    const value = record(result.outcome.value);
    const changed = ctx.check ? value['wouldReregister'] === true : result.outcome.changed;
    return { changed, value, detail: result.detail };
  });

  registry.provideRunner<WatchParams>(watchTask, async (params, ctx): Promise<TaskResult> => {
    const device = await licensingDevice(ctx);
    const intervalMs = ms(params.interval) ?? 3_600_000;
    const durationMs = ms(params.duration) ?? 0;
    const warnWithinMs = ms(params.warnWithin);
    const autoRenew = params.autoRenew === true && !ctx.check;
    const result = await followWorkflow(
      complianceWatch$(device, {
        intervalMs,
        maxPolls: Math.floor(durationMs / intervalMs) + 1,
        autoRenew,
        ...(warnWithinMs === undefined ? {} : { warnWithinMs }),
        ...runtime(ctx),
      }),
      ctx,
    );
    const note = params.autoRenew === true && ctx.check ? ' (check mode: no renewal sent)' : '';
    return { changed: result.outcome.changed, value: record(result.outcome.value), detail: `${result.detail}${note}` };
  });
}
