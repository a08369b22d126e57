/**
 * The outcome of a playbook run: per host, per task, what happened. Values and messages have secrets redacted;
 * `smartlic run --report out.json` writes this object, `out.xml` its JUnit rendering.
 */
import type { ErrorSummary, TaskStatus } from './task-type.js';

export interface TaskReport {
  readonly index: number;
  readonly name: string;
  readonly type: string;
  readonly status: TaskStatus;
  readonly changed: boolean;
  readonly durationMs: number;
  readonly detail?: string;
  /** The task's value (what `register` stored under `.value`), secrets redacted. */
  readonly result?: unknown;
  readonly diff?: string;
  /** Code and message, plus the error's own fields (command, output …), secrets redacted. */
  readonly error?: ErrorSummary & Readonly<Record<string, unknown>>;
  /** Failed, but the task has `ignoreErrors`: the host went on. */
  readonly ignored?: boolean;
  /** The task did not run on this host, and why (an earlier failure, a cancel, a stopped batch). */
  readonly notRun?: string;
}

/**
 * `failed`: a task failed without ignoreErrors; `cancelled`: the run was cancelled before the host finished;
 * `not-run`: its batch did not run (an earlier batch exceeded maxFailPercentage).
 */
export type HostStatus = 'ok' | 'changed' | 'failed' | 'cancelled' | 'not-run';

export interface HostReport {
  readonly host: string;
  readonly status: HostStatus;
  /** 1-based batch number. */
  readonly batch: number;
  readonly tasks: readonly TaskReport[];
}

export interface ReportSummary {
  readonly hosts: number;
  readonly ok: number;
  readonly changed: number;
  readonly failed: number;
  readonly cancelled: number;
  readonly notRun: number;
  readonly tasks: Readonly<Record<TaskStatus, number>>;
}

export interface PlaybookReport {
  readonly playbook: string;
  readonly file: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly durationMs: number;
  readonly check: boolean;
  readonly diff: boolean;
  readonly cancelled: boolean;
  /** Why later batches did not run (maxFailPercentage exceeded). */
  readonly stopped?: string;
  readonly summary: ReportSummary;
  readonly hosts: readonly HostReport[];
}

export function summarise(hosts: readonly HostReport[]): ReportSummary {
  const tasks: Record<TaskStatus, number> = { ok: 0, changed: 0, failed: 0, skipped: 0 };
  for (const h of hosts) for (const t of h.tasks) tasks[t.status]++;
  const count = (s: HostStatus): number => hosts.filter((h) => h.status === s).length;
  return { hosts: hosts.length, ok: count('ok'), changed: count('changed'), failed: count('failed'), cancelled: count('cancelled'), notRun: count('not-run'), tasks };
}
