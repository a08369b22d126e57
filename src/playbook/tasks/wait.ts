/**
 * `wait`: run a task again and again until a condition on its outcome holds, bounded by a timeout:
 *   { "wait": { "task": { "status": {} }, "until": "result.value.registration.status == 'registered'",
 *               "interval": "10s", "timeout": "5m" } }
 * `result` is the polled task's record ({status, changed, failed, value, detail, error}). The number of
 * attempts is at most timeout / interval + 1, and the clock and sleep come from the host context (virtual in
 * tests). A failing attempt fails the wait unless `retryOnError` is set.
 *
 * In check mode nothing changes on the device, so waiting for a change would only run into the timeout: the task
 * is polled once, and a condition that does not hold yet skips the wait (saying so) instead of polling.
 */
import { ExpressionError, TimeoutError, isSmartlicError, type FieldIssue } from '../../errors.js';
import { isDeferred, parseExpression } from '../expression.js';
import { durationToMs } from '../duration.js';
import type { HostContext, TaskCall, TaskRecord, TaskResult, TaskType } from '../task-type.js';

export interface WaitParams {
  readonly task: Readonly<Record<string, unknown>>;
  readonly until: string;
  readonly interval?: number | string;
  readonly timeout: number | string;
  readonly retryOnError?: boolean;
}

const DEFAULT_INTERVAL_MS = 10_000;
/** More polls than this is a mistake in the interval, not a plan. */
const MAX_ATTEMPTS = 10_000;

function callOf(task: Readonly<Record<string, unknown>>): TaskCall {
  const [type, params] = Object.entries(task)[0] as [string, unknown];
  return { type, params };
}

function recordOf(result: TaskResult): TaskRecord {
  const status = result.skipped !== undefined ? 'skipped' : result.changed ? 'changed' : 'ok';
  const detail = result.skipped ?? result.detail;
  return {
    status,
    changed: result.changed,
    failed: false,
    skipped: status === 'skipped',
    ...(result.value === undefined ? {} : { value: result.value }),
    ...(detail === undefined ? {} : { detail }),
  };
}

function failedRecord(error: unknown): TaskRecord {
  const code = isSmartlicError(error) ? error.code : 'E_INTERNAL';
  const message = error instanceof Error ? error.message : String(error);
  return { status: 'failed', changed: false, failed: true, skipped: false, error: { code, message } };
}

export const waitTask: TaskType<WaitParams> = {
  name: 'wait',
  description:
    'Poll a task (e.g. status) every interval until the expression "until" holds for its outcome, available as result; fails with E_TIMEOUT after timeout.',
  paramsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['task', 'until', 'timeout'],
    properties: {
      task: { $ref: '#/definitions/taskCall' },
      until: { $ref: '#/definitions/expression' },
      interval: { $ref: '#/definitions/duration' },
      timeout: { $ref: '#/definitions/duration' },
      retryOnError: { description: 'Keep polling when an attempt fails (result.failed is then true).', type: 'boolean' },
    },
  },
  supportsCheck: true,
  expressionFields: ['/until'],
  validate(params, ctx) {
    const issues: FieldIssue[] = [];
    if (isDeferred(params)) return issues;
    if (params.task !== null && typeof params.task === 'object' && !isDeferred(params.task)) {
      if ('wait' in params.task) issues.push({ pointer: '/task/wait', message: 'a wait cannot poll another wait' });
      else if ('verify' in params.task) issues.push({ pointer: '/task/verify', message: 'a wait does not poll a verify; put the condition in "until"' });
      else issues.push(...ctx.checkTask(params.task, '/task'));
    }
    if (typeof params.until === 'string') issues.push(...ctx.checkExpression(params.until, '/until', ['result']));
    const timeout = durationToMs(params.timeout);
    const interval = params.interval === undefined ? DEFAULT_INTERVAL_MS : durationToMs(params.interval);
    if (timeout !== undefined && interval !== undefined) {
      if (interval === 0) issues.push({ pointer: '/interval', message: 'must be more than 0' });
      else if (interval > timeout) issues.push({ pointer: '/interval', message: `is longer than the timeout (${String(params.timeout)})` });
      else if (timeout / interval > MAX_ATTEMPTS) {
        issues.push({ pointer: '/interval', message: `would poll more than ${MAX_ATTEMPTS} times before the timeout; use a longer interval` });
      }
    }
    return issues;
  },
  async run(params, ctx: HostContext): Promise<TaskResult> {
    const parsed = parseExpression(params.until);
    if (!parsed.ok) throw new ExpressionError(params.until, parsed.error, { host: ctx.host });
    const timeoutMs = durationToMs(params.timeout) as number;
    const intervalMs = params.interval === undefined ? DEFAULT_INTERVAL_MS : (durationToMs(params.interval) as number);
    const maxAttempts = Math.min(MAX_ATTEMPTS, Math.floor(timeoutMs / intervalMs) + 1);
    const call = callOf(params.task);
    const started = ctx.clock.now();
    let changed = false;
    for (let attempt = 1; ; attempt++) {
      let record: TaskRecord;
      try {
        const result = await ctx.runTask(call);
        if (result.skipped !== undefined) return { changed: false, skipped: result.skipped };
        changed ||= result.changed;
        record = recordOf(result);
      } catch (error) {
        if (params.retryOnError !== true || ctx.signal.aborted) throw error;
        record = failedRecord(error);
      }
      const held = ctx.vars.evaluate(parsed.expr, params.until, { result: record });
      if (typeof held !== 'boolean') throw new ExpressionError(params.until, 'a condition must be true or false', { host: ctx.host });
      if (held) {
        return {
          changed,
          ...(record.value === undefined ? {} : { value: record.value }),
          detail: `condition held after ${attempt} attempt(s)`,
        };
      }
      if (ctx.check) {
        const why = ctx.hostChanged ? ' (earlier tasks would change the device first)' : '';
        return { changed, skipped: `check mode: ${params.until} does not hold now${why}; a run would poll for up to ${String(params.timeout)}` };
      }
      const elapsed = ctx.clock.now() - started;
      if (attempt >= maxAttempts || elapsed + intervalMs > timeoutMs) {
        throw new TimeoutError(`wait until ${params.until} (${attempt} attempt(s), last: ${record.error?.message ?? record.detail ?? record.status})`, timeoutMs, { host: ctx.host });
      }
      ctx.emit({ step: 'poll', status: 'waiting', detail: `attempt ${attempt}: condition not met yet` });
      await ctx.sleep(intervalMs);
    }
  },
};
