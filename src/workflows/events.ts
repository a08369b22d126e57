/**
 * What workflows emit: one `WorkflowEvent` per step transition, one result per device, one summary per fleet run.
 * Every event is plain JSON (NDJSON-ready) built through `redactJson`, so a `Secret` prints `***` and any registered
 * secret value that slipped into a detail, an error or device output is scrubbed.
 */
import { isSmartlicError } from '../errors.js';
import { redactText } from '../secret.js';

export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };
export type JsonObject = { readonly [key: string]: JsonValue };

export type WorkflowName = 'onboard' | 'rma-deregister' | 'force-reregister' | 'reregister-with-force' | 'compliance-watch';

export type StepStatus = 'started' | 'succeeded' | 'failed' | 'skipped' | 'progress' | 'warning' | 'retrying' | 'cancelled';

export type StepName =
  // fleet runner
  | 'connect'
  | 'attempt'
  | 'timeout'
  | 'cancel'
  // onboarding
  | 'preflight-reachability'
  | 'preflight-platform'
  | 'preflight-licensing'
  | 'preflight-clock'
  | 'preflight-dns'
  | 'apply-intent'
  | 'register'
  | 'wait-registration'
  | 'verify'
  // RMA deregistration
  | 'capture-evidence'
  | 'deregister'
  | 'verify-device'
  | 'verify-cssm'
  | 'remove-cssm-instance'
  | 'evidence-bundle'
  // forced re-registration
  | 'detect-failure'
  | 'detect-sync-loss'
  | 'renew-auth'
  | 'register-force'
  // compliance watcher
  | 'poll'
  | 'deadline'
  | 'renewal-due'
  | 'out-of-compliance'
  | 'lockout-risk'
  | 'finding';

/** A `SmartlicError`'s `toJSON()` (code, message, host and its own fields), redacted. */
export interface ErrorJson {
  readonly name: string;
  /** An `ErrorCode`; `E_WORKFLOW` for an error that was not a `SmartlicError`. */
  readonly code: string;
  readonly message: string;
  readonly [field: string]: JsonValue;
}

interface EventBase {
  /** Inventory name; `*` for the fleet summary. */
  readonly device: string;
  readonly workflow: WorkflowName;
  readonly detail: string;
  /** ISO 8601 UTC, from the run's clock. */
  readonly at: string;
}

export interface StepEvent extends EventBase {
  readonly type: 'step';
  readonly step: StepName;
  readonly status: StepStatus;
  /** Present (true) when the step changed the device or CSSM. */
  readonly changed?: true;
  readonly data?: JsonObject;
  readonly error?: ErrorJson;
}

export type OutcomeStatus = 'succeeded' | 'skipped' | 'failed' | 'cancelled';

/** How one device ended. */
export interface DeviceOutcome {
  readonly device: string;
  readonly workflow: WorkflowName;
  readonly status: OutcomeStatus;
  /** Some step changed the device or CSSM (in any attempt). */
  readonly changed: boolean;
  readonly attempts: number;
  readonly startedAt: string;
  readonly endedAt: string;
  readonly durationMs: number;
  readonly error?: ErrorJson;
  /** The workflow's result (final status, evidence bundle …). */
  readonly value?: JsonValue;
}

export interface DeviceResultEvent extends EventBase {
  readonly type: 'result';
  readonly step: 'result';
  readonly status: OutcomeStatus;
  readonly outcome: DeviceOutcome;
  readonly error?: ErrorJson;
}

export interface FleetSummary {
  readonly workflow: WorkflowName | null;
  readonly total: number;
  readonly succeeded: number;
  readonly failed: number;
  readonly skipped: number;
  readonly cancelled: number;
  readonly changed: number;
  /** Earliest device start to latest device end (null for an empty fleet). */
  readonly startedAt: string | null;
  readonly endedAt: string | null;
  readonly durationMs: number;
  /** Failed and cancelled devices by error code. */
  readonly errorCodes: Readonly<Record<string, number>>;
  /** One outcome per device, in the order they ended. */
  readonly outcomes: readonly DeviceOutcome[];
}

export interface FleetSummaryEvent extends EventBase {
  readonly type: 'summary';
  readonly step: 'summary';
  /** `succeeded` when no device failed or was cancelled. */
  readonly status: 'succeeded' | 'failed';
  readonly summary: FleetSummary;
}

export type WorkflowEvent = StepEvent | DeviceResultEvent | FleetSummaryEvent;

/** Plain JSON with every string passed through `redactText` (`Secret` values serialise as `***` first). */
export function redactJson<T>(value: T): T {
  if (value === undefined) return value;
  return JSON.parse(JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' ? redactText(v) : v))) as T;
}

/** The JSON of any thrown value; non-`SmartlicError`s become `E_WORKFLOW` with their message. */
export function errorJson(error: unknown): ErrorJson {
  if (isSmartlicError(error)) return redactJson(error.toJSON()) as ErrorJson;
  const message = error instanceof Error ? error.message : String(error);
  const name = error instanceof Error ? error.name : 'Error';
  return { name, code: 'E_WORKFLOW', message: redactText(message) };
}

export function isoAt(ms: number): string {
  return new Date(ms).toISOString();
}

export interface StepEventInit {
  readonly device: string;
  readonly workflow: WorkflowName;
  readonly step: StepName;
  readonly status: StepStatus;
  readonly detail: string;
  readonly at: number;
  readonly changed?: boolean;
  readonly data?: object;
  readonly error?: unknown;
}

export function stepEvent(init: StepEventInit): StepEvent {
  return {
    type: 'step',
    device: init.device,
    workflow: init.workflow,
    step: init.step,
    status: init.status,
    detail: redactText(init.detail),
    at: isoAt(init.at),
    ...(init.changed === true ? { changed: true as const } : {}),
    ...(init.data === undefined ? {} : { data: redactJson(init.data) as JsonObject }),
    ...(init.error === undefined ? {} : { error: errorJson(init.error) }),
  };
}

export function resultEvent(outcome: DeviceOutcome, detail: string): DeviceResultEvent {
  const clean = redactJson(outcome);
  return {
    type: 'result',
    device: clean.device,
    workflow: clean.workflow,
    step: 'result',
    status: clean.status,
    detail: redactText(detail),
    at: clean.endedAt,
    outcome: clean,
    ...(clean.error === undefined ? {} : { error: clean.error }),
  };
}

export function summaryEvent(workflow: WorkflowName, summary: FleetSummary, at: number): FleetSummaryEvent {
  const ok = summary.failed === 0 && summary.cancelled === 0;
  const parts = [`${summary.succeeded} succeeded`, `${summary.skipped} skipped`, `${summary.failed} failed`];
  if (summary.cancelled > 0) parts.push(`${summary.cancelled} cancelled`);
  return {
    type: 'summary',
    device: '*',
    workflow,
    step: 'summary',
    status: ok ? 'succeeded' : 'failed',
    detail: `${summary.total} device(s): ${parts.join(', ')}; ${summary.changed} changed`,
    at: isoAt(at),
    summary: redactJson(summary),
  };
}

export function isStepEvent(event: WorkflowEvent): event is StepEvent {
  return event.type === 'step';
}

export function isResultEvent(event: WorkflowEvent): event is DeviceResultEvent {
  return event.type === 'result';
}

export function isSummaryEvent(event: WorkflowEvent): event is FleetSummaryEvent {
  return event.type === 'summary';
}
