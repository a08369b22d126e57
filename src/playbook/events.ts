/**
 * What a playbook run emits, in order: `run-started`, then per batch `batch-started`, per host and task a
 * `task` event when it starts and one when it ends (ok / changed / failed / skipped), `progress` events a long
 * task reports, `host-finished` when a host is done with the batch, and `run-finished` with the report. Every
 * string in an event has secrets redacted; `--json` prints one event per line (NDJSON).
 */
import type { PlaybookReport, HostStatus } from './report.js';
import type { ErrorSummary, TaskStatus } from './task-type.js';

export type TaskEventStatus = 'started' | TaskStatus;

export interface RunStartedEvent {
  readonly kind: 'run-started';
  readonly playbook: string;
  readonly file: string;
  readonly hosts: readonly string[];
  readonly tasks: number;
  readonly batches: number;
  readonly check: boolean;
  readonly diff: boolean;
  readonly at: string;
}

export interface BatchStartedEvent {
  readonly kind: 'batch-started';
  /** 1-based. */
  readonly batch: number;
  readonly hosts: readonly string[];
  readonly at: string;
}

export interface TaskEvent {
  readonly kind: 'task';
  readonly host: string;
  /** The task's name (its type when it has none). */
  readonly task: string;
  readonly index: number;
  readonly type: string;
  readonly status: TaskEventStatus;
  readonly detail?: string;
  readonly changed?: boolean;
  readonly durationMs?: number;
  readonly error?: ErrorSummary;
  /** The task failed but has `ignoreErrors`. */
  readonly ignored?: boolean;
  readonly diff?: string;
  readonly at: string;
}

export interface ProgressEvent {
  readonly kind: 'progress';
  readonly host: string;
  readonly task: string;
  readonly index: number;
  readonly step: string;
  readonly status?: string;
  readonly detail?: string;
  readonly at: string;
}

export interface HostFinishedEvent {
  readonly kind: 'host-finished';
  readonly host: string;
  readonly status: HostStatus;
  /** Tasks that did not run (after a failure, a cancel, or a stopped batch). */
  readonly notRun: number;
  readonly at: string;
}

export interface RunFinishedEvent {
  readonly kind: 'run-finished';
  readonly report: PlaybookReport;
  readonly at: string;
}

export type PlaybookEvent = RunStartedEvent | BatchStartedEvent | TaskEvent | ProgressEvent | HostFinishedEvent | RunFinishedEvent;
