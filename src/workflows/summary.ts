/** The fleet summary as a function of the events a run emitted: reports can rebuild it from an NDJSON log. */
import type { DeviceOutcome, FleetSummary, WorkflowEvent } from './events.js';
import { isoAt } from './events.js';

/** Aggregates the per-device results among `events` (step and summary events are ignored). */
export function summarize(events: Iterable<WorkflowEvent>): FleetSummary {
  const outcomes: DeviceOutcome[] = [];
  for (const event of events) if (event.type === 'result') outcomes.push(event.outcome);
  const count = (status: DeviceOutcome['status']): number => outcomes.filter((o) => o.status === status).length;
  const errorCodes: Record<string, number> = {};
  for (const o of outcomes) {
    if (o.error === undefined || (o.status !== 'failed' && o.status !== 'cancelled')) continue;
    errorCodes[o.error.code] = (errorCodes[o.error.code] ?? 0) + 1;
  }
  const starts = outcomes.map((o) => Date.parse(o.startedAt));
  const ends = outcomes.map((o) => Date.parse(o.endedAt));
  const startedAt = starts.length === 0 ? null : Math.min(...starts);
  const endedAt = ends.length === 0 ? null : Math.max(...ends);
  const workflows = new Set(outcomes.map((o) => o.workflow));
  return {
    workflow: workflows.size === 1 ? ([...workflows][0] ?? null) : null,
    total: outcomes.length,
    succeeded: count('succeeded'),
    failed: count('failed'),
    skipped: count('skipped'),
    cancelled: count('cancelled'),
    changed: outcomes.filter((o) => o.changed).length,
    startedAt: startedAt === null ? null : isoAt(startedAt),
    endedAt: endedAt === null ? null : isoAt(endedAt),
    durationMs: startedAt === null || endedAt === null ? 0 : endedAt - startedAt,
    errorCodes,
    outcomes,
  };
}
